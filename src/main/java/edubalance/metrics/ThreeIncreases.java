package edubalance.metrics;

import static edubalance.lakehouse.Joins.using;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import edubalance.codes.Regions;
import edubalance.conf.ProvinceColumns;
import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import edubalance.lakehouse.NullReasons;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.three_increases: the three increases and two proportions (三个增长, 两个比例) of education
 * funding, per fiscal year and region (docs/METHODS.md §6). Fiscal year t is judged against t−1 with
 * growth g(v) = v_t / v_{t−1} − 1:
 *
 * <ol>
 *   <li>{@code appropriation_outpaces_revenue}: g(education appropriation) > g(recurrent revenue);
 *   <li>{@code expenditure_per_student_increased}: per-student education expenditure grows at each
 *       level (primary, junior) supplied;
 *   <li>{@code public_funds_per_student_increased}: per-student public funds grow at each level
 *       supplied, and the average teacher salary grows where it is supplied.
 * </ol>
 *
 * <p>County rows judge each county. City and province rows (codes: first 4 digits + {@code 00},
 * first 2 + {@code 0000}) add up their counties' additive amounts (revenue, appropriation,
 * expenditure, GDP, fiscal education funds) and judge the first increase and the two proportions
 * on the sums; per-student and salary figures cannot be added, so they and increases 2 and 3 are
 * null there (reason {@code not_additive}). A region's sum is only formed when every county
 * delivered in that year supplies the amount, and its growth only when the same counties are
 * delivered in both years, so a county missing from one year never looks like a fall.
 *
 * <p>Nothing is judged from missing data: a missing prior year gives null growths and verdicts
 * with reason {@code no_prior_year}; a level not supplied is left out of the verdict; a verdict
 * with no level supplied is null. {@code null_reason} lists {@code column:reason} for every null
 * figure, separated by {@code "; "}.
 */
public final class ThreeIncreases implements GoldModel {
  public ThreeIncreases() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.three_increases";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("fiscal_year", "region_level", "county_code"); }
  @Override public String yearColumn() { return "fiscal_year"; }
  @Override public List<String> inputs() { return List.of("silver.funding"); }
  /** Growth is against the prior fiscal year: a rebuilt year reads the one before it too. */
  @Override public int priorYears() { return 1; }

  @Override public Dataset<Row> compute(Inputs in, Settings settings) { return compute(in.get("silver.funding"), settings); }

  /** Amounts that add up from counties to their city and province. */
  static final List<String> ADDITIVE = List.of("recurrent_revenue_10k_yuan",
      "education_appropriation_10k_yuan", "general_expenditure_10k_yuan", "gdp_10k_yuan",
      "fiscal_education_funds_10k_yuan");
  /** Averages per student or per teacher: meaningful for a county only. */
  static final List<String> NOT_ADDITIVE = List.of("expenditure_per_student_primary_yuan",
      "expenditure_per_student_junior_yuan", "public_funds_per_student_primary_yuan",
      "public_funds_per_student_junior_yuan", "avg_teacher_salary_yuan",
      "avg_civil_servant_salary_yuan");

  /**
   * @param funding silver.funding (fiscal_year INT, county_code STRING and the DOUBLE amounts of
   *     docs/SILVER.md)
   * @return gold.three_increases, one row per fiscal_year, region_level and county_code (the
   *     county, city or province code)
   */
  public static Dataset<Row> compute(Dataset<Row> funding, Settings settings) {
    Dataset<Row> regions = regionYears(funding);

    // The same region one year earlier, joined onto year t.
    List<Column> priorCols = new ArrayList<>();
    priorCols.add(col("fiscal_year").plus(1).as("fiscal_year"));
    priorCols.add(col("region_level"));
    priorCols.add(col("county_code"));
    priorCols.add(col("counties_list").as("prior_counties_list"));
    priorCols.add(lit(true).as("prior_exists"));
    for (String c : ADDITIVE) priorCols.add(col(c).as("prior_" + c));
    for (String c : NOT_ADDITIVE) priorCols.add(col(c).as("prior_" + c));
    Dataset<Row> prior = regions.select(priorCols.toArray(new Column[0]));

    Dataset<Row> joined = regions.join(prior,
        using("fiscal_year", "region_level", "county_code"), "left");

    return judge(joined, settings);
  }

  /** County rows plus city and province rows summing their counties' additive amounts. */
  private static Dataset<Row> regionYears(Dataset<Row> funding) {
    List<Column> county = new ArrayList<>();
    county.add(col("fiscal_year"));
    county.add(lit("county").as("region_level"));
    county.add(col("county_code"));
    county.add(lit(1L).as("counties"));
    county.add(array(col("county_code")).as("counties_list"));
    for (String c : ADDITIVE) county.add(col(c).cast("double").as(c));
    for (String c : NOT_ADDITIVE) county.add(col(c).cast("double").as(c));
    Dataset<Row> counties = funding.select(county.toArray(new Column[0]));

    return counties.unionByName(sumOfCounties(funding));
  }

  /** City and province rows: their counties' additive amounts summed. */
  private static Dataset<Row> sumOfCounties(Dataset<Row> funding) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("counties"));
    aggs.add(array_sort(collect_list(col("county_code"))).as("counties_list"));
    // A region's amount is the sum only when every county delivered that year supplies it.
    for (String c : ADDITIVE) {
      aggs.add(when(count(col(c)).equalTo(count(lit(1))), sum(col(c).cast("double"))).as(c));
    }
    List<Column> out = new ArrayList<>();
    out.add(col("fiscal_year"));
    out.add(col("region_level"));
    out.add(col("county_code"));
    out.add(col("counties"));
    out.add(col("counties_list"));
    for (String c : ADDITIVE) out.add(col(c));
    for (String c : NOT_ADDITIVE) out.add(lit(null).cast("double").as(c));
    return Regions.rollUp(funding, "county_code", "region_level", List.of(col("fiscal_year")), aggs)
        .select(out.toArray(new Column[0]));
  }

  /** Year t against t−1: the growths, the three increases, the two proportions, the salaries. */
  private static Dataset<Row> judge(Dataset<Row> j, Settings settings) {
    Dataset<Row> d = j;
    for (String[] g : GROWTHS) d = d.withColumn(g[1], growth(g[0]));
    return proportions(increases(d), settings).select(described().toArray(new Column[0]));
  }

  /** A county row (its per-student and salary figures are meaningful). */
  private static Column isCounty() {
    return col("region_level").equalTo("county");
  }

  private static Column hasPrior() {
    return col("prior_exists").isNotNull();
  }

  /** Same counties behind both years' sums (always true for a county row with a prior year). */
  private static Column comparable() {
    return hasPrior().and(col("counties_list").equalTo(col("prior_counties_list")));
  }

  /** Each amount judged by its growth, and the growth's column. */
  private static final String[][] GROWTHS = {
      {"recurrent_revenue_10k_yuan", "recurrent_revenue_growth"},
      {"education_appropriation_10k_yuan", "education_appropriation_growth"},
      {"expenditure_per_student_primary_yuan", "expenditure_per_student_primary_growth"},
      {"expenditure_per_student_junior_yuan", "expenditure_per_student_junior_growth"},
      {"public_funds_per_student_primary_yuan", "public_funds_per_student_primary_growth"},
      {"public_funds_per_student_junior_yuan", "public_funds_per_student_junior_growth"},
      {"avg_teacher_salary_yuan", "teacher_salary_growth"}};

  private static Column publicFundsSupplied() {
    return col("public_funds_per_student_primary_yuan").isNotNull()
        .or(col("public_funds_per_student_junior_yuan").isNotNull());
  }

  /** The three increases from the growths, and all three together. */
  private static Dataset<Row> increases(Dataset<Row> d) {
    Column inc1 = col("education_appropriation_growth").gt(col("recurrent_revenue_growth"));
    Column inc2 = atEachLevelSupplied(
        col("expenditure_per_student_primary_yuan"), col("expenditure_per_student_primary_growth"),
        col("expenditure_per_student_junior_yuan"), col("expenditure_per_student_junior_growth"));
    // Salary must grow where supplied; a salary not supplied is left out.
    Column salaryTerm = when(col("avg_teacher_salary_yuan").isNull(), lit(true))
        .otherwise(col("teacher_salary_growth").gt(0));
    Column inc3 = when(publicFundsSupplied(), atEachLevelSupplied(
        col("public_funds_per_student_primary_yuan"), col("public_funds_per_student_primary_growth"),
        col("public_funds_per_student_junior_yuan"), col("public_funds_per_student_junior_growth")).and(salaryTerm));
    return d
        .withColumn("appropriation_growth_margin",
            col("education_appropriation_growth").minus(col("recurrent_revenue_growth")))
        .withColumn("appropriation_outpaces_revenue", inc1)
        .withColumn("expenditure_per_student_increased", inc2)
        .withColumn("public_funds_per_student_increased", inc3)
        .withColumn("all_increases_met", when(inc1.isNotNull().and(inc2.isNotNull()).and(inc3.isNotNull()),
            inc1.and(inc2).and(inc3)));
  }

  /** The two proportions (education's share of expenditure, of GDP) and the teachers' salary ratio. */
  private static Dataset<Row> proportions(Dataset<Row> d, Settings settings) {
    Column province = Regions.province2(col("county_code"));
    Column share = ratio(col("education_appropriation_10k_yuan"), col("general_expenditure_10k_yuan"));
    Column priorShare = when(comparable(),
        ratio(col("prior_education_appropriation_10k_yuan"), col("prior_general_expenditure_10k_yuan")));
    Column shareChange = share.minus(priorShare);
    Column gdpShare = ratio(col("fiscal_education_funds_10k_yuan"), col("gdp_10k_yuan"));
    Column gdpFloor = ProvinceColumns.doubleValue(settings, "finance.education_funds_gdp_floor", province);
    Column salaryRatio = ratio(col("avg_teacher_salary_yuan"), col("avg_civil_servant_salary_yuan"));
    Column salaryMin = ProvinceColumns.doubleValue(settings, "finance.teacher_salary_min_ratio_to_civil_servant",
        province);
    return d
        .withColumn("prior_education_share_of_expenditure", priorShare)
        .withColumn("education_share_of_expenditure", share)
        .withColumn("education_share_change", shareChange)
        .withColumn("education_share_not_falling", shareChange.geq(0))
        .withColumn("fiscal_education_funds_share_of_gdp", gdpShare)
        .withColumn("education_funds_gdp_floor", gdpFloor)
        .withColumn("education_funds_gdp_floor_met", gdpShare.geq(gdpFloor))
        .withColumn("teacher_salary_vs_civil_servant", salaryRatio)
        .withColumn("teacher_salary_min_ratio", salaryMin)
        .withColumn("teacher_salary_not_below_civil_servant", salaryRatio.geq(salaryMin));
  }

  /** One "column:reason" entry per null figure. */
  private static NullReasons nullReasons() {
    Column isCounty = isCounty();
    Column comparable = comparable();
    NullReasons reasons = new NullReasons()
        .when(not(hasPrior()), "no_prior_year")
        .when(hasPrior().and(not(comparable)), "county_set_changed");
    for (String[] g : GROWTHS) {
      if (NOT_ADDITIVE.contains(g[0])) {
        reasons.when(isCounty.and(comparable), growthReason(g[0], g[1], true));
      } else {
        reasons.when(comparable, growthReason(g[0], g[1], isCounty));
      }
    }
    return reasons
        .when(isCounty.and(comparable).and(col("expenditure_per_student_primary_yuan").isNull())
            .and(col("expenditure_per_student_junior_yuan").isNull()),
            "expenditure_per_student_increased:no_level_supplied")
        .when(isCounty.and(comparable).and(not(publicFundsSupplied())),
            "public_funds_per_student_increased:no_level_supplied")
        .when(not(isCounty), "expenditure_per_student_increased:not_additive; "
            + "public_funds_per_student_increased:not_additive; teacher_salary_vs_civil_servant:not_additive")
        .add(ratioReason("education_share_of_expenditure", "education_appropriation_10k_yuan",
            "general_expenditure_10k_yuan", isCounty))
        .when(comparable.and(col("education_share_of_expenditure").isNotNull())
            .and(col("prior_education_share_of_expenditure").isNull()),
            "education_share_change:prior_share_unknown")
        .add(ratioReason("fiscal_education_funds_share_of_gdp", "fiscal_education_funds_10k_yuan",
            "gdp_10k_yuan", isCounty))
        .when(isCounty, ratioReason("teacher_salary_vs_civil_servant", "avg_teacher_salary_yuan",
            "avg_civil_servant_salary_yuan", lit(true)));
  }

  /** The table's columns, each with its rule. */
  private static List<Column> described() {
    return List.of(
        Described.as(col("fiscal_year"), "fiscal_year", "fiscal year t of the final accounts (决算), judged against t-1"),
        Described.as(col("county_code"), "county_code",
            "region code: the county (region_level county), or the city (first 4 digits + 00) or province (first 2 + 0000)"),
        Described.as(col("region_level"), "region_level", "county, city or province; city and province rows sum their counties' additive amounts"),
        Described.as(col("counties"), "counties", "counties whose funding rows make up the row in year t (1 for a county)"),
        Described.as(col("prior_recurrent_revenue_10k_yuan"), "prior_recurrent_revenue_10k_yuan",
            "recurrent general budget revenue (一般公共预算经常性收入) of year t-1, 10k yuan"),
        Described.as(col("recurrent_revenue_10k_yuan"), "recurrent_revenue_10k_yuan",
            "recurrent general budget revenue of year t, 10k yuan"),
        Described.as(col("recurrent_revenue_growth"), "recurrent_revenue_growth", "revenue_t / revenue_(t-1) - 1, fraction (docs/METHODS.md §6)"),
        Described.as(col("prior_education_appropriation_10k_yuan"), "prior_education_appropriation_10k_yuan",
            "education appropriation (教育财政拨款) of year t-1, 10k yuan"),
        Described.as(col("education_appropriation_10k_yuan"), "education_appropriation_10k_yuan",
            "education appropriation of year t, 10k yuan"),
        Described.as(col("education_appropriation_growth"), "education_appropriation_growth", "appropriation_t / appropriation_(t-1) - 1, fraction (docs/METHODS.md §6)"),
        Described.as(col("appropriation_growth_margin"), "appropriation_growth_margin",
            "education_appropriation_growth - recurrent_revenue_growth: by how much increase 1 is met (> 0) or missed"),
        Described.as(col("appropriation_outpaces_revenue"), "appropriation_outpaces_revenue",
            "increase 1: education appropriation grows faster than recurrent revenue (docs/METHODS.md §6)"),
        Described.as(col("prior_expenditure_per_student_primary_yuan"), "prior_expenditure_per_student_primary_yuan",
            "education expenditure per primary student (生均教育经费) in t-1, yuan; null at city/province (not additive)"),
        Described.as(col("expenditure_per_student_primary_yuan"), "expenditure_per_student_primary_yuan",
            "education expenditure per primary student in t, yuan; null at city/province (not additive)"),
        Described.as(col("expenditure_per_student_primary_growth"), "expenditure_per_student_primary_growth", "growth of expenditure per primary student, fraction"),
        Described.as(col("prior_expenditure_per_student_junior_yuan"), "prior_expenditure_per_student_junior_yuan",
            "education expenditure per junior student in t-1, yuan; null at city/province (not additive)"),
        Described.as(col("expenditure_per_student_junior_yuan"), "expenditure_per_student_junior_yuan",
            "education expenditure per junior student in t, yuan; null at city/province (not additive)"),
        Described.as(col("expenditure_per_student_junior_growth"), "expenditure_per_student_junior_growth", "growth of expenditure per junior student, fraction"),
        Described.as(col("expenditure_per_student_increased"), "expenditure_per_student_increased",
            "increase 2: per-student expenditure grows (> 0) at each level supplied in t; null when no level is supplied"),
        Described.as(col("prior_public_funds_per_student_primary_yuan"), "prior_public_funds_per_student_primary_yuan",
            "public funds per primary student (生均公用经费) in t-1, yuan; null at city/province (not additive)"),
        Described.as(col("public_funds_per_student_primary_yuan"), "public_funds_per_student_primary_yuan",
            "public funds per primary student in t, yuan; null at city/province (not additive)"),
        Described.as(col("public_funds_per_student_primary_growth"), "public_funds_per_student_primary_growth", "growth of public funds per primary student, fraction"),
        Described.as(col("prior_public_funds_per_student_junior_yuan"), "prior_public_funds_per_student_junior_yuan",
            "public funds per junior student in t-1, yuan; null at city/province (not additive)"),
        Described.as(col("public_funds_per_student_junior_yuan"), "public_funds_per_student_junior_yuan",
            "public funds per junior student in t, yuan; null at city/province (not additive)"),
        Described.as(col("public_funds_per_student_junior_growth"), "public_funds_per_student_junior_growth", "growth of public funds per junior student, fraction"),
        Described.as(col("prior_avg_teacher_salary_yuan"), "prior_avg_teacher_salary_yuan",
            "average teacher salary in t-1, yuan; null at city/province (not additive)"),
        Described.as(col("avg_teacher_salary_yuan"), "avg_teacher_salary_yuan",
            "average teacher salary in t, yuan; null at city/province (not additive)"),
        Described.as(col("teacher_salary_growth"), "teacher_salary_growth", "growth of the average teacher salary, fraction"),
        Described.as(col("public_funds_per_student_increased"), "public_funds_per_student_increased",
            "increase 3: per-student public funds grow at each level supplied, and teacher salary grows where supplied; null when no level is supplied"),
        Described.as(col("all_increases_met"), "all_increases_met", "all three increases met; null when any of the three is null"),
        Described.as(col("prior_general_expenditure_10k_yuan"), "prior_general_expenditure_10k_yuan",
            "general budget expenditure (一般公共预算支出) of t-1, 10k yuan"),
        Described.as(col("general_expenditure_10k_yuan"), "general_expenditure_10k_yuan",
            "general budget expenditure of t, 10k yuan"),
        Described.as(col("prior_education_share_of_expenditure"), "prior_education_share_of_expenditure", "education_share_of_expenditure of t-1, fraction"),
        Described.as(col("education_share_of_expenditure"), "education_share_of_expenditure",
            "proportion 1: education appropriation / general budget expenditure, fraction; should not fall year on year"),
        Described.as(col("education_share_change"), "education_share_change", "education_share_of_expenditure minus its t-1 value, fraction points"),
        Described.as(col("education_share_not_falling"), "education_share_not_falling", "education share of expenditure did not fall against t-1"),
        Described.as(col("gdp_10k_yuan"), "gdp_10k_yuan", "GDP of t, 10k yuan"),
        Described.as(col("fiscal_education_funds_10k_yuan"), "fiscal_education_funds_10k_yuan",
            "fiscal education funds (国家财政性教育经费) of t, 10k yuan"),
        Described.as(col("fiscal_education_funds_share_of_gdp"), "fiscal_education_funds_share_of_gdp", "proportion 2: fiscal education funds / GDP, fraction"),
        Described.as(col("education_funds_gdp_floor"), "education_funds_gdp_floor",
            "floor of fiscal_education_funds_share_of_gdp (conf finance.education_funds_gdp_floor, national 4%)"),
        Described.as(col("education_funds_gdp_floor_met"), "education_funds_gdp_floor_met",
            "fiscal_education_funds_share_of_gdp >= education_funds_gdp_floor"),
        Described.as(col("avg_civil_servant_salary_yuan"), "avg_civil_servant_salary_yuan",
            "average civil-servant salary in t, yuan; null at city/province (not additive)"),
        Described.as(col("teacher_salary_vs_civil_servant"), "teacher_salary_vs_civil_servant",
            "average teacher salary / average civil-servant salary (docs/METHODS.md §5: teachers' not lower)"),
        Described.as(col("teacher_salary_min_ratio"), "teacher_salary_min_ratio",
            "least teacher/civil-servant salary ratio (conf finance.teacher_salary_min_ratio_to_civil_servant)"),
        Described.as(col("teacher_salary_not_below_civil_servant"), "teacher_salary_not_below_civil_servant",
            "teacher_salary_vs_civil_servant >= teacher_salary_min_ratio"),
        nullReasons().asNullReason(
            "why figures are null: '; '-separated column:reason entries (no_prior_year, county_set_changed, not_supplied, prior_zero, no_level_supplied, not_additive ...); null when none is"));
  }

  /** g = v_t / v_{t−1} − 1 when both years are comparable and supplied and v_{t−1} ≠ 0. */
  private static Column growth(String value) {
    Column v = col(value);
    Column p = col("prior_" + value);
    return when(comparable().and(v.isNotNull()).and(p.isNotNull()).and(p.notEqual(0)), v.divide(p).minus(1));
  }

  private static Column growthReason(String value, String name, Column isCounty) {
    Column v = col(value);
    Column p = col("prior_" + value);
    Column notSupplied = when(isCounty, lit("not_supplied")).otherwise(lit("not_supplied_by_every_county"));
    return when(v.isNull(), concat(lit(name + ":"), notSupplied))
        .when(p.isNull(), concat(lit(name + ":prior_"), notSupplied))
        .when(p.equalTo(0), lit(name + ":prior_zero"));
  }

  private static Column growthReason(String value, String name, boolean county) {
    return growthReason(value, name, lit(county));
  }

  /**
   * The verdict "grows at each level supplied" over two levels: a level not supplied in t is left
   * out; a supplied level whose growth is unknown makes the verdict null unless another level has
   * already failed (SQL three-valued AND); no level supplied gives null.
   */
  private static Column atEachLevelSupplied(Column primary, Column primaryGrowth, Column junior,
      Column juniorGrowth) {
    Column p = when(primary.isNull(), lit(true)).otherwise(primaryGrowth.gt(0));
    Column j = when(junior.isNull(), lit(true)).otherwise(juniorGrowth.gt(0));
    return when(primary.isNotNull().or(junior.isNotNull()), p.and(j));
  }

  private static Column ratio(Column num, Column den) {
    return when(num.isNotNull().and(den.isNotNull()).and(den.notEqual(0)), num.divide(den));
  }

  private static Column ratioReason(String name, String num, String den, Column isCounty) {
    Column notSupplied = when(isCounty, lit("not_supplied")).otherwise(lit("not_supplied_by_every_county"));
    return when(col(num).isNull().or(col(den).isNull()), concat(lit(name + ":"), notSupplied))
        .when(col(den).equalTo(0), lit(name + ":" + den.replace("_10k_yuan", "").replace("_yuan", "") + "_zero"));
  }
}
