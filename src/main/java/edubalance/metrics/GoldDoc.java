package edubalance.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * docs/GOLD.md, generated from what the models declare: for every gold table its model, key, the
 * years it rewrites, what it reads, and each column with its type and the comment the model gives
 * it beside its expression ({@code Described.as}), which is what {@code DESCRIBE} shows. The
 * columns are declared where they are computed, so the page is rendered from the schemas of the
 * tables the models write (GoldModelChecksTest, on the shared fixture), and it fails when the page
 * is not what this renders.
 */
public final class GoldDoc {
  private GoldDoc() {}

  static final String HEADER = "# Gold tables: their columns\n\n"
      + "Generated from the gold models' declarations (`edubalance.metrics.GoldDoc`): each table's key, what it\n"
      + "reads and every column with the comment `DESCRIBE gold.<table>` shows. `GoldModelChecksTest` fails when\n"
      + "this page is out of date and writes the new one to `target/GOLD.md`. How each figure is computed, and\n"
      + "why, is on the page named beside each table.\n";

  private static final Pattern SECTION = Pattern.compile("^## (gold\\.\\w+)");

  /** The page for the models, each table's schema given by {@code schemaOf}; {@code docs} holds the metrics-*.md pages. */
  public static String render(List<GoldModel> models, Function<String, StructType> schemaOf, Path docs) {
    Map<String, String> pageOf = pages(docs);
    StringBuilder out = new StringBuilder(HEADER);
    for (GoldModel m : models) {
      out.append("\n## ").append(m.table()).append("\n\n");
      out.append(summary(m, pageOf.get(m.table()))).append("\n\n");
      out.append("| column | type | meaning |\n|---|---|---|\n");
      for (StructField f : schemaOf.apply(m.table()).fields()) {
        String comment = f.getComment().isDefined() ? f.getComment().get() : "";
        out.append("| `").append(f.name()).append("` | ").append(f.dataType().simpleString()).append(" | ")
            .append(cell(comment)).append(" |\n");
      }
    }
    return out.toString();
  }

  /** The line under a table's heading: its model, key, rewritten years, inputs and rules page. */
  static String summary(GoldModel m, String page) {
    StringBuilder s = new StringBuilder("Model `").append(m.getClass().getName()).append("`. Key: ")
        .append(codes(m.key())).append(". ");
    if (m.monthly()) s.append("Rewritten a month at a time by `jobs/rollup`. ");
    else if (m.yearColumn() == null) s.append("Rewritten whole by `jobs/metrics`. ");
    else s.append("Rewritten by `").append(m.yearColumn()).append("` by `jobs/metrics --years`. ");
    s.append("Reads ").append(codes(m.inputs()));
    if (!m.optionalInputs().isEmpty()) s.append(", and when present ").append(codes(m.optionalInputs()));
    if (m.priorYears() > 0) s.append(" (with ").append(m.priorYears()).append(" prior year").append(m.priorYears() > 1 ? "s" : "").append(")");
    s.append(".");
    if (page != null) s.append(" Rules: [").append(page).append("](").append(page).append(").");
    return s.toString();
  }

  private static String codes(List<String> names) {
    StringBuilder s = new StringBuilder();
    for (String n : names) s.append(s.length() == 0 ? "" : ", ").append('`').append(n).append('`');
    return s.toString();
  }

  /** A comment as one Markdown table cell. */
  private static String cell(String text) {
    return text.strip().replaceAll("\\s*\\n\\s*", " ").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** The docs/metrics-*.md page whose "## gold.x" section describes each table. */
  static Map<String, String> pages(Path docs) {
    Map<String, String> out = new TreeMap<>();
    try (DirectoryStream<Path> pages = Files.newDirectoryStream(docs, "metrics-*.md")) {
      for (Path page : pages) {
        for (String line : Files.readAllLines(page)) {
          Matcher heading = SECTION.matcher(line);
          if (heading.find()) out.put(heading.group(1), page.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
