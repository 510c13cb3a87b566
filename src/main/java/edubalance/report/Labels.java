package edubalance.report;

import edubalance.report.Figure.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The one label map of metric and column names (指标名称): {@code conf/labels.csv}, packaged with the
 * classes. The reports, the workbooks of jobs/export and the notebooks (notebooks/edubalance_sql.py)
 * all name a metric from it: Chinese first, the English in small print, and the way its values are
 * written (count, percent, ...).
 */
public final class Labels {
  /** A name's Chinese and English label and how its values are written ({@code null} for text). */
  public record Label(String key, String zh, String en, Kind kind) {}

  private static final Map<String, Label> ALL = load();

  private Labels() {}

  /** The label of {@code key}; a key the map lacks is its own label (so a new metric still shows). */
  public static Label of(String key) {
    Label l = ALL.get(key);
    return l != null ? l : new Label(key, key, key, Kind.VALUE);
  }

  public static boolean has(String key) {
    return ALL.containsKey(key);
  }

  /** "中文 | english", the form a table heading or a row label takes in {@link Report}. */
  public static String heading(String key) {
    Label l = of(key);
    return l.zh() + " | " + l.en();
  }

  private static Map<String, Label> load() {
    Map<String, Label> out = new LinkedHashMap<>();
    try (InputStream in = Labels.class.getClassLoader().getResourceAsStream("conf/labels.csv")) {
      if (in == null) throw new IllegalStateException("conf/labels.csv is not on the classpath (the build ships it)");
      CSVFormat format = CSVFormat.RFC4180.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).get();
      for (CSVRecord r : format.parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String kind = r.get("format");
        out.put(r.get("key"), new Label(r.get("key"), r.get("zh"), r.get("en"),
            kind.equals("text") ? null : Kind.valueOf(kind.toUpperCase(Locale.ROOT))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
