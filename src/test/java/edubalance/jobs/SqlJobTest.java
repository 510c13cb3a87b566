package edubalance.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.InProcess;
import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.RunLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jobs/sql embedded: the read-only rule (writes, DDL and file reads, hidden in comments, Unicode or
 * scripting, are refused with one line and exit 2, and leave every table at its version), what it
 * accepts, and how values print.
 */
class SqlJobTest {
  static Lakehouse lh;
  static Path outside;

  @BeforeAll
  static void lakehouse() throws Exception {
    lh = TestSpark.freshLakehouse();
    var spark = TestSpark.spark();
    lh.overwrite("silver.schools", spark.sql("SELECT * FROM VALUES ('S1', '140105', 300), ('S2', '140106', 120)"
        + " AS t(school_id, county_code, students)"));
    lh.overwrite("gold.trends", spark.sql("SELECT * FROM VALUES ('140105', 2024, 0.31), ('140106', 2024, 0.52)"
        + " AS t(county_code, school_year, cv)"));
    // A value carrying a terminal escape sequence (red text, then a window-title change) and a bell.
    lh.overwrite("gold.labels", spark.sql("SELECT '140105' AS county_code,"
        + " concat('小店', char(27), '[31mred', char(27), '[0m', char(27), ']0;pwned', char(7), char(7)) AS label,"
        + " map('a', 1, 'b', 2) AS counts"));
    // Another table, in a layer the statements below never name.
    lh.overwrite("quarantine.sqljob_untouched", spark.sql("SELECT 1 AS x"));
    RunLog.record(lh, "metrics", "", new java.sql.Timestamp(0));
    outside = TestSpark.tempDir("outside").resolve("x");
  }

  /** Runs jobs/sql in this JVM: exit code, stdout, stderr. */
  static String[] sql(String... argv) {
    String[] full = new String[argv.length + 3];
    full[0] = "sql";
    full[1] = "--lakehouse";
    full[2] = lh.root();
    System.arraycopy(argv, 0, full, 3, argv.length);
    InProcess r = InProcess.run(full);
    return new String[] {String.valueOf(r.rc()), r.out(), r.err()};
  }


  @Test
  void writesFilesJavaAndSettingsAreRefusedWithOneLineAndNothingChanges() {
    Map<String, Long> before = lh.currentVersions();
    List<String> hostile = List.of(
        "DELETE FROM silver.schools WHERE school_id = 'S1'",
        "UPDATE silver.schools SET students = 0",
        "INSERT INTO silver.schools VALUES ('S3', '140107', 1)",
        "MERGE INTO silver.schools t USING silver.schools s ON t.school_id = s.school_id WHEN MATCHED THEN DELETE",
        "DROP TABLE gold.trends",
        "RESTORE TABLE gold.trends TO VERSION AS OF 0",
        "CREATE TABLE gold.x USING delta LOCATION '" + outside + "' AS SELECT 1 AS a",
        "CREATE TEMPORARY VIEW v AS SELECT 1",
        "ALTER TABLE gold.trends SET TBLPROPERTIES ('a' = 'b')",
        "VACUUM gold.trends",
        "OPTIMIZE gold.trends",
        "CACHE TABLE gold.trends",
        "TRUNCATE TABLE gold.trends",
        "INSERT OVERWRITE DIRECTORY '" + outside + "' USING csv SELECT * FROM silver.schools",
        "SELECT * FROM text.`/etc/hostname`",
        "SELECT * FROM csv.`/etc/passwd`",
        "SELECT * FROM delta.`" + lh.path("gold.trends") + "`",
        "SELECT * FROM parquet.`/tmp`",
        "SELECT * FROM json.`/tmp`",
        "SELECT reflect('java.lang.System', 'getProperty', 'user.name')",
        "SELECT java_method('java.lang.System', 'getProperty', 'user.name')",
        "SELECT county_code FROM gold.trends WHERE cv > (SELECT max(length(reflect('java.lang.System', 'exit', 0))))",
        "WITH t AS (SELECT java_method('java.lang.Runtime', 'getRuntime') AS r) SELECT * FROM t",
        "SELECT * FROM read_files('/etc/hostname')",
        "SELECT * FROM IDENTIFIER('text.`/etc/hostname`')",
        "SET spark.databricks.delta.retentionDurationCheck.enabled = false",
        "SET spark.sql.warehouse.dir = /tmp",
        "RESET",
        "USE gold",
        "ADD JAR /tmp/x.jar",
        "CREATE FUNCTION f AS 'x.Y'",
        "EXPLAIN DELETE FROM silver.schools",
        "SELECT * FROM schools");
    for (String statement : hostile) {
      String[] r = sql(statement);
      assertEquals("2", r[0], statement + " -> " + r[2]);
      assertEquals("", r[1], statement);
      assertEquals(1, r[2].strip().lines().count(), statement + " -> " + r[2]);
      assertTrue(r[2].startsWith("sql: read-only: "), r[2]);
    }
    assertEquals(before, lh.currentVersions());
    assertFalse(Files.exists(outside), "nothing written outside the lakehouse");
    assertEquals("2", sql("SELECT count(*) FROM silver.schools")[1].lines().toList().get(1));
  }

  @Test
  void queriesCtesDescribeAndShowAreAccepted() {
    // 0.31 and 0.52: the mean is 0.415.
    assertEquals("m\n0.415\n", sql("SELECT round(avg(cv), 3) AS m FROM gold.trends")[1]);
    assertEquals("county_code,students\n140105,300\n", sql(
        "WITH big AS (SELECT * FROM silver.schools WHERE students > 200) "
            + "SELECT b.county_code, b.students FROM big b JOIN gold.trends t ON t.county_code = b.county_code "
            + "WHERE t.cv IN (SELECT min(cv) FROM gold.trends) ORDER BY 1")[1]);
    assertEquals("county_code,r\n140105,1\n140106,2\n", sql(
        "SELECT county_code, rank() OVER (ORDER BY cv) AS r FROM gold.trends ORDER BY r")[1]);
    assertEquals("id\n0\n1\n", sql("SELECT id FROM range(2)")[1]);
    assertEquals("x\n1\n2\n", sql("SELECT explode(array(1, 2)) AS x UNION ALL SELECT 3 WHERE false")[1]);
    assertEquals("v\n2\n", sql("SELECT count(*) AS v FROM VALUES (1), (2) AS t(a)")[1]);
    assertEquals("cv\n0.31\n", sql("SELECT cv FROM spark_catalog.gold.trends VERSION AS OF 0 WHERE county_code = '140105'")[1]);
    String[] describe = sql("DESCRIBE gold.trends");
    assertEquals("0", describe[0], describe[2]);
    assertTrue(describe[1].contains("county_code,string"), describe[1]);
    String[] show = sql("SHOW TABLES IN gold");
    assertEquals("0", show[0], show[2]);
    assertTrue(show[1].contains("gold,trends,false") && show[1].contains("gold,labels,false"), show[1]);
    assertEquals("0", sql("SET spark.sql.session.timeZone = UTC")[0]);
  }

  @Test
  void onlyTheTablesAStatementNamesAreOpened() {
    sql("SELECT count(*) FROM gold.trends");
    assertTrue(TestSpark.spark().catalog().tableExists("gold.trends"));
    assertFalse(TestSpark.spark().catalog().tableExists("quarantine.sqljob_untouched"));
  }

  @Test
  void mapsPrintAsJsonAndTablesDropEscapeSequences() {
    assertEquals("counts\n\"{\"\"a\"\":1,\"\"b\"\":2}\"\n", sql("SELECT counts FROM gold.labels")[1]);
    assertEquals("{\"counts\":{\"a\":1,\"b\":2}}\n", sql("--format", "json", "SELECT counts FROM gold.labels")[1]);
    String table = sql("--format", "table", "SELECT label, county_code FROM gold.labels")[1];
    assertFalse(table.chars().anyMatch(c -> c == 27 || c == 7), table);
    // 小店 is two columns wide each: "小店red" takes 7 columns, the header "label" 5.
    assertEquals(List.of("+-------+-----------+", "|label  |county_code|", "+-------+-----------+",
        "|小店red|140105     |", "+-------+-----------+"), table.lines().toList());
  }

  @Test
  void theRunThatMakesTheClassArchiveReadsATableAndPrintsOnlyTheAnswer() {
    Lakehouse own = TestSpark.freshLakehouse();
    own.overwrite("gold.archive_training", TestSpark.spark().sql("SELECT '140105' AS county_code, 0.25 AS cv"));
    System.setProperty(SqlJob.MAKING_CLASS_ARCHIVE, "true");
    try {
      InProcess r = InProcess.run("sql", "--lakehouse", own.root(), "SELECT 1 AS one");
      assertEquals(0, r.rc(), r.err());
      assertEquals("one\n1\n", r.out());
    } finally {
      System.clearProperty(SqlJob.MAKING_CLASS_ARCHIVE);
    }
    // The statement named no table; the run read the lakehouse's only gold table all the same.
    assertTrue(TestSpark.spark().catalog().tableExists("gold.archive_training"));
  }

  @Test
  void asOfARunLeavesOpsReadable() {
    String[] r = sql("--as-of", "1", "SELECT count(*) AS runs FROM ops.runs");
    assertEquals("0", r[0], r[2]);
    assertEquals("runs\n1\n", r[1]);
  }
}
