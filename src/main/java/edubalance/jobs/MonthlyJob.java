package edubalance.jobs;

import edubalance.conf.Args;
import edubalance.lakehouse.Maintenance;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * {@code jobs/monthly --inbox DIR --month YYYY-MM}: what a province runs each month, in one JVM
 * under one writer lock. It ingests the month's delivery; recomputes the gold tables downstream of
 * the silver tables it changed, for the years the delivery touched (and the year after each, whose
 * growth figures it changes), or all of them
 * when gold is older than what it is computed from (a month whose run died after its ingest); rolls
 * up the month; writes the province report of the month and a county report (conf
 * {@code reports.dir}); and runs jobs/maintain when the last maintenance is older than conf
 * {@code maintain.every_days}. Each step records its own run in ops.runs; a rerun of the same
 * month completes what a failed or killed one left.
 */
public final class MonthlyJob {
  private MonthlyJob() {}

  static final String USAGE = "usage: jobs/monthly --inbox DIR --month YYYY-MM [--lakehouse DIR] [--conf FILE] [--master URL]";

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.addAll(List.of("inbox", "month"));
    Args args = Args.parse(argv, valued, Set.of());
    if (!args.positional().isEmpty()) throw new Args.UsageException("unexpected argument " + args.positional().get(0) + "; " + USAGE);
    if (!args.has("inbox")) throw new Args.UsageException("--inbox DIR is required; " + USAGE);
    int[] ym = RollupJob.parseMonth(args.get("month"));
    String inbox = args.get("inbox");
    try (JobContext ctx = JobContext.open("monthly", args)) {
      ctx.recordingFailure(String.join(" ", argv), () -> steps(ctx, inbox, ym[0], ym[1]));
    }
    return 0;
  }

  private static void steps(JobContext ctx, String inbox, int year, int month) {
    IngestJob.Ingested ingested = IngestJob.execute(ctx, inbox);
    SortedSet<Integer> years = ingested.years();
    List<String> stale = StatusJob.staleGold(ctx.lakehouse.files());
    if (!ingested.changedTables().isEmpty()) {
      List<Integer> redo = new ArrayList<>();
      for (int y = years.first(); y <= years.last() + 1; y++) redo.add(y);
      // Only the gold tables downstream of what changed: a month of monthly funding leaves the balance tables alone.
      MetricsJob.execute(ctx, redo, new java.util.TreeSet<>(ingested.changedTables()),
          "--years " + redo.get(0) + "-" + redo.get(redo.size() - 1) + " (after " + String.join(", ", ingested.changedTables()) + ")");
    } else if (!stale.isEmpty()) {
      System.err.println("monthly: the delivery was already in, but " + stale.get(0) + " is older than what it is computed from");
      MetricsJob.execute(ctx, null, "");
    } else {
      System.err.println("monthly: the delivery was already in and gold is current; no metrics");
    }
    RollupJob.execute(ctx, year, month, null, String.format("--month %04d-%02d", year, month));
    ReportJob.pipelineReports(ctx, year * 100 + month);
    Timestamp last = Maintenance.lastMaintained(ctx.lakehouse.files());
    int every = ctx.settings.getInt("maintain.every_days");
    if (last == null || System.currentTimeMillis() - last.getTime() > every * 86_400_000L) {
      MaintainJob.execute(ctx, false, "(monthly, every " + every + " days)");
    } else {
      System.err.println("monthly: maintenance not due (last " + last.toString().replaceAll("\\.\\d+$", "") + ", every "
          + every + " days)");
    }
  }
}
