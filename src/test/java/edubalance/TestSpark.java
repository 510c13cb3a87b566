package edubalance;

import edubalance.conf.Settings;
import edubalance.lakehouse.Lakehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of the test JVM (Delta enabled, 2 shuffle partitions, expressions interpreted), and fresh lakehouses. */
public final class TestSpark {
  private static SparkSession spark;

  /**
   * Expressions interpreted, not compiled: on the tests' few rows, generating and compiling each
   * plan's code is most of a job's time (an ingest of AllDatasetsDelivery 43 s instead of 55 cold,
   * 21 s instead of 25 warm; its metrics 27 s instead of 38 cold); Spark evaluates both alike.
   * PipelineTest runs the demo pipeline with code generation, as the jobs run; {@link #generatedCode}.
   */
  static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
  /** The same for a job in a JVM of its own (ChildJvm). */
  public static final java.util.List<String> INTERPRETED = java.util.List.of("-D" + WHOLE_STAGE + "=false", "-D" + FACTORY_MODE + "=NO_CODEGEN");

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
          .config(WHOLE_STAGE, "false")
          .config(FACTORY_MODE, "NO_CODEGEN")
          .getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
    }
    return spark;
  }

  /** Code generation on (as the jobs run: Spark's defaults) or off (the tests' default), for a class that wants the jobs' own path. */
  public static void generatedCode(boolean on) {
    if (on) {
      spark().conf().set(WHOLE_STAGE, "true");
      spark().conf().set(FACTORY_MODE, "FALLBACK");
    } else {
      spark().conf().set(WHOLE_STAGE, "false");
      spark().conf().set(FACTORY_MODE, "NO_CODEGEN");
    }
  }

  /** The repository's conf/ settings. */
  public static Settings settings() {
    return Settings.load(Paths.get("conf"), null);
  }

  /** A lakehouse in a new temporary directory. */
  public static Lakehouse freshLakehouse() {
    return new Lakehouse(spark(), tempDir("lakehouse").toString());
  }

  /**
   * A copy of a directory (a lakehouse, say) in a new temporary directory: its files copied are the
   * same Delta tables with the same versions, in milliseconds for the tests' few hundred small files.
   */
  public static Path copyOf(Path dir, String prefix) {
    Path copy = tempDir(prefix);
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path from : (Iterable<Path>) files::iterator) {
        Path to = copy.resolve(dir.relativize(from).toString());
        if (Files.isDirectory(from)) Files.createDirectories(to);
        else Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return copy;
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
