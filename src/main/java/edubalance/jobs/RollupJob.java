package edubalance.jobs;

import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.RunLog;
import edubalance.rollup.ProvinceMonthly;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code jobs/rollup --month YYYY-MM [--as-of RUN|TIMESTAMP]}: the monthly provincial rollup
 * (gold.province_monthly) of that month, replacing the month's rows so a re-run gives the same rows.
 * With {@code --as-of}, every table is read as it was then (a run of ops.runs or a timestamp).
 */
public final class RollupJob {
  private RollupJob() {}

  static final String USAGE = "usage: jobs/rollup --month YYYY-MM [--as-of RUN|TIMESTAMP] [--lakehouse DIR] "
      + "[--conf FILE] [--master URL]";

  /** The tables the rollup reads. */
  static final String[] INPUTS = {"silver.funding_monthly", "silver.student_changes", "silver.teacher_flows",
      "silver.schools", "gold.county_balance_basic", "gold.county_balance_quality", "gold.three_increases"};

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
      execute(ctx, ym[0], ym[1], args.get("as-of"), String.join(" ", argv));
    }
    return 0;
  }

  /** Rolls up one month in an open context (also used by jobs/pipeline). */
  static void execute(JobContext ctx, int year, int month, String asOf, String arguments) {
    int[] ym = {year, month};
    Timestamp startedAt = new Timestamp(System.currentTimeMillis());
    {
      Lakehouse lh = ctx.lakehouse;
      // Pin one version per table, so table_versions says exactly what was read.
      Map<String, Long> pinned = new TreeMap<>();
      if (asOf != null) {
        pinned.putAll(lh.versionsAsOf(asOf));
      } else {
        for (String t : INPUTS) pinned.put(t, lh.version(t));
      }
      Map<String, Long> read = new TreeMap<>();
      Dataset<Row>[] in = readInputs(lh, pinned, read);
      Dataset<Row> rows = ProvinceMonthly.compute(in[0], in[1], in[2], in[3], in[4], in[5], in[6], ym[0], ym[1],
          ctx.settings, read);
      lh.replaceWhere("gold.province_monthly", rows, "year = " + ym[0] + " AND month = " + ym[1], "year");
      long written = lh.read("gold.province_monthly")
          .where("year = " + ym[0] + " AND month = " + ym[1]).count();
      long runId = RunLog.record(lh, "rollup", arguments, startedAt);
      System.err.printf("rollup %04d-%02d: %d province row(s) in gold.province_monthly from %d table(s)%s, run %d%n",
          ym[0], ym[1], written, read.size(), asOf == null ? "" : " as of " + asOf, runId);
    }
  }

  /** {year, month} of YYYY-MM; anything else is a usage error. */
  public static int[] parseMonth(String s) {
    if (s == null) throw new Args.UsageException("--month is required; " + USAGE);
    if (!s.matches("\\d{4}-\\d{2}")) throw new Args.UsageException("--month must be YYYY-MM, not " + s);
    int y = Integer.parseInt(s.substring(0, 4));
    int m = Integer.parseInt(s.substring(5));
    if (m < 1 || m > 12) throw new Args.UsageException("--month must be YYYY-MM with a month 01-12, not " + s);
    return new int[] {y, m};
  }

  @SuppressWarnings("unchecked")
  private static Dataset<Row>[] readInputs(Lakehouse lh, Map<String, Long> pinned, Map<String, Long> read) {
    Dataset<Row>[] out = new Dataset[INPUTS.length];
    for (int i = 0; i < INPUTS.length; i++) {
      Long v = pinned.get(INPUTS[i]);
      if (v == null || v < 0) continue; // absent (then): its figures are null with a reason
      out[i] = lh.read(INPUTS[i], v);
      read.put(INPUTS[i], v);
    }
    return out;
  }
}
