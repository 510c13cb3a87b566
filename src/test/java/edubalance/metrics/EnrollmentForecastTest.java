package edubalance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class EnrollmentForecastTest {
  static final double EPS = 1e-6;

  private static Row row(Dataset<Row> f, String entity, String level, int year) {
    List<Row> rows = f.where("entity_code = '" + entity + "' AND level = '" + level + "' AND school_year = " + year)
        .collectAsList();
    assertEquals(1, rows.size(), entity + " " + level + " " + year);
    return rows.get(0);
  }

  private static Double d(Row r, String c) {
    return r.isNullAt(r.fieldIndex(c)) ? null : r.getDouble(r.fieldIndex(c));
  }

  /** One school per county and year; enrollment rows (year, school, grade, students). */
  private static Dataset<Row> schools(SparkSession spark, String values) {
    return spark.sql("SELECT * FROM VALUES " + values + " AS t(school_year, school_id, county_code, school_type)");
  }

  private static Dataset<Row> enrollment(SparkSession spark, String values) {
    return spark.sql("SELECT school_year, school_id, grade, students, "
        + "CASE WHEN grade <= 6 THEN 'primary' ELSE 'junior' END AS level FROM VALUES " + values
        + " AS t(school_year, school_id, grade, students)");
  }

  @Test
  void cohortSurvivalOfAThreeGradeCounty() {
    SparkSession spark = TestSpark.spark();
    Dataset<Row> schools = schools(spark,
        "(2021, '1401050001', '140105', 'primary'), (2022, '1401050001', '140105', 'primary'),"
            + "(2023, '1401050001', '140105', 'primary'),"
            + "(2021, '1401060001', '140106', 'primary'), (2022, '1401060001', '140106', 'primary'),"
            + "(2023, '1401060001', '140106', 'primary'),"
            // a special-education school is never counted
            + "(2023, '1401069999', '140106', 'special')");
    Dataset<Row> enrollment = enrollment(spark,
        // 140105, grades 1-3:  2021: 100 100 100 / 2022: 110 90 95 / 2023: 120 99 90
        "(2021, '1401050001', 1, 100), (2021, '1401050001', 2, 100), (2021, '1401050001', 3, 100),"
            + "(2022, '1401050001', 1, 110), (2022, '1401050001', 2, 90), (2022, '1401050001', 3, 95),"
            + "(2023, '1401050001', 1, 120), (2023, '1401050001', 2, 99), (2023, '1401050001', 3, 90),"
            // 140106, grade 1 only: 100, 120, 110
            + "(2021, '1401060001', 1, 100), (2022, '1401060001', 1, 120), (2023, '1401060001', 1, 110),"
            + "(2023, '1401069999', 1, 5000)");
    Dataset<Row> f = EnrollmentForecast.compute(enrollment, schools, TestSpark.settings()).cache();

    // Ratios into grade 2: 90/100 = 0.9 (2022), 99/110 = 0.9 (2023): mean, min, max 0.9.
    // Into grade 3: 95/100 = 0.95 (2022), 90/90 = 1.0 (2023): mean 0.975, min 0.95, max 1.0.
    // Intake 100, 110, 120 on 2021..2023: slope 10, 2024: 130, 2025: 140, 2026: 150, residuals 0.
    // 2024: g1 130, g2 120 x 0.9 = 108, g3 99 x 0.975 = 96.525 -> 334.525
    //       lower 130 + 108 + 99 x 0.95 = 332.05; upper 130 + 108 + 99 x 1.0 = 337
    Row r24 = row(f, "140105", "primary", 2024);
    assertEquals(334.525, d(r24, "forecast_students"), EPS);
    assertEquals(332.05, d(r24, "lower"), EPS);
    assertEquals(337.0, d(r24, "upper"), EPS);
    assertEquals(2023, (int) r24.getAs("base_year"));
    assertEquals("cohort_survival", r24.getAs("method"));
    assertEquals("county", r24.getAs("entity_level"));
    // 2025: g1 140, g2 130 x 0.9 = 117, g3 108 x 0.975 = 105.3 -> 362.3
    //       lower: g3 108 x 0.95 = 102.6 -> 359.6; upper g3 108 x 1.0 -> 365
    Row r25 = row(f, "140105", "primary", 2025);
    assertEquals(362.3, d(r25, "forecast_students"), EPS);
    assertEquals(359.6, d(r25, "lower"), EPS);
    assertEquals(365.0, d(r25, "upper"), EPS);
    // 2026: g1 150, g2 140 x 0.9 = 126, g3 117 x 0.975 = 114.075 -> 390.075 (grade 3 of 2025 leaves)
    assertEquals(390.075, d(row(f, "140105", "primary", 2026), "forecast_students"), EPS);

    // 140106: intake 100, 120, 110 at x = -2, -1, 0: slope ((-1)(-10) + 0 + (1)(0)) / 2 = 5,
    // intercept 110 + 5 = 115, 2024 (x = 1): 120. Fitted 105, 110, 115; residuals -5, 10, -5;
    // sd = sqrt(150 / (3 - 2)) = 12.2474; interval 120 +- 1.96 x 12.2474 = 120 +- 24.0050.
    Row g = row(f, "140106", "primary", 2024);
    assertEquals(120.0, d(g, "forecast_students"), EPS);
    assertEquals(120 - 1.96 * Math.sqrt(150), d(g, "lower"), EPS);
    assertEquals(120 + 1.96 * Math.sqrt(150), d(g, "upper"), EPS);

    // City 140100 = 334.525 + 120 = 454.525 over two counties; the special school's 5000 not in it.
    Row city = row(f, "140100", "primary", 2024);
    assertEquals(454.525, d(city, "forecast_students"), EPS);
    assertEquals(2L, (long) city.getAs("counties"));
    assertEquals(454.525, d(row(f, "140000", "primary", 2024), "forecast_students"), EPS);

    // Three years of data, two held out: the backtest base 2021 has one year of intake: no MAPE, a reason.
    assertNull(d(r24, "mape_backtest"));
    assertTrue(((String) r24.getAs("null_reason")).contains("mape_backtest"), (String) r24.getAs("null_reason"));
    assertEquals(3, f.where("entity_code = '140105'").count());
  }

  @Test
  void backtestMapeFromTheYearBefore() {
    SparkSession spark = TestSpark.spark();
    Dataset<Row> schools = schools(spark,
        "(2020, '1401050001', '140105', 'primary'), (2021, '1401050001', '140105', 'primary'),"
            + "(2022, '1401050001', '140105', 'primary'), (2023, '1401050001', '140105', 'primary')");
    Dataset<Row> enrollment = enrollment(spark,
        // grades 1-2: 2020: 100 100 / 2021: 110 90 / 2022: 120 99 / 2023: 125 110
        "(2020, '1401050001', 1, 100), (2020, '1401050001', 2, 100),"
            + "(2021, '1401050001', 1, 110), (2021, '1401050001', 2, 90),"
            + "(2022, '1401050001', 1, 120), (2022, '1401050001', 2, 99),"
            + "(2023, '1401050001', 1, 125), (2023, '1401050001', 2, 110)");
    Dataset<Row> f = EnrollmentForecast.compute(enrollment, schools,
        TestSpark.settings().with(Map.of("forecast.backtest.holdout_years", "1"))).cache();
    // Backtest from 2022: ratio into grade 2 = mean(90/100, 99/110) = 0.9; intake 100, 110, 120 -> 130.
    // 2023 forecast: 130 + 120 x 0.9 = 238; actual 125 + 110 = 235; MAPE = |238 - 235| / 235 = 0.0127660
    Row r = row(f, "140105", "primary", 2024);
    assertEquals(3.0 / 235.0, d(r, "mape_backtest"), EPS);
    assertEquals("2023-2023", r.getAs("backtest_years"));
    assertNull(r.getAs("null_reason"));
    // Province sum of one county: same error.
    assertEquals(3.0 / 235.0, d(row(f, "140000", "primary", 2024), "mape_backtest"), EPS);
  }

  @Test
  void intakeTrendPerCountyAcrossModelBatches() {
    SparkSession spark = TestSpark.spark();
    // Three counties, two per MLlib model: one model of 140105 + 140106, one of 140107 alone.
    Dataset<Row> counts = spark.sql("SELECT * FROM VALUES "
        + "('140105', 2021, 1, 100D, 'primary'), ('140105', 2022, 1, 110D, 'primary'), ('140105', 2023, 1, 120D, 'primary'),"
        + "('140106', 2021, 1, 200D, 'primary'), ('140106', 2022, 1, 190D, 'primary'), ('140106', 2023, 1, 180D, 'primary'),"
        + "('140107', 2021, 1, 50D, 'primary'), ('140107', 2022, 1, 60D, 'primary'), ('140107', 2023, 1, 55D, 'primary'),"
        // two years only: too short for a trend
        + "('140108', 2022, 1, 70D, 'primary'), ('140108', 2023, 1, 75D, 'primary')"
        + " AS t(county_code, school_year, grade, students, level)");
    Dataset<Row> intake = EnrollmentForecast.intakeTrend(counts, 2023, 1,
        TestSpark.settings().with(Map.of("forecast.intake.counties_per_model", "2"))).cache();
    java.util.function.Function<String, Row> of = c -> intake.where("county_code = '" + c + "'").first();
    // 140105: +10 a year -> 130; 140106: -10 a year -> 170.
    assertEquals(130.0, of.apply("140105").getDouble(2), EPS);
    assertEquals(170.0, of.apply("140106").getDouble(2), EPS);
    // 140107: 50, 60, 55 at x = -2, -1, 0: slope ((-1)(-5) + 0 + (1)(0)) / 2 = 2.5, mean 55 at x = -1,
    // 2024 (x = 1): 55 + 2 x 2.5 = 60. Residuals 50 - 52.5 = -2.5, 60 - 55 = 5, 55 - 57.5 = -2.5:
    // sd = sqrt(37.5 / 1) = 6.1237, interval 60 +- 1.96 x 6.1237.
    Row c = of.apply("140107");
    assertEquals(60.0, c.getDouble(2), EPS);
    assertEquals(60 - 1.96 * Math.sqrt(37.5), c.getDouble(3), EPS);
    assertEquals(60 + 1.96 * Math.sqrt(37.5), c.getDouble(4), EPS);
    Row shortOne = of.apply("140108");
    assertTrue(shortOne.isNullAt(2));
    assertTrue(shortOne.getString(5).contains("2 year(s)"), shortOne.getString(5));
    assertEquals(4, intake.count());
  }
}
