package edubalance.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.GeneratedPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** docs/CONF.md is what the conf tree's comments say, every key once; no Spark. */
@Tag("fast") // no Spark: jobs/test --fast
class ConfDocTest {
  @Test
  void theSettingsPageIsUpToDate() throws IOException {
    GeneratedPage.assertUpToDate(ConfDoc.render(Paths.get("conf")), "CONF.md");
  }

  @Test
  void everyKeyOfTheConfIsListedOnce() throws IOException {
    String page = Files.readString(Paths.get("docs/CONF.md"));
    for (String key : Settings.load(Paths.get("conf"), null).all().keySet()) {
      String cell = "| `" + key + "` |";
      int at = page.indexOf(cell);
      assertTrue(at >= 0, key + " is not in docs/CONF.md");
      assertEquals(-1, page.indexOf(cell, at + 1), key + " is listed twice");
    }
  }

  @Test
  void aKeyWithNoCommentIsAnErrorNamingIt() throws IOException {
    Path dir = Files.createTempDirectory("conf-doc");
    Files.writeString(dir.resolve("a.properties"), "# What a means, and its source.\na = 1\n\nb = 2\n");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConfDoc.render(dir));
    assertTrue(e.getMessage().contains("key b has no comment"), e.getMessage());
    Files.writeString(dir.resolve("a.properties"), "# What a and b mean.\na = 1\nb =\n");
    assertEquals(ConfDoc.HEADER + "\n## `conf/a.properties`\n\nWhat a and b mean.\n\n| key | default |\n|---|---|\n"
        + "| `a` | `1` |\n| `b` | (empty) |\n", ConfDoc.render(dir));
  }
}
