package edubalance.lakehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import edubalance.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LakehouseTest {
  /** An empty table recomputed empty still gets a commit, so jobs/status does not call it stale. */
  @Test
  void overwritingAnEmptyTableWithNoRowsLeavesACommit() {
    Lakehouse lh = TestSpark.freshLakehouse();
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> none = TestSpark.spark().sql("SELECT 1 AS a WHERE false");
    lh.overwrite("gold.empty", none);
    long first = lh.version("gold.empty");
    long writtenAt = lh.files().lastDataChangeMillis("gold.empty");
    lh.overwrite("gold.empty", none);
    org.junit.jupiter.api.Assertions.assertEquals(first + 1, lh.version("gold.empty"));
    // jobs/status reads that commit as a change of the rows, not as maintenance.
    org.junit.jupiter.api.Assertions.assertTrue(lh.files().lastDataChangeMillis("gold.empty") > writtenAt);
    org.junit.jupiter.api.Assertions.assertEquals(0, lh.read("gold.empty").count());
  }

  @Test
  void upsertInsertsCorrectsAndLeavesIdenticalRowsAlone() {
    Lakehouse lh = TestSpark.freshLakehouse();
    var spark = TestSpark.spark();
    Dataset<Row> first = spark.sql("SELECT * FROM VALUES (1, 'a', 10), (2, 'b', 20) AS t(k, s, v)");
    lh.upsert("silver.t", first, List.of("k"), List.of("s", "v"), null);
    lh.upsert("silver.t", first, List.of("k"), List.of("s", "v"), null);
    assertEquals(2, lh.read("silver.t").count());
    Dataset<Row> correction = spark.sql("SELECT * FROM VALUES (2, 'b', 25), (3, 'c', 30) AS t(k, s, v)");
    lh.upsert("silver.t", correction, List.of("k"), List.of("s", "v"), null);
    List<Row> rows = lh.read("silver.t").orderBy("k").collectAsList();
    assertEquals(3, rows.size());
    assertEquals(25, rows.get(1).getInt(2));
    // The value before the correction is still readable by version.
    Row before = spark.read().format("delta").option("versionAsOf", 0).load(lh.path("silver.t"))
        .where("k = 2").first();
    assertEquals(20, before.getInt(2));
  }

  /** The newest version of a table's history, as Delta itself reports it. */
  private static long historyLatest(Lakehouse lh, String table) {
    return TestSpark.spark().sql("DESCRIBE HISTORY delta.`" + lh.path(table) + "`")
        .agg(org.apache.spark.sql.functions.max("version")).first().getLong(0);
  }

  @Test
  void versionsComeFromTheLogAndEqualTheHistory() throws Exception {
    Lakehouse lh = TestSpark.freshLakehouse();
    var spark = TestSpark.spark();
    assertEquals(-1, lh.version("silver.v"));
    assertFalse(lh.exists("silver.v"));
    // A directory with no commit is not a table.
    java.nio.file.Files.createDirectories(java.nio.file.Path.of(new java.net.URI(lh.path("silver.empty") + "/_delta_log")));
    Dataset<Row> one = spark.sql("SELECT * FROM VALUES (1, 'a') AS t(k, s)");
    lh.overwrite("silver.v", one);
    assertEquals(0, lh.version("silver.v"));
    assertEquals(historyLatest(lh, "silver.v"), lh.version("silver.v"));
    // Commits 1..11: Delta writes a checkpoint at version 10 (every 10 commits by default).
    for (int i = 0; i < 11; i++) lh.append("silver.v", one);
    java.nio.file.Path log = java.nio.file.Path.of(new java.net.URI(lh.path("silver.v") + "/_delta_log"));
    assertTrue(java.nio.file.Files.exists(log.resolve(String.format("%020d.checkpoint.parquet", 10))));
    assertEquals(11, lh.version("silver.v"));
    assertEquals(historyLatest(lh, "silver.v"), lh.version("silver.v"));
    lh.overwrite("gold.w", one);
    assertEquals(1, lh.lastCommitMetric("gold.w", "numOutputRows"));
    lh.append("gold.w", spark.sql("SELECT * FROM VALUES (2, 'b'), (3, 'c'), (4, 'd') AS t(k, s)"));
    // The rows the last commit wrote (3), not the table's (4).
    assertEquals(3, lh.lastCommitMetric("gold.w", "numOutputRows"));
    assertEquals(-1, lh.lastCommitMetric("gold.w", "noSuchMetric"));
    assertEquals(-1, lh.lastCommitMetric("gold.none", "numOutputRows"));
    assertEquals(java.util.Map.of("silver.v", 11L, "gold.w", 1L), lh.currentVersions());
    assertEquals(List.of("v"), lh.tablesIn("silver"));
    assertEquals(List.of(), lh.tablesIn("bronze"));
    // A log cleaned down to its checkpoint and that version's commit (Delta still wants the
    // latter), in a copy so no cached snapshot of the original is involved: version 10, 11 rows
    // then (the overwrite and ten appends).
    Lakehouse cleaned = TestSpark.freshLakehouse();
    java.nio.file.Path copy = java.nio.file.Path.of(new java.net.URI(cleaned.path("silver.v")));
    org.apache.commons.io.FileUtils.copyDirectory(log.getParent().toFile(), copy.toFile());
    try (var files = java.nio.file.Files.list(copy.resolve("_delta_log"))) {
      for (java.nio.file.Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".json") && !n.equals(String.format("%020d.json", 10))) java.nio.file.Files.delete(f);
      }
    }
    assertEquals(10, cleaned.version("silver.v"));
    assertEquals(11, cleaned.read("silver.v").count());
  }
}
