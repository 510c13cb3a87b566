package edubalance.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.AllDatasetsDelivery;
import edubalance.ChildJvm;
import edubalance.InProcess;
import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.WriterLock;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Every job that writes, killed with {@code kill -9} at twenty-four points (edubalance.lakehouse.CrashPoint):
 * the phases of the first datasets and of a later one of an ingest, early, mid-way and during gold
 * writes of jobs/metrics, during jobs/rollup, while jobs/report writes its page, inside
 * jobs/pipeline, and in jobs/maintain. After each kill the writer lock is free and every table reads at a committed
 * version; the job run again ends with tables equal, row for row, to those of runs never interrupted.
 *
 * <p>The kills are chained to keep the suite short: the run that follows a kill is itself killed at
 * the next point (so it is the rerun of the one before), and the last run of each job completes. A
 * point that the run passes without dying fails the test: every point is really reached.
 */
class KillPointsTest {
  static final List<String> INGEST_POINTS = List.of(
      "bronze.divisions:during",          // the first dataset's first write
      "ops.ingest_log:during",            // the first dataset's log line
      "bronze.schools:during",            // a dataset with a refused file beside a good one
      "bronze.schools:committed@2",       // the refused file's rows just deleted from bronze
      "ingest:schools:survey",
      "silver.schools:during",            // checks and silver write, in one pass
      "quarantine.schools:during",
      "bronze.funding:during",            // a later dataset, phase by phase
      "ingest:funding:survey",
      "silver.funding:during",
      "quarantine.funding:during",
      "ops.ingest_log:committed",         // funding logged; the datasets after it not yet
      "ops.runs:during");                 // every dataset logged, the run not yet recorded
  static final List<String> METRICS_POINTS = List.of(
      "metrics:start",
      "gold.school_indicators:during",    // the first gold table
      "gold.county_balance_basic:committed", // mid-way: some gold tables rewritten, others not
      "gold.trends:during",               // a later one
      "ops.runs:during");
  static final List<String> ROLLUP_POINTS = List.of("gold.province_monthly:during", "gold.province_monthly:committed");
  static final String MONTH = "2024-12";

  @Test
  void everyWritingJobKilledAtTwentyFourPointsIsCompletedByItsRerunAsIfNeverInterrupted() throws Exception {
    Path inbox = AllDatasetsDelivery.write();
    Lakehouse clean = TestSpark.freshLakehouse();
    assertEquals(0, InProcess.run("ingest", "--inbox", inbox.toString(), "--lakehouse", clean.root()).rc());
    assertEquals(0, InProcess.run("metrics", "--lakehouse", clean.root()).rc());
    assertEquals(0, InProcess.run("rollup", "--month", MONTH, "--lakehouse", clean.root()).rc());

    Path lh = TestSpark.tempDir("killed");
    int kills = 0;
    for (String point : INGEST_POINTS) kills += killAt(point, lh, "ingest", "--inbox", inbox.toString());
    complete(lh, "ingest", "--inbox", inbox.toString());
    assertSameTables(clean, lh, "bronze", "silver", "quarantine", "ops");
    // The ingest recorded exactly one run, whatever was killed before it.
    assertEquals(1, new Lakehouse(TestSpark.spark(), lh.toString()).read("ops.runs").where("job = 'ingest'").count());

    for (String point : METRICS_POINTS) kills += killAt(point, lh, "metrics");
    complete(lh, "metrics");
    for (String point : ROLLUP_POINTS) kills += killAt(point, lh, "rollup", "--month", MONTH);
    complete(lh, "rollup", "--month", MONTH);
    assertSameTables(clean, lh, "gold");

    // A report killed after rendering, before its page is in place: no half page, then the whole one.
    Path reports = TestSpark.tempDir("reports");
    String[] report = {"report", "--county", "140105", "--year", "2024", "--out", reports.toString()};
    kills += killAt("report:written", lh, report);
    try (Stream<Path> files = Files.list(reports)) {
      assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".html")).toList());
    }
    complete(lh, report);
    String page = Files.readString(reports.resolve(onlyHtml(reports)));
    assertTrue(page.strip().endsWith("</html>"), page.substring(Math.max(0, page.length() - 200)));

    // jobs/pipeline over the same lakehouse, killed in its metrics step: rerun, every table as before.
    kills += killAt("gold.three_increases:during", lh, "pipeline", "--inbox", inbox.toString());
    complete(lh, "pipeline", "--inbox", inbox.toString());
    assertSameTables(clean, lh, "bronze", "silver", "quarantine", "gold");

    // jobs/maintain, killed once every table is compacted and vacuumed but before its log, then in
    // its run record: the rows of every table are untouched, and the rerun completes it.
    kills += killAt("ops.maintenance:during", lh, "maintain");
    kills += killAt("ops.runs:during", lh, "maintain");
    complete(lh, "maintain");
    assertSameTables(clean, lh, "bronze", "silver", "quarantine", "gold");
    assertEquals(24, kills);
  }

  /**
   * The job in a child JVM with {@code edubalance.crash.at=point}: it must die by SIGKILL there.
   * Then the lock is free and every table of the lakehouse reads at its latest committed version.
   */
  private static int killAt(String point, Path lh, String... job) throws Exception {
    List<String> argv = new ArrayList<>(List.of(job));
    argv.addAll(List.of("--lakehouse", lh.toString()));
    if (job[0].equals("pipeline")) argv.addAll(List.of("--conf", pipelineConf(lh).toString()));
    Path log = Files.createTempFile("kill", ".log");
    Process child = new ProcessBuilder(ChildJvm.command(List.of("-Dedubalance.crash.at=" + point), argv.toArray(String[]::new)))
        .directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int rc = child.waitFor();
    assertEquals(137, rc, point + ": the job was not killed there (exit " + rc + "): " + Files.readString(log));
    // The kernel released the dead job's lock: another writer takes it at once.
    WriterLock.acquire(lh.toString(), "test", 0).close();
    Lakehouse after = new Lakehouse(TestSpark.spark(), lh.toString());
    for (String layer : Lakehouse.LAYERS) {
      for (String table : after.tablesIn(layer)) after.read(layer + "." + table).count();
    }
    return 1;
  }

  /** The job run again, in this JVM: it completes. */
  private static void complete(Path lh, String... job) {
    List<String> argv = new ArrayList<>(List.of(job));
    argv.addAll(List.of("--lakehouse", lh.toString()));
    if (job[0].equals("pipeline")) argv.addAll(List.of("--conf", pipelineConf(lh).toString()));
    InProcess run = InProcess.run(argv.toArray(String[]::new));
    assertEquals(0, run.rc(), String.join(" ", job) + ": " + run.err());
  }

  /** jobs/pipeline writes its reports under conf reports.dir: a directory of the test's. */
  private static Path pipelineConf(Path lh) {
    try {
      Path conf = lh.resolveSibling(lh.getFileName() + "-pipeline.properties");
      if (!Files.exists(conf)) {
        Files.writeString(conf, "reports.dir = " + TestSpark.tempDir("pipeline-reports") + "\n");
      }
      return conf;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertSameTables(Lakehouse clean, Path killed, String... layers) {
    Lakehouse after = new Lakehouse(TestSpark.spark(), killed.toString());
    for (String layer : layers) {
      // ops.runs differs by design: the killed runs are not in it.
      List<String> tables = clean.tablesIn(layer).stream().map(t -> layer + "." + t).filter(t -> !t.equals("ops.runs")).toList();
      assertEquals(tables, after.tablesIn(layer).stream().map(t -> layer + "." + t).filter(t -> !t.equals("ops.runs")).toList(), layer);
      assertFalse(tables.isEmpty(), layer);
      for (String table : tables) assertEquals(contents(clean, table), contents(after, table), table);
    }
  }

  /** A table's rows as sorted JSON, without what differs between two runs (times, versions read). */
  private static List<String> contents(Lakehouse lh, String table) {
    Dataset<Row> rows = lh.read(table).drop("_ingested_at", "started_at", "finished_at", "table_versions");
    List<String> out = new ArrayList<>(rows.toJSON().collectAsList());
    out.sort(null);
    return out;
  }

  private static String onlyHtml(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> html = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html")).toList();
      assertEquals(1, html.size(), html.toString());
      return html.get(0);
    }
  }
}
