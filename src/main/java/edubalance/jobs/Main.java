package edubalance.jobs;

import edubalance.conf.Args;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Entry point of the job jar: {@code Main <job> [options]}. The scripts under jobs/ call it, embedded
 * or through spark-submit. Exit status: 0 success, 2 usage error, 1 failure.
 */
public final class Main {
  private Main() {}

  static final Map<String, Function<String[], Integer>> JOBS = new TreeMap<>(Map.ofEntries(
      Map.entry("generate", GenerateJob::run),
      Map.entry("ingest", IngestJob::run),
      Map.entry("metrics", MetricsJob::run),
      Map.entry("rollup", RollupJob::run),
      Map.entry("sql", SqlJob::run),
      Map.entry("serve", ServeJob::run),
      Map.entry("report", ReportJob::run),
      Map.entry("export", ExportJob::run),
      Map.entry("pipeline", PipelineJob::run),
      Map.entry("maintain", MaintainJob::run),
      Map.entry("status", StatusJob::run),
      Map.entry("monthly", MonthlyJob::run),
      Map.entry("plan", PlanJob::run)));

  /** Set (to true) when the job runs with --verbose, for what reports errors outside the job's own thread (jobs/serve). */
  public static final String VERBOSE_PROPERTY = "edubalance.verbose";

  public static void main(String[] argv) {
    Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
    System.exit(run(argv));
  }

  /**
   * A fatal error (out of memory, a full code cache, a class that cannot link) that ends a thread
   * other than the job's: when the thread is a pool's whose result Spark or Delta waits for, the job
   * would wait for ever (Scala's futures do not complete on such errors), so it stops here with one
   * line and exit status 1. Every table is at its last commit, as after a kill; the rerun completes it.
   * Other errors of other threads are printed as the JVM prints them.
   */
  static void uncaught(Thread thread, Throwable e) {
    if (e instanceof VirtualMachineError || e instanceof LinkageError) {
      System.err.println("fatal error in thread " + thread.getName() + ": " + e
          + "; the job stopped, every table is at its last commit: run the job again to complete it");
      System.err.flush();
      Runtime.getRuntime().halt(1);
    }
    System.err.print("Exception in thread \"" + thread.getName() + "\" ");
    e.printStackTrace(System.err);
  }

  public static int run(String[] argv) {
    // --verbose is every job's: the detail (stack trace) behind a one-line error;
    boolean verbose = Arrays.asList(argv).contains("--verbose");
    // --quiet too: only the summaries and warnings, no progress lines.
    edubalance.text.Progress.quiet(Arrays.asList(argv).contains("--quiet"));
    argv = Arrays.stream(argv).filter(a -> !a.equals("--verbose") && !a.equals("--quiet")).toArray(String[]::new);
    if (verbose) System.setProperty(VERBOSE_PROPERTY, "true");
    if (argv.length == 0 || !JOBS.containsKey(argv[0])) {
      System.err.println("usage: Main <job> [options] [--verbose] [--quiet], job one of " + JOBS.keySet());
      return 2;
    }
    String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
    try {
      return JOBS.get(argv[0]).apply(rest);
    } catch (Args.UsageException e) {
      System.err.println(argv[0] + ": " + e.getMessage());
      if (verbose) e.printStackTrace(System.err);
      return 2;
    } catch (Throwable e) {
      // Bad input named by the user (a path, a month, a conf value), a busy lakehouse, or a failure
      // of Spark or Delta: one line, never a stack trace unless asked for.
      System.err.println(argv[0] + ": " + oneLine(e) + (verbose || isUserError(e) ? "" : " (--verbose for the detail)"));
      if (verbose) e.printStackTrace(System.err);
      return 1;
    }
  }

  /** Our own messages: already what the user needs. */
  private static boolean isUserError(Throwable e) {
    return e instanceof IllegalArgumentException || e instanceof edubalance.lakehouse.WriterLock.Busy;
  }

  /** The error in one line: ours as it is; another's (Spark, Delta, Hadoop) by its root cause. */
  static String oneLine(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
        if (c.getSimpleName().equals("DeltaConcurrentModificationException")) {
          return "another job wrote the same table at the same time (" + t.getClass().getSimpleName()
              + "); every step is one commit, so nothing is half-written: run the job again to complete it";
        }
      }
    }
    Throwable shown = e;
    if (!isUserError(e)) {
      while (shown.getCause() != null && shown.getCause() != shown) shown = shown.getCause();
    }
    String message = shown.getMessage() == null ? "" : shown.getMessage().strip();
    int nl = message.indexOf('\n');
    if (nl >= 0) message = message.substring(0, nl).strip();
    if (message.length() > 400) message = message.substring(0, 400) + "...";
    String kind = isUserError(shown) ? "" : shown.getClass().getSimpleName() + (message.isEmpty() ? "" : ": ");
    return (isUserError(e) ? "" : "failed: ") + kind + message;
  }
}
