package edubalance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** A docs page generated from the code (docs/CONF.md, docs/GOLD.md): the committed copy must be what the code renders. */
public final class GeneratedPage {
  private GeneratedPage() {}

  /** Writes {@code rendered} to target/NAME and fails unless docs/NAME is the same, saying how to update it. */
  public static void assertUpToDate(String rendered, String name) throws IOException {
    Path fresh = Paths.get("target", name);
    Files.createDirectories(fresh.getParent());
    Files.writeString(fresh, rendered);
    Path docs = Paths.get("docs", name);
    String committed = Files.exists(docs) ? Files.readString(docs) : "";
    assertEquals(rendered, committed, "docs/" + name + " is out of date: cp target/" + name + " docs/" + name);
  }
}
