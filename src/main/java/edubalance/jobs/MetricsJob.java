package edubalance.jobs;

/** jobs/metrics: recomputes the gold tables from silver. */
public final class MetricsJob {
  private MetricsJob() {}

  public static int run(String[] argv) {
    System.err.println("metrics: not implemented yet");
    return 1;
  }
}
