package edubalance.lakehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Named points where a job can be made to die by {@code kill -9}, for the fault tests: with the
 * system property {@code edubalance.crash.at=<point>[@<n>]} the JVM sends SIGKILL to itself the
 * n-th time (default the first) it reaches that point. Without the property every call is a no-op.
 *
 * <p>Points are {@code <table>:during} (a write of the table has data files on disk and no
 * commit yet), {@code <table>:committed} (just after its commit) and a job's own phases
 * ({@code ingest:<dataset>:survey}, {@code metrics:start}, {@code report:rendered}). A kill is
 * sent by the operating system as it would be by an operator, so no shutdown hook, finally block
 * or buffered write runs: what is left is exactly what a crash leaves.
 *
 * <p>With {@code edubalance.crash.how=fatal-in-pool} the point does not kill: a pool thread dies
 * there of an {@code OutOfMemoryError} while the thread that reached it waits for its result, as
 * Delta's OPTIMIZE waited for ever on a thread killed by a full code cache (Scala's futures do not
 * complete when a fatal error ends their thread). Only the job's handler of such errors ends it.
 */
public final class CrashPoint {
  private CrashPoint() {}

  private static final String AT = System.getProperty("edubalance.crash.at");
  private static final boolean FATAL_IN_POOL = "fatal-in-pool".equals(System.getProperty("edubalance.crash.how"));
  private static final Map<String, Integer> REACHED = new ConcurrentHashMap<>();

  /** Dies here when this is the configured point (and its n-th reach). */
  public static void reach(String point) {
    if (AT != null && counts(point)) die();
  }

  /**
   * Around a write of the table at {@code dir}: when {@code <table>:during} is the configured point,
   * dies as soon as a task of the write has left a data file in the table's directory, before the
   * commit. Close it when the write returns.
   */
  public static AutoCloseable during(SparkSession spark, String table, String dir) {
    if (AT == null || !counts(table + ":during")) return () -> { };
    return DuringWrite.watch(spark, dir);
  }

  /**
   * The Spark side of {@link #during}, in a class of its own: the thin clients (jobs/report's)
   * reach points on a classpath without Spark, and verifying this class would load Spark's.
   */
  private static final class DuringWrite {
    static AutoCloseable watch(SparkSession spark, String dir) {
      long started = System.currentTimeMillis() - 1000; // file times may be in whole seconds
      Path root = dir.startsWith("file:") ? Path.of(java.net.URI.create(dir)) : Path.of(dir); // tests write locally
      SparkListener listener = new SparkListener() {
        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
          if (hasDataFileSince(root, started)) die();
        }
      };
      spark.sparkContext().addSparkListener(listener);
      return () -> spark.sparkContext().removeSparkListener(listener);
    }
  }

  private static boolean counts(String point) {
    String[] at = AT.split("@", 2);
    if (!at[0].equals(point)) return false;
    int nth = at.length > 1 ? Integer.parseInt(at[1]) : 1;
    return REACHED.merge(point, 1, Integer::sum) == nth;
  }

  private static boolean hasDataFileSince(Path root, long since) {
    if (!Files.isDirectory(root)) return false;
    try (Stream<Path> files = Files.walk(root)) {
      return files.anyMatch(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")
          && p.toFile().lastModified() >= since);
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  private static void die() {
    if (FATAL_IN_POOL) {
      java.util.concurrent.CompletableFuture<Void> result = new java.util.concurrent.CompletableFuture<>();
      new Thread(() -> {
        throw new OutOfMemoryError("injected by edubalance.crash.how=fatal-in-pool at " + AT);
      }, "crash-point-pool").start();
      result.join(); // never completed: the pool thread died before it could
    }
    try {
      new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
      Thread.sleep(60_000);
    } catch (IOException | InterruptedException e) {
      Runtime.getRuntime().halt(137);
    }
    Runtime.getRuntime().halt(137);
  }
}
