package edubalance.faults;

import static edubalance.faults.Faults.GB;
import static edubalance.faults.Faults.SCHOOLS;
import static edubalance.faults.Faults.bytes;
import static edubalance.faults.Faults.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.InProcess;
import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Four deliveries that once lost rows or lost them silently, ingested as one: a dataset whose
 * every file is refused (it aborted the whole ingest), one NUL byte in a value (it refused the
 * whole file), a header naming a column twice (the second was dropped), and the same file twice
 * under two names (its rows collapsed without a word).
 */
class DeliveryDefectsTest {
  static final String FUNDING = "fiscal_year,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan";
  static Lakehouse lh;
  static InProcess run;

  @BeforeAll
  static void ingest() throws Exception {
    lh = TestSpark.freshLakehouse();
    Path inbox = TestSpark.tempDir("defects");
    // schools: 180 rows, the 100th (line 101) with a NUL byte inside its name.
    List<String> schools = new ArrayList<>(List.of(SCHOOLS));
    for (int i = 1; i <= 180; i++) {
      schools.add(String.format("2024,14010%05d,第%d小学%s,140105,primary,111", i, i, i == 100 ? "\0" : ""));
    }
    file(inbox, "schools/s.csv", schools.toArray(String[]::new));
    // enrollment, the dataset after it: both of its files refused.
    bytes(inbox, "enrollment/a-mixed.csv", Faults.concat((Faults.ENROLLMENT + "\n").getBytes(StandardCharsets.US_ASCII),
        "2024,1401000001,1,40,1,第一小学\n".getBytes(GB), "2024,1401000002,1,35,1,第二小学\n".getBytes(StandardCharsets.UTF_8),
        "2024,1401000003,1,30,1,第三小学\n".getBytes(StandardCharsets.UTF_8)));
    bytes(inbox, "enrollment/b-binary.csv", Faults.binary());
    // funding, later still: a good file, its copy, a header naming a column twice, and blank repeated names.
    file(inbox, "funding/a.csv", FUNDING, "2023,140105,100000,20000", "2024,140105,104000,21000");
    file(inbox, "funding/b-copy.csv", FUNDING, "2023,140105,100000,20000", "2024,140105,104000,21000");
    file(inbox, "funding/c-twice.csv", FUNDING + ",recurrent_revenue_10k_yuan", "2022,140105,96000,19000,999");
    file(inbox, "funding/d-blanks.csv", FUNDING + ",,", "2022,140106,80000,16000,x,y");
    run = InProcess.run("ingest", "--inbox", inbox.toString(), "--lakehouse", lh.root());
  }

  @Test
  void aDatasetWhoseEveryFileIsRefusedIsLoggedAndEveryOtherDatasetIngested() {
    assertEquals(0, run.rc(), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
    assertEquals(List.of(
        "ingest: funding/b-copy.csv: refused (duplicate_file): the same bytes as funding/a.csv: a copy, whose 2 rows would only repeat that file's",
        "ingest: enrollment/a-mixed.csv: refused (mixed_encoding): line 3 is UTF-8 Chinese in a file read as GB18030: "
            + "mixed encodings would be decoded into wrong characters",
        "ingest: enrollment/b-binary.csv: refused (binary): ",
        "ingest: funding/c-twice.csv: refused (duplicate_column:recurrent_revenue_10k_yuan): the header names "
            + "recurrent_revenue_10k_yuan twice (columns 3 and 5); which of the two values is meant cannot be known"),
        run.errLines().stream().filter(l -> l.contains(": refused ("))
            .map(l -> l.contains("(binary)") ? l.substring(0, l.indexOf("(binary): ") + 10) : l).toList());
    assertTrue(run.err().contains("ingest: 4 file(s) refused"), run.err());

    Row enrollment = lh.read("ops.ingest_log").where("dataset = 'enrollment'").first();
    assertEquals(List.of(0, 0L, 0L), List.of(enrollment.getAs("files"), enrollment.getAs("read"), enrollment.getAs("quarantined")));
    // The refused rows are counted: 3 lines after the mixed file's header; none of them anywhere.
    Map<String, Long> rows = new java.util.TreeMap<>();
    for (Row r : lh.read("ops.ingest_log").where("dataset = 'enrollment'").selectExpr("inline(refused_files)").collectAsList()) {
      rows.put(r.getAs("file"), r.getAs("rows"));
    }
    assertEquals(3L, rows.get("enrollment/a-mixed.csv"));
    assertTrue(rows.get("enrollment/b-binary.csv") >= 0);
    assertEquals(0, lh.read("bronze.enrollment").count());
    // The datasets after it were ingested.
    assertEquals(180, lh.read("bronze.schools").count());
    assertTrue(lh.read("ops.ingest_log").where("dataset = 'funding'").count() == 1);
  }

  @Test
  void aNulByteSendsItsRowToQuarantineAndTheFileKeepsItsOtherRows() {
    assertEquals(179, lh.read("silver.schools").count());
    Row q = lh.read("quarantine.schools").first();
    assertEquals(1, lh.read("quarantine.schools").count());
    assertEquals("control_byte", q.getAs("reason"));
    assertEquals(101L, q.<Long>getAs("_line"));
    assertEquals("1401000100", q.getAs("school_id"));
    assertEquals(0, lh.read("silver.schools").where("school_id = '1401000100'").count());
  }

  @Test
  void aHeaderNamingAContractColumnTwiceRefusesItsFileAndACopyIsRefusedAsSuch() {
    assertEquals(Map.of("enrollment/a-mixed.csv", "mixed_encoding", "enrollment/b-binary.csv", "binary",
        "funding/b-copy.csv", "duplicate_file", "funding/c-twice.csv", "duplicate_column:recurrent_revenue_10k_yuan"),
        Faults.refused(lh));
    // funding: a.csv's 2 rows and d-blanks.csv's 1; nothing of the copy or of c-twice.csv, no row collapsed.
    Row log = lh.read("ops.ingest_log").where("dataset = 'funding'").first();
    assertEquals(List.of(2, 3L, 3L, 0L), List.of(log.getAs("files"), log.getAs("read"), log.getAs("accepted"),
        log.getAs("duplicates_collapsed")));
    assertEquals(0, lh.read("silver.funding").where("fiscal_year = 2022 AND county_code = '140105'").count());
    // Columns outside the contract without a name of their own are each kept, by their position.
    Row blanks = lh.read("bronze.funding").where("_source_file = 'funding/d-blanks.csv'").first();
    assertEquals(Map.of("#5", "x", "#6", "y"), blanks.getJavaMap(blanks.fieldIndex("_extra")));
  }
}
