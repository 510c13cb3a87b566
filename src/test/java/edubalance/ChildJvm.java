package edubalance;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A job in a JVM of its own, as a user starts one: this JVM's classpath and module options, a small heap. */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java … edubalance.jobs.Main <argv>}, quick to start: the tests' fixtures are a few rows. */
  public static List<String> command(String... argv) {
    return command(List.of(), argv);
  }

  /** The same, with more JVM options ({@code -Dname=value}) before the class path. */
  public static List<String> command(List<String> jvmOptions, String... argv) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dlog4j")
          || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) {
        cmd.add(a);
      }
    }
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        "edubalance.jobs.Main"));
    cmd.addAll(List.of(argv));
    return cmd;
  }
}
