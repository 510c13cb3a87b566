package edubalance.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.generate.DeliveryGenerator;
import edubalance.ingest.Ingestor;
import edubalance.lakehouse.Lakehouse;
import edubalance.metrics.BasicBalance;
import edubalance.metrics.SchoolIndicators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DuckDB reference of jobs/bench --compare computes what the pipeline computes. */
class DuckBasicBalanceTest {

  /**
   * METHODS §3's example in a delivery of three primary schools of one county with (students,
   * books) = (200, 1600), (100, 500), (50, 100): X = 2200 / 350 = 6.2857; S² = (200·1.7143² +
   * 100·1.2857² + 50·4.2857²) / 350 = (587.76 + 165.31 + 918.37) / 350 = 4.7755, S = 2.1853;
   * CV = 0.3477. Areas are 2 m² a student everywhere (CV 0); no teachers, so a zero mean and no CV.
   */
  @Test
  void methodsExampleGivesItsCoefficient() throws Exception {
    Path inbox = TestSpark.tempDir("duck-example");
    write(inbox, "schools", "school_year,school_id,school_name,county_code,school_type,urban_rural_code,ownership,parent_school_id",
        "2024,1401050001,A,140105,primary,111,public,", "2024,1401050002,B,140105,primary,111,public,",
        "2024,1401050003,C,140105,primary,210,public,");
    write(inbox, "enrollment", "school_year,school_id,grade,students,classes",
        "2024,1401050001,1,200,5", "2024,1401050002,2,100,3", "2024,1401050003,3,50,2");
    write(inbox, "resources", "school_year,school_id,teaching_aux_area_m2,sports_area_m2,equipment_value_yuan,computers,books",
        "2024,1401050001,400,400,400,20,1600", "2024,1401050002,200,200,200,10,500", "2024,1401050003,100,100,100,5,100");
    write(inbox, "teachers", "school_year,teacher_id,school_id,level,degree,title,backbone,subject,years_at_school,full_time");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      assertEquals(1, DuckBasicBalance.compute(s, inbox));
      try (ResultSet r = s.executeQuery("SELECT schools, students, cv_books, cv_teaching_aux_area, cv_computers, cv_teachers FROM result")) {
        r.next();
        assertEquals(3, r.getLong(1));
        assertEquals(350, r.getLong(2));
        assertEquals(0.3477, r.getDouble(3), 5e-5);
        assertEquals(0.0, r.getDouble(4), 1e-12);
        assertEquals(0.0, r.getDouble(5), 1e-12);
        r.getDouble(6);
        assertTrue(r.wasNull(), "no teachers: a zero mean has no CV");
      }
    }
  }

  /**
   * A generated demo year (teaching points, multi-level schools, private schools) through ingest and
   * the gold models, against DuckDB on the same CSV: the same rows, units, students and coefficients.
   */
  @Test
  void agreesWithGoldOnAGeneratedDelivery() throws Exception {
    Path inbox = TestSpark.tempDir("duck-demo");
    DeliveryGenerator.generate(inbox, "demo", 2024, 2024, 11);
    for (String other : List.of("divisions", "teacher_flows", "funding", "funding_monthly", "student_changes")) {
      deleteTree(inbox.resolve(other));
    }
    Lakehouse lh = TestSpark.freshLakehouse();
    new Ingestor(lh, TestSpark.settings()).ingest(inbox.toString());
    Path gold = TestSpark.tempDir("duck-gold").resolve("basic");
    BasicBalance.compute(SchoolIndicators.compute(lh.read("silver.schools"), lh.read("silver.enrollment"),
            lh.read("silver.resources"), lh.read("silver.teachers"), TestSpark.settings()), TestSpark.settings())
        .drop("units_missing_school_standard", "school_standards")
        .coalesce(1).write().option("header", "true").csv(gold.toString());
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      DuckBasicBalance.compute(s, inbox);
      DuckBasicBalance.Comparison c = DuckBasicBalance.compareWithGold(s, gold.resolve("*.csv"));
      assertTrue(c.matched() >= 8, "four counties, two levels: " + c);
      assertTrue(c.agrees(), c.toString());
    }
  }

  private static void write(Path inbox, String dataset, String header, String... rows) throws IOException {
    Files.createDirectories(inbox.resolve(dataset));
    Files.writeString(inbox.resolve(dataset).resolve("2024.csv"), header + "\n" + String.join("\n", rows) + (rows.length > 0 ? "\n" : ""));
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (var files = Files.walk(p)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
