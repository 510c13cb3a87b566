package edubalance.jobs;

import edubalance.conf.Args;
import edubalance.conf.Settings;
import edubalance.ingest.Ingestor;
import edubalance.lakehouse.LakehouseFiles;
import edubalance.lakehouse.RunLog;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code jobs/ingest --inbox DIR}: bronze → silver + quarantine for every dataset of the delivery;
 * prints read / accepted / quarantined per dataset on stdout, and on stderr one line per file
 * refused (docs/DELIVERY.md, Refused files). Holds the lakehouse's writer lock (JobContext).
 */
public final class IngestJob {
  private IngestJob() {}

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.add("inbox");
    Args args = Args.parse(argv, valued, Set.of());
    String inbox = args.require("inbox");
    // A delivery ops.ingest_log already records in full has nothing to write: answered from the log
    // without starting Spark, and not recorded in ops.runs (it changes no table).
    Settings settings = JobContext.settings(args);
    Configuration hadoop = new Configuration();
    List<Ingestor.Counts> unchanged = Ingestor.unchanged(
        new LakehouseFiles(args.get("lakehouse", settings.get("lakehouse")), hadoop), inbox, hadoop);
    if (unchanged != null) {
      print(unchanged);
      return 0;
    }
    try (JobContext ctx = JobContext.open("ingest", args)) {
      ctx.recordingFailure("--inbox " + inbox, () -> execute(ctx, inbox));
    }
    return 0;
  }

  /** What an ingest changed: the years of the rows it read, and the silver tables it added rows to. */
  record Ingested(java.util.SortedSet<Integer> years, java.util.SortedSet<String> changedTables) {}

  /** Ingests one delivery in an open context (also used by jobs/pipeline and jobs/monthly). */
  static Ingested execute(JobContext ctx, String inbox) {
    Timestamp started = new Timestamp(System.currentTimeMillis());
    Ingestor ingestor = new Ingestor(ctx.lakehouse, ctx.settings);
    List<Ingestor.Counts> counts = ingestor.ingest(inbox);
    print(counts);
    RunLog.record(ctx.lakehouse, "ingest", "--inbox " + inbox, started, counts.stream().mapToLong(Ingestor.Counts::read).sum());
    return new Ingested(ingestor.yearsRead(), ingestor.changedTables());
  }

  static void print(List<Ingestor.Counts> counts) {
    System.out.printf("%-16s %12s %12s %12s %12s%n", "dataset", "read", "accepted", "quarantined", "note");
    for (Ingestor.Counts c : counts) {
      String note = c.skipped() ? "already in" : c.duplicatesCollapsed() > 0 ? c.duplicatesCollapsed() + " dup" : "";
      System.out.printf("%-16s %12d %12d %12d %12s%n", c.dataset(), c.read(), c.accepted(), c.quarantined(), note);
    }
  }
}
