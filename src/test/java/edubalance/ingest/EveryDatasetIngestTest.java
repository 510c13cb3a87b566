package edubalance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.RunLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A delivery of all nine datasets, a row or two each, ingested once: the columns each spec
 * derives, its checks across columns and against the register, and a comment on every column of
 * every silver, quarantine and ops table.
 */
class EveryDatasetIngestTest {
  static Lakehouse lh;
  static Map<String, Ingestor.Counts> counts = new TreeMap<>();

  @BeforeAll
  static void ingestOnce() throws Exception {
    lh = TestSpark.freshLakehouse();
    Path inbox = TestSpark.tempDir("every");
    write(inbox, "divisions", "code,name", "140000,山西省", "140100,太原市", "140105,小店区");
    write(inbox, "schools", "school_year,school_id,school_name,county_code,school_type,urban_rural_code,ownership,parent_school_id",
        "2024,1400000001,一小,140105,primary,121,,");
    write(inbox, "enrollment", "school_year,school_id,grade,students,classes,classes_56_65,classes_66_plus,"
        + "migrant_students,left_behind_students,level",
        "2024,1400000001,3,40,1,0,0,2,1,",                  // ok: level primary from grade 3
        "2024,1400000001,4,40,0,0,0,0,0,");                 // students_without_classes
    write(inbox, "resources", "school_year,school_id,teaching_aux_area_m2,sports_area_m2,equipment_value_yuan,"
        + "computers,books,multimedia_classrooms,music_rooms,art_rooms",
        "2024,1400000001,1000.5,2000,300000,20,5000,2,1,1");
    write(inbox, "teachers", "school_year,teacher_id,school_id,level,degree,title,backbone,subject,years_at_school,full_time",
        "2024,T1,1400000001,primary,bachelor,first,否,math,7,");
    write(inbox, "teacher_flows", "teacher_id,effective_date,flow_type,from_school_id,to_school_id,backbone",
        "T1,2025-03-15,rotation,1400000001,,1");            // March 2025: school year 2024
    write(inbox, "funding", "fiscal_year,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan",
        "2024,140105,100000,20000");
    write(inbox, "funding_monthly", "year,month,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan",
        "2025,3,140105,9000,2000");
    write(inbox, "student_changes", "year,month,school_id,grade,change_type,students",
        "2025,8,1400000001,3,dropout,1",                    // August 2025: school year 2024, in the register
        "2025,9,1400000001,3,dropout,1");                   // September 2025: school year 2025, orphan_school
    for (Ingestor.Counts c : new Ingestor(lh, TestSpark.settings())
        .ingest(inbox.toString())) {
      counts.put(c.dataset(), c);
    }
    RunLog.record(lh, "ingest", "--inbox " + inbox, new Timestamp(System.currentTimeMillis()));
  }

  private static void write(Path inbox, String dataset, String header, String... rows) throws Exception {
    Path f = inbox.resolve(dataset).resolve(dataset + ".csv");
    Files.createDirectories(f.getParent());
    Files.writeString(f, header + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void everyDatasetIsIngested() {
    assertEquals(Datasets.ALL.stream().map(DatasetSpec::name).sorted().toList(), new ArrayList<>(counts.keySet()));
    assertEquals(new Ingestor.Counts("enrollment", 2, 1, 1, 0, false), counts.get("enrollment"));
    assertEquals(new Ingestor.Counts("student_changes", 2, 1, 1, 0, false), counts.get("student_changes"));
    assertEquals("students_without_classes", lh.read("quarantine.enrollment").first().<String>getAs("reason"));
    Row orphan = lh.read("quarantine.student_changes").first();
    assertEquals("orphan_school", orphan.<String>getAs("reason"));
    assertEquals("9", orphan.<String>getAs("month"));
  }

  @Test
  void eachSpecDerivesItsColumns() {
    Map<String, String> levels = new TreeMap<>();
    for (Row r : lh.read("silver.divisions").collectAsList()) levels.put(r.getAs("code"), r.getAs("division_level"));
    assertEquals(Map.of("140000", "province", "140100", "city", "140105", "county"), levels);
    Row school = lh.read("silver.schools").first();
    assertEquals("town", school.<String>getAs("urban_rural"));        // 121
    assertEquals("140100", school.<String>getAs("city_code"));
    assertEquals("140000", school.<String>getAs("province_code"));
    assertEquals("primary", lh.read("silver.enrollment").first().<String>getAs("level"));  // grade 3, 6-3 system
    Row flow = lh.read("silver.teacher_flows").first();
    assertEquals(List.of(2024, 2025, 3), List.of(flow.<Integer>getAs("school_year"), flow.<Integer>getAs("year"),
        flow.<Integer>getAs("month")));
    Row change = lh.read("silver.student_changes").first();
    assertEquals(8, change.<Integer>getAs("month"));
    assertEquals(2024, change.<Integer>getAs("school_year"));          // August closes school year 2024
    assertTrue(lh.read("silver.teachers").first().<Boolean>getAs("full_time"));  // empty = true
  }

  /** col_name → comment of a Delta table, from DESCRIBE (its column rows, before the partition section). */
  private static Map<String, String> describe(String table) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Row r : lh.spark().sql("DESCRIBE delta.`" + lh.path(table) + "`").collectAsList()) {
      String name = r.getString(0);
      if (name == null || name.isBlank() || name.startsWith("#")) break;
      out.put(name, r.isNullAt(2) ? "" : r.getString(2));
    }
    return out;
  }

  @Test
  void everySilverQuarantineAndOpsColumnHasAComment() {
    List<String> tables = new ArrayList<>();
    for (DatasetSpec spec : Datasets.ALL) {
      tables.add("silver." + spec.name());
      tables.add("quarantine." + spec.name());
    }
    tables.add("ops.ingest_log");
    tables.add("ops.runs");
    for (String table : tables) {
      Map<String, String> comments = describe(table);
      assertFalse(comments.isEmpty(), table);
      comments.forEach((column, comment) -> assertFalse(comment.isBlank(), table + "." + column + " has no comment"));
    }
    // The comment is the spec's description: a filled column's tells how it is filled.
    assertEquals(Datasets.ENROLLMENT.derived().get(0).description(), describe("silver.enrollment").get("level"));
    assertEquals("as delivered (text): " + Datasets.ENROLLMENT.column("level").description(),
        describe("quarantine.enrollment").get("level"));
  }
}
