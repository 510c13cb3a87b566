package edubalance.jobs;

/** jobs/generate: writes a synthetic delivery. */
public final class GenerateJob {
  private GenerateJob() {}

  public static int run(String[] argv) {
    System.err.println("generate: not implemented yet");
    return 1;
  }
}
