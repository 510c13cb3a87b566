package edubalance;

import edubalance.conf.Settings;
import edubalance.lakehouse.Lakehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of the test JVM (Delta enabled, 2 shuffle partitions), and fresh lakehouses. */
public final class TestSpark {
  private static SparkSession spark;

  private TestSpark() {}

  public static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSession.builder().master("local[2]").appName("edu-balance tests")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.sql.ansi.enabled", "true")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.warehouse.dir", tempDir("warehouse").toString())
          .config("spark.databricks.delta.snapshotPartitions", "1")
          .getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
    }
    return spark;
  }

  /** The repository's conf/ settings. */
  public static Settings settings() {
    return Settings.load(Paths.get("conf"), null);
  }

  /** A lakehouse in a new temporary directory. */
  public static Lakehouse freshLakehouse() {
    return new Lakehouse(spark(), tempDir("lakehouse").toString());
  }

  public static Path tempDir(String prefix) {
    try {
      Path p = Files.createTempDirectory("edubalance-" + prefix);
      p.toFile().deleteOnExit();
      return p;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
