package edubalance.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.InProcess;
import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command-line surface: exit codes, stdout holding only the result. */
class JobsTest {
  static Lakehouse lh;

  @BeforeAll
  static void table() {
    lh = TestSpark.freshLakehouse();
    lh.overwrite("gold.example", TestSpark.spark().sql(
        "SELECT * FROM VALUES ('140105', 0.31), ('140106', CAST(NULL AS DOUBLE)) AS t(county_code, cv)"));
  }

  /** Runs a job in this JVM and returns its exit code and stdout. */
  static Object[] run(String... argv) {
    InProcess r = InProcess.run(argv);
    System.err.print(r.err()); // only stdout is the result; the job's stderr stays in the test log
    return new Object[] {r.rc(), r.out()};
  }


  @Test
  void sqlPrintsCsvWithAHeaderAndNothingElse() {
    Object[] r = run("sql", "--lakehouse", lh.root(), "SELECT county_code, cv FROM gold.example ORDER BY county_code");
    assertEquals(0, r[0]);
    assertEquals("county_code,cv\n140105,0.31\n140106,\n", r[1]);
  }

  @Test
  void sqlPrintsJsonLines() {
    Object[] r = run("sql", "--lakehouse", lh.root(), "--format", "json",
        "SELECT county_code FROM gold.example ORDER BY county_code");
    assertEquals(List.of("{\"county_code\":\"140105\"}", "{\"county_code\":\"140106\"}"),
        List.of(((String) r[1]).strip().split("\n")));
  }

  @Test
  void usageErrorsExitTwoAndFailuresOne() {
    assertEquals(2, run("sql", "--lakehouse", lh.root())[0]);
    assertEquals(2, run("sql", "--format", "xml", "SELECT 1")[0]);
    assertEquals(2, run("ingest")[0]);
    assertEquals(2, run("ingest", "--inbox", "x", "--bogus", "1")[0]);
    assertEquals(2, run("nosuchjob")[0]);
    assertEquals(1, run("ingest", "--lakehouse", lh.root(), "--inbox", "/nonexistent/inbox")[0]);
    assertEquals(1, run("sql", "--lakehouse", lh.root(), "SELECT * FROM gold.no_such_table")[0]);
    assertTrue(((String) run("sql", "--lakehouse", lh.root(), "SELECT nonsense FROM")[1]).isEmpty());
  }

  @Test
  void asOfARunReadsTheFiguresThatRunLeft() {
    Lakehouse own = TestSpark.freshLakehouse();
    var spark = TestSpark.spark();
    own.overwrite("gold.figure", spark.sql("SELECT '140105' AS county_code, 0.40 AS cv"));
    long first = edubalance.lakehouse.RunLog.record(own, "metrics", "", new java.sql.Timestamp(0));
    own.overwrite("gold.figure", spark.sql("SELECT '140105' AS county_code, 0.35 AS cv"));
    edubalance.lakehouse.RunLog.record(own, "metrics", "", new java.sql.Timestamp(0));
    assertEquals("cv\n0.35\n", run("sql", "--lakehouse", own.root(), "SELECT cv FROM gold.figure")[1]);
    assertEquals("cv\n0.40\n",
        run("sql", "--lakehouse", own.root(), "--as-of", String.valueOf(first), "SELECT cv FROM gold.figure")[1]);
    // Back to the latest state in the same session.
    assertEquals("cv\n0.35\n", run("sql", "--lakehouse", own.root(), "SELECT cv FROM gold.figure")[1]);
  }
}
