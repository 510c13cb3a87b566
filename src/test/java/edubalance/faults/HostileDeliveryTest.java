package edubalance.faults;

import static edubalance.faults.Faults.ENROLLMENT;
import static edubalance.faults.Faults.GB;
import static edubalance.faults.Faults.SCHOOLS;
import static edubalance.faults.Faults.bytes;
import static edubalance.faults.Faults.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.InProcess;
import edubalance.TestSpark;
import edubalance.ingest.Ingestor;
import edubalance.ingest.MessyDelivery;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.WriterLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Hostile deliveries (files built to break the ingest): a bad file never stops the others, the
 * inbox is a boundary, nothing is ignored silently, encodings are decided on evidence, errors are
 * one line.
 */
class HostileDeliveryTest {

  /** The "done when": a binary .csv, a link to /etc/passwd and a good delivery. */
  @Test
  void aBinaryCsvAndALinkToEtcPasswdAreRefusedByNameAndTheGoodDeliveryIngested() throws Exception {
    Lakehouse lh = TestSpark.freshLakehouse(); // the shared session first: the job then reuses it
    Path inbox = TestSpark.tempDir("inbox");
    file(inbox, "schools/s.csv", SCHOOLS, "2024,1400000001,一小,140105,primary,111", "2024,1400000002,二小,140105,primary,210");
    file(inbox, "enrollment/e.csv", ENROLLMENT, "2024,1400000001,1,40,1", "2024,1400000002,1,35,1");
    bytes(inbox, "schools/binary.csv", Faults.binary());
    Files.createSymbolicLink(inbox.resolve("schools/passwd.csv"), Path.of("/etc/passwd"));

    InProcess run = InProcess.run("ingest", "--inbox", inbox.toString(), "--lakehouse", lh.root());

    assertEquals(0, run.rc(), run.err());
    List<String> refusals = run.errLines().stream().filter(l -> l.contains(": refused (")).toList();
    assertEquals(2, refusals.size(), run.err());
    assertEquals("ingest: schools/passwd.csv: refused (link_leaves_inbox): a link to /etc/passwd, outside the inbox; not read",
        refusals.get(0));
    // 512 bytes of an archive: a byte in 9 is a control byte (28 of the 256 values), far above the 2 % of text.
    assertTrue(refusals.get(1).matches("ingest: schools/binary\\.csv: refused \\(binary\\): \\d+ control bytes \\(NUL and the like\\)"
        + " in the \\d+ bytes from line 1: binary content, not CSV text"), refusals.get(1));
    assertFalse(run.err().contains("\tat "), run.err());
    assertEquals(Map.of("schools/binary.csv", "binary", "schools/passwd.csv", "link_leaves_inbox"), Faults.refused(lh));
    assertEquals(2, lh.read("silver.schools").count());
    assertEquals(2, lh.read("silver.enrollment").count());
    // Nothing of either refused file anywhere: bronze holds the good files' rows only.
    assertEquals(List.of("schools/s.csv"), sourceFiles(lh, "bronze.schools"));
    assertEquals(0, lh.read("ops.ingest_log").where("size(extra_columns) > 0").count());
  }

  /** Every kind of bad file at once, beside the messy delivery whose rows keep their reasons. */
  @Test
  void everyKindOfBadFileIsRefusedAloneWithItsReasonAndEveryRowRuleStillHolds() throws Exception {
    Lakehouse lh = TestSpark.freshLakehouse();
    Path outside = TestSpark.tempDir("outside");
    Path foreign = file(outside, "foreign.csv", SCHOOLS, "2024,1400000009,外校,140105,primary,111");
    Path inbox = TestSpark.tempDir("inbox");
    MessyDelivery.write(inbox);
    bytes(inbox, "schools/binary.csv", Faults.binary());
    Files.createSymbolicLink(inbox.resolve("schools/passwd.csv"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(inbox.resolve("schools/foreign.csv"), foreign);
    Files.createSymbolicLink(inbox.resolve("schools/gone.csv"), Path.of("gone-for-good.csv"));
    Files.createSymbolicLink(inbox.resolve("schools/sub/again"), Path.of(".."));
    Files.createLink(inbox.resolve("schools/copy.csv"), inbox.resolve("schools/a.csv"));
    // GB18030 then the same kind of line in UTF-8: decoding both as GB18030 would store mojibake.
    bytes(inbox, "schools/mixed.csv", Faults.concat((SCHOOLS + "\n").getBytes(StandardCharsets.US_ASCII),
        "2024,1400000011,第十一小学,140105,primary,111\n".getBytes(GB),
        "2024,1400000012,第十二小学,140105,primary,111\n".getBytes(StandardCharsets.UTF_8)));
    file(inbox, "schools/notes.txt", "not data");
    file(inbox, "root.csv", SCHOOLS);
    file(inbox, "archive/old.csv", SCHOOLS);
    // An unterminated quote: the file is refused, its first (good) row included; other files go on.
    file(inbox, "enrollment/quote.csv", ENROLLMENT, "2024,1400000001,5,40,1", "2024,1400000001,6,\"40,1");
    // A ':' in the name; "2,3,7" is not a number, "1,234" is.
    file(inbox, "enrollment/2024:09.csv", ENROLLMENT, "2024,1400000001,4,\"2,3,7\",3", "2024,1400000002,6,\"1,234\",30");
    // funding is declared GB18030 below: its undecodable lines are quarantined, the file is not refused.
    bytes(inbox, "funding/declared.csv", Faults.concat(
        "fiscal_year,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan,note\n".getBytes(GB),
        "2023,140105,100000,20000,县财政局报送\n".getBytes(GB),
        "2023,140106,100000,20000,县财政局报送\n".getBytes(StandardCharsets.UTF_8),
        "2023,140107,100000,20000,".getBytes(GB), new byte[] {(byte) 0x81, 0x20, '\n'}));
    var settings = TestSpark.settings().with(Map.of("ingest.encoding.funding", "GB18030"));

    List<Ingestor.Counts> counts = new Ingestor(lh, settings)
        .ingest(inbox.toString());

    Map<String, String> expected = new TreeMap<>(Map.of(
        "schools/binary.csv", "binary",
        "schools/passwd.csv", "link_leaves_inbox",
        "schools/foreign.csv", "link_leaves_inbox",
        "schools/gone.csv", "dangling_link",
        "schools/sub/again", "link_loop",
        "schools/copy.csv", "duplicate_path",
        "schools/mixed.csv", "mixed_encoding",
        "schools/notes.txt", "not_csv",
        "root.csv", "at_inbox_root",
        "archive/old.csv", "unknown_dataset_folder"));
    expected.put("enrollment/quote.csv", "unparseable_csv");
    assertEquals(expected, Faults.refused(lh));

    Map<String, Ingestor.Counts> c = counts.stream().collect(Collectors.toMap(Ingestor.Counts::dataset, x -> x));
    // The messy delivery's counts (IngestorTest) are unchanged by the refused files beside them.
    assertEquals(new Ingestor.Counts("schools", 8, 3, 5, 1, false), c.get("schools"));
    // enrollment: messy 9 read, 2 accepted + 2024:09.csv 2 read, 1 accepted ("1,234"), 1 quarantined ("2,3,7").
    assertEquals(new Ingestor.Counts("enrollment", 11, 3, 8, 0, false), c.get("enrollment"));
    // funding: messy 2 read, 1 accepted + declared.csv 3 read, 1 accepted, 2 undecodable.
    assertEquals(new Ingestor.Counts("funding", 5, 2, 3, 0, false), c.get("funding"));
    assertEquals(1L, lh.read("quarantine.enrollment").where("_source_file = 'enrollment/2024:09.csv'"
        + " AND reason = 'unparseable:students'").count());
    assertEquals(1234, lh.read("silver.enrollment").where("school_id = '1400000002' AND grade = 6").first()
        .<Integer>getAs("students"));
    assertEquals(List.of(3L, 4L), lh.read("quarantine.funding").where("reason = 'undecodable'")
        .orderBy("_line").select("_line").as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
    assertEquals("县财政局报送", lh.read("bronze.funding").where("_line = 2 AND _source_file = 'funding/declared.csv'")
        .first().<String, String>getJavaMap(lh.read("bronze.funding").schema().fieldIndex("_extra")).get("note"));
    // No row of a refused or foreign file anywhere; no mojibake school accepted.
    assertEquals(List.of("schools/a.csv", "schools/sub/b.csv"), sourceFiles(lh, "bronze.schools"));
    assertEquals(0, lh.read("silver.schools").where("school_id IN ('1400000009', '1400000011', '1400000012')").count());
    assertEquals(List.of("enrollment/2024:09.csv", "enrollment/e.csv"), sourceFiles(lh, "bronze.enrollment"));
    Row schoolsLog = lh.read("ops.ingest_log").where("dataset = 'schools'").first();
    assertEquals(2, schoolsLog.<Integer>getAs("files"));
    assertEquals(List.of("principal"), schoolsLog.getList(schoolsLog.fieldIndex("extra_columns")));
    Row binary = lh.read("ops.ingest_log").selectExpr("inline(refused_files)").where("file = 'schools/binary.csv'").first();
    assertEquals(512L, binary.<Long>getAs("bytes"));
    assertEquals("", lh.read("ops.ingest_log").selectExpr("dataset", "inline(refused_files)")
        .where("file = 'root.csv'").first().getString(0));
  }

  @Test
  void userErrorsAreOneLineAndVerboseShowsTheDetail() throws Exception {
    TestSpark.spark();
    InProcess missing = InProcess.run("ingest", "--inbox", "/nonexistent/inbox", "--lakehouse", TestSpark.tempDir("lh").toString());
    assertEquals(1, missing.rc());
    assertEquals(List.of("ingest: inbox is not a directory: /nonexistent/inbox"), missing.errLines());
    InProcess notADirectory = InProcess.run("metrics", "--lakehouse", "/etc/passwd");
    assertEquals(1, notADirectory.rc());
    assertEquals(1, notADirectory.errLines().size(), notADirectory.err());
    assertTrue(notADirectory.err().startsWith("metrics: cannot write the lakehouse /etc/passwd"), notADirectory.err());
    InProcess verbose = InProcess.run("metrics", "--lakehouse", "/etc/passwd", "--verbose");
    assertEquals(1, verbose.rc());
    assertTrue(verbose.err().contains("\tat edubalance.lakehouse.WriterLock.acquire"), verbose.err());
  }

  /** A second writer is refused at once, in one line naming the holder, before Spark starts. */
  @Test
  void aSecondWriterIsRefusedWhileTheFirstHoldsTheLock() throws Exception {
    Path root = TestSpark.tempDir("lakehouse");
    try (WriterLock held = WriterLock.acquire(root.toString(), "ingest", 0)) {
      InProcess second = InProcess.run("rollup", "--month", "2024-09", "--lakehouse", root.toString());
      assertEquals(1, second.rc());
      assertEquals(1, second.errLines().size(), second.err());
      assertTrue(second.err().startsWith("rollup: the lakehouse " + root + " is being written by ingest (pid "
          + ProcessHandle.current().pid() + " on "), second.err());
    }
    // Released: the lock can be taken again.
    WriterLock.acquire(root.toString(), "metrics", 0).close();
  }

  private static List<String> sourceFiles(Lakehouse lh, String table) {
    return lh.read(table).select("_source_file").distinct().orderBy("_source_file")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }
}
