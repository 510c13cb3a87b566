package edubalance.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import edubalance.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conf defaults come packaged with the classes, so a job reads them from any directory; --conf goes on top. */
class SettingsTest {
  @Test
  void packagedDefaultsAreTheRepositorysConf() {
    assertNull(System.getProperty("edubalance.home"), "the tests read only what is packaged");
    assertEquals(Settings.load(Paths.get("conf"), null).all(), Settings.load(null).all());
    assertEquals("0.60", Settings.load(null).forProvince("14", "basic.composite_cv_max.primary"));
  }

  @Test
  void confFileIsLayeredKeyByKey() throws IOException {
    Path file = TestSpark.tempDir("conf").resolve("strict.properties");
    Files.writeString(file, "basic.composite_cv_max.junior = 0.50\n");
    Settings s = Settings.load(file);
    assertEquals(0.50, s.getDouble("basic.composite_cv_max.junior"));
    assertEquals(0.65, s.getDouble("basic.composite_cv_max.primary")); // untouched default
  }

  @Test
  void codeSetsAreTrimmedLists() {
    assertEquals(List.of("associate", "bachelor", "postgraduate"),
        Settings.load(null).getList("indicators.qualified_degrees.primary"));
    assertEquals(List.of("pe", "music", "art"), Settings.load(null).getList("indicators.pe_art_subjects"));
  }
}
