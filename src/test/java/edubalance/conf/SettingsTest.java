package edubalance.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The conf defaults come packaged with the classes, so a job reads them from any directory; --conf goes on top. */
@Tag("fast") // no Spark: jobs/test --fast
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
  void aMisspeltKeyOfAConfFileIsRefusedNamingIt() throws IOException {
    Path file = TestSpark.tempDir("conf").resolve("typo.properties");
    Files.writeString(file, "basic.composite_cv_max.junoir = 0.50\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.load(file));
    assertEquals("unknown setting 'basic.composite_cv_max.junoir' in " + file
        + " (did you mean 'basic.composite_cv_max.junior'?); docs/CONF.md lists every setting", e.getMessage());
    Files.writeString(file, "province.37.grade.system = 5-4\n");
    e = assertThrows(IllegalArgumentException.class, () -> Settings.load(file));
    assertTrue(e.getMessage().contains("(did you mean 'province.37.grades.system'?)"), e.getMessage());
    Files.writeString(file, "no.such.thing = 1\n");
    e = assertThrows(IllegalArgumentException.class, () -> Settings.load(file));
    assertTrue(e.getMessage().startsWith("unknown setting 'no.such.thing' in ") && !e.getMessage().contains("did you mean"), e.getMessage());
    // Known keys, a province's override of one and a dataset's encoding are read.
    Files.writeString(file, "province.37.grades.system = 5-4\ningest.encoding.teachers = GB18030\nstatus.max_files = 50\n");
    Settings s = Settings.load(file);
    assertEquals("5-4", s.forProvince("37", "grades.system"));
    assertEquals("GB18030", s.get("ingest.encoding.teachers"));
    assertEquals(50, s.getInt("status.max_files"));
  }

  @Test
  void codeSetsAreTrimmedLists() {
    assertEquals(List.of("associate", "bachelor", "postgraduate"),
        Settings.load(null).getList("indicators.qualified_degrees.primary"));
    assertEquals(List.of("pe", "music", "art"), Settings.load(null).getList("indicators.pe_art_subjects"));
  }
}
