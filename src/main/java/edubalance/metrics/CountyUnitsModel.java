package edubalance.metrics;

import static org.apache.spark.sql.functions.col;

import edubalance.codes.Regions;
import edubalance.conf.ProvinceColumns;
import edubalance.conf.Settings;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Base of a county table over the units of calculation: one row per school year, county and level,
 * computed from the units of one rule (basic or quality, docs/METHODS.md §1) of
 * gold.school_indicators. It gives the key, the described key columns that lead every row
 * ({@link CountyKeys}), thresholds read for the county's own province ({@link #threshold},
 * {@link #thresholdOfLevel}), the grouping and the disparity coefficients of a list of
 * indicators; a subclass gives its table, its rule and {@link #byCounty}, and gathers its nulls'
 * reasons with {@code lakehouse.NullReasons}.
 */
public abstract class CountyUnitsModel implements UnitsModel {
  /** The key of a county table: school_year, county_code, level. */
  static final List<String> COUNTY_LEVEL = List.of("school_year", "county_code", "level");

  /** The province (2 digits) of the row's county, which picks a province's overrides of conf. */
  private static final Column PROVINCE = Regions.province2(col("county_code"));

  @Override public List<String> key() { return COUNTY_LEVEL; }

  /** The unit rule read: {@code basic} or {@code quality}. */
  protected abstract String unitRule();

  /**
   * One row per school year, county and level from the rule's units: the key columns and the
   * model's own, each described ({@code Described.as}), in the order the table shows them.
   */
  protected abstract Dataset<Row> byCounty(Dataset<Row> units, Settings settings);

  @Override
  public final Dataset<Row> fromUnits(Dataset<Row> schoolIndicators, Settings settings) {
    Dataset<Row> rows = byCounty(schoolIndicators.filter(col("unit_rule").equalTo(unitRule())), settings);
    List<Column> out = CountyKeys.described();
    for (String c : rows.columns()) {
      if (!COUNTY_LEVEL.contains(c) && !c.equals("province_code")) out.add(rows.col(c));
    }
    return rows.select(out.toArray(new Column[0]));
  }

  /** Conf {@code key} for the row's province: its override if it has one, else the national value. */
  protected static Column threshold(Settings settings, String key) {
    return ProvinceColumns.doubleValue(settings, key, PROVINCE);
  }

  /** Conf {@code <prefix>.<level>} for the row's province and level. */
  protected static Column thresholdOfLevel(Settings settings, String prefix) {
    return ProvinceColumns.byLevel(settings, prefix, PROVINCE, col("level"));
  }

  /** The units grouped by county and level, aggregated by {@code aggs}. */
  protected static Dataset<Row> groupByCounty(Dataset<Row> units, List<Column> aggs) {
    return units.groupBy(IndicatorCvs.cols(COUNTY_LEVEL))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
  }

  /**
   * Per county and level, {@code cv_<cvName>} of each indicator (with the reason of a null, see
   * {@link IndicatorCvs#nullReason}) and with {@code countyValues} the county's value
   * {@code county_<name>}; all of them in one Spark job.
   */
  protected static Dataset<Row> disparities(Dataset<Row> units, List<Indicator> indicators, boolean countyValues) {
    return IndicatorCvs.pivoted(units, COUNTY_LEVEL, indicators, countyValues);
  }
}
