package edubalance.jobs;

import edubalance.conf.Args;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.RunLog;
import edubalance.metrics.GoldModel;
import edubalance.metrics.GoldModels;
import edubalance.metrics.Inputs;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code jobs/rollup --month YYYY-MM [--as-of RUN|TIMESTAMP]}: the monthly provincial rollup
 * (gold.province_monthly) of that month, replacing the month's rows so a re-run gives the same rows.
 * With {@code --as-of}, every table is read as it was then (a run of ops.runs or a timestamp).
 */
public final class RollupJob {
  private RollupJob() {}

  static final String USAGE = "usage: jobs/rollup --month YYYY-MM [--as-of RUN|TIMESTAMP] [--lakehouse DIR] "
      + "[--conf FILE] [--master URL]";

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.add("month");
    valued.add("as-of");
    Args args = Args.parse(argv, valued, Set.of());
    if (!args.positional().isEmpty()) {
      throw new Args.UsageException("unexpected argument " + args.positional().get(0) + "; " + USAGE);
    }
    int[] ym = parseMonth(args.get("month"));
    try (JobContext ctx = JobContext.open("rollup", args)) {
      ctx.recordingFailure(String.join(" ", argv), () -> execute(ctx, ym[0], ym[1], args.get("as-of"), String.join(" ", argv)));
    }
    return 0;
  }

  /** Rolls up one month in an open context (also used by jobs/pipeline): every monthly gold model. */
  static void execute(JobContext ctx, int year, int month, String asOf, String arguments) {
    Timestamp startedAt = new Timestamp(System.currentTimeMillis());
    Lakehouse lh = ctx.lakehouse;
    List<String> done = new ArrayList<>();
    for (GoldModel model : GoldModels.all()) {
      if (!model.monthly()) continue;
      List<String> reads = new ArrayList<>(model.inputs());
      reads.addAll(model.optionalInputs());
      // Pin one version per table, so table_versions says exactly what was read.
      Map<String, Long> pinned = new TreeMap<>();
      if (asOf != null) {
        pinned.putAll(lh.versionsAsOf(asOf));
      } else {
        for (String t : reads) pinned.put(t, lh.version(t));
      }
      Map<String, Long> read = new TreeMap<>();
      Inputs in = Inputs.none().forMonth(year, month);
      for (String t : reads) {
        Long v = pinned.get(t);
        if (v == null || v < 0) continue; // absent (then): its figures are null with a reason
        in = in.with(t, lh.read(t, v));
        read.put(t, v);
      }
      String partition = model.yearColumn() + " = " + year + " AND month = " + month;
      lh.replaceWhere(model.table(), model.compute(in.withVersions(read), ctx.settings), partition, model.yearColumn());
      long written = lh.read(model.table()).where(partition).count();
      done.add(String.format("rollup %04d-%02d: %d province row(s) in %s from %d table(s)%s", year, month, written,
          model.table(), read.size(), asOf == null ? "" : " as of " + asOf));
    }
    long runId = RunLog.record(lh, "rollup", arguments, startedAt);
    for (String line : done) System.err.println(line + ", run " + runId);
  }

  /** {year, month} of YYYY-MM; anything else is a usage error. */
  public static int[] parseMonth(String s) {
    return Args.yearMonth(s, USAGE);
  }
}
