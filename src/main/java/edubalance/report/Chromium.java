package edubalance.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium, for the PDF of a report ({@code --pdf}) and for the browser tests: the binary
 * named by env {@code EDU_BALANCE_CHROMIUM}, else {@code chromium} on the PATH. Each call starts a
 * fresh browser with its own profile directory and no network chatter of its own.
 */
public final class Chromium {
  private final String binary;

  private Chromium(String binary) {
    this.binary = binary;
  }

  /** The browser to use; absent, a one-line message saying how to get one. */
  public static Chromium find() {
    String env = System.getenv("EDU_BALANCE_CHROMIUM");
    if (env != null && !env.isBlank()) {
      if (!Files.isExecutable(Path.of(env))) {
        throw new IllegalArgumentException("EDU_BALANCE_CHROMIUM=" + env + " is not an executable file");
      }
      return new Chromium(env);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "chromium");
      if (Files.isExecutable(p)) return new Chromium(p.toString());
    }
    throw new IllegalArgumentException("--pdf needs Chromium: install it (apt-get install chromium) or set "
        + "EDU_BALANCE_CHROMIUM to its path");
  }

  /** Prints the page to an A4 PDF as its print stylesheet lays it out. */
  public void printToPdf(Path html, Path pdf) {
    run(List.of("--no-pdf-header-footer", "--virtual-time-budget=10000", "--print-to-pdf=" + pdf.toAbsolutePath()), html);
    if (!Files.isRegularFile(pdf)) throw new IllegalStateException("Chromium wrote no PDF at " + pdf);
  }

  /** The DOM once the page's scripts have run (a virtual-time budget of 10 s), serialized. */
  public String dumpDom(Path html) {
    return run(List.of("--virtual-time-budget=10000", "--dump-dom"), html);
  }

  /** A screenshot of the page's top {@code width} × {@code height} pixels. */
  public void screenshot(Path html, Path png, int width, int height) {
    run(List.of("--virtual-time-budget=10000", "--hide-scrollbars", "--window-size=" + width + "," + height,
        "--screenshot=" + png.toAbsolutePath()), html);
  }

  private String run(List<String> extra, Path html) {
    Path profile = null;
    try {
      profile = Files.createTempDirectory("edu-balance-chromium");
      List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile));
      cmd.addAll(extra);
      cmd.add(html.toAbsolutePath().toUri().toString());
      Path log = profile.resolve("chromium.log");
      Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("Chromium did not finish within 120 s on " + html);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("Chromium exited " + p.exitValue() + " on " + html + ": "
            + Files.readString(log, StandardCharsets.UTF_8).strip());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run Chromium (" + binary + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while Chromium ran", e);
    } finally {
      if (profile != null) deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary profile is harmless.
    }
  }
}
