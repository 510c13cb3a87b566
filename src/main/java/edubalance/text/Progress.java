package edubalance.text;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress of a long job on stderr, a line per phase: when a phase has run {@link #QUIET_SECONDS}
 * it is announced ({@code ingest: teachers: bronze: started 3 s ago}), every
 * {@link #HEARTBEAT_SECONDS} after that a line says how far it is (rows so far, rows/s, elapsed),
 * and its end says how many rows it took and how fast. A phase shorter than that prints nothing of
 * its own (the job's summary line counts it), so a job never prints more than a line every few
 * seconds. {@link #quiet} ({@code --quiet}) keeps only the jobs' summaries and warnings.
 */
public final class Progress {
  private Progress() {}

  /** Seconds before a phase is announced (system property {@code edubalance.progress.after_seconds}, for tests). */
  static final int QUIET_SECONDS = Integer.getInteger("edubalance.progress.after_seconds", 2);
  static final int HEARTBEAT_SECONDS = 10;

  private static volatile boolean quiet;
  private static volatile long jobStarted = System.currentTimeMillis();
  private static final ScheduledExecutorService CLOCK = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "edu-balance progress");
    t.setDaemon(true);
    return t;
  });

  public static void quiet(boolean on) {
    quiet = on;
  }

  /** A job starts: elapsed times count from now. */
  public static synchronized void begin() {
    jobStarted = System.currentTimeMillis();
    if (running != null) running.ticks.cancel(false);
  }

  public static boolean isQuiet() {
    return quiet;
  }

  /** A line of the job's own (a dataset's counts, a table written): on stderr unless quiet. */
  public static void info(String line) {
    if (!quiet) System.err.println(line);
  }

  /** The phase running: a job runs one at a time; one left unended by a failure is silenced by the next. */
  private static volatile Phase running;

  /** A phase that has begun; {@code rowsSoFar} tells how far it is (rows written so far), or null. */
  public static synchronized Phase start(String name, LongSupplier rowsSoFar) {
    if (running != null) running.ticks.cancel(false);
    // The phase names the Spark jobs it runs, so that a stage of an event log (jobs/bench --event-log)
    // says which phase it belongs to.
    org.apache.spark.SparkContext sc = context;
    if (sc != null && !sc.isStopped()) sc.setJobDescription(name);
    running = new Phase(name, rowsSoFar);
    return running;
  }

  /** One phase of a job, ended by {@link #end}. */
  public static final class Phase {
    private final String name;
    private final long started = System.currentTimeMillis();
    private final LongSupplier rowsSoFar;
    private final long rowsAtStart;
    private volatile boolean announced;
    private final ScheduledFuture<?> ticks;

    private Phase(String name, LongSupplier rowsSoFar) {
      this.name = name;
      this.rowsSoFar = rowsSoFar;
      this.rowsAtStart = rowsSoFar == null ? 0 : rowsSoFar.getAsLong();
      this.ticks = CLOCK.scheduleAtFixedRate(this::tick, QUIET_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    private void tick() {
      if (quiet) return;
      double s = (System.currentTimeMillis() - started) / 1000.0;
      if (!announced) {
        announced = true;
        System.err.printf("%s: started %.0f s ago%s%n", name, s, elapsed());
      } else if (rowsSoFar != null) {
        long rows = rowsSoFar.getAsLong() - rowsAtStart;
        System.err.printf("%s: running %.0f s, %,d rows so far (%,.0f rows/s)%s%n", name, s, rows, rows / s, elapsed());
      } else {
        System.err.printf("%s: running %.0f s%s%n", name, s, elapsed());
      }
    }

    /** Ends the phase, having taken {@code rows} rows (negative: not counted). */
    public void end(long rows) {
      ticks.cancel(false);
      if (!announced || quiet) return;
      double s = (System.currentTimeMillis() - started) / 1000.0;
      System.err.printf("%s: done in %.1f s%s%s%n", name, s,
          rows < 0 ? "" : String.format(", %,d rows (%,.0f rows/s)", rows, rows / Math.max(s, 0.001)), elapsed());
    }
  }

  private static String elapsed() {
    return String.format("; elapsed %.0f s", (System.currentTimeMillis() - jobStarted) / 1000.0);
  }

  /** Rows written by Spark tasks in this JVM so far, fed by {@link #countRowsWritten}. */
  private static final AtomicLong ROWS_WRITTEN = new AtomicLong();

  public static long rowsWritten() {
    return ROWS_WRITTEN.get();
  }

  /** The job's Spark context, whose jobs a phase describes. */
  private static volatile org.apache.spark.SparkContext context;

  private static final java.util.Set<org.apache.spark.SparkContext> COUNTED =
      java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

  /** Counts the rows every finished task of the session writes, for the phases' "rows so far" (once per context). */
  public static synchronized void countRowsWritten(org.apache.spark.SparkContext spark) {
    context = spark;
    if (!COUNTED.add(spark)) return;
    spark.addSparkListener(new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) ROWS_WRITTEN.addAndGet(end.taskMetrics().outputMetrics().recordsWritten());
      }
    });
  }
}
