package edubalance.faults;

import static edubalance.faults.KillPoints.assertSameTables;
import static edubalance.faults.KillPoints.complete;
import static edubalance.faults.KillPoints.killAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import edubalance.AllDatasetsDelivery;
import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * jobs/ingest killed with {@code kill -9} at thirteen points (edubalance.lakehouse.CrashPoint): the
 * phases of the first datasets and of a later one. After each kill the writer lock is free and every
 * table reads at a committed version; the ingest run again ends with tables equal, row for row, to
 * those of an ingest never interrupted. The later jobs' points are {@link JobKillPointsTest}'s.
 */
class IngestKillPointsTest {
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

  @Test
  void anIngestKilledAtThirteenPointsIsCompletedByItsRerunAsIfNeverInterrupted() throws Exception {
    Path inbox = AllDatasetsDelivery.write();
    Path clean = KillPoints.ingested(inbox);

    Path lh = TestSpark.tempDir("killed");
    int kills = 0;
    for (String point : INGEST_POINTS) kills += killAt(point, lh, "ingest", "--inbox", inbox.toString());
    complete(lh, "ingest", "--inbox", inbox.toString());
    assertSameTables(clean, lh, "bronze", "silver", "quarantine", "ops");
    // The ingest recorded exactly one run, whatever was killed before it.
    assertEquals(1, new Lakehouse(TestSpark.spark(), lh.toString()).read("ops.runs").where("job = 'ingest'").count());
    assertEquals(13, kills);
  }
}
