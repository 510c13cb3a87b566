package edubalance.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.covar_pop;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.var_pop;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code gold.trends} (发展趋势): the year-on-year course of the figures counties are judged on, one
 * row per entity (county, city or province), metric and period, with the growth over one year, the
 * compound annual growth over three years, the least-squares slope over the last five years
 * (docs/METHODS.md §9) and, for gap metrics, whether the gap widened.
 *
 * <p>Metrics (the {@code metric} column; see docs/metrics-trends-rollup.md):
 * <ul>
 *   <li>{@code students_primary}, {@code students_junior}: students of the level's basic-balance
 *       units, summed per county, city and province (period = school year).
 *   <li>{@code expenditure_per_student_<level>_yuan}, {@code public_funds_per_student_<level>_yuan}:
 *       county only, not additive (period = fiscal year).
 *   <li>{@code education_appropriation_10k_yuan}, {@code recurrent_revenue_10k_yuan}: summed per
 *       county, city and province (period = fiscal year).
 *   <li>{@code composite_cv_<level>} (basic 2012) and {@code quality_cv_<indicator>_<level>}
 *       (quality 2017, e.g. {@code quality_cv_sports_area_junior}): county, gap metrics.
 *   <li>{@code exchange_rate}: county teacher exchange rate.
 *   <li>{@code rural_to_urban_ratio:<indicator>:<level>}: county, city and province as in
 *       gold.urban_rural_gap; gap metric.
 * </ul>
 */
public final class Trends implements GoldModel {
  public Trends() {}

  static final String GAP_CV = "cv";
  static final String GAP_RATIO = "ratio";
  static final List<String> LEVELS = List.of("primary", "junior");

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.trends";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("entity_code", "metric", "period"); }
  @Override public String yearColumn() { return null; }
  @Override public List<String> inputs() { return List.of(); }

  /**
   * Every series whose table is present:
   * gold.school_indicators (school_year, county_code, level, unit_rule, students);
   * silver.funding (fiscal_year, county_code, the amounts);
   * gold.county_balance_basic (school_year, county_code, level, composite_cv);
   * gold.county_balance_quality (school_year, county_code, level, cv_*);
   * gold.teacher_flow (school_year, county_code, exchange_rate);
   * gold.urban_rural_gap (school_year, region_code, region_level, level, indicator, rural_to_urban_ratio).
   */
  @Override
  public List<String> optionalInputs() {
    return List.of(SCHOOL_INDICATORS, FUNDING, BALANCE_BASIC, BALANCE_QUALITY, TEACHER_FLOW, URBAN_RURAL_GAP);
  }

  static final String SCHOOL_INDICATORS = SchoolIndicators.TABLE;
  static final String FUNDING = "silver.funding";
  static final String BALANCE_BASIC = BasicBalance.TABLE;
  static final String BALANCE_QUALITY = QualityBalance.TABLE;
  static final String TEACHER_FLOW = TeacherFlow.TABLE;
  static final String URBAN_RURAL_GAP = UrbanRuralGap.TABLE;

  /** The trends of every series whose input is given; an absent input skips its series. */
  @Override
  public Dataset<Row> compute(Inputs in, Settings settings) {
    Dataset<Row> schoolIndicators = in.orNull(SCHOOL_INDICATORS);
    Dataset<Row> funding = in.orNull(FUNDING);
    Dataset<Row> balanceBasic = in.orNull(BALANCE_BASIC);
    Dataset<Row> balanceQuality = in.orNull(BALANCE_QUALITY);
    Dataset<Row> teacherFlow = in.orNull(TEACHER_FLOW);
    Dataset<Row> urbanRuralGap = in.orNull(URBAN_RURAL_GAP);
    List<Dataset<Row>> parts = new ArrayList<>();
    if (schoolIndicators != null) {
      Dataset<Row> counties = schoolIndicators
          .where(col("unit_rule").equalTo("basic").and(col("level").isin(LEVELS.toArray())))
          .groupBy(col("county_code"), col("school_year").as("period"),
              concat(lit("students_"), col("level")).as("metric"))
          .agg(sum("students").cast(DataTypes.DoubleType).as("value"));
      parts.add(additive(counties, "school_year"));
    }
    if (funding != null) {
      Dataset<Row> f = funding.withColumn("period", col("fiscal_year"));
      for (String c : List.of("expenditure_per_student_primary_yuan", "expenditure_per_student_junior_yuan",
          "public_funds_per_student_primary_yuan", "public_funds_per_student_junior_yuan")) {
        parts.add(countyOnly(f, c, col(c), "fiscal_year", null));
      }
      for (String c : List.of("education_appropriation_10k_yuan", "recurrent_revenue_10k_yuan")) {
        parts.add(additive(f.select(col("county_code"), col("period"), lit(c).as("metric"),
            col(c).cast(DataTypes.DoubleType).as("value")), "fiscal_year"));
      }
    }
    if (balanceBasic != null) {
      Dataset<Row> b = balanceBasic.withColumn("period", col("school_year"));
      for (String level : LEVELS) {
        parts.add(countyOnly(b.where(col("level").equalTo(level)), "composite_cv_" + level,
            col("composite_cv"), "school_year", GAP_CV));
      }
    }
    if (balanceQuality != null) {
      Dataset<Row> q = balanceQuality.withColumn("period", col("school_year"));
      for (String level : LEVELS) {
        for (Indicator i : Indicator.QUALITY_2017) {
          parts.add(countyOnly(q.where(col("level").equalTo(level)), "quality_cv_" + i.cvName() + "_" + level,
              col("cv_" + i.cvName()), "school_year", GAP_CV));
        }
      }
    }
    if (teacherFlow != null) {
      parts.add(countyOnly(teacherFlow.withColumn("period", col("school_year")), "exchange_rate",
          col("exchange_rate"), "school_year", null));
    }
    if (urbanRuralGap != null) {
      parts.add(urbanRuralGap.select(col("region_code").as("entity_code"), col("region_level").as("entity_level"),
          concat(lit("rural_to_urban_ratio:"), col("indicator"), lit(":"), col("level")).as("metric"),
          col("school_year").cast(DataTypes.IntegerType).as("period"), lit("school_year").as("period_kind"),
          col("rural_to_urban_ratio").cast(DataTypes.DoubleType).as("value"), lit(GAP_RATIO).as("gap_kind"),
          lit(null).cast(DataTypes.LongType).as("counties")));
    }
    if (parts.isEmpty()) throw new IllegalArgumentException("Trends.compute: no input table given");
    Dataset<Row> series = parts.get(0);
    for (int i = 1; i < parts.size(); i++) series = series.unionByName(parts.get(i));
    // A missing figure is not a point of the series: it would count in var_pop(period) but not in the covariance.
    series = series.where(col("value").isNotNull().and(isnan(col("value")).unary_$bang()));
    return withTrend(series, settings);
  }

  /** yoy_growth, cagr_3y, slope_5y, gap_widened and null_reason over a long series table. */
  static Dataset<Row> withTrend(Dataset<Row> series, Settings settings) {
    // Per series: the province of the county, city or province it describes may set its own.
    Column minPoints = ProvinceColumns.doubleValue(settings, "trends.slope_5y.min_points",
        Regions.province2(col("entity_code"))).cast(DataTypes.IntegerType);
    WindowSpec byEntity = Window.partitionBy("entity_code", "entity_level", "metric").orderBy("period");
    // Range frames on the period value (not rows), so a missing year is a gap, not a shift.
    Column prev = first(col("value")).over(byEntity.rangeBetween(-1, -1));
    Column prev3 = first(col("value")).over(byEntity.rangeBetween(-3, -3));
    WindowSpec last5 = byEntity.rangeBetween(-4, 0);
    Column x = col("period").cast(DataTypes.DoubleType);
    Column points = count(col("value")).over(last5);
    Column slope = try_divide(covar_pop(x, col("value")).over(last5), var_pop(x).over(last5));

    Dataset<Row> t = series.withColumn("_prev", prev).withColumn("_prev3", prev3)
        .withColumn("_points", points).withColumn("_slope", slope);
    Column v = col("value");
    Column p1 = col("_prev");
    Column p3 = col("_prev3");
    Column yoyOk = p1.isNotNull().and(p1.notEqual(0));
    Column cagrOk = p3.isNotNull().and(p3.gt(0)).and(v.geq(0));
    Column slopeOk = col("_points").geq(minPoints);
    Column period = col("period");
    Column yoyReason = when(p1.isNull(), concat(lit("yoy_growth: no value for "), (period.minus(1)).cast("string")))
        .when(p1.equalTo(0), concat(lit("yoy_growth: value of "), period.minus(1).cast("string"), lit(" is 0")));
    Column cagrReason = when(p3.isNull(), concat(lit("cagr_3y: no value for "), period.minus(3).cast("string")))
        .when(cagrOk.unary_$bang(), lit("cagr_3y: needs a positive value 3 periods back and a non-negative value now"));
    Column slopeReason = when(slopeOk.unary_$bang(), concat(lit("slope_5y: "), col("_points").cast("string"),
        lit(" value(s) in "), period.minus(4).cast("string"), lit("-"), period.cast("string"),
        lit(", needs "), minPoints.cast("string")));
    // Gap widened: a disparity coefficient rose; a rural/urban ratio moved away from parity
    // (|ln r| grew, i.e. it fell while rural is behind); ratios of 0 compare directly.
    Column ratioWider = when(v.gt(0).and(p1.gt(0)), abs(log(v)).gt(abs(log(p1)))).otherwise(v.lt(p1));
    Column gap = when(p1.isNull(), lit(null).cast(DataTypes.BooleanType))
        .when(col("gap_kind").equalTo(GAP_CV), v.gt(p1))
        .when(col("gap_kind").equalTo(GAP_RATIO), ratioWider);
    NullReasons reasons = new NullReasons().add(yoyReason).add(cagrReason).add(slopeReason);

    return t.select(
        Described.as(col("entity_code"), "entity_code",
            "county, city or province code (GB/T 2260, 6 digits)"),
        Described.as(col("metric"), "metric",
            "series name, e.g. students_primary, composite_cv_junior, exchange_rate, "
                + "rural_to_urban_ratio:books_per_student:primary (docs/metrics-trends-rollup.md)"),
        Described.as(col("period"), "period", "school year (start year) or fiscal year, see period_kind"),
        Described.as(col("entity_level"), "entity_level", "county, city or province"),
        Described.as(col("period_kind"), "period_kind", "school_year or fiscal_year"),
        Described.as(v, "value", "the metric's value in the period (unit as in the metric's source column)"),
        Described.as(when(yoyOk, try_divide(v, p1).minus(1)), "yoy_growth",
            "v_t / v_(t-1) - 1, fraction (docs/METHODS.md §9); null when t-1 is missing or 0, see null_reason"),
        Described.as(when(cagrOk, pow(try_divide(v, p3), lit(1.0 / 3.0)).minus(1)), "cagr_3y",
            "(v_t / v_(t-3))^(1/3) - 1, fraction (docs/METHODS.md §9); null without a positive value at t-3"),
        Described.as(when(slopeOk, col("_slope")), "slope_5y",
            "least-squares slope of value on period over periods t-4..t (covar_pop / var_pop), "
                + "units of value per year; needs trends.slope_5y.min_points values"),
        Described.as(gap, "gap_widened",
            "gap metrics only: true when the disparity coefficient rose, or the rural/urban ratio moved "
                + "away from 1 (fell while rural is behind), since t-1; null for other metrics or without t-1"),
        Described.as(col("counties"), "counties",
            "for sums over counties (students, appropriation, revenue): counties summed; null otherwise"),
        reasons.asNullReason(
            "why yoy_growth, cagr_3y or slope_5y is null; null when all three are computed"));
  }

  /** A county-only series of {@code value} from a table with county_code and period. */
  private static Dataset<Row> countyOnly(Dataset<Row> df, String metric, Column value, String periodKind,
      String gapKind) {
    return df.select(col("county_code").as("entity_code"), lit("county").as("entity_level"),
        lit(metric).as("metric"), col("period").cast(DataTypes.IntegerType).as("period"),
        lit(periodKind).as("period_kind"), value.cast(DataTypes.DoubleType).as("value"),
        lit(gapKind).cast(DataTypes.StringType).as("gap_kind"), lit(null).cast(DataTypes.LongType).as("counties"));
  }

  /** A county series (county_code, period, metric, value) with its city and province sums. */
  private static Dataset<Row> additive(Dataset<Row> counties, String periodKind) {
    Dataset<Row> c = counties.where(col("value").isNotNull());
    Dataset<Row> out = c.select(col("county_code").as("entity_code"), lit("county").as("entity_level"),
        col("metric"), col("period").cast(DataTypes.IntegerType).as("period"), col("value"),
        lit(1L).as("counties"));
    Dataset<Row> regions = Regions.rollUp(c, "entity_code", "entity_level", List.of(col("metric"), col("period")),
        List.of(sum("value").as("value"), countDistinct("county_code").as("counties")));
    out = out.unionByName(regions.select(col("entity_code"), col("entity_level"), col("metric"),
        col("period").cast(DataTypes.IntegerType).as("period"), col("value"), col("counties")));
    return out.select(col("entity_code"), col("entity_level"), col("metric"), col("period"),
        lit(periodKind).as("period_kind"), col("value").cast(DataTypes.DoubleType).as("value"),
        lit(null).cast(DataTypes.StringType).as("gap_kind"), col("counties"));
  }
}
