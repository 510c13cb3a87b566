package edubalance.rollup;

import static edubalance.lakehouse.Joins.using;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import edubalance.codes.Regions;
import edubalance.conf.ProvinceColumns;
import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import edubalance.lakehouse.NullReasons;
import edubalance.metrics.BasicBalance;
import edubalance.metrics.GoldModel;
import edubalance.metrics.Inputs;
import edubalance.metrics.QualityBalance;
import edubalance.metrics.ThreeIncreases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code gold.province_monthly} (省级月度汇总): for a province and month m of year y, the year-to-date
 * education appropriation and recurrent revenue (months 1..m) with their growth against months
 * 1..m of y−1, dropouts and teacher rotations year to date, and how many counties meet basic
 * balance, quality balance and the three increases in the latest school year and fiscal year
 * already known at the end of the month (docs/METHODS.md §9).
 *
 * <p>Every input is filtered on its partition column (year, school_year, fiscal_year) with
 * literals first, so a Delta read only opens the partitions the month needs.
 */
public final class ProvinceMonthly implements GoldModel {
  public ProvinceMonthly() {}

  /** The latest school year whose statistics are taken by the end of (year, month): s with (y, m) ≥ (s, 9). */
  public static int knownSchoolYear(int year, int month, Settings settings) {
    return month >= settings.getInt("rollup.school_year_known_month") ? year : year - 1;
  }

  /** The latest fiscal year whose final accounts are known by the end of (year, month): f with (y, m) ≥ (f+1, X). */
  public static int knownFiscalYear(int year, int month, int knownMonth) {
    return month >= knownMonth ? year - 1 : year - 2;
  }

  static final String FUNDING_MONTHLY = "silver.funding_monthly";
  static final String STUDENT_CHANGES = "silver.student_changes";
  static final String TEACHER_FLOWS = "silver.teacher_flows";
  static final String SCHOOLS = "silver.schools";
  static final String BALANCE_BASIC = BasicBalance.TABLE;
  static final String BALANCE_QUALITY = QualityBalance.TABLE;
  static final String THREE_INCREASES = ThreeIncreases.TABLE;

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.province_monthly";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("province_code", "year", "month"); }
  /** The calendar year of the month: the partition column, rewritten one month at a time. */
  @Override public String yearColumn() { return "year"; }
  @Override public List<String> inputs() { return List.of(); }
  @Override public boolean monthly() { return true; }

  /**
   * silver.funding_monthly (year, month, county_code, amounts);
   * silver.student_changes (year, month, school_id, change_type, students, school_year);
   * silver.teacher_flows (teacher_id, flow_type, from_school_id, school_year, year, month);
   * silver.schools (school_year, school_id, county_code): the county of a change or flow;
   * gold.county_balance_basic and gold.county_balance_quality (school_year, county_code, level, meets_standard);
   * gold.three_increases (fiscal_year, county_code, region_level, all_increases_met).
   */
  @Override
  public List<String> optionalInputs() {
    return List.of(FUNDING_MONTHLY, STUDENT_CHANGES, TEACHER_FLOWS, SCHOOLS, BALANCE_BASIC, BALANCE_QUALITY,
        THREE_INCREASES);
  }

  /**
   * One row per province of the month of {@code in} ({@link Inputs#forMonth}). An absent input
   * leaves its columns null with a reason; {@link Inputs#versions} are published in {@code table_versions}.
   */
  @Override
  public Dataset<Row> compute(Inputs in, Settings settings) {
    if (in.month() < 1 || in.month() > 12) throw new IllegalArgumentException("month must be 1-12: " + in.month());
    Rollup r = new Rollup(in, settings);
    r.fundingYearToDate();
    r.dropouts();
    r.rotations();
    r.balanceVerdicts();
    r.threeIncreasesVerdicts();
    return r.described(r.byProvince());
  }

  /**
   * The rollup of one month being built: each step adds the per-province figures of one input
   * ({@code parts}), or the reason they are null when the input is absent.
   */
  private static final class Rollup {
    final int year;
    final int month;
    final Settings settings;
    final Inputs in;
    final int lookback;
    /** The school year judged (or the latest earlier one within lookback). */
    final int schoolYear;
    /** silver.schools of this and the previous school year, with their province. */
    final Dataset<Row> schools;
    final List<Dataset<Row>> parts = new ArrayList<>();
    final NullReasons reasons = new NullReasons();
    Dataset<Row> basic;
    Dataset<Row> quality;

    Rollup(Inputs in, Settings settings) {
      this.in = in;
      this.settings = settings;
      this.year = in.year();
      this.month = in.month();
      this.lookback = settings.getInt("rollup.lookback_years");
      this.schoolYear = knownSchoolYear(year, month, settings);
      Dataset<Row> sch = in.orNull(SCHOOLS);
      this.schools = sch == null ? null : sch.where(col("school_year").isin(year - 1, year))
          .select(col("school_year"), col("school_id"), Regions.provinceCode(col("county_code")).as("province_code"));
    }

    /** Year to date: months 1..m of y against months 1..m of y-1. */
    void fundingYearToDate() {
      Dataset<Row> fundingMonthly = in.orNull(FUNDING_MONTHLY);
      if (fundingMonthly == null) {
        reasons.add(lit("no silver.funding_monthly"));
        return;
      }
      Dataset<Row> fm = fundingMonthly
          .where(col("year").isin(year - 1, year).and(col("month").between(1, month)))
          .withColumn("province_code", Regions.provinceCode(col("county_code")));
      Column cur = col("year").equalTo(year);
      Column prev = col("year").equalTo(year - 1);
      parts.add(fm.groupBy("province_code").agg(
          sum(when(cur, col("education_appropriation_10k_yuan"))).as("app_cur"),
          sum(when(prev, col("education_appropriation_10k_yuan"))).as("app_prev"),
          sum(when(cur, col("recurrent_revenue_10k_yuan"))).as("rev_cur"),
          sum(when(prev, col("recurrent_revenue_10k_yuan"))).as("rev_prev"),
          countDistinct(when(cur, col("month"))).as("months_cur"),
          countDistinct(when(prev, col("month"))).as("months_prev")));
      String ytd = "months 1-" + month;
      reasons.add(when(col("months_prev").isNull().or(col("months_prev").lt(month)),
              concat(lit(ytd + " of " + (year - 1) + " incomplete ("), coalesce(col("months_prev"), lit(0)).cast("string"),
                  lit(" reported): no YTD growth")))
          .when(col("months_cur").lt(month), concat(lit(ytd + " of " + year + " incomplete ("),
              col("months_cur").cast("string"), lit(" reported): no YTD growth"))));
    }

    boolean hasDropouts() {
      return in.orNull(STUDENT_CHANGES) != null && schools != null;
    }

    /** Dropouts in months 1..m of y, by the county of the school in the change's school year. */
    void dropouts() {
      if (!hasDropouts()) {
        reasons.add(lit("no silver.student_changes or silver.schools: dropouts_ytd unknown"));
        return;
      }
      parts.add(in.get(STUDENT_CHANGES).where(col("year").equalTo(year).and(col("month").between(1, month))
              .and(col("change_type").equalTo("dropout")))
          .join(schools, using("school_year", "school_id"))
          .groupBy("province_code").agg(sum("students").as("dropouts")));
    }

    boolean hasRotations() {
      return in.orNull(TEACHER_FLOWS) != null && schools != null;
    }

    boolean withSupport() {
      return settings.getBoolean("rollup.rotations_include_support");
    }

    /** Rotations: distinct teachers leaving a school of the province on a rotation (and support) flow. */
    void rotations() {
      if (!hasRotations()) {
        reasons.add(lit("no silver.teacher_flows or silver.schools: rotations_ytd unknown"));
        return;
      }
      List<String> types = withSupport() ? List.of("rotation", "support") : List.of("rotation");
      parts.add(in.get(TEACHER_FLOWS).where(col("school_year").isin(year - 1, year).and(col("year").equalTo(year))
              .and(col("month").between(1, month)).and(col("flow_type").isin(types.toArray())))
          .join(schools.withColumnRenamed("school_id", "from_school_id"), using("school_year", "from_school_id"))
          .groupBy("province_code").agg(countDistinct("teacher_id").as("rotations")));
    }

    /**
     * Counties meeting the standards in the latest school year known at the month's end (or the
     * latest earlier one present, within rollup.lookback_years).
     */
    void balanceVerdicts() {
      basic = in.orNull(BALANCE_BASIC) == null ? null : schoolYears(in.get(BALANCE_BASIC), schoolYear, lookback);
      quality = in.orNull(BALANCE_QUALITY) == null ? null : schoolYears(in.get(BALANCE_QUALITY), schoolYear, lookback);
      Dataset<Row> judgedYears = null;
      for (Dataset<Row> d : new Dataset[] {basic, quality}) {
        if (d == null) continue;
        Dataset<Row> y = d.select("province_code", "school_year");
        judgedYears = judgedYears == null ? y : judgedYears.unionByName(y);
      }
      if (judgedYears != null) {
        Dataset<Row> judged = judgedYears.groupBy("province_code").agg(max("school_year").as("judged_school_year"));
        parts.add(judged);
        if (basic != null) parts.add(meeting(basic, judged, "basic"));
        if (quality != null) parts.add(meeting(quality, judged, "quality"));
        reasons.when(col("judged_school_year").isNull(),
            "no county balance verdicts for school years " + (schoolYear - lookback) + "-" + schoolYear);
      }
      if (basic == null) reasons.add(lit("no gold.county_balance_basic"));
      else reasons.when(col("judged_school_year").isNotNull().and(col("counties_basic").isNull()),
          concat(lit("no basic-balance verdicts for school year "), col("judged_school_year").cast("string")));
      if (quality == null) reasons.add(lit("no gold.county_balance_quality"));
      else reasons.when(col("judged_school_year").isNotNull().and(col("counties_quality").isNull()),
          concat(lit("no quality-balance verdicts for school year "), col("judged_school_year").cast("string")));
    }

    /** Three increases in the latest fiscal year whose final accounts are known (per province conf). */
    void threeIncreasesVerdicts() {
      Dataset<Row> threeIncreases = in.orNull(THREE_INCREASES);
      if (threeIncreases == null) {
        reasons.add(lit("no gold.three_increases"));
        return;
      }
      int fMax = knownFiscalYear(year, month, 1);
      int fMin = knownFiscalYear(year, month, 12) - lookback;
      // The month final accounts are known, per province (a province may approve earlier).
      Column knownMonth = ProvinceColumns.doubleValue(settings, "rollup.final_accounts_known_month",
          Regions.province2(col("province_code")));
      Column fKnown = when(lit(month).geq(knownMonth), lit(year - 1)).otherwise(lit(year - 2));
      Dataset<Row> ti = threeIncreases.where(col("fiscal_year").between(fMin, fMax));
      if (List.of(threeIncreases.columns()).contains("region_level")) {
        ti = ti.where(col("region_level").equalTo("county"));
      }
      ti = ti.withColumn("province_code", Regions.provinceCode(col("county_code")))
          .where(col("fiscal_year").leq(fKnown).and(col("fiscal_year").gt(fKnown.minus(lookback + 1))));
      Dataset<Row> judgedF = ti.groupBy("province_code").agg(max("fiscal_year").as("judged_fiscal_year"));
      parts.add(judgedF);
      Dataset<Row> jf = judgedF.select(col("province_code").as("j_province"), col("judged_fiscal_year"));
      parts.add(ti.join(jf, col("province_code").equalTo(col("j_province"))
              .and(col("fiscal_year").equalTo(col("judged_fiscal_year"))), "left_semi")
          .groupBy("province_code").agg(
              count(when(col("all_increases_met").equalTo(true), lit(1))).as("meeting_three"),
              count(col("all_increases_met")).as("judged_three")));
      reasons.when(col("judged_fiscal_year").isNull(), "no three-increases verdicts for the fiscal years known");
    }

    /** Every province any input names, with the figures of every part (null where a part is absent). */
    Dataset<Row> byProvince() {
      Dataset<Row> provinces = null;
      for (Dataset<Row> p : parts) {
        Dataset<Row> codes = p.select("province_code");
        provinces = provinces == null ? codes : provinces.unionByName(codes);
      }
      if (provinces == null) throw new IllegalArgumentException("ProvinceMonthly.compute: no input table given");
      Dataset<Row> t = provinces.distinct();
      for (Dataset<Row> p : parts) t = t.join(p, using("province_code"), "left");
      for (String c : List.of("app_cur", "app_prev", "rev_cur", "rev_prev", "months_cur", "months_prev", "dropouts",
          "rotations", "judged_school_year", "counties_basic", "meeting_basic", "counties_quality", "meeting_quality",
          "judged_fiscal_year", "meeting_three", "judged_three")) {
        if (!List.of(t.columns()).contains(c)) t = t.withColumn(c, lit(null).cast(DataTypes.LongType));
      }
      return t;
    }

    /** The table's columns, each with its rule. */
    Dataset<Row> described(Dataset<Row> t) {
      Column complete = col("months_cur").equalTo(month).and(col("months_prev").equalTo(month));
      return t.select(
          Described.as(col("province_code"), "province_code", "province code (first 2 digits of the county + 0000)"),
          Described.as(lit(year), "year", "calendar year of the month rolled up"),
          Described.as(lit(month), "month", "month rolled up (1-12); year-to-date figures cover months 1..month"),
          Described.as(col("app_cur"), "education_appropriation_ytd_10k_yuan",
              "education appropriation (教育拨款) of months 1..m of year, sum over the province's counties, 10k yuan"),
          Described.as(growth("app_cur", "app_prev", complete), "education_appropriation_ytd_growth",
              "YTD appropriation / YTD of months 1..m of year-1 - 1, fraction; null when either year's months are incomplete"),
          Described.as(col("rev_cur"), "recurrent_revenue_ytd_10k_yuan",
              "general public budget recurrent revenue (经常性收入) of months 1..m of year, 10k yuan"),
          Described.as(growth("rev_cur", "rev_prev", complete), "recurrent_revenue_ytd_growth",
              "YTD recurrent revenue / YTD of months 1..m of year-1 - 1, fraction; null when either year's months are incomplete"),
          Described.as(col("months_cur").cast(DataTypes.IntegerType), "months_reported",
              "distinct months 1..m of year with monthly funding rows in the province"),
          Described.as(when(lit(hasDropouts()), coalesce(col("dropouts"), lit(0L)))
              .cast(DataTypes.LongType), "dropouts_ytd",
              "students with a dropout (辍学) change in months 1..m of year, schools of the province"),
          Described.as(when(lit(hasRotations()), coalesce(col("rotations"), lit(0L)))
              .cast(DataTypes.LongType), "rotations_ytd",
              "distinct teachers leaving a school of the province on a rotation (交流轮岗)"
                  + (withSupport() ? " or support (支教)" : "") + " flow in months 1..m of year (conf rollup.rotations_include_support)"),
          Described.as(col("counties_basic").cast(DataTypes.LongType), "counties",
              "counties with a basic-balance verdict in the school year judged"),
          Described.as(col("meeting_basic").cast(DataTypes.LongType), "counties_meeting_basic",
              "counties meeting basic balance (2012) at every level they have, school year judged (a null verdict is not met)"),
          Described.as(col("meeting_quality").cast(DataTypes.LongType), "counties_meeting_quality",
              "counties meeting quality balance (2017) at every level they have, school year judged"),
          Described.as(col("meeting_three").cast(DataTypes.LongType), "counties_meeting_three_increases",
              "counties with all_increases_met in the fiscal year judged"),
          Described.as(col("judged_three").cast(DataTypes.LongType), "counties_three_increases_judged",
              "counties with a three-increases verdict (not null) in the fiscal year judged"),
          Described.as(col("judged_school_year").cast(DataTypes.IntegerType), "school_year",
              "school year judged: the latest whose statistics were taken (Sept 1) by the month's end, or the latest earlier one present"),
          Described.as(col("judged_fiscal_year").cast(DataTypes.IntegerType), "fiscal_year",
              "fiscal year judged: the latest whose final accounts are known by the month's end "
                  + "(conf rollup.final_accounts_known_month of the next year), or the latest earlier one present"),
          reasons.asNullReason("why a figure is null; null when none is"),
          Described.as(versions(in.versions()), "table_versions", "Delta version of every table read (table -> version)"));
    }
  }

  private static Column growth(String cur, String prev, Column complete) {
    return when(complete.and(col(prev).gt(0)), try_divide(col(cur), col(prev)).minus(1));
  }

  /** Rows of school years s-lookback..s (partition filter) with their province. */
  private static Dataset<Row> schoolYears(Dataset<Row> balance, int s, int lookback) {
    return balance.where(col("school_year").between(s - lookback, s))
        .withColumn("province_code", Regions.provinceCode(col("county_code")));
  }

  /** Counties of the judged school year and those meeting the standard at every level they have. */
  private static Dataset<Row> meeting(Dataset<Row> balance, Dataset<Row> judged, String name) {
    // Renamed: judged derives from balance, and a self-join on shared column ids would be ambiguous.
    Dataset<Row> j = judged.select(col("province_code").as("j_province"), col("judged_school_year"));
    Dataset<Row> rows = balance.join(j, col("province_code").equalTo(col("j_province"))
        .and(col("school_year").equalTo(col("judged_school_year"))), "left_semi");
    return rows.groupBy("province_code", "county_code")
        .agg(min(coalesce(col("meets_standard").cast(DataTypes.IntegerType), lit(0))).as("met"))
        .groupBy("province_code")
        .agg(count(lit(1)).as("counties_" + name), sum("met").as("meeting_" + name));
  }

  private static Column versions(Map<String, Long> tableVersions) {
    if (tableVersions.isEmpty()) return expr("CAST(map() AS MAP<STRING, BIGINT>)");
    List<Column> kv = new ArrayList<>();
    tableVersions.forEach((k, v) -> {
      kv.add(lit(k));
      kv.add(lit(v));
    });
    return org.apache.spark.sql.functions.map(kv.toArray(new Column[0]));
  }
}
