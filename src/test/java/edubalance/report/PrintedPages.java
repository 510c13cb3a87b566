package edubalance.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The pages of a printed report, as poppler-utils sees them (Debian {@code poppler-utils}, which
 * jobs/test installs with Chromium): the page count, a PNG of each page, and each page's text.
 */
final class PrintedPages {
  private PrintedPages() {}

  /** The page count pdfinfo reports. */
  static int count(Path pdf) throws IOException, InterruptedException {
    Matcher m = Pattern.compile("(?m)^Pages:\\s+(\\d+)").matcher(run("pdfinfo", pdf.toString()));
    if (!m.find()) throw new IllegalStateException("pdfinfo gave no page count for " + pdf);
    return Integer.parseInt(m.group(1));
  }

  /** Renders every page to {@code <dir>/<prefix>-N.png} (a screenshot of the printed page); returns them in order. */
  static List<Path> screenshots(Path pdf, Path dir, String prefix) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    try (Stream<Path> old = Files.list(dir)) {
      for (Path p : old.filter(p -> p.getFileName().toString().startsWith(prefix + "-")).toList()) Files.delete(p);
    }
    run("pdftoppm", "-r", "50", "-png", pdf.toString(), dir.resolve(prefix).toString());
    try (Stream<Path> pngs = Files.list(dir)) {
      return pngs.filter(p -> p.getFileName().toString().matches(Pattern.quote(prefix) + "-\\d+\\.png"))
          .sorted((a, b) -> Integer.compare(number(a), number(b))).toList();
    }
  }

  private static int number(Path png) {
    String n = png.getFileName().toString().replaceAll(".*-(\\d+)\\.png", "$1");
    return Integer.parseInt(n);
  }

  /** The share of a page's pixels that are not near-white: a blank page has none. */
  static double inkShare(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    long ink = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r + g + b < 3 * 235) ink++;
      }
    }
    return (double) ink / ((long) img.getWidth() * img.getHeight());
  }

  /** The last non-empty line of page {@code page}'s text, stripped. */
  static String lastLine(Path pdf, int page) throws IOException, InterruptedException {
    String text = run("pdftotext", "-f", String.valueOf(page), "-l", String.valueOf(page), "-layout", pdf.toString(), "-");
    List<String> lines = new ArrayList<>();
    for (String l : text.split("\\R")) if (!l.isBlank() && !l.strip().equals("\f")) lines.add(l.replace("\f", "").strip());
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(cmd[0] + " is missing: apt-get install poppler-utils (jobs/test does)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    return out;
  }
}
