package edubalance.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import edubalance.codes.Regions;
import edubalance.conf.ProvinceColumns;
import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
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
public final class BasicBalance implements UnitsModel {
  public BasicBalance() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.county_balance_basic";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("school_year", "county_code", "level"); }
  @Override public Dataset<Row> fromUnits(Dataset<Row> units, Settings settings) { return compute(units, settings); }

  static final String SCHOOL_STANDARD = "basic.school_standard.";

  /** @param schoolIndicators gold.school_indicators (its unit_rule = 'basic' rows are used) */
  public static Dataset<Row> compute(Dataset<Row> schoolIndicators, Settings settings) {
    List<String> key = List.of("school_year", "county_code", "level");
    Dataset<Row> units = schoolIndicators.filter(col("unit_rule").equalTo("basic"));
    Column prov2 = Regions.province2(col("county_code"));

    // The disparity coefficients of the eight, one job for all of them, pivoted to columns.
    Dataset<Row> cvs = IndicatorCvs.pivoted(units, key, Indicator.BASIC_2012, false);

    // Units and the basic school standards: per rule, units whose indicator is below the standard.
    List<String> rules = schoolStandardIndicators(settings);
    List<Column> counts = new ArrayList<>(List.of(count(lit(1)).as("schools"),
        sum(col("students")).cast(DataTypes.LongType).as("students")));
    List<Column> misses = new ArrayList<>();
    for (String ind : rules) {
      Column std = ProvinceColumns.byLevel(settings, SCHOOL_STANDARD + ind, prov2, col("level"));
      Column miss = col(ind).lt(std);
      misses.add(miss);
      counts.add(when(max(std).isNotNull(), sum(when(miss, 1L).otherwise(0L))).as("_miss_" + ind));
      counts.add(max(std).as("_std_" + ind));
    }
    Column anyMiss = misses.isEmpty() ? lit(false) : coalesce(greatest(misses.toArray(new Column[0])), lit(false));
    counts.add(sum(when(anyMiss, 1L).otherwise(0L)).as("units_missing_any_school_standard"));
    Dataset<Row> perCounty = units.groupBy(IndicatorCvs.cols(key))
        .agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0]));

    Dataset<Row> joined = perCounty.join(cvs, key.toArray(new String[0]), "left");

    Column composite = lit(0.0);
    Column anyNull = lit(false);
    List<Column> reasons = new ArrayList<>();
    for (Indicator i : Indicator.BASIC_2012) {
      Column cv = col("cv_" + i.cvName());
      composite = composite.plus(cv);
      anyNull = anyNull.or(cv.isNull());
      reasons.add(IndicatorCvs.nullReason(i));
    }
    Column compositeCv = when(org.apache.spark.sql.functions.not(anyNull), composite.divide(Indicator.BASIC_2012.size()));
    Column threshold = ProvinceColumns.byLevel(settings, "basic.composite_cv_max", prov2, col("level"));
    Column reasonText = concat_ws("; ", reasons.toArray(new Column[0]));

    List<Column> missMap = new ArrayList<>();
    List<Column> stdMap = new ArrayList<>();
    for (String ind : rules) {
      missMap.add(lit(ind));
      missMap.add(col("_miss_" + ind));
      stdMap.add(lit(ind));
      stdMap.add(col("_std_" + ind));
    }

    List<Column> out = CountyKeys.described();
    out.add(Described.as(col("schools"), "schools", "units of calculation of the county and level under the basic rule (teaching points merged into their central school; docs/METHODS.md §1)"));
    out.add(Described.as(col("students"), "students", "students of those units"));
    for (Indicator i : Indicator.BASIC_2012) {
      out.add(Described.as(col("cv_" + i.cvName()), "cv_" + i.cvName(),
          "disparity coefficient (差异系数) of " + i.name() + " over the units, student-weighted (docs/METHODS.md §3); null: see reason"));
    }
    out.add(Described.as(col("composite_cv"), "composite_cv", "composite disparity coefficient (综合差异系数): mean of the eight CVs (docs/METHODS.md §4); null when any is null"));
    out.add(Described.as(col("threshold"), "threshold", "the province's maximum composite_cv for the level (conf basic.composite_cv_max.<level>)"));
    out.add(Described.as(col("composite_cv").leq(col("threshold")), "meets_standard", "composite_cv ≤ threshold (basic balance met); null when composite_cv is null"));
    out.add(Described.as(when(reasonText.notEqual(""), reasonText), "reason", "why a CV (and so composite_cv, meets_standard) is null: 'cv_<indicator>: missing_value | zero_mean'"));
    out.add(Described.as(rules.isEmpty() ? expr("map()").cast("map<string,bigint>")
            : expr("map_filter(units_missing_school_standard_all, (k, v) -> v IS NOT NULL)"),
        "units_missing_school_standard", "per basic school standard rule (办学基本标准, conf basic.school_standard.<indicator>.<level>) set for the province and level: units whose indicator is below it (a unit with a null indicator is not counted)"));
    out.add(Described.as(col("units_missing_any_school_standard"), "units_missing_any_school_standard", "units below at least one basic school standard"));
    out.add(Described.as(rules.isEmpty() ? expr("map()").cast("map<string,double>")
            : expr("map_filter(school_standards_all, (k, v) -> v IS NOT NULL)"),
        "school_standards", "the basic school standards applied (indicator → minimum value), conf basic.school_standard.<indicator>.<level> with province overrides"));

    Dataset<Row> withMaps = joined;
    if (!rules.isEmpty()) {
      withMaps = joined.withColumn("units_missing_school_standard_all", map(missMap.toArray(new Column[0])))
          .withColumn("school_standards_all", map(stdMap.toArray(new Column[0])));
    }
    // composite_cv and threshold are referenced by meets_standard, so materialise them first.
    withMaps = withMaps.withColumn("composite_cv", compositeCv).withColumn("threshold", threshold);
    return withMaps.select(out.toArray(new Column[0]));
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
