package edubalance.lakehouse;

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
        .config("spark.sql.icu.caseMappings.enabled", "false");
    boolean submitted = System.getProperty("spark.master") != null;
    if (master != null) {
      b.master(master);
    } else if (!submitted) {
      b.master("local[*]")
          .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.adaptive.enabled", "true")
          // One machine: few, large files per Delta commit; the log stays small.
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .config("spark.databricks.delta.stats.collect", "true");
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
