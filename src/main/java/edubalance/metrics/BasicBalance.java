package edubalance.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import edubalance.lakehouse.NullReasons;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * gold.county_balance_basic: basic balance (基本均衡, 2012 method, docs/METHODS.md §4) of each county and
 * level: the disparity coefficients of the eight indicators over the county's units (teaching
 * points merged into their central schools), their mean (composite_cv) against the province's
 * threshold, and how many units miss each of the province's basic school standards (办学基本标准).
 */
public final class BasicBalance extends CountyUnitsModel {
  public BasicBalance() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.county_balance_basic";

  @Override public String table() { return TABLE; }
  @Override protected String unitRule() { return "basic"; }

  static final String SCHOOL_STANDARD = "basic.school_standard.";

  /** @param schoolIndicators gold.school_indicators (its unit_rule = 'basic' rows are used) */
  public static Dataset<Row> compute(Dataset<Row> schoolIndicators, Settings settings) {
    return new BasicBalance().fromUnits(schoolIndicators, settings);
  }

  @Override
  protected Dataset<Row> byCounty(Dataset<Row> units, Settings settings) {
    List<String> rules = schoolStandardIndicators(settings);
    Dataset<Row> judged = schoolStandards(units, rules, settings)
        .join(disparities(units, Indicator.BASIC_2012, false), COUNTY_LEVEL.toArray(new String[0]), "left")
        // composite_cv and threshold are referenced by meets_standard, so materialise them first.
        .withColumn("composite_cv", compositeCv())
        .withColumn("threshold", thresholdOfLevel(settings, "basic.composite_cv_max"));
    if (!rules.isEmpty()) {
      judged = judged.withColumn("units_missing_school_standard_all", ruleMap(rules, "_miss_"))
          .withColumn("school_standards_all", ruleMap(rules, "_std_"));
    }
    return judged.select(described(rules).toArray(new Column[0]));
  }

  /**
   * Units and students per county and level, and per basic school standard rule the units whose
   * indicator is below it ({@code _miss_<ind>}, null where the province sets no such rule) and the
   * standard applied ({@code _std_<ind>}).
   */
  private static Dataset<Row> schoolStandards(Dataset<Row> units, List<String> rules, Settings settings) {
    List<Column> counts = new ArrayList<>(List.of(count(lit(1)).as("schools"),
        sum(col("students")).cast(DataTypes.LongType).as("students")));
    List<Column> misses = new ArrayList<>();
    for (String ind : rules) {
      Column std = thresholdOfLevel(settings, SCHOOL_STANDARD + ind);
      Column miss = col(ind).lt(std);
      misses.add(miss);
      counts.add(when(max(std).isNotNull(), sum(when(miss, 1L).otherwise(0L))).as("_miss_" + ind));
      counts.add(max(std).as("_std_" + ind));
    }
    Column anyMiss = misses.isEmpty() ? lit(false) : coalesce(greatest(misses.toArray(new Column[0])), lit(false));
    counts.add(sum(when(anyMiss, 1L).otherwise(0L)).as("units_missing_any_school_standard"));
    return groupByCounty(units, counts);
  }

  /** The mean of the eight CVs; null when any is null. */
  private static Column compositeCv() {
    Column composite = lit(0.0);
    Column anyNull = lit(false);
    for (Indicator i : Indicator.BASIC_2012) {
      composite = composite.plus(col("cv_" + i.cvName()));
      anyNull = anyNull.or(col("cv_" + i.cvName()).isNull());
    }
    return when(not(anyNull), composite.divide(Indicator.BASIC_2012.size()));
  }

  /** rule → the column {@code <prefix><rule>}, as one map. */
  private static Column ruleMap(List<String> rules, String prefix) {
    List<Column> entries = new ArrayList<>();
    for (String ind : rules) {
      entries.add(lit(ind));
      entries.add(col(prefix + ind));
    }
    return map(entries.toArray(new Column[0]));
  }

  /** The table's own columns after the key, each with its rule. */
  private static List<Column> described(List<String> rules) {
    NullReasons reasons = new NullReasons();
    List<Column> out = new ArrayList<>(List.of(IndicatorCvs.cols(COUNTY_LEVEL)));
    out.add(Described.as(col("schools"), "schools", "units of calculation of the county and level under the basic rule (teaching points merged into their central school; docs/METHODS.md §1)"));
    out.add(Described.as(col("students"), "students", "students of those units"));
    for (Indicator i : Indicator.BASIC_2012) {
      out.add(Described.as(col("cv_" + i.cvName()), "cv_" + i.cvName(),
          "disparity coefficient (差异系数) of " + i.name() + " over the units, student-weighted (docs/METHODS.md §3); null: see reason"));
      reasons.add(IndicatorCvs.nullReason(i));
    }
    out.add(Described.as(col("composite_cv"), "composite_cv", "composite disparity coefficient (综合差异系数): mean of the eight CVs (docs/METHODS.md §4); null when any is null"));
    out.add(Described.as(col("threshold"), "threshold", "the province's maximum composite_cv for the level (conf basic.composite_cv_max.<level>)"));
    out.add(Described.as(col("composite_cv").leq(col("threshold")), "meets_standard", "composite_cv ≤ threshold (basic balance met); null when composite_cv is null"));
    out.add(reasons.as("reason", "why a CV (and so composite_cv, meets_standard) is null: 'cv_<indicator>: missing_value | zero_mean'"));
    out.add(Described.as(rules.isEmpty() ? expr("map()").cast("map<string,bigint>")
            : expr("map_filter(units_missing_school_standard_all, (k, v) -> v IS NOT NULL)"),
        "units_missing_school_standard", "per basic school standard rule (办学基本标准, conf basic.school_standard.<indicator>.<level>) set for the province and level: units whose indicator is below it (a unit with a null indicator is not counted)"));
    out.add(Described.as(col("units_missing_any_school_standard"), "units_missing_any_school_standard", "units below at least one basic school standard"));
    out.add(Described.as(rules.isEmpty() ? expr("map()").cast("map<string,double>")
            : expr("map_filter(school_standards_all, (k, v) -> v IS NOT NULL)"),
        "school_standards", "the basic school standards applied (indicator → minimum value), conf basic.school_standard.<indicator>.<level> with province overrides"));
    return out;
  }

  /** Indicators with a basic school standard for some level, nationally or in some province. */
  static List<String> schoolStandardIndicators(Settings settings) {
    TreeSet<String> names = new TreeSet<>();
    settings.all().keySet().forEach(k -> {
      String rest = null;
      if (k.startsWith(SCHOOL_STANDARD)) rest = k.substring(SCHOOL_STANDARD.length());
      else if (k.startsWith("province.") && k.length() > 12 && k.substring(12).startsWith(SCHOOL_STANDARD)) {
        rest = k.substring(12 + SCHOOL_STANDARD.length());
      }
      if (rest != null && rest.lastIndexOf('.') > 0) {
        String ind = rest.substring(0, rest.lastIndexOf('.'));
        Indicator.byName(ind); // a rule must name a known indicator
        names.add(ind);
      }
    });
    return new ArrayList<>(names);
  }
}
