package edubalance.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.conf.Settings;
import edubalance.conf.Args;
import edubalance.jobs.Main;
import edubalance.jobs.RollupJob;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.RunLog;
import edubalance.metrics.Inputs;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ProvinceMonthlyTest {
  static final double EPS = 1e-9;

  private static Dataset<Row> funding(SparkSession spark, String values) {
    return spark.sql("SELECT year, month, county_code, CAST(rev AS DOUBLE) recurrent_revenue_10k_yuan,"
        + " CAST(app AS DOUBLE) education_appropriation_10k_yuan FROM VALUES " + values
        + " AS t(year, month, county_code, rev, app)");
  }

  private static Row province(Dataset<Row> out, String code) {
    List<Row> rows = out.where("province_code = '" + code + "'").collectAsList();
    assertEquals(1, rows.size(), code);
    return rows.get(0);
  }

  private static Double d(Row r, String c) {
    return r.isNullAt(r.fieldIndex(c)) ? null : r.getDouble(r.fieldIndex(c));
  }

  private static Long l(Row r, String c) {
    return r.isNullAt(r.fieldIndex(c)) ? null : r.getLong(r.fieldIndex(c));
  }

  @Test
  void yearToDateGrowthAcrossTheYearBoundary() {
    SparkSession spark = TestSpark.spark();
    Dataset<Row> fm = funding(spark,
        "(2023, 1, '140105', 500, 100), (2023, 12, '140105', 9999, 999), (2024, 1, '140105', 520, 110),"
            + "(2024, 2, '140105', 7777, 50),"
            + "(2023, 1, '140211', 200, 50), (2024, 1, '140211', 230, 60),"
            // Henan: January 2024 only, no 2023
            + "(2024, 1, '410102', 300, 30)");
    Dataset<Row> out = compute(funding(fm), 2024, 1, TestSpark.settings()).cache();
    Row sx = province(out, "140000");
    // January 2024: appropriation 110 + 60 = 170, revenue 520 + 230 = 750.
    // January 2023: 100 + 50 = 150 and 500 + 200 = 700; December 2023 and February 2024 not counted.
    assertEquals(170.0, d(sx, "education_appropriation_ytd_10k_yuan"), EPS);
    assertEquals(750.0, d(sx, "recurrent_revenue_ytd_10k_yuan"), EPS);
    // 170 / 150 - 1 = 0.133333; 750 / 700 - 1 = 0.071429
    assertEquals(170.0 / 150.0 - 1, d(sx, "education_appropriation_ytd_growth"), EPS);
    assertEquals(750.0 / 700.0 - 1, d(sx, "recurrent_revenue_ytd_growth"), EPS);
    assertEquals(2024, (int) sx.getAs("year"));
    assertEquals(1, (int) sx.getAs("month"));
    // Henan: no January 2023: the YTD is there, its growth null with a reason.
    Row ha = province(out, "410000");
    assertEquals(30.0, d(ha, "education_appropriation_ytd_10k_yuan"), EPS);
    assertNull(d(ha, "education_appropriation_ytd_growth"));
    assertTrue(((String) ha.getAs("null_reason")).contains("months 1-1 of 2023 incomplete (0 reported)"),
        (String) ha.getAs("null_reason"));

    // March 2024 of Shanxi: only January and February of 2024 delivered, so no growth.
    Row mar = province(compute(funding(fm), 2024, 3, TestSpark.settings()), "140000");
    // 110 + 50 + 60 = 220
    assertEquals(220.0, d(mar, "education_appropriation_ytd_10k_yuan"), EPS);
    assertNull(d(mar, "education_appropriation_ytd_growth"));
  }

  @Test
  void countiesMeetingInTheYearsKnownAndYearToDateCounts() {
    SparkSession spark = TestSpark.spark();
    Dataset<Row> basic = spark.sql("SELECT * FROM VALUES "
        + "(2023, '140105', 'primary', true), (2023, '140105', 'junior', true),"
        + "(2023, '140211', 'primary', true), (2023, '140211', 'junior', false),"
        + "(2023, '140212', 'primary', true),"
        + "(2024, '140105', 'primary', false), (2024, '140105', 'junior', true)"
        + " AS t(school_year, county_code, level, meets_standard)");
    Dataset<Row> quality = spark.sql("SELECT * FROM VALUES "
        + "(2023, '140105', 'primary', true), (2023, '140105', 'junior', true),"
        + "(2023, '140211', 'primary', CAST(NULL AS BOOLEAN))"
        + " AS t(school_year, county_code, level, meets_standard)");
    Dataset<Row> three = spark.sql("SELECT * FROM VALUES "
        + "(2022, '140105', 'county', true), (2022, '140211', 'county', true),"
        + "(2023, '140105', 'county', true), (2023, '140211', 'county', false),"
        + "(2023, '140100', 'city', true)"
        + " AS t(fiscal_year, county_code, region_level, all_increases_met)");
    Dataset<Row> schools = spark.sql("SELECT * FROM VALUES "
        + "(2023, '1401050001', '140105'), (2023, '1402110001', '140211'), (2024, '1401050001', '140105')"
        + " AS t(school_year, school_id, county_code)");
    Dataset<Row> changes = spark.sql("SELECT * FROM VALUES "
        + "(2024, 3, '1401050001', 2, 'dropout', 3, 2023), (2024, 8, '1402110001', 8, 'dropout', 2, 2023),"
        + "(2023, 12, '1401050001', 2, 'dropout', 5, 2023), (2024, 4, '1401050001', 2, 'transfer_out', 7, 2023),"
        + "(2024, 9, '1401050001', 2, 'dropout', 11, 2024)"
        + " AS t(year, month, school_id, grade, change_type, students, school_year)");
    Dataset<Row> flows = spark.sql("SELECT * FROM VALUES "
        + "('T1', 'rotation', '1401050001', 2023, 2024, 2), ('T1', 'rotation', '1402110001', 2023, 2024, 5),"
        + "('T2', 'support', '1401050001', 2023, 2024, 3), ('T3', 'transfer', '1401050001', 2023, 2024, 3),"
        + "('T4', 'rotation', '1401050001', 2023, 2023, 11)"
        + " AS t(teacher_id, flow_type, from_school_id, school_year, year, month)");

    // August 2024: school year 2024 not yet taken (Sept 1), so 2023 is judged; final accounts of
    // 2023 known from the end of August 2024 (rollup.final_accounts_known_month = 8).
    Row aug = province(compute(annual(changes, flows, schools, basic, quality, three), 2024, 8, TestSpark.settings()), "140000");
    assertEquals(2023, (int) aug.getAs("school_year"));
    // 2023: 140105 both levels met, 140211 junior missed, 140212 primary only and met: 3 counties, 2 meet.
    assertEquals(3L, l(aug, "counties"));
    assertEquals(2L, l(aug, "counties_meeting_basic"));
    // Quality 2023: 140105 met; 140211 null verdict = not met.
    assertEquals(1L, l(aug, "counties_meeting_quality"));
    assertEquals(2023, (int) aug.getAs("fiscal_year"));
    // Fiscal 2023: 140105 met, 140211 not; the city row is not a county.
    assertEquals(1L, l(aug, "counties_meeting_three_increases"));
    assertEquals(2L, l(aug, "counties_three_increases_judged"));
    // Dropouts Jan-Aug 2024: 3 + 2 = 5 (December 2023, the transfer and September not counted).
    assertEquals(5L, l(aug, "dropouts_ytd"));
    // Rotations Jan-Aug 2024: T1 (twice, one teacher) and T2 (support) = 2; T3 transfer, T4 in 2023 not.
    assertEquals(2L, l(aug, "rotations_ytd"));

    // July 2024: fiscal 2023 not known yet, 2022 judged: both counties met.
    Row jul = province(compute(annual(changes, flows, schools, basic, quality, three), 2024, 7, TestSpark.settings()), "140000");
    assertEquals(2022, (int) jul.getAs("fiscal_year"));
    assertEquals(2L, l(jul, "counties_meeting_three_increases"));
    // 3 (March) only; T1 and T2 = 2 rotations.
    assertEquals(3L, l(jul, "dropouts_ytd"));

    // September 2024: school year 2024 taken: only 140105, primary missed -> 1 county, 0 meet;
    // no quality verdicts for 2024: null with a reason. Dropouts 3 + 2 + 11 = 16.
    Row sep = province(compute(annual(changes, flows, schools, basic, quality, three), 2024, 9, TestSpark.settings()), "140000");
    assertEquals(2024, (int) sep.getAs("school_year"));
    assertEquals(1L, l(sep, "counties"));
    assertEquals(0L, l(sep, "counties_meeting_basic"));
    assertNull(l(sep, "counties_meeting_quality"));
    assertTrue(((String) sep.getAs("null_reason")).contains("no quality-balance verdicts for school year 2024"));
    assertEquals(16L, l(sep, "dropouts_ytd"));

    // A province whose final accounts are known from June: July 2024 judges fiscal 2023 there.
    Row early = province(compute(annual(changes, flows, schools, basic, quality, three), 2024, 7,
        TestSpark.settings().with(Map.of("province.14.rollup.final_accounts_known_month", "6"))), "140000");
    assertEquals(2023, (int) early.getAs("fiscal_year"));
  }

  @Test
  void sameMonthTwiceGivesOneIdenticalRow() {
    SparkSession spark = TestSpark.spark();
    Lakehouse lh = TestSpark.freshLakehouse();
    Dataset<Row> fm = funding(spark, "(2023, 5, '140105', 500, 100), (2024, 5, '140105', 520, 110)");
    Row first = null;
    for (int run = 0; run < 2; run++) {
      Dataset<Row> rows = new ProvinceMonthly().compute(funding(fm).forMonth(2024, 5)
          .withVersions(Map.of("silver.funding_monthly", 3L)), TestSpark.settings());
      lh.replaceWhere("gold.province_monthly", rows, "year = 2024 AND month = 5", "year");
      List<Row> stored = lh.read("gold.province_monthly").where("year = 2024 AND month = 5").collectAsList();
      assertEquals(1, stored.size());
      if (first == null) first = stored.get(0);
      else assertEquals(first, stored.get(0));
    }
    // May 2024 only (months 1-4 missing in both years): YTD 110, growth null.
    assertEquals(110.0, d(first, "education_appropriation_ytd_10k_yuan"), EPS);
    assertNull(d(first, "education_appropriation_ytd_growth"));
    Map<String, Long> versions = first.getJavaMap(first.fieldIndex("table_versions"));
    assertEquals(3L, versions.get("silver.funding_monthly"));
    // The column comments land in the Delta table.
    String comment = lh.read("gold.province_monthly").schema().apply("dropouts_ytd").getComment().get();
    assertTrue(comment.contains("dropout"));
  }

  @Test
  void asOfARunReadsTheFigureBeforeACorrection() {
    SparkSession spark = TestSpark.spark();
    Lakehouse lh = TestSpark.freshLakehouse();
    Timestamp t0 = new Timestamp(System.currentTimeMillis());
    lh.replaceWhere("silver.funding_monthly", funding(spark, "(2024, 1, '140105', 500, 100)"), "year = 2024", "year");
    long run1 = RunLog.record(lh, "ingest", "--inbox first", t0);
    // A correction of January 2024: 100 -> 120.
    lh.replaceWhere("silver.funding_monthly", funding(spark, "(2024, 1, '140105', 500, 120)"), "year = 2024", "year");
    long run2 = RunLog.record(lh, "ingest", "--inbox second", t0);
    assertEquals(run1 + 1, run2);

    Dataset<Row> then = lh.readAsOf("silver.funding_monthly", String.valueOf(run1));
    Dataset<Row> now = lh.readAsOf("silver.funding_monthly", String.valueOf(run2));
    Row asOfThen = province(compute(funding(then), 2024, 1, TestSpark.settings()), "140000");
    Row asOfNow = province(compute(funding(now), 2024, 1, TestSpark.settings()), "140000");
    assertEquals(100.0, d(asOfThen, "education_appropriation_ytd_10k_yuan"), EPS);
    assertEquals(120.0, d(asOfNow, "education_appropriation_ytd_10k_yuan"), EPS);
    // The version the first run left is the one before the correction.
    assertEquals(lh.version("silver.funding_monthly") - 1,
        (long) lh.versionsAsOf(String.valueOf(run1)).get("silver.funding_monthly"));
  }

  @Test
  void badMonthIsAUsageError() {
    assertThrows(Args.UsageException.class, () -> RollupJob.parseMonth("2024-13"));
    assertThrows(Args.UsageException.class, () -> RollupJob.parseMonth("2024-1"));
    assertEquals(2, Main.run(new String[] {"rollup", "--month", "March"}));
    assertEquals(2, Main.run(new String[] {"rollup"}));
    assertEquals(2024, RollupJob.parseMonth("2024-03")[0]);
    assertEquals(3, RollupJob.parseMonth("2024-03")[1]);
  }

  /** The rollup of one month from the given inputs. */
  private static Dataset<Row> compute(Inputs in, int year, int month, Settings settings) {
    return new ProvinceMonthly().compute(in.forMonth(year, month), settings);
  }

  private static Inputs funding(Dataset<Row> fundingMonthly) {
    return Inputs.none().with("silver.funding_monthly", fundingMonthly);
  }

  private static Inputs annual(Dataset<Row> changes, Dataset<Row> flows, Dataset<Row> schools, Dataset<Row> basic,
      Dataset<Row> quality, Dataset<Row> three) {
    return Inputs.none().with("silver.student_changes", changes).with("silver.teacher_flows", flows)
        .with("silver.schools", schools).with("gold.county_balance_basic", basic)
        .with("gold.county_balance_quality", quality).with("gold.three_increases", three);
  }
}
