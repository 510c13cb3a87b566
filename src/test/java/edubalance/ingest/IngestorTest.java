package edubalance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One ingest of the messy delivery, then checks of where each row went; then a repeat and a correction. */
class IngestorTest {
  static Lakehouse lh;
  static Path inbox;
  static List<Ingestor.Counts> first;

  @BeforeAll
  static void ingestOnce() throws Exception {
    lh = TestSpark.freshLakehouse();
    inbox = TestSpark.tempDir("inbox");
    MessyDelivery.write(inbox);
    first = new Ingestor(lh, TestSpark.settings()).ingest(inbox.toString());
  }

  private static Map<String, Ingestor.Counts> byDataset(List<Ingestor.Counts> counts) {
    return counts.stream().collect(Collectors.toMap(Ingestor.Counts::dataset, c -> c, (a, b) -> a, TreeMap::new));
  }

  /** reason → count in quarantine.<dataset>. */
  private static Map<String, Long> reasons(String dataset) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : lh.read("quarantine." + dataset).groupBy("reason").count().collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  @Test
  void everyRowReadIsInSilverOrQuarantine() {
    Map<String, Ingestor.Counts> c = byDataset(first);
    assertEquals(new Ingestor.Counts("schools", 8, 3, 5, 1, false), c.get("schools"));
    assertEquals(new Ingestor.Counts("enrollment", 9, 2, 7, 0, false), c.get("enrollment"));
    assertEquals(new Ingestor.Counts("teachers", 2, 0, 2, 0, false), c.get("teachers"));
    assertEquals(new Ingestor.Counts("teacher_flows", 3, 1, 2, 0, false), c.get("teacher_flows"));
    assertEquals(new Ingestor.Counts("funding", 2, 1, 1, 0, false), c.get("funding"));
    for (Ingestor.Counts k : first) {
      long silver = lh.exists("silver." + k.dataset()) ? lh.read("silver." + k.dataset()).count() : 0;
      long quarantine = lh.read("quarantine." + k.dataset()).count();
      assertEquals(k.read(), lh.read("bronze." + k.dataset()).count(), k.dataset());
      assertEquals(k.read(), silver + quarantine + k.duplicatesCollapsed(), k.dataset());
    }
    Row log = lh.read("ops.ingest_log").where("dataset = 'enrollment'").first();
    assertEquals(9L, log.<Long>getAs("read"));
    assertEquals(2L, log.<Long>getAs("accepted"));
    assertEquals(7L, log.<Long>getAs("quarantined"));
  }

  /**
   * One teachers file of 30,000 rows (1.9 MB), parts of 1 MiB: it is parsed in parts (more than
   * one), and every row is read once, the malformed one quarantined at its own line of the file.
   */
  @Test
  void aLargeFileIsParsedInPartsAndEachRowKeepsItsLine() throws Exception {
    Path big = TestSpark.tempDir("big-inbox");
    java.nio.file.Files.createDirectories(big.resolve("teachers"));
    StringBuilder csv = new StringBuilder("school_year,teacher_id,school_id,level,degree,title,backbone,subject,years_at_school,full_time\n");
    for (int i = 0; i < 30000; i++) {
      csv.append("2024,T").append(i).append(",1400000001,primary,bachelor,first,false,math,3,true");
      if (i == 25000) csv.append(",surplus"); // line 25,002 of the file: the header is line 1
      csv.append('\n');
    }
    Path file = big.resolve("teachers/all.csv");
    java.nio.file.Files.writeString(file, csv);
    String uri = file.toUri().toString();
    var jsc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(TestSpark.spark().sparkContext());
    List<FileParts.Part> parts = FileParts.plan(jsc, new HadoopConf(jsc.hadoopConfiguration()),
        List.<String[]>of(new String[] {uri, "teachers/all.csv"}), List.of(java.nio.file.Files.size(file)), 1 << 19);
    // 1,908,993 bytes: a header of 95, 30,000 rows of 59 bytes and their 138,890 digits, 8 surplus
    assertEquals(1908993L, java.nio.file.Files.size(file));
    assertEquals(4, parts.size(), parts.toString()); // in parts of at most 512 KiB

    Path conf = TestSpark.tempDir("conf").resolve("parts.properties");
    java.nio.file.Files.writeString(conf, "ingest.parse.mb_per_task = 1\n");
    Lakehouse parted = TestSpark.freshLakehouse();
    List<Ingestor.Counts> counts = new Ingestor(parted, edubalance.conf.Settings.load(conf)).ingest(big.toString());
    assertEquals(30000, counts.get(0).read());
    assertEquals(30000L, parted.read("bronze.teachers").select("teacher_id").distinct().count());
    // Two tasks parsed the one file (a file of bronze each): before parts, one task read it whole.
    assertEquals(2, parted.read("bronze.teachers").inputFiles().length);
    Row malformed = parted.read("quarantine.teachers").where("teacher_id = 'T25000'").first();
    assertEquals("malformed_row", malformed.<String>getAs("reason"));
    assertEquals(25002L, malformed.<Long>getAs("_line"));
    assertEquals(List.of(30001L), parted.read("bronze.teachers").where("teacher_id = 'T29999'")
        .select("_line").as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
  }

  @Test
  void eachBadRowCarriesItsReason() {
    assertEquals(Map.of("bad_code:county_code", 1L, "unknown_value:school_type", 1L,
        "unknown_value:urban_rural_code", 1L, "conflicting_duplicate", 2L), reasons("schools"));
    assertEquals(Map.of("negative:students", 1L, "students_without_classes", 1L, "orphan_school", 1L,
        "missing:grade", 1L, "out_of_range:grade", 1L, "unparseable:students", 1L, "malformed_row", 1L),
        reasons("enrollment"));
    assertEquals(Map.of("missing_column:degree", 2L), reasons("teachers"));
    assertEquals(Map.of("unparseable:effective_date", 1L, "unknown_value:flow_type", 1L), reasons("teacher_flows"));
    assertEquals(Map.of("negative:recurrent_revenue_10k_yuan", 1L), reasons("funding"));
    // A quarantine row keeps its raw values, file and line.
    Row orphan = lh.read("quarantine.enrollment").where("reason = 'orphan_school'").first();
    assertEquals("1400000099", orphan.<String>getAs("school_id"));
    assertEquals("enrollment/e.csv", orphan.<String>getAs("_source_file"));
    assertEquals(5L, orphan.<Long>getAs("_line"));
  }

  @Test
  void silverHoldsTypedNormalisedValues() {
    Row nineYear = lh.read("silver.schools").where("school_id = '1400000002'").first();
    assertEquals(2024, nineYear.<Integer>getAs("school_year"));          // from full-width ２０２４
    assertEquals("nine_year", nineYear.<String>getAs("school_type"));    // from 九年一贯制学校
    assertEquals("private", nineYear.<String>getAs("ownership"));        // from 民办
    assertEquals("rural", nineYear.<String>getAs("urban_rural"));        // 210
    assertEquals("140100", nineYear.<String>getAs("city_code"));
    assertEquals("140000", nineYear.<String>getAs("province_code"));
    Row first = lh.read("silver.schools").where("school_id = '1400000001'").first();
    assertEquals("public", first.<String>getAs("ownership"));            // missing ownership = public
    assertEquals("一小", first.<String>getAs("school_name"));
    Row grade1 = lh.read("silver.enrollment").where("grade = 1").first();
    assertEquals(1234, grade1.<Integer>getAs("students"));               // "1,234"
    assertEquals("primary", grade1.<String>getAs("level"));
    assertEquals("junior", lh.read("silver.enrollment").where("grade = 9").first().<String>getAs("level"));
    Row flow = lh.read("silver.teacher_flows").first();
    assertEquals("rotation", flow.<String>getAs("flow_type"));           // 交流轮岗
    assertEquals(2024, flow.<Integer>getAs("school_year"));              // Sept 1 2024 opens 2024/25
    assertTrue(flow.<Boolean>getAs("backbone"));
    assertEquals(104000.0, lh.read("silver.funding").first().<Double>getAs("recurrent_revenue_10k_yuan"));
    // The extra column is kept in bronze and reported in the log.
    Row bronze = lh.read("bronze.schools").where("_source_file = 'schools/a.csv' AND _line = 2").first();
    assertEquals("张三", bronze.<String, String>getJavaMap(bronze.fieldIndex("_extra")).get("principal"));
    Row log = lh.read("ops.ingest_log").where("dataset = 'schools'").first();
    assertEquals(List.of("principal"), log.getList(log.fieldIndex("extra_columns")));
    assertEquals("GB18030", lh.read("bronze.schools").where("_source_file = 'schools/sub/b.csv'").first()
        .<String>getAs("_encoding"));
  }

  @Test
  void ingestingTheSameDeliveryAgainChangesNothing() {
    Map<String, Long> before = lh.currentVersions();
    List<Ingestor.Counts> again = new Ingestor(lh, TestSpark.settings())
        .ingest(inbox.toString());
    assertTrue(again.stream().allMatch(Ingestor.Counts::skipped));
    assertEquals(before, lh.currentVersions());
  }

  /** Repeated keys and quarantined rows past the broadcast limit are joined by a shuffle: same verdicts, same raw values. */
  @Test
  void duplicatesFoundByAShuffleJoinMatchTheBroadcastOnes() {
    Lakehouse other = TestSpark.freshLakehouse();
    Delivery delivery = Delivery.list(inbox.toString(), TestSpark.spark().sparkContext().hadoopConfiguration());
    Ingestor.Counts schools = new Ingestor(other, TestSpark.settings().with(Map.of("ingest.broadcast_max_rows", "0")))
        .ingestDataset(delivery, Datasets.SCHOOLS, delivery.filesByDataset().get("schools"));
    assertEquals(byDataset(first).get("schools"), schools);
    Map<String, Long> shuffled = new TreeMap<>();
    for (Row r : other.read("quarantine.schools").groupBy("reason").count().collectAsList()) {
      shuffled.put(r.getString(0), r.getLong(1));
    }
    assertEquals(reasons("schools"), shuffled);
    assertTrue(shuffled.containsKey("conflicting_duplicate"), shuffled.toString());
    String[] raw = {"_source_file", "_line", "school_id", "school_name", "school_type", "reason"};
    assertEquals(lh.read("quarantine.schools").selectExpr(raw).orderBy("_source_file", "_line").collectAsList(),
        other.read("quarantine.schools").selectExpr(raw).orderBy("_source_file", "_line").collectAsList());
  }

  @Test
  void filesAreParsedSeveralToATaskBySize() {
    assertEquals(2, Ingestor.parseTasks(562, 300_000, 2, 32), "562 small funding files: one task per core");
    assertEquals(22, Ingestor.parseTasks(281, 700L << 20, 2, 32), "700 MB of teachers: ceil(700 / 32)");
    assertEquals(1, Ingestor.parseTasks(1, 10L << 30, 2, 32), "never more tasks than files");
    assertEquals(1, Ingestor.parseTasks(1, 0, 2, 32));
  }
}
