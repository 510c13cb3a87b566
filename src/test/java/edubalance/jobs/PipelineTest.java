package edubalance.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.generate.DeliveryGenerator;
import edubalance.lakehouse.Lakehouse;
import edubalance.metrics.GoldModel;
import edubalance.metrics.GoldModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main job on a generated demo delivery (two school years), in this JVM: every row read is
 * accounted for, every gold table is filled and explains itself, and a second ingest is a no-op.
 * With code generation on, as the jobs run it (the other tests interpret expressions: TestSpark).
 */
class PipelineTest {
  static Lakehouse lh;
  static Path inbox;

  @BeforeAll
  static void runPipeline() {
    TestSpark.generatedCode(true);
    inbox = TestSpark.tempDir("demo");
    DeliveryGenerator.generate(inbox, "demo", 2023, 2024, 7);
    lh = TestSpark.freshLakehouse();
    assertEquals(0, JobsTest.run("pipeline", "--inbox", inbox.toString(), "--lakehouse", lh.root())[0]);
  }

  @AfterAll
  static void interpretAgain() {
    TestSpark.generatedCode(false);
  }

  @Test
  void everyRowReadIsInSilverOrQuarantine() {
    List<Row> log = lh.read("ops.ingest_log").collectAsList();
    assertEquals(9, log.size());
    for (Row r : log) {
      String dataset = r.getAs("dataset");
      long read = r.<Long>getAs("read");
      assertEquals(read, r.<Long>getAs("accepted") + r.<Long>getAs("quarantined"), dataset);
      long silver = lh.read("silver." + dataset).count();
      long quarantine = lh.read("quarantine." + dataset).count();
      assertEquals(read, silver + quarantine + r.<Long>getAs("duplicates_collapsed"), dataset);
      assertTrue(read > 0, dataset);
    }
  }

  @Test
  void basicBalanceHasARowForEveryCountyLevelAndYearWithUnits() {
    long expected = lh.read("gold.school_indicators").where("unit_rule = 'basic'")
        .select("school_year", "county_code", "level").distinct().count();
    assertTrue(expected >= 8, "two years, several counties, two levels");
    assertEquals(expected, lh.read("gold.county_balance_basic").count());
    assertEquals(0, lh.read("gold.county_balance_basic").where("composite_cv IS NULL OR meets_standard IS NULL").count());
  }

  /** The CV of books recomputed from the units by the formula of docs/METHODS.md §3, written out in SQL. */
  @Test
  void disparityCoefficientsFollowTheFormulaOnRealUnits() {
    lh.read("gold.school_indicators").where("unit_rule = 'basic'").createOrReplaceTempView("units");
    lh.read("gold.county_balance_basic").createOrReplaceTempView("basic");
    Row worst = TestSpark.spark().sql(
        "WITH m AS (SELECT school_year, county_code, level, sum(books) / sum(students) AS x, sum(students) AS p"
            + " FROM units GROUP BY 1, 2, 3),"
            + " s AS (SELECT u.school_year, u.county_code, u.level,"
            + "   sqrt(sum(u.students / m.p * pow(u.books / u.students - m.x, 2))) / first(m.x) AS cv"
            + "   FROM units u JOIN m USING (school_year, county_code, level) GROUP BY 1, 2, 3)"
            + " SELECT max(abs(s.cv - b.cv_books)), count(*) FROM s JOIN basic b USING (school_year, county_code, level)")
        .first();
    assertTrue(worst.getDouble(0) < 1e-9, "largest difference " + worst.getDouble(0));
    assertEquals(lh.read("gold.county_balance_basic").count(), worst.getLong(1));
  }

  @Test
  void everyGoldTableIsFilledAndEveryColumnCarriesAComment() {
    List<GoldModel> models = GoldModels.all();
    assertTrue(models.size() >= 10, "the gold models found: " + models.size());
    for (GoldModel m : models) {
      String t = m.table();
      assertTrue(lh.read(t).count() > 0, t);
      for (StructField f : lh.read(t).schema().fields()) {
        assertTrue(f.metadata().contains("comment") && !f.metadata().getString("comment").isBlank(),
            t + "." + f.name() + " has no comment");
      }
    }
  }

  /**
   * docs/METHODS.md §10 on the demo: every plan, applied to the units and judged again by gold's own
   * models, passes; no plan costs less than its lower bound; a level that passes now costs nothing.
   */
  @Test
  void everyPlanOfTheDemoPassesWhenApplied() {
    edubalance.conf.Settings settings = TestSpark.settings();
    org.apache.spark.sql.Dataset<Row> after = edubalance.remediation.AppliedPlan.units(
        lh.read("gold.school_indicators"), lh.read("gold.remediation_plan"));
    Map<String, Boolean> judged = new java.util.HashMap<>();
    for (Row r : edubalance.metrics.BasicBalance.compute(after, settings).collectAsList()) {
      judged.put(r.getAs("school_year") + " " + r.getAs("county_code") + " " + r.getAs("level") + " basic", r.getAs("meets_standard"));
    }
    for (Row r : edubalance.metrics.QualityBalance.compute(after, settings).collectAsList()) {
      judged.put(r.getAs("school_year") + " " + r.getAs("county_code") + " " + r.getAs("level") + " quality", r.getAs("meets_standard"));
    }
    int planned = 0;
    for (Row s : lh.read("gold.remediation_summary").collectAsList()) {
      String key = s.getAs("school_year") + " " + s.getAs("county_code") + " " + s.getAs("level") + " " + s.getAs("target");
      assertEquals(true, s.getAs("feasible"), key + " " + s);
      assertEquals(true, judged.get(key), "after the plan: " + key);
      assertTrue(s.<Double>getAs("lower_bound_yuan") <= s.<Double>getAs("cost_yuan"), key);
      if (Boolean.TRUE.equals(s.getAs("meets_now"))) assertEquals(0.0, s.<Double>getAs("cost_yuan"), key);
      else planned++;
    }
    assertTrue(planned > 0, "levels planned in the demo");
  }

  @Test
  void ingestingTheDeliveryAgainChangesNoTable() {
    Map<String, Long> before = lh.currentVersions();
    Object[] again = JobsTest.run("ingest", "--inbox", inbox.toString(), "--lakehouse", lh.root());
    assertEquals(0, again[0]);
    // Nothing to write, so no table changes, ops.runs included: the run is answered from
    // ops.ingest_log (without Spark) and records nothing.
    assertEquals(before, lh.currentVersions());
    assertFalse(lh.read("gold.province_monthly").isEmpty());
    // Each of the demo delivery's nine datasets is reported with the counts its ingest logged.
    List<String> lines = List.of(((String) again[1]).strip().split("\n"));
    assertEquals(10, lines.size(), String.join("\n", lines));
    for (Row log : lh.read("ops.ingest_log").collectAsList()) {
      String expected = String.format("%-16s %12d %12d %12d %12s", log.<String>getAs("dataset"), log.<Long>getAs("read"),
          log.<Long>getAs("accepted"), log.<Long>getAs("quarantined"), "already in");
      assertTrue(lines.contains(expected), expected + " in\n" + String.join("\n", lines));
    }
  }
}
