package edubalance.jobs;

import edubalance.conf.Args;
import edubalance.lakehouse.Maintenance;
import edubalance.lakehouse.RunLog;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code jobs/maintain [--dry-run]}: compacts, checkpoints and vacuums every table of the lakehouse
 * ({@link Maintenance}), keeping every run younger than conf {@code maintain.retention_days}
 * reproducible with {@code --as-of}; prints files and bytes per table before and after. Holds the
 * writer lock. {@code --dry-run} says what it would do and writes nothing.
 */
public final class MaintainJob {
  private MaintainJob() {}

  public static int run(String[] argv) {
    Args args = Args.parse(argv, new HashSet<>(JobContext.COMMON_OPTIONS), Set.of("dry-run"));
    if (!args.positional().isEmpty()) {
      throw new Args.UsageException("unexpected argument " + args.positional().get(0)
          + "; usage: jobs/maintain [--dry-run] [--lakehouse DIR] [--conf FILE] [--master URL]");
    }
    boolean dryRun = args.has("dry-run");
    try (JobContext ctx = JobContext.open(dryRun ? "maintain-dry-run" : "maintain", args)) {
      ctx.recordingFailure(String.join(" ", argv), () -> execute(ctx, dryRun, String.join(" ", argv)));
    }
    return 0;
  }

  static void execute(JobContext ctx, boolean dryRun, String arguments) {
    Timestamp started = new Timestamp(System.currentTimeMillis());
    int days = ctx.settings.getInt("maintain.retention_days");
    if (days < 7) {
      // Delta refuses a retention under a week unless told: conf asked for it knowingly (tests, a scratch lakehouse).
      ctx.spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    }
    if (ctx.lakehouse.currentVersions().isEmpty()) throw new IllegalArgumentException("no lakehouse at " + ctx.lakehouse.root() + " (no table)");
    List<Maintenance.Done> done = new Maintenance(ctx.lakehouse, days, ctx.settings.getInt("maintain.parallel_tables")).run(dryRun);
    long filesBefore = 0;
    long filesAfter = 0;
    long bytesBefore = 0;
    long bytesAfter = 0;
    System.out.printf("%-36s %10s %12s %10s %12s  %s%n", "table", "files", "bytes", "after", "bytes after", dryRun ? "would do" : "done");
    for (Maintenance.Done d : done) {
      System.out.printf("%-36s %10d %12d %10d %12d  %s%n", d.table(), d.filesBefore(), d.bytesBefore(), d.filesAfter(),
          d.bytesAfter(), d.actions());
      filesBefore += d.filesBefore();
      filesAfter += d.filesAfter();
      bytesBefore += d.bytesBefore();
      bytesAfter += d.bytesAfter();
    }
    System.out.printf("%-36s %10d %12d %10d %12d%n", "total", filesBefore, bytesBefore, filesAfter, bytesAfter);
    if (dryRun) {
      System.err.println("maintain: dry run; nothing written");
      return;
    }
    long run = RunLog.record(ctx.lakehouse, "maintain", arguments, started);
    System.err.println("maintain: " + done.size() + " tables, " + filesBefore + " → " + filesAfter + " files; runs finished in the last "
        + days + " days stay reproducible with --as-of; run " + run);
  }
}
