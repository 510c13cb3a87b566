package edubalance.jobs;

/** jobs/ingest --inbox DIR. */
public final class IngestJob {
  private IngestJob() {}

  public static int run(String[] argv) {
    System.err.println("ingest: not implemented yet");
    return 1;
  }
}
