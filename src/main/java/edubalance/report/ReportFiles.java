package edubalance.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a report's HTML page (and its PDF through Chromium) into a directory. */
public final class ReportFiles {
  private ReportFiles() {}

  /** Writes {@code <dir>/<name>.html} and, with {@code pdf}, {@code <name>.pdf}; returns the files written. */
  public static List<Path> write(Report report, Path dir, boolean pdf) {
    String name = report.name();
    Chromium browser = pdf ? Chromium.find() : null; // before writing: no browser, no half-done output
    try {
      Files.createDirectories(dir);
      Path html = dir.resolve(name + ".html");
      Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
      List<Path> out = new ArrayList<>(List.of(html));
      if (browser != null) {
        Path file = dir.resolve(name + ".pdf");
        browser.printToPdf(html, file);
        out.add(file);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
    }
  }
}
