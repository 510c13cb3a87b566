package edubalance.lakehouse;

import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession of a job: Delta enabled, embedded ({@code local[*]}) unless a master is given. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * @param master null for the cluster's own master (spark-submit) or, with no spark-submit
   *     around, an embedded {@code local[*]}
   * @param shufflePartitions partitions for embedded runs; on a cluster the cluster's setting wins
   */
  public static SparkSession create(String appName, String master, int shufflePartitions) {
    return create(appName, master, shufflePartitions, 0);
  }

  /**
   * {@code serveSlots} > 0: a session for {@code jobs/serve}, whose statements share the machine.
   * Embedded, it has that many task slots (more than cores) while a query's scans keep one task per
   * core, so a long query's tasks leave slots free; with Spark's fair scheduler, each user's
   * statements run in a pool of their own (SqlServer), so a heavy query of one user does not keep
   * another's small one waiting (Spark does not pre-empt a running task: the free slots are what
   * let the small one start at once).
   */
  public static SparkSession create(String appName, String master, int shufflePartitions, int serveSlots) {
    SparkSession.Builder b = SparkSession.builder().appName(appName)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // Gold tables are rewritten by partition and silver is merged; nothing relies on schema drift.
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        // Statisticians read rates as fractions; ANSI keeps a bad cast from becoming a silent null.
        .config("spark.sql.ansi.enabled", "true")
        // lower() of the enumeration rules by the JVM, not ICU: the values are ASCII codes, so the
        // result is the same, and ICU's first use costs each ingest JVM about 6 s of class
        // initialisation (docs/BENCHMARKS.md).
        .config("spark.sql.icu.caseMappings.enabled", "false")
        // The jobs print their own progress, a line per phase (edubalance.text.Progress), not Spark's bar.
        .config("spark.ui.showConsoleProgress", "false");
    // The catalog is Spark's in-memory one, but Spark still makes a directory for its default
    // database, by default spark-warehouse/ in the working directory: every directory a statistician
    // ran jobs/sql in would keep one. The layers' databases are the lakehouse's own directories
    // (Lakehouse#register); a warehouse set by the user (spark-submit --conf) wins.
    if (System.getProperty("spark.sql.warehouse.dir") == null) {
      b.config("spark.sql.warehouse.dir", Paths.get(System.getProperty("java.io.tmpdir"),
          "edu-balance-" + System.getProperty("user.name"), "spark-warehouse").toUri().toString());
    }
    boolean submitted = System.getProperty("spark.master") != null;
    if (master != null) {
      b.master(master);
    } else if (!submitted) {
      b.master(serveSlots > 0 ? "local[" + serveSlots + "]" : "local[*]")
          .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.adaptive.enabled", "true")
          // One machine: few, large files per Delta commit; the log stays small.
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .config("spark.databricks.delta.stats.collect", "true");
    }
    if (serveSlots > 0) {
      b.config("spark.scheduler.mode", "FAIR");
      if (master == null && !submitted) {
        b.config("spark.default.parallelism", String.valueOf(Runtime.getRuntime().availableProcessors()));
      }
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /**
   * The session a statistician's statements run in: one of its own beside the jobs' session (the
   * same tables, its own settings; a statement's SET stays in it), with adaptive execution off:
   * statements read small gold tables, where re-planning at every stage costs more than it saves
   * (about an eighth of a warm query's time, docs/BENCHMARKS.md).
   *
   * <p>{@code kernelReader}: for a session that answers one statement and ends (embedded
   * {@code jobs/sql}), Delta tables are read through Delta's Kernel-based connector
   * ({@code spark.databricks.delta.v2.enableMode=STRICT}), which plans a scan from the table's log
   * on the driver. Delta's own reader first replays the log with Spark jobs: in a fresh JVM that is
   * 5.9 s of an 11.7 s {@code jobs/sql} on the province lakehouse, and with the connector the whole
   * run takes 6.7 s (docs/BENCHMARKS.md). Delta calls the setting a testing one; it is used only
   * here, for reads, and a test reads a table after each kind of commit the jobs make (overwrite,
   * append, a partition replaced, a merge) both ways and finds the same rows.
   * A long-lived session (jobs/serve) keeps Delta's reader: its log state and cached gold tables
   * stay warm between statements. The connector reads latest versions only: a statement that
   * names a version ({@code VERSION AS OF}, or {@code --as-of}, whose views do) keeps Delta's reader.
   */
  public static SparkSession forQueries(SparkSession jobs, boolean kernelReader) {
    SparkSession queries = jobs.newSession();
    queries.conf().set("spark.sql.adaptive.enabled", "false");
    if (kernelReader) queries.conf().set("spark.databricks.delta.v2.enableMode", "STRICT");
    return queries;
  }
}
