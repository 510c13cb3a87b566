package edubalance.faults;

import static edubalance.faults.KillPoints.MONTH;
import static edubalance.faults.KillPoints.assertSameTables;
import static edubalance.faults.KillPoints.complete;
import static edubalance.faults.KillPoints.killAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.AllDatasetsDelivery;
import edubalance.InProcess;
import edubalance.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jobs after the ingest killed with {@code kill -9} at eleven points (edubalance.lakehouse.CrashPoint):
 * early, mid-way and during gold writes of jobs/metrics, during jobs/rollup, while jobs/report
 * writes its page, inside jobs/pipeline, and in jobs/maintain. After each kill the writer lock is
 * free and every table reads at a committed version; the job run again ends with tables equal, row
 * for row, to those of runs never interrupted. The ingest's points are {@link IngestKillPointsTest}'s.
 * Once, a pool thread dies of a fatal error instead of a kill: the job stops, it does not wait for ever.
 */
class JobKillPointsTest {
  static final List<String> METRICS_POINTS = List.of(
      "metrics:start",
      "gold.school_indicators:during",    // the first gold table
      "gold.county_balance_basic:committed", // mid-way: some gold tables rewritten, others not
      "gold.trends:during",               // a later one
      "ops.runs:during");
  static final List<String> ROLLUP_POINTS = List.of("gold.province_monthly:during", "gold.province_monthly:committed");

  @Test
  void everyJobAfterTheIngestKilledAtElevenPointsIsCompletedByItsRerunAsIfNeverInterrupted() throws Exception {
    Path inbox = AllDatasetsDelivery.write();
    Path clean = KillPoints.ingested(inbox);
    // The chain starts from a copy of the delivery ingested, before gold is computed on the original.
    Path lh = TestSpark.copyOf(clean, "killed");
    assertEquals(0, InProcess.run("metrics", "--lakehouse", clean.toString()).rc());
    assertEquals(0, InProcess.run("rollup", "--month", MONTH, "--lakehouse", clean.toString()).rc());

    int kills = 0;
    for (String point : METRICS_POINTS) kills += killAt(point, lh, "metrics");
    complete(lh, "metrics");
    for (String point : ROLLUP_POINTS) kills += killAt(point, lh, "rollup", "--month", MONTH);
    complete(lh, "rollup", "--month", MONTH);
    assertSameTables(clean, lh, "gold");

    // A report killed after rendering, before its page is in place: no half page, then the whole one.
    Path reports = TestSpark.tempDir("reports");
    String[] report = {"report", "--county", "140105", "--year", "2024", "--out", reports.toString()};
    kills += killAt("report:written", lh, report);
    assertEquals(List.of(), html(reports));
    // The same report where a pool thread dies of a fatal error while the job waits for it: the job
    // stops with one line and exit 1 (Main's handler), where it used to wait for ever.
    String fatal = KillPoints.fatalInPoolAt("report:written", lh, report);
    assertTrue(fatal.lines().anyMatch(l -> l.equals("fatal error in thread crash-point-pool: java.lang.OutOfMemoryError: "
        + "injected by edubalance.crash.how=fatal-in-pool at report:written; the job stopped, every table is at its last "
        + "commit: run the job again to complete it")), fatal);
    assertFalse(fatal.contains("\tat "), fatal);
    assertEquals(List.of(), html(reports));
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
    assertEquals(11, kills);
  }

  private static String onlyHtml(Path dir) throws IOException {
    List<String> html = html(dir);
    assertEquals(1, html.size(), html.toString());
    return html.get(0);
  }

  private static List<String> html(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html")).toList();
    }
  }
}
