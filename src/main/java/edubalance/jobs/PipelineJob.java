package edubalance.jobs;

import edubalance.conf.Args;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * {@code jobs/pipeline}: the main job. With no arguments it generates the demo delivery when
 * absent (conf {@code demo.inbox}) and runs ingest, metrics and the rollup of the last month of
 * monthly funding in silver. {@code --inbox DIR} runs the same on another delivery.
 */
public final class PipelineJob {
  private PipelineJob() {}

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.add("inbox");
    Args args = Args.parse(argv, valued, Set.of());
    var settings = JobContext.settings(args);
    String inbox = args.get("inbox");
    if (inbox == null) {
      inbox = settings.get("demo.inbox");
      Path demo = Paths.get(inbox);
      if (!Files.isDirectory(demo.resolve("schools"))) {
        System.err.println("pipeline: generating the demo delivery in " + demo);
        int rc = GenerateJob.run(new String[] {"--out", inbox, "--scale", "demo", "--seed", settings.get("demo.seed")});
        if (rc != 0) return rc;
      }
    }
    // One SparkSession for the three steps.
    String source = inbox;
    try (JobContext ctx = JobContext.open("pipeline", args)) {
      ctx.recordingFailure(String.join(" ", argv), () -> steps(ctx, source));
    }
    return 0;
  }

  /** Ingest, metrics, the rollup of the last month of monthly funding, and the reports of what was built. */
  private static void steps(JobContext ctx, String inbox) {
    IngestJob.execute(ctx, inbox);
    MetricsJob.execute(ctx, null, "");
    Row last = ctx.lakehouse.exists("silver.funding_monthly") ? ctx.lakehouse.read("silver.funding_monthly")
        .agg(org.apache.spark.sql.functions.max(org.apache.spark.sql.functions.expr("year * 100 + month"))).first()
        : null;
    if (last != null && !last.isNullAt(0)) {
      int ym = last.getInt(0);
      RollupJob.execute(ctx, ym / 100, ym % 100, null, String.format("--month %04d-%02d", ym / 100, ym % 100));
    } else {
      System.err.println("pipeline: no monthly funding in silver; no rollup");
    }
    // Reports: the month's province report and one county report of what was just built (docs/REPORTS.md).
    ReportJob.pipelineReports(ctx, last == null || last.isNullAt(0) ? null : last.getInt(0));
  }
}
