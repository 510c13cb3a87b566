package edubalance.metrics;

import static org.apache.spark.sql.functions.col;

import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.county_equity: equity measures (教育公平指标) of each county, level and indicator beyond the
 * official disparity coefficient (docs/METHODS.md §3 and §8): student-weighted CV, Gini, Theil, McLoone
 * index and restricted range ratio of the eleven indicators over the basic-rule units.
 */
public final class CountyEquity implements UnitsModel {
  public CountyEquity() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.county_equity";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("school_year", "county_code", "level", "indicator"); }
  @Override public Dataset<Row> fromUnits(Dataset<Row> units, Settings settings) { return compute(units, settings); }

  /** @param schoolIndicators gold.school_indicators (its unit_rule = 'basic' rows are used) */
  public static Dataset<Row> compute(Dataset<Row> schoolIndicators, Settings settings) {
    List<String> key = List.of("school_year", "county_code", "level");
    Dataset<Row> d = IndicatorCvs.dispersion(schoolIndicators.filter(col("unit_rule").equalTo("basic")), key,
        Indicator.ALL);
    return d.select(
        Described.as(col("school_year"), "school_year", "school year by its starting calendar year"),
        Described.as(col("county_code"), "county_code", "6-digit county code"),
        Described.as(col("level"), "level", "primary or junior"),
        Described.as(col("indicator"), "indicator", "indicator name of gold.school_indicators (docs/METHODS.md §2)"),
        Described.as(col("units"), "units", "units of calculation (basic rule: teaching points merged)"),
        Described.as(col("total_weight").cast("bigint"), "students", "students of those units (the weights)"),
        Described.as(col("mean"), "mean", "student-weighted mean = total resource / total students of the units"),
        Described.as(col("median"), "median", "student-weighted median: smallest value reached by half the students"),
        Described.as(col("cv"), "cv", "disparity coefficient (差异系数): student-weighted standard deviation / mean (docs/METHODS.md §3)"),
        Described.as(col("cv_reason"), "cv_reason", "why cv is null: missing_value (a unit's value unknown) or zero_mean"),
        Described.as(col("gini"), "gini", "student-weighted Gini: ΣΣ s_i s_j |x_i − x_j| / 2μ (docs/METHODS.md §8)"),
        Described.as(col("theil"), "theil", "student-weighted Theil T: Σ s_i (x_i/μ) ln(x_i/μ) (docs/METHODS.md §8)"),
        Described.as(col("mcloone"), "mcloone", "McLoone index: student-weighted mean of units at or below the student median / the median"),
        Described.as(col("restricted_range_ratio"), "restricted_range_ratio", "(95th − 5th student percentile) / 5th percentile; the US federal test passes at ≤ 0.25"),
        Described.as(col("null_reason"), "null_reason", "why a figure is null: missing_value (all), zero_mean (cv, gini, theil), zero_median (mcloone), zero_p5 (restricted_range_ratio)"));
  }
}
