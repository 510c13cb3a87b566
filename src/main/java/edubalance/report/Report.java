package edubalance.report;

import java.util.List;
import java.util.Map;

/**
 * A report as data, before any HTML: its file name (without extension), its title, the lakehouse version it was read from, and its
 * sections in reading order. {@link HtmlReport} writes it; the builders ({@link ProvinceReport},
 * {@link CountyReport}) fill it from the gold tables.
 */
public record Report(String name, String title, String subtitle, Provenance provenance, List<Section> sections) {

  /**
   * The lakehouse version the figures came from: the run of ops.runs (the latest, or the one
   * {@code --as-of} named), and each table's Delta version read.
   */
  public record Provenance(Long runId, String asOf, Map<String, Long> tableVersions) {}

  /** A numbered section: a Chinese heading with its English name, then its blocks. */
  public record Section(String id, String heading, String headingEn, List<Block> blocks) {}

  /** Something a section shows. */
  public sealed interface Block permits Table, Chart, Note, Blanks {}

  /** A paragraph of explanation. */
  public record Note(String text) implements Block {}

  /** Why the section's blank cells ("—") are blank, each reason in words once ({@link Reasons}). */
  public record Blanks(List<String> sentences) implements Block {}

  /**
   * A table; each cell is a {@link Figure}, a {@link Verdict} or plain text (a String).
   *
   * @param columns headings, each "中文 english_column" where a statistician needs the column name
   */
  public record Table(String caption, List<String> columns, List<List<Object>> rows) implements Block {}

  /**
   * A chart drawn by ECharts from the data embedded in the page.
   *
   * @param kind {@code line} or {@code bar}
   * @param categories the x axis
   * @param series one per line or bar group; a null value is a gap
   * @param threshold a horizontal line (a standard), null for none
   * @param unit {@code %} when the values are percentages (the axis says so), else null
   */
  public record Chart(String id, String title, String kind, List<String> categories, List<Series> series,
      Double threshold, String thresholdLabel, String unit) implements Block {
    public Chart(String id, String title, String kind, List<String> categories, List<Series> series, Double threshold,
        String thresholdLabel) {
      this(id, title, kind, categories, series, threshold, thresholdLabel, null);
    }
  }

  public record Series(String name, List<Double> values) {}
}
