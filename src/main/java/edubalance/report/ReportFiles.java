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

/** Writes reports' HTML pages (and their PDFs through Chromium) into a directory. */
public final class ReportFiles {
  private ReportFiles() {}

  /**
   * A page rendered: {@code <name>.html}, and {@code <name>.pdf} too when it is {@code printable}
   * and PDFs are asked for (an index of reports is not).
   */
  public record Page(String name, String html, boolean printable) {
    public static Page of(Report report) {
      return new Page(report.name(), HtmlReport.render(report), true);
    }
  }

  /** Writes {@code <dir>/<name>.html} and, with {@code pdf}, {@code <name>.pdf}; returns the files written. */
  public static List<Path> write(Report report, Path dir, boolean pdf) {
    return write(List.of(Page.of(report)), dir, pdf);
  }

  /** Writes each page in order (and the PDF of each printable one, with {@code pdf}); returns the files written. */
  public static List<Path> write(List<Page> pages, Path dir, boolean pdf) {
    Chromium browser = pdf ? Chromium.find() : null; // before writing: no browser, no half-done output
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (Page page : pages) {
        // Each file is written beside its name and moved into place whole: a job killed while
        // writing leaves the previous report or none, never half a page.
        Path html = dir.resolve(page.name() + ".html");
        Path partial = dir.resolve("." + page.name() + ".html.partial");
        Files.writeString(partial, page.html(), StandardCharsets.UTF_8);
        CrashPoint.reach("report:written");
        Files.move(partial, html, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.add(html);
        if (browser != null && page.printable()) {
          Path file = dir.resolve(page.name() + ".pdf");
          Path partialPdf = dir.resolve("." + page.name() + ".pdf.partial");
          browser.printToPdf(html, partialPdf);
          Files.move(partialPdf, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          out.add(file);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
    }
  }
}
