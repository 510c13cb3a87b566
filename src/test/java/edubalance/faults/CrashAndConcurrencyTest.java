package edubalance.faults;

import static edubalance.faults.Faults.ENROLLMENT;
import static edubalance.faults.Faults.SCHOOLS;
import static edubalance.faults.Faults.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.ChildJvm;
import edubalance.InProcess;
import edubalance.TestSpark;
import edubalance.ingest.Ingestor;
import edubalance.lakehouse.Lakehouse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two ingests on one lakehouse never interleave (the second waits or is refused) and nothing is
 * lost. The ingests run in child JVMs (jobs/ingest's command line), the checks in this one. (Kills
 * at every phase of every writing job: {@link IngestKillPointsTest} and {@link JobKillPointsTest}.)
 */
class CrashAndConcurrencyTest {
  static final List<String> TABLES = List.of("bronze.schools", "silver.schools", "quarantine.schools",
      "bronze.enrollment", "silver.enrollment", "quarantine.enrollment", "bronze.funding", "silver.funding",
      "quarantine.funding", "ops.ingest_log");
  static Path inbox;
  static Lakehouse clean;

  @BeforeAll
  static void cleanRun() throws Exception {
    inbox = TestSpark.tempDir("inbox");
    file(inbox, "schools/s.csv", SCHOOLS, "2024,1400000001,一小,140105,primary,111",
        "2024,1400000002,二小,140105,primary,210", "2024,1400000003,三小,1401,primary,111");
    Faults.bytes(inbox, "schools/z.csv", Faults.binary());
    file(inbox, "enrollment/e.csv", ENROLLMENT, "2024,1400000001,1,40,1", "2024,1400000002,1,35,1",
        "2024,1400000002,2,\"2,3,7\",1");
    file(inbox, "funding/f.csv", "fiscal_year,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan",
        "2024,140105,\"104,000\",21000.5");
    clean = TestSpark.freshLakehouse();
    new Ingestor(clean, TestSpark.settings()).ingest(inbox.toString());
  }

  @Test
  void twoIngestsOnOneLakehouseNeverInterleaveAndNothingIsLost() throws Exception {
    Path other = TestSpark.tempDir("inbox");
    file(other, "funding_monthly/m.csv", "year,month,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan",
        "2024,9,140105,8000,1700", "2024,10,140105,8100,1750");
    Path lh = TestSpark.tempDir("lakehouse");
    Path firstLog = lh.resolveSibling(lh.getFileName() + "-1.log");
    Path secondLog = lh.resolveSibling(lh.getFileName() + "-2.log");
    Path waiting = Files.writeString(lh.resolveSibling(lh.getFileName() + ".properties"), "lakehouse.lock.wait_seconds = 900\n");
    Process first = ingest(lh, inbox, firstLog);
    Path lock = lh.resolve(".writer.lock");
    long deadline = System.currentTimeMillis() + 300_000;
    while (first.isAlive() && System.currentTimeMillis() < deadline
        && !(Files.exists(lock) && Files.readString(lock).contains("pid " + first.pid()))) {
      Thread.sleep(20);
    }
    assertTrue(first.isAlive(), Files.readString(firstLog));

    // Refused at once (no wait configured), in one line naming the holder; nothing written.
    InProcess refused = InProcess.run("ingest", "--inbox", other.toString(), "--lakehouse", lh.toString());
    assertEquals(1, refused.rc());
    assertEquals(1, refused.errLines().size(), refused.err());
    assertTrue(refused.err().startsWith("ingest: the lakehouse " + lh + " is being written by ingest (pid " + first.pid()),
        refused.err());
    // With a wait configured, the second waits for the first and then completes.
    Process second = ingest(lh, other, secondLog, "--conf", waiting.toString());
    assertEquals(0, first.waitFor(), Files.readString(firstLog));
    assertEquals(0, second.waitFor(), Files.readString(secondLog));
    assertTrue(Files.readString(secondLog).contains("ingest: waiting up to 900 s for ingest (pid " + first.pid()),
        Files.readString(secondLog));

    Lakehouse both = new Lakehouse(TestSpark.spark(), lh.toString());
    for (String table : TABLES.subList(0, TABLES.size() - 1)) assertEquals(contents(clean, table), contents(both, table), table);
    assertEquals(2, both.read("silver.funding_monthly").count());
    assertEquals(List.of("enrollment", "funding", "funding_monthly", "schools"), both.read("ops.ingest_log")
        .select("dataset").orderBy("dataset").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  /** A table's rows as sorted JSON, without the columns that differ between two runs (times). */
  static List<String> contents(Lakehouse lh, String table) {
    Dataset<Row> rows = lh.read(table).drop("_ingested_at", "started_at", "finished_at");
    List<String> out = new ArrayList<>(rows.toJSON().collectAsList());
    out.sort(null);
    return out;
  }

  /** jobs/ingest in a child JVM: this JVM's classpath and options, its output to {@code log}. */
  static Process ingest(Path lakehouse, Path delivery, Path log, String... more) throws IOException {
    List<String> cmd = ChildJvm.command("ingest", "--inbox", delivery.toString(), "--lakehouse", lakehouse.toString());
    cmd.addAll(List.of(more));
    return new ProcessBuilder(cmd).directory(new File(System.getProperty("user.dir")))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
