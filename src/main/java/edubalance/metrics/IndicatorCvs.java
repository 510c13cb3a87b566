package edubalance.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The disparity coefficients of a list of indicators over the units of each county and level
 * (docs/METHODS.md §3), as the balance tables use them: all indicators in one Spark job, pivoted
 * to one row per group with a column per indicator, and the reason of each null.
 */
final class IndicatorCvs {
  private IndicatorCvs() {}

  /** Per group of {@code key} and indicator: the {@link Dispersion#grouped} figures, weighted by students. */
  static Dataset<Row> dispersion(Dataset<Row> units, List<String> key, List<Indicator> indicators) {
    return Dispersion.grouped(stacked(units, key, indicators), withIndicator(key), "students", "value");
  }

  /** {@link #dispersion} reduced to the CV, its reason and the mean ({@link Dispersion#cv}). */
  private static Dataset<Row> cvs(Dataset<Row> units, List<String> key, List<Indicator> indicators) {
    return Dispersion.cv(stacked(units, key, indicators), withIndicator(key), "students", "value");
  }

  private static Dataset<Row> stacked(Dataset<Row> units, List<String> key, List<Indicator> indicators) {
    List<String> keep = new ArrayList<>(key);
    keep.add("students");
    return Dispersion.stack(units, keep, indicators);
  }

  private static List<String> withIndicator(List<String> key) {
    List<String> groups = new ArrayList<>(key);
    groups.add("indicator");
    return groups;
  }

  /**
   * One row per group of {@code key}: {@code cv_<cvName>} and its reason {@code _reason_<cvName>}
   * for each indicator, and with {@code countyValues} the student-weighted mean as
   * {@code county_<name>} (the county's total over its students).
   */
  static Dataset<Row> pivoted(Dataset<Row> units, List<String> key, List<Indicator> indicators,
      boolean countyValues) {
    List<Column> pivot = new ArrayList<>();
    for (Indicator i : indicators) {
      Column is = col("indicator").equalTo(i.name());
      pivot.add(max(when(is, col("cv"))).as("cv_" + i.cvName()));
      pivot.add(max(when(is, col("cv_reason"))).as("_reason_" + i.cvName()));
      if (countyValues) pivot.add(max(when(is, col("mean"))).as("county_" + i.name()));
    }
    return cvs(units, key, indicators).groupBy(cols(key))
        .agg(pivot.get(0), pivot.subList(1, pivot.size()).toArray(new Column[0]));
  }

  /** {@code cv_<cvName>: <reason>} when the indicator's CV is null ({@code no_units} when the group had none); null otherwise. */
  static Column nullReason(Indicator i) {
    return when(col("cv_" + i.cvName()).isNull(), concat(lit("cv_" + i.cvName() + ": "),
        coalesce(col("_reason_" + i.cvName()), lit("no_units"))));
  }

  static Column[] cols(List<String> names) {
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }
}
