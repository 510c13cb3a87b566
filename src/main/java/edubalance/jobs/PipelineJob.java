package edubalance.jobs;

/** jobs/pipeline. */
public final class PipelineJob {
  private PipelineJob() {}

  public static int run(String[] argv) {
    System.err.println("pipeline: not implemented yet");
    return 1;
  }
}
