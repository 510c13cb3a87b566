package edubalance.jobs;

import edubalance.conf.Args;
import edubalance.conf.Settings;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.SparkSessions;
import edubalance.lakehouse.WriterLock;
import java.nio.file.Paths;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * What every job that touches the lakehouse needs: its settings, a SparkSession and the
 * lakehouse, from the common options {@code --lakehouse}, {@code --conf} and {@code --master}.
 */
public final class JobContext implements AutoCloseable {
  public static final Set<String> COMMON_OPTIONS = Set.of("lakehouse", "conf", "master");

  public final Settings settings;
  public final SparkSession spark;
  public final Lakehouse lakehouse;

  /** Whether this context started the session (and so stops it); an embedding caller keeps its own. */
  private final boolean ownsSession;

  public JobContext(Settings settings, SparkSession spark, Lakehouse lakehouse, boolean ownsSession) {
    this.settings = settings;
    this.spark = spark;
    this.lakehouse = lakehouse;
    this.ownsSession = ownsSession;
  }

  /** The packaged conf defaults (with the repository's conf/ when {@code edubalance.home} is set), then {@code --conf}. */
  public static Settings settings(Args args) {
    return Settings.load(args.get("conf") == null ? null : Paths.get(args.get("conf")));
  }

  /** The jobs that write the lakehouse: one at a time ({@link WriterLock}). */
  static final Set<String> WRITERS = Set.of("ingest", "metrics", "rollup", "pipeline", "maintain", "monthly");

  /** Held by a writing job until close. */
  private WriterLock writerLock;
  private String job;
  private final java.sql.Timestamp openedAt = new java.sql.Timestamp(System.currentTimeMillis());

  /**
   * Runs a writing job's work; when it fails, the run is recorded in ops.runs as failed (with its
   * error in one line) before the error goes on to the user, so jobs/status can name it.
   */
  public void recordingFailure(String arguments, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      edubalance.lakehouse.RunLog.recordFailure(lakehouse, job, arguments, openedAt, e);
      throw e;
    }
  }

  public static JobContext open(String job, Args args) {
    return open(job, args, 0);
  }

  /** {@code serveSlots}: see {@link SparkSessions#create(String, String, int, int)}; 0 for every job but jobs/serve. */
  public static JobContext open(String job, Args args, int serveSlots) {
    Settings settings = settings(args);
    // The lock first: a job refused for a busy lakehouse does not start Spark.
    WriterLock lock = WRITERS.contains(job) ? WriterLock.acquire(args.get("lakehouse", settings.get("lakehouse")), job,
        Long.parseLong(settings.get("lakehouse.lock.wait_seconds", "0").strip())) : null;
    try {
      boolean existing = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
      SparkSession spark = SparkSessions.create("edu-balance " + job, args.get("master"),
          Integer.parseInt(settings.get("spark.embedded.shuffle.partitions", "8")), serveSlots);
      String root = args.get("lakehouse", settings.get("lakehouse"));
      JobContext ctx = new JobContext(settings, spark, new Lakehouse(spark, root), !existing);
      edubalance.text.Progress.begin();
      edubalance.text.Progress.countRowsWritten(spark.sparkContext());
      ctx.writerLock = lock;
      ctx.job = job;
      return ctx;
    } catch (RuntimeException e) {
      if (lock != null) lock.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      if (ownsSession) spark.stop();
    } finally {
      if (writerLock != null) writerLock.close();
    }
  }
}
