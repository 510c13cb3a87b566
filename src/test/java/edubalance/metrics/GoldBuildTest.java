package edubalance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The build from declared models on a lakehouse with only schools and funding: what lacks an input
 * is skipped, {@code --years} rewrites only those years, and finance reads one prior year.
 */
class GoldBuildTest {
  @Test
  void yearsAreRewrittenAloneAndFinanceReadsThePriorYear() {
    Lakehouse lh = TestSpark.freshLakehouse();
    lh.overwrite("silver.schools", TestSpark.spark().sql(
        "SELECT 2024 AS school_year, '1400000001' AS school_id, '140105' AS county_code"));
    // One county, revenue 100,000 -> 104,000 -> 109,200 (+4%, +5%); appropriation 20,000 -> 21,000 -> 21,000.
    lh.overwrite("silver.funding", ThreeIncreasesTest.funding(TestSpark.spark(), List.of(
        fiscal(2022, 100000.0, 20000.0), fiscal(2023, 104000.0, 21000.0), fiscal(2024, 109200.0, 21000.0))));

    new GoldBuild(lh, TestSpark.settings(), List.of(2024)).run();
    // Only 2024 was written: county, city and province rows.
    assertEquals(List.of(2024), years(lh));
    assertEquals(3, lh.read("gold.three_increases").count());
    // Its growth is against 2023, read although only 2024 was asked: 109,200 / 104,000 - 1 = 0.05.
    Row county = lh.read("gold.three_increases").where("region_level = 'county'").first();
    assertEquals(0.05, county.<Double>getAs("recurrent_revenue_growth"), 1e-12);
    // Nothing to build the school indicators from: they and every table reading them are skipped.
    for (String t : List.of("gold.school_indicators", "gold.county_balance_basic", "gold.teacher_flow",
        "gold.enrollment_forecast")) {
      assertFalse(lh.exists(t), t);
    }
    // Trends, whole-table, from the funding alone.
    assertTrue(lh.read("gold.trends").where("metric = 'recurrent_revenue_10k_yuan'").count() > 0);

    new GoldBuild(lh, TestSpark.settings(), null).run();
    assertEquals(List.of(2022, 2023, 2024), years(lh));
    // A rebuild of 2023 leaves 2022 and 2024 alone: still three years of three rows.
    new GoldBuild(lh, TestSpark.settings(), List.of(2023)).run();
    assertEquals(List.of(2022, 2023, 2024), years(lh));
    assertEquals(9, lh.read("gold.three_increases").count());
  }

  private static Object[] fiscal(int year, double revenue, double appropriation) {
    return new Object[] {year, "140105", revenue, appropriation, null, null, null, null, null, null, null, null,
        null};
  }

  private static List<Integer> years(Lakehouse lh) {
    return lh.read("gold.three_increases").select("fiscal_year").distinct().orderBy("fiscal_year")
        .collectAsList().stream().map(r -> r.getInt(0)).toList();
  }
}
