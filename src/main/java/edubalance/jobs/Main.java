package edubalance.jobs;

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

  static final Map<String, Function<String[], Integer>> JOBS = new TreeMap<>(Map.of(
      "generate", GenerateJob::run,
      "ingest", IngestJob::run,
      "metrics", MetricsJob::run,
      "rollup", RollupJob::run,
      "sql", SqlJob::run,
      "serve", ServeJob::run,
      "report", ReportJob::run,
      "pipeline", PipelineJob::run));

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  public static int run(String[] argv) {
    if (argv.length == 0 || !JOBS.containsKey(argv[0])) {
      System.err.println("usage: Main <job> [options], job one of " + JOBS.keySet());
      return 2;
    }
    String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
    try {
      return JOBS.get(argv[0]).apply(rest);
    } catch (Args.UsageException e) {
      System.err.println(argv[0] + ": " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      // Bad input named by the user (a path, a month, a conf value): a message, not a stack trace.
      System.err.println(argv[0] + ": " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      System.err.println(argv[0] + " failed: " + e);
      e.printStackTrace(System.err);
      return 1;
    }
  }
}
