package edubalance.jobs;

/** jobs/rollup --month YYYY-MM: the monthly provincial rollup. */
public final class RollupJob {
  private RollupJob() {}

  public static int run(String[] argv) {
    System.err.println("rollup: not implemented yet");
    return 1;
  }
}
