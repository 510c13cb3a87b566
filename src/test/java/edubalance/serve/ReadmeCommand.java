package edubalance.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command line shown in README.md, run as written (from the repository root) but for the names a test replaces. */
final class ReadmeCommand {
  private ReadmeCommand() {}

  /** The README's line that starts with {@code prefix}; it must be there exactly once. */
  static String line(String prefix) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md")).stream().filter(l -> l.startsWith(prefix)).toList();
    assertEquals(1, lines.size(), "README.md must show one command starting " + prefix);
    return lines.get(0);
  }

  /** Runs the line through bash after the replacements; returns stdout, fails on a non-zero exit with stderr. */
  static String run(String line, Map<String, String> replace, Map<String, String> env) throws Exception {
    String command = line;
    for (Map.Entry<String, String> r : replace.entrySet()) command = command.replace(r.getKey(), r.getValue());
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command);
    pb.environment().putAll(env);
    Path err = Files.createTempFile("edubalance-readme", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) p.destroyForcibly();
    assertEquals(0, p.exitValue(), command + "\n" + Files.readString(err));
    return out;
  }

  /** The java of this JVM, for the README's {@code java ...} lines. */
  static Map<String, String> javaOnPath() {
    String bin = Path.of(System.getProperty("java.home"), "bin").toString();
    return Map.of("PATH", bin + ":" + System.getenv("PATH"));
  }
}
