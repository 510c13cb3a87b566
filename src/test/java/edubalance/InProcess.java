package edubalance;

import edubalance.jobs.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A job run in this JVM with {@code System.out} and {@code System.err} captured: its exit code and
 * what it printed (our lines; Spark's logger keeps its own stream).
 */
public record InProcess(int rc, String out, String err) {
  /** Code that ends with an exit code, as {@link Main#run} does. */
  @FunctionalInterface
  public interface Job {
    int run() throws Exception;
  }

  public List<String> errLines() {
    return err.lines().toList();
  }

  /** {@code jobs/<argv[0]> <argv…>}, through {@link Main#run}. */
  public static InProcess run(String... argv) {
    return capture(() -> Main.run(argv));
  }

  public static InProcess capture(Job job) {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int rc = job.run();
      return new InProcess(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }
}
