package edubalance.jobs;

import edubalance.conf.Args;
import edubalance.lakehouse.CrashPoint;
import edubalance.lakehouse.RunLog;
import edubalance.metrics.GoldBuild;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code jobs/metrics [--years 2022-2024]}: recomputes the gold tables from silver. */
public final class MetricsJob {
  private MetricsJob() {}

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.add("years");
    Args args = Args.parse(argv, valued, Set.of());
    List<Integer> years = parseYears(args.get("years"));
    try (JobContext ctx = JobContext.open("metrics", args)) {
      ctx.recordingFailure(String.join(" ", argv), () -> execute(ctx, years, String.join(" ", argv)));
    }
    return 0;
  }

  static void execute(JobContext ctx, List<Integer> years, String arguments) {
    execute(ctx, years, null, arguments);
  }

  /** {@code changed}: the silver tables that changed (null: all); see {@link GoldBuild}. */
  static void execute(JobContext ctx, List<Integer> years, java.util.Set<String> changed, String arguments) {
    Timestamp started = new Timestamp(System.currentTimeMillis());
    CrashPoint.reach("metrics:start");
    new GoldBuild(ctx.lakehouse, ctx.settings, years, changed).run();
    RunLog.record(ctx.lakehouse, "metrics", arguments, started);
  }

  /** {@code 2024}, {@code 2022-2024} or {@code 2019,2021}; null when not given. */
  static List<Integer> parseYears(String spec) {
    if (spec == null) return null;
    List<Integer> out = new ArrayList<>();
    try {
      for (String part : spec.split(",")) {
        String[] range = part.strip().split("-");
        int from = Integer.parseInt(range[0].strip());
        int to = range.length > 1 ? Integer.parseInt(range[1].strip()) : from;
        if (range.length > 2 || to < from || from < 1990 || to > 2100) throw new NumberFormatException();
        for (int y = from; y <= to; y++) out.add(y);
      }
    } catch (NumberFormatException e) {
      throw new Args.UsageException("--years takes a year, a range 2022-2024 or a list 2019,2021: " + spec);
    }
    return out;
  }
}
