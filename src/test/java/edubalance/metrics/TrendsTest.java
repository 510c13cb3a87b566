package edubalance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class TrendsTest {
  static final double EPS = 1e-9;

  private static Row row(Dataset<Row> trends, String entity, String metric, int period) {
    List<Row> rows = trends.where("entity_code = '" + entity + "' AND metric = '" + metric + "' AND period = " + period)
        .collectAsList();
    assertEquals(1, rows.size(), entity + " " + metric + " " + period);
    return rows.get(0);
  }

  private static Double d(Row r, String c) {
    return r.isNullAt(r.fieldIndex(c)) ? null : r.getDouble(r.fieldIndex(c));
  }

  @Test
  void growthAndCagrOfStudentsWithCitySums() {
    SparkSession spark = TestSpark.spark();
    Dataset<Row> si = spark.sql("SELECT * FROM VALUES "
        // county 140105: 1000, 1100, 1210, 1331 primary students (two units in 2016: 600 + 400)
        + "(2016, '140105', 'primary', 'basic', 600L), (2016, '140105', 'primary', 'basic', 400L),"
        + "(2017, '140105', 'primary', 'basic', 1100L), (2018, '140105', 'primary', 'basic', 1210L),"
        + "(2019, '140105', 'primary', 'basic', 1331L),"
        // not counted: the quality unit rule and the junior level are other series
        + "(2019, '140105', 'primary', 'quality', 9999L), (2019, '140105', 'junior', 'basic', 50L),"
        // 140106, same city 1401: only 2019
        + "(2019, '140106', 'primary', 'basic', 669L),"
        // 140107: 2017 missing
        + "(2016, '140107', 'primary', 'basic', 500L), (2018, '140107', 'primary', 'basic', 600L)"
        + " AS t(school_year, county_code, level, unit_rule, students)");
    Dataset<Row> trends = new Trends().compute(Inputs.none().with("gold.school_indicators", si), TestSpark.settings()).cache();

    // 2017: 1100 / 1000 - 1 = 0.1
    assertEquals(0.1, d(row(trends, "140105", "students_primary", 2017), "yoy_growth"), EPS);
    Row r2019 = row(trends, "140105", "students_primary", 2019);
    assertEquals(1331.0, d(r2019, "value"), EPS);
    // 1331 / 1210 - 1 = 0.1; (1331 / 1000)^(1/3) - 1 = 1.1 - 1 = 0.1
    assertEquals(0.1, d(r2019, "yoy_growth"), EPS);
    assertEquals(0.1, d(r2019, "cagr_3y"), EPS);
    // 4 points 2016..2019 >= 3: slope of (1000,1100,1210,1331) on (2016..2019):
    // mean x 2017.5, mean y 1160.25; sum (x-mx)(y-my) = (-1.5)(-160.25)+(-0.5)(-60.25)+(0.5)(49.75)+(1.5)(170.75)
    // = 240.375 + 30.125 + 24.875 + 256.125 = 551.5; sum (x-mx)^2 = 5; slope 110.3
    assertEquals(110.3, d(r2019, "slope_5y"), 1e-6);
    assertNull(r2019.getAs("null_reason"));
    assertEquals("county", r2019.getAs("entity_level"));
    assertNull(r2019.getAs("gap_widened"));

    // First year: no prior, a reason names the missing period.
    Row r2016 = row(trends, "140105", "students_primary", 2016);
    assertEquals(1000.0, d(r2016, "value"), EPS);
    assertNull(d(r2016, "yoy_growth"));
    assertTrue(((String) r2016.getAs("null_reason")).contains("yoy_growth: no value for 2015"));

    // 140107: 2018 against the missing 2017 is null, not a two-year growth.
    Row gap = row(trends, "140107", "students_primary", 2018);
    assertNull(d(gap, "yoy_growth"));
    assertTrue(((String) gap.getAs("null_reason")).contains("no value for 2017"));

    // City 140100 in 2019: 1331 + 669 = 2000 over 2 counties; 2018: 1210 + 600 (140107) = 1810;
    // growth 2000 / 1810 - 1 = 0.104972...
    Row city = row(trends, "140100", "students_primary", 2019);
    assertEquals("city", city.getAs("entity_level"));
    assertEquals(2000.0, d(city, "value"), EPS);
    assertEquals(2L, (long) city.getAs("counties"));
    assertEquals(2000.0 / 1810.0 - 1, d(city, "yoy_growth"), EPS);
    // Province 140000 equals the city here.
    assertEquals(2000.0, d(row(trends, "140000", "students_primary", 2019), "value"), EPS);
    // Junior: 50 students, one row; quality-rule units never counted.
    assertEquals(50.0, d(row(trends, "140105", "students_junior", 2019), "value"), EPS);
  }

  @Test
  void slopeOfFivePointsAndGapWidening() {
    SparkSession spark = TestSpark.spark();
    Dataset<Row> basic = spark.sql("SELECT * FROM VALUES "
        + "(2016, '140105', 'primary', 0.2D), (2017, '140105', 'primary', 0.4D), (2018, '140105', 'primary', 0.5D),"
        + "(2019, '140105', 'primary', 0.4D), (2020, '140105', 'primary', 0.5D),"
        + "(2020, '140105', 'junior', CAST(NULL AS DOUBLE))"
        + " AS t(school_year, county_code, level, composite_cv)");
    Dataset<Row> gapTable = spark.sql("SELECT * FROM VALUES "
        + "(2019, '140000', 'province', 'primary', 'books_per_student', 0.8D),"
        + "(2020, '140000', 'province', 'primary', 'books_per_student', 0.7D),"
        + "(2021, '140000', 'province', 'primary', 'books_per_student', 1.25D)"
        + " AS t(school_year, region_code, region_level, level, indicator, rural_to_urban_ratio)");
    Dataset<Row> trends = new Trends().compute(Inputs.none().with("gold.county_balance_basic", basic)
        .with("gold.urban_rural_gap", gapTable), TestSpark.settings()).cache();

    // Five points x = 2016..2020, y = 0.2, 0.4, 0.5, 0.4, 0.5: mean x 2018, mean y 0.4;
    // sum (x-mx)(y-my) = (-2)(-0.2) + (-1)(0) + 0 + (1)(0) + (2)(0.1) = 0.6; sum (x-mx)^2 = 10; slope 0.06.
    Row r2020 = row(trends, "140105", "composite_cv_primary", 2020);
    assertEquals(0.06, d(r2020, "slope_5y"), EPS);
    // 2020 against 2019: 0.5 > 0.4, CV rose: gap widened; 0.5/0.4 - 1 = 0.25.
    assertTrue((Boolean) r2020.getAs("gap_widened"));
    assertEquals(0.25, d(r2020, "yoy_growth"), EPS);
    // 2019: 0.4 < 0.5, narrowed. cagr (0.4/0.2)^(1/3) - 1 = 0.259921...
    Row r2019 = row(trends, "140105", "composite_cv_primary", 2019);
    assertFalse((Boolean) r2019.getAs("gap_widened"));
    assertEquals(Math.cbrt(2.0) - 1, d(r2019, "cagr_3y"), EPS);
    // 2018: three points (0.2, 0.4, 0.5) at x = -1, 0, 1: mean 0.36667; slope ((-1)(-0.16667) + (1)(0.13333)) / 2 = 0.15
    assertEquals(0.15, d(row(trends, "140105", "composite_cv_primary", 2018), "slope_5y"), EPS);
    // 2017: two points, fewer than trends.slope_5y.min_points = 3: null with a reason.
    Row r2017 = row(trends, "140105", "composite_cv_primary", 2017);
    assertNull(d(r2017, "slope_5y"));
    assertTrue(((String) r2017.getAs("null_reason")).contains("slope_5y: 2 value(s) in 2013-2017, needs 3"));
    // A null CV is not a point of the series.
    assertEquals(0, trends.where("metric = 'composite_cv_junior'").count());

    // Ratio 0.8 -> 0.7: rural fell further behind, widened; 0.7 -> 1.25: |ln 1.25| = 0.223 < |ln 0.7| = 0.357, narrowed.
    String m = "rural_to_urban_ratio:books_per_student:primary";
    Row g2020 = row(trends, "140000", m, 2020);
    assertEquals("province", g2020.getAs("entity_level"));
    assertTrue((Boolean) g2020.getAs("gap_widened"));
    assertEquals(0.7 / 0.8 - 1, d(g2020, "yoy_growth"), EPS);
    assertFalse((Boolean) row(trends, "140000", m, 2021).getAs("gap_widened"));
    assertNull(row(trends, "140000", m, 2019).getAs("gap_widened"));
  }

  @Test
  void fundingSeriesPerStudentCountyOnlyAndAppropriationSummed() {
    SparkSession spark = TestSpark.spark();
    Dataset<Row> funding = spark.sql("SELECT * FROM VALUES "
        + "(2022, '140105', 100000D, 20000D, 8000D, 9000D, 5000D, 6000D),"
        + "(2023, '140105', 104000D, 21000D, 8800D, 9000D, 5000D, 6000D),"
        + "(2023, '140211', 50000D, 10000D, 7000D, 9000D, 5000D, 6000D)"
        + " AS t(fiscal_year, county_code, recurrent_revenue_10k_yuan, education_appropriation_10k_yuan,"
        + " expenditure_per_student_primary_yuan, expenditure_per_student_junior_yuan,"
        + " public_funds_per_student_primary_yuan, public_funds_per_student_junior_yuan)");
    Dataset<Row> trends = new Trends().compute(Inputs.none().with("silver.funding", funding), TestSpark.settings()).cache();
    // 8800 / 8000 - 1 = 0.1
    Row e = row(trends, "140105", "expenditure_per_student_primary_yuan", 2023);
    assertEquals(0.1, d(e, "yoy_growth"), EPS);
    assertEquals("fiscal_year", e.getAs("period_kind"));
    // Per-student figures are not summed to city or province.
    assertEquals(0, trends.where("metric LIKE 'expenditure_per_student%' AND entity_level <> 'county'").count());
    // Province 140000, 2023: 21000 + 10000 = 31000; 2022 only 140105: 20000 (counties 1 vs 2).
    Row p = row(trends, "140000", "education_appropriation_10k_yuan", 2023);
    assertEquals(31000.0, d(p, "value"), EPS);
    assertEquals(2L, (long) p.getAs("counties"));
    // 21000 / 20000 - 1 = 0.05
    assertEquals(0.05, d(row(trends, "140105", "education_appropriation_10k_yuan", 2023), "yoy_growth"), EPS);
  }
}
