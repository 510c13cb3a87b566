package edubalance.jobs;

/** jobs/sql. */
public final class SqlJob {
  private SqlJob() {}

  public static int run(String[] argv) {
    System.err.println("sql: not implemented yet");
    return 1;
  }
}
