package edubalance.remediation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;

import edubalance.codes.Regions;
import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import edubalance.metrics.EnrollmentForecast;
import edubalance.metrics.GoldModel;
import edubalance.metrics.Inputs;
import edubalance.metrics.SchoolIndicators;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * gold.balance_outlook: the early warning (预警) of each county, level and target for the school years
 * its enrollment forecast covers (docs/METHODS.md §10): the figures and verdict if its resources stay
 * as in its latest school year while its students follow gold.enrollment_forecast, and the cost of
 * the plan that year. Each unit's students are scaled by the county's forecast over its students now.
 */
public final class BalanceOutlook implements GoldModel {
  public BalanceOutlook() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.balance_outlook";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("county_code", "level", "target", "school_year"); }
  /** Recomputed whole: it looks forward from each county's latest year. */
  @Override public String yearColumn() { return null; }
  @Override public List<String> inputs() { return List.of(SchoolIndicators.TABLE, EnrollmentForecast.TABLE); }

  @Override
  public Dataset<Row> compute(Inputs in, Settings settings) {
    return compute(in.get(SchoolIndicators.TABLE), in.get(EnrollmentForecast.TABLE), settings);
  }

  /**
   * @param schoolIndicators gold.school_indicators
   * @param forecast gold.enrollment_forecast (its county rows)
   */
  public static Dataset<Row> compute(Dataset<Row> schoolIndicators, Dataset<Row> forecast, Settings settings) {
    Dataset<Row> latest = schoolIndicators.groupBy("county_code").agg(max("school_year").as("base_year"));
    Dataset<Row> base = schoolIndicators.join(latest, "county_code")
        .filter(col("school_year").equalTo(col("base_year")));
    Dataset<Row> countyStudents = base.groupBy("county_code", "level", "unit_rule")
        .agg(sum("students").cast(DataTypes.DoubleType).as("_county_students"));
    Dataset<Row> years = forecast.filter(col("entity_level").equalTo("county").and(col("forecast_students").isNotNull()))
        .select(col("entity_code").as("county_code"), col("level"), col("school_year").as("_year"),
            col("base_year").as("_forecast_base"), col("forecast_students"));
    Dataset<Row> scaled = base.join(countyStudents, new String[] {"county_code", "level", "unit_rule"}, "inner")
        .join(years, new String[] {"county_code", "level"}, "inner")
        .filter(col("_forecast_base").equalTo(col("base_year")))
        .withColumn("students", round(col("students").multiply(col("forecast_students")).divide(col("_county_students")))
            .cast(DataTypes.LongType))
        .withColumn("school_year", col("_year"));
    return RemediationSolve.solve(scaled, settings).join(latest, "county_code").select(
        Described.as(col("county_code"), "county_code", "6-digit county code"),
        Described.as(col("level"), "level", "primary or junior"),
        Described.as(col("target"), "target", "basic or quality (gold.remediation_summary)"),
        Described.as(col("school_year"), "school_year", "the school year looked at, after base_year (horizon of conf forecast.horizon_years)"),
        Described.as(Regions.provinceCode(col("county_code")), "province_code", "6-digit province code of the county"),
        Described.as(col("base_year"), "base_year", "the county's latest school year in gold.school_indicators: the resources assumed to stay"),
        Described.as(col("units"), "units", "units of the base year with students that year"),
        Described.as(col("composite_cv_now"), "composite_cv", "basic target: the composite CV that year with the resources of base_year; null for quality, or with a null_reason"),
        Described.as(col("max_cv_now"), "max_cv", "quality target: the largest of the seven CVs that year; null for basic, or with a null_reason"),
        Described.as(col("units_compliant_now"), "units_compliant", "quality target: units complying that year; null for basic, or with a null_reason"),
        Described.as(col("meets_now"), "meets", "the target is met that year with the resources of base_year (so false where a county passing today will not); null with a null_reason"),
        Described.as(col("cost_yuan"), "cost_yuan", "yuan of the least-cost plan that year (docs/METHODS.md §10), 0 when met; null with a null_reason"),
        Described.as(col("lower_bound_yuan"), "lower_bound_yuan", "yuan no plan that year can cost less than"),
        Described.as(col("null_reason"), "null_reason", "why figures are null: missing_value, zero_mean, bounds or not_converged (gold.remediation_summary)"));
  }
}
