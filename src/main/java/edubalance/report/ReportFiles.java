package edubalance.report;

import edubalance.lakehouse.CrashPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
      // Each file is written beside its name and moved into place whole: a job killed while
      // writing leaves the previous report or none, never half a page.
      Path html = dir.resolve(name + ".html");
      Path partial = dir.resolve("." + name + ".html.partial");
      Files.writeString(partial, HtmlReport.render(report), StandardCharsets.UTF_8);
      CrashPoint.reach("report:written");
      Files.move(partial, html, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      List<Path> out = new ArrayList<>(List.of(html));
      if (browser != null) {
        Path file = dir.resolve(name + ".pdf");
        Path partialPdf = dir.resolve("." + name + ".pdf.partial");
        browser.printToPdf(html, partialPdf);
        Files.move(partialPdf, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.add(file);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
    }
  }
}
