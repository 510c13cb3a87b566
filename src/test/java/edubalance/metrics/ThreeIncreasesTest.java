package edubalance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.conf.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

public class ThreeIncreasesTest {
  private static final double EPS = 1e-9;
  private static final String[] AMOUNTS = {"recurrent_revenue_10k_yuan",
      "education_appropriation_10k_yuan", "general_expenditure_10k_yuan",
      "expenditure_per_student_primary_yuan", "expenditure_per_student_junior_yuan",
      "public_funds_per_student_primary_yuan", "public_funds_per_student_junior_yuan",
      "avg_teacher_salary_yuan", "avg_civil_servant_salary_yuan", "gdp_10k_yuan",
      "fiscal_education_funds_10k_yuan"};

  private static Dataset<Row> funding;

  /** silver.funding as in docs/SILVER.md. */
  public static Dataset<Row> funding(SparkSession spark, List<Object[]> rows) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("fiscal_year", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("county_code", DataTypes.StringType, false));
    for (String a : AMOUNTS) fields.add(DataTypes.createStructField(a, DataTypes.DoubleType, true));
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) out.add(RowFactory.create(r));
    return spark.createDataFrame(out, new StructType(fields.toArray(new StructField[0])));
  }

  @BeforeAll
  static void setUp() {
    // columns: year, county, revenue, appropriation, general expenditure, expenditure/student
    // primary, junior, public funds/student primary, junior, teacher salary, civil-servant
    // salary, GDP, fiscal education funds
    funding = funding(TestSpark.spark(), Arrays.asList(
        // A: the docs/METHODS.md §6 example; junior expenditure per student not supplied in either year.
        new Object[] {2022, "410102", 100000.0, 20000.0, 80000.0, 10000.0, null, 800.0, 1000.0, 80000.0, 85000.0, 2000000.0, 90000.0},
        new Object[] {2023, "410102", 104000.0, 21000.0, 82000.0, 10500.0, null, 840.0, 990.0, 84000.0, 84000.0, 2100000.0, 86100.0},
        // B: same city; no per-student figures, no fiscal education funds.
        new Object[] {2022, "410103", 50000.0, 9000.0, 40000.0, null, null, null, null, null, null, 1000000.0, null},
        new Object[] {2023, "410103", 51000.0, 9090.0, 42000.0, null, null, null, null, null, null, 1050000.0, null},
        // C: another city of province 41, delivered in 2023 only.
        new Object[] {2023, "410202", 10000.0, 2000.0, null, null, null, null, null, null, null, null, null},
        // D: province 42; primary expenditure per student missing in 2022, junior grows.
        new Object[] {2022, "420101", 1000.0, 100.0, null, null, 6000.0, null, null, null, null, 20000.0, 900.0},
        new Object[] {2023, "420101", 1100.0, 120.0, null, 5000.0, 6600.0, null, null, null, null, 20000.0, 900.0}));
  }

  private static Row row(Dataset<Row> result, int year, String level, String code) {
    List<Row> rows = result.where("fiscal_year = " + year + " AND region_level = '" + level
        + "' AND county_code = '" + code + "'").collectAsList();
    assertEquals(1, rows.size(), "one row for " + year + " " + level + " " + code);
    return rows.get(0);
  }

  private static double d(Row r, String c) {
    Object v = r.getAs(c);
    assertTrue(v != null, c + " should not be null");
    return ((Number) v).doubleValue();
  }

  @Test
  void methodsExampleFirstIncreaseMet() {
    Row a = row(ThreeIncreases.compute(funding, TestSpark.settings()), 2023, "county", "410102");
    // revenue 100,000 -> 104,000: 104000/100000 - 1 = 0.04
    assertEquals(0.04, d(a, "recurrent_revenue_growth"), EPS);
    // appropriation 20,000 -> 21,000: 21000/20000 - 1 = 0.05
    assertEquals(0.05, d(a, "education_appropriation_growth"), EPS);
    // by how much: 0.05 - 0.04 = 0.01
    assertEquals(0.01, d(a, "appropriation_growth_margin"), EPS);
    assertTrue((Boolean) a.getAs("appropriation_outpaces_revenue"));
    assertEquals(100000.0, d(a, "prior_recurrent_revenue_10k_yuan"), EPS);
    assertEquals(104000.0, d(a, "recurrent_revenue_10k_yuan"), EPS);
    // increase 2: primary 10,000 -> 10,500 = +0.05; junior not supplied, so ignored -> met
    assertEquals(0.05, d(a, "expenditure_per_student_primary_growth"), EPS);
    assertNull(a.getAs("expenditure_per_student_junior_growth"));
    assertTrue((Boolean) a.getAs("expenditure_per_student_increased"));
    // increase 3: primary 800 -> 840 = +0.05, junior 1000 -> 990 = -0.01 -> not met
    assertEquals(0.05, d(a, "public_funds_per_student_primary_growth"), EPS);
    assertEquals(-0.01, d(a, "public_funds_per_student_junior_growth"), EPS);
    assertEquals(0.05, d(a, "teacher_salary_growth"), EPS); // 84000/80000 - 1
    assertFalse((Boolean) a.getAs("public_funds_per_student_increased"));
    assertFalse((Boolean) a.getAs("all_increases_met"));
    // share 21000/82000 = 0.2560976; prior 20000/80000 = 0.25; change +0.0060976
    assertEquals(21000.0 / 82000.0, d(a, "education_share_of_expenditure"), EPS);
    assertEquals(0.25, d(a, "prior_education_share_of_expenditure"), EPS);
    assertEquals(0.0060975610, d(a, "education_share_change"), 1e-9);
    assertTrue((Boolean) a.getAs("education_share_not_falling"));
    // 86,100 / 2,100,000 = 0.041 >= 0.04 floor
    assertEquals(0.041, d(a, "fiscal_education_funds_share_of_gdp"), EPS);
    assertEquals(0.04, d(a, "education_funds_gdp_floor"), EPS);
    assertTrue((Boolean) a.getAs("education_funds_gdp_floor_met"));
    // 84,000 / 84,000 = 1.0 >= 1.0
    assertEquals(1.0, d(a, "teacher_salary_vs_civil_servant"), EPS);
    assertTrue((Boolean) a.getAs("teacher_salary_not_below_civil_servant"));
    // the only null figure is the junior growth, not supplied
    assertEquals("expenditure_per_student_junior_growth:not_supplied", a.getAs("null_reason"));
  }

  @Test
  void missingPriorYearGivesNullsWithReason() {
    Dataset<Row> result = ThreeIncreases.compute(funding, TestSpark.settings());
    Row a = row(result, 2022, "county", "410102");
    for (String c : new String[] {"recurrent_revenue_growth", "education_appropriation_growth",
        "appropriation_outpaces_revenue", "expenditure_per_student_primary_growth",
        "expenditure_per_student_increased", "public_funds_per_student_increased",
        "teacher_salary_growth", "all_increases_met", "education_share_change",
        "education_share_not_falling"}) {
      assertNull(a.getAs(c), c);
    }
    assertTrue(((String) a.getAs("null_reason")).contains("no_prior_year"));
    // year-t proportions need no prior year: 20000/80000 = 0.25, 90000/2,000,000 = 0.045
    assertEquals(0.25, d(a, "education_share_of_expenditure"), EPS);
    assertEquals(0.045, d(a, "fiscal_education_funds_share_of_gdp"), EPS);
    // C has no 2022 row at all
    Row c = row(result, 2023, "county", "410202");
    assertNull(c.getAs("appropriation_outpaces_revenue"));
    assertTrue(((String) c.getAs("null_reason")).contains("no_prior_year"));
  }

  @Test
  void levelNotSuppliedIsIgnoredAndNoLevelGivesNull() {
    Dataset<Row> result = ThreeIncreases.compute(funding, TestSpark.settings());
    Row b = row(result, 2023, "county", "410103");
    // revenue 50,000 -> 51,000 = +0.02; appropriation 9,000 -> 9,090 = +0.01: not met, by -0.01
    assertEquals(0.02, d(b, "recurrent_revenue_growth"), EPS);
    assertEquals(0.01, d(b, "education_appropriation_growth"), EPS);
    assertEquals(-0.01, d(b, "appropriation_growth_margin"), EPS);
    assertFalse((Boolean) b.getAs("appropriation_outpaces_revenue"));
    // no level supplied: null with reason, never false
    assertNull(b.getAs("expenditure_per_student_increased"));
    assertNull(b.getAs("public_funds_per_student_increased"));
    assertNull(b.getAs("all_increases_met"));
    String reason = b.getAs("null_reason");
    assertTrue(reason.contains("expenditure_per_student_increased:no_level_supplied"), reason);
    assertTrue(reason.contains("public_funds_per_student_increased:no_level_supplied"), reason);
    assertTrue(reason.contains("fiscal_education_funds_share_of_gdp:not_supplied"), reason);

    // D: primary supplied in 2023 but not 2022 -> its growth is unknown; junior 6000 -> 6600 =
    // +0.10. The verdict is unknown (null), not false and not true.
    Row d = row(result, 2023, "county", "420101");
    assertEquals(0.10, d(d, "expenditure_per_student_junior_growth"), EPS);
    assertNull(d.getAs("expenditure_per_student_primary_growth"));
    assertNull(d.getAs("expenditure_per_student_increased"));
    assertTrue(((String) d.getAs("null_reason"))
        .contains("expenditure_per_student_primary_growth:prior_not_supplied"));
    // revenue +0.10, appropriation 100 -> 120 = +0.20: met
    assertTrue((Boolean) d.getAs("appropriation_outpaces_revenue"));
  }

  @Test
  void cityAndProvinceSumTheirCounties() {
    Dataset<Row> result = ThreeIncreases.compute(funding, TestSpark.settings());
    Row city = row(result, 2023, "city", "410100");
    assertEquals(2L, ((Number) city.getAs("counties")).longValue());
    // revenue 150,000 -> 155,000: 155000/150000 - 1 = 0.0333333
    assertEquals(155000.0, d(city, "recurrent_revenue_10k_yuan"), EPS);
    assertEquals(155000.0 / 150000.0 - 1, d(city, "recurrent_revenue_growth"), EPS);
    // appropriation 29,000 -> 30,090: 30090/29000 - 1 = 0.0375862 > 0.0333333: met
    assertEquals(30090.0 / 29000.0 - 1, d(city, "education_appropriation_growth"), EPS);
    assertTrue((Boolean) city.getAs("appropriation_outpaces_revenue"));
    // share 30090/124000 = 0.2426613 vs 29000/120000 = 0.2416667: not falling
    assertEquals(30090.0 / 124000.0, d(city, "education_share_of_expenditure"), EPS);
    assertTrue((Boolean) city.getAs("education_share_not_falling"));
    // per-student figures are not additive: null with the reason
    assertNull(city.getAs("expenditure_per_student_primary_yuan"));
    assertNull(city.getAs("expenditure_per_student_increased"));
    assertNull(city.getAs("teacher_salary_vs_civil_servant"));
    assertNull(city.getAs("all_increases_met"));
    String reason = city.getAs("null_reason");
    assertTrue(reason.contains("expenditure_per_student_increased:not_additive"), reason);
    // B supplies no fiscal education funds: no city sum, rather than a partial one
    assertNull(city.getAs("fiscal_education_funds_10k_yuan"));
    assertTrue(reason.contains("fiscal_education_funds_share_of_gdp:not_supplied_by_every_county"), reason);

    // Province 41: counties A, B in 2022 but A, B, C in 2023 -> sums not comparable
    Row province = row(result, 2023, "province", "410000");
    assertEquals(3L, ((Number) province.getAs("counties")).longValue());
    assertEquals(165000.0, d(province, "recurrent_revenue_10k_yuan"), EPS); // 104000+51000+10000
    assertNull(province.getAs("recurrent_revenue_growth"));
    assertNull(province.getAs("appropriation_outpaces_revenue"));
    assertTrue(((String) province.getAs("null_reason")).contains("county_set_changed"));
  }

  @Test
  void provinceOverrideOfTheGdpFloor() {
    Settings strict = TestSpark.settings().with(Map.of("province.42.finance.education_funds_gdp_floor", "0.05"));
    Dataset<Row> result = ThreeIncreases.compute(funding, strict);
    // D: 900 / 20,000 = 0.045: below Hubei's (42) 0.05 floor, while province 41 keeps 0.04
    Row d = row(result, 2023, "county", "420101");
    assertEquals(0.045, d(d, "fiscal_education_funds_share_of_gdp"), EPS);
    assertEquals(0.05, d(d, "education_funds_gdp_floor"), EPS);
    assertFalse((Boolean) d.getAs("education_funds_gdp_floor_met"));
    Row a = row(result, 2023, "county", "410102");
    assertEquals(0.04, d(a, "education_funds_gdp_floor"), EPS);
  }

  @Test
  void everyColumnHasAComment() {
    Dataset<Row> result = ThreeIncreases.compute(funding, TestSpark.settings());
    for (StructField f : result.schema().fields()) {
      assertTrue(f.metadata().contains("comment"), f.name());
    }
  }
}
