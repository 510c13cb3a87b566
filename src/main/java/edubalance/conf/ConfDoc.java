package edubalance.conf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/CONF.md, generated from the conf tree: every key once, with its default and the comment
 * above it in its file, which says what it means and where the value comes from. The comments are
 * the one place a key is described; a key with none is an error naming it. {@code ConfDocTest}
 * fails when docs/CONF.md is not what this renders.
 */
public final class ConfDoc {
  private ConfDoc() {}

  static final String HEADER = "# Settings\n\n"
      + "Every key of `conf/`, generated from the comments of its files (`edubalance.conf.ConfDoc`; the test\n"
      + "`ConfDocTest` fails when this page is out of date and writes the new one to `target/CONF.md`).\n"
      + "A `--conf FILE` overrides any key; a province overrides a key not marked national-only as\n"
      + "`province.<2-digit code>.<key>`. A key of a `--conf` file that is not listed here is refused,\n"
      + "naming it.\n";

  /** The page for the conf tree at {@code confDir}. */
  public static String render(Path confDir) {
    StringBuilder out = new StringBuilder(HEADER);
    for (Path file : Settings.settingsFiles(confDir)) {
      out.append("\n## `conf/").append(confDir.relativize(file).toString().replace('\\', '/')).append("`\n");
      render(file, out);
    }
    return out.toString();
  }

  /** A file as paragraphs (its comment blocks) each followed by the keys it describes. */
  private static void render(Path file, StringBuilder out) {
    List<String> comment = new ArrayList<>();
    List<String[]> keys = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String raw : lines) {
      String line = raw.strip();
      boolean isComment = line.startsWith("#");
      if ((line.isEmpty() || isComment) && !keys.isEmpty()) group(file, comment, keys, out);
      if (isComment) {
        // Angle brackets (province.<code>.key) would read as HTML tags in Markdown.
        comment.add(line.replaceFirst("^#+ ?", "").replace("<", "&lt;").replace(">", "&gt;"));
      } else if (line.isEmpty()) {
        if (!comment.isEmpty()) group(file, comment, keys, out); // a paragraph of its own
      } else {
        int eq = line.indexOf('=');
        keys.add(new String[] {line.substring(0, eq).strip(), line.substring(eq + 1).strip()});
      }
    }
    group(file, comment, keys, out);
  }

  private static void group(Path file, List<String> comment, List<String[]> keys, StringBuilder out) {
    if (comment.isEmpty() && !keys.isEmpty()) {
      throw new IllegalStateException(file + ": key " + keys.get(0)[0] + " has no comment saying what it means");
    }
    if (!comment.isEmpty()) out.append('\n').append(String.join("\n", comment).strip()).append('\n');
    if (!keys.isEmpty()) {
      out.append("\n| key | default |\n|---|---|\n");
      for (String[] k : keys) {
        out.append("| `").append(k[0]).append("` | ").append(k[1].isEmpty() ? "(empty)" : "`" + k[1].replace("|", "\\|") + "`")
            .append(" |\n");
      }
    }
    comment.clear();
    keys.clear();
  }
}
