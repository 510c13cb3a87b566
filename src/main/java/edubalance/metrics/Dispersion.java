package edubalance.metrics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Student-weighted dispersion of a value over units: the disparity coefficient (差异系数, CV of
 * docs/METHODS.md §3), Gini, Theil, McLoone index and restricted range ratio (docs/METHODS.md §8), for any
 * grouping, in one window pass and one aggregation over all groups at once.
 *
 * <p>Typical use: {@link #stack} the indicators of gold.school_indicators into
 * (indicator, value) rows, then {@link #grouped} by county, level and indicator, so every
 * indicator's figures come out of the same Spark job.
 *
 * <p>Definitions, with P_i the unit's weight (students), P = Σ P_i, s_i = P_i / P, x_i the value:
 * <ul>
 *   <li>mean X = Σ s_i·x_i (= total resource / total students when x is per student)
 *   <li>CV = sqrt(Σ s_i·(x_i − X)²) / X; 0 for one unit; null with {@code zero_mean} when X = 0
 *   <li>Gini = Σ_i Σ_j s_i·s_j·|x_i − x_j| / 2X, computed in sorted order as
 *       Σ_i s_i·x_i·(L_i − G_i) / X with L_i, G_i the weight share sorted before and after unit i
 *       (ties cancel, so the order among equal values does not matter)
 *   <li>Theil = Σ s_i·(x_i/X)·ln(x_i/X), a zero x_i adding 0
 *   <li>student percentile q = the smallest x whose cumulative weight share reaches q; median = q 0.5
 *   <li>McLoone = Σ_{x_i ≤ m} P_i·x_i / (m·Σ_{x_i ≤ m} P_i), m the median (units at or below it)
 *   <li>restricted range ratio = (P95 − P5) / P5
 * </ul>
 * A group where any unit's value is null gets every figure null with reason {@code missing_value}:
 * a county is not judged on part of its schools.
 */
public final class Dispersion {
  private Dispersion() {}

  /**
   * Rows {@code keep..., indicator, value}: one per input row and indicator, value the indicator
   * column (DOUBLE). The input is typically gold.school_indicators.
   */
  public static Dataset<Row> stack(Dataset<Row> rows, List<String> keep, List<Indicator> indicators) {
    List<Column> pairs = new ArrayList<>();
    for (Indicator i : indicators) {
      pairs.add(struct(lit(i.name()).as("indicator"), col(i.name()).cast(DataTypes.DoubleType).as("value")));
    }
    List<Column> out = new ArrayList<>();
    for (String k : keep) out.add(col(k));
    out.add(explode(array(pairs.toArray(new Column[0]))).as("_pair"));
    return rows.select(out.toArray(new Column[0]))
        .select(selectAll(keep, col("_pair.indicator").as("indicator"), col("_pair.value").as("value")));
  }

  /**
   * Dispersion of {@code valueCol} weighted by {@code weightCol} within each group of
   * {@code groupCols}. Returns the group keys and: units (rows),
   * units_missing_value, total_weight, mean, median, p5, p95 (student percentiles), cv, cv_reason
   * ({@code missing_value}, {@code zero_mean}), gini, theil, mcloone, restricted_range_ratio, and
   * null_reason (why any of them is null: {@code missing_value}, or some of {@code zero_mean}
   * (cv, gini, theil), {@code zero_median} (mcloone), {@code zero_p5} (restricted range ratio)).
   */
  public static Dataset<Row> grouped(Dataset<Row> rows, List<String> groupCols, String weightCol,
      String valueCol) {
    Column[] keys = keys(groupCols);
    WindowSpec group = Window.partitionBy(keys);
    WindowSpec sorted = Window.partitionBy(keys).orderBy(col("_x").asc_nulls_first())
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());

    Dataset<Row> w = weighted(rows, groupCols, weightCol, valueCol)
        .withColumn("_cum", sum(col("_wv")).over(sorted))
        // Percentiles by cumulative weight, compared as 2·cum ≥ P etc. so integer weights are exact.
        .withColumn("_median", min(when(col("_cum").multiply(2).geq(col("_P")), col("_x"))).over(group))
        .withColumn("_p5", min(when(col("_cum").multiply(20).geq(col("_P")), col("_x"))).over(group))
        .withColumn("_p95", min(when(col("_cum").multiply(20).geq(col("_P").multiply(19)), col("_x"))).over(group));

    Column below = col("_cum").minus(col("_wv"));
    Column above = col("_P").minus(col("_cum"));
    Column ratio = try_divide(col("_x"), col("_mu"));
    Column atOrBelowMedian = col("_x").leq(col("_median"));
    List<Column> more = List.of(
        max(col("_median")).as("median"),
        max(col("_p5")).as("p5"),
        max(col("_p95")).as("p95"),
        sum(col("_wv").multiply(col("_x")).multiply(below.minus(above))).as("_gini"),
        sum(theilTerm(col("_wv").multiply(ratio), ratio, col("_x").gt(0))).as("_theil"),
        sum(when(atOrBelowMedian, col("_wv").multiply(col("_x")))).as("_mcl_num"),
        sum(when(atOrBelowMedian, col("_wv"))).as("_mcl_den"));
    Dataset<Row> agg = aggregate(w, keys, more);

    Column complete = col("units_missing_value").equalTo(0);
    Column positiveMean = complete.and(col("mean").gt(0));
    Column single = col("units").equalTo(1);
    Column gini = when(positiveMean, try_divide(col("_gini"),
        col("_P").multiply(col("_P")).multiply(col("mean"))));
    Column theil = when(positiveMean.and(single), lit(0.0))
        .when(positiveMean, try_divide(col("_theil"), col("_P")));
    Column mcloone = when(complete.and(col("median").gt(0)),
        try_divide(col("_mcl_num"), col("median").multiply(col("_mcl_den"))));
    Column rrr = when(complete.and(col("p5").gt(0)),
        try_divide(col("p95").minus(col("p5")), col("p5")));
    Column nullReasons = concat_ws("; ",
        when(col("mean").equalTo(0), lit("zero_mean")),
        when(col("median").equalTo(0), lit("zero_median")),
        when(col("p5").equalTo(0), lit("zero_p5")));
    Column nullReason = when(col("units_missing_value").gt(0), lit("missing_value"))
        .when(nullReasons.notEqual(""), nullReasons);

    return agg.select(selectAll(groupCols,
        col("units"), col("units_missing_value"), col("total_weight"),
        when(complete, col("mean")).as("mean"),
        when(complete, col("median")).as("median"),
        when(complete, col("p5")).as("p5"),
        when(complete, col("p95")).as("p95"),
        cv().as("cv"), cvReason().as("cv_reason"), gini.as("gini"), theil.as("theil"),
        mcloone.as("mcloone"), rrr.as("restricted_range_ratio"), nullReason.as("null_reason")));
  }

  /**
   * Only the CV of {@link #grouped}, with the same formula and reasons: units,
   * units_missing_value, total_weight, mean, cv, cv_reason per group. For the balance tables,
   * which use nothing else: no sorted window for percentiles, Gini and McLoone.
   */
  public static Dataset<Row> cv(Dataset<Row> rows, List<String> groupCols, String weightCol, String valueCol) {
    Dataset<Row> agg = aggregate(weighted(rows, groupCols, weightCol, valueCol), keys(groupCols), List.of());
    return agg.select(selectAll(groupCols,
        col("units"), col("units_missing_value"), col("total_weight"),
        when(col("units_missing_value").equalTo(0), col("mean")).as("mean"),
        cv().as("cv"), cvReason().as("cv_reason")));
  }

  /**
   * Rows {@code groupCols, _w, _x, _wv, _P, _mu}: weight and value as DOUBLE, _wv the weight of a
   * unit with a value (a unit with a null value weighs nothing), _P and _mu the group's total of
   * _wv and weighted mean.
   */
  private static Dataset<Row> weighted(Dataset<Row> rows, List<String> groupCols, String weightCol, String valueCol) {
    WindowSpec group = Window.partitionBy(keys(groupCols));
    return rows
        .select(selectAll(groupCols, col(weightCol).cast(DataTypes.DoubleType).as("_w"),
            col(valueCol).cast(DataTypes.DoubleType).as("_x")))
        .withColumn("_wv", when(col("_x").isNotNull(), col("_w")).otherwise(lit(0.0)))
        .withColumn("_P", sum(col("_wv")).over(group))
        .withColumn("_mu", try_divide(sum(col("_wv").multiply(col("_x"))).over(group), col("_P")));
  }

  /** Per group: units, units_missing_value, total_weight, _P, mean, _ss (Σ _wv·(x − mean)²), then {@code more}. */
  private static Dataset<Row> aggregate(Dataset<Row> w, Column[] keys, List<Column> more) {
    List<Column> aggs = new ArrayList<>(List.of(
        count(when(col("_x").isNull(), 1)).as("units_missing_value"),
        sum(col("_w")).as("total_weight"),
        max(col("_P")).as("_P"),
        max(col("_mu")).as("mean"),
        sum(col("_wv").multiply(pow(col("_x").minus(col("_mu")), 2))).as("_ss")));
    aggs.addAll(more);
    return w.groupBy(keys).agg(count(lit(1)).as("units"), aggs.toArray(new Column[0]));
  }

  /** CV = sqrt(_ss / _P) / mean; 0 for one unit; null when a value is missing or the mean is not positive. */
  private static Column cv() {
    Column positiveMean = col("units_missing_value").equalTo(0).and(col("mean").gt(0));
    return when(positiveMean.and(col("units").equalTo(1)), lit(0.0))
        .when(positiveMean, try_divide(sqrt(try_divide(col("_ss"), col("_P"))), col("mean")));
  }

  private static Column cvReason() {
    return when(col("units_missing_value").gt(0), lit("missing_value"))
        .when(col("mean").equalTo(0), lit("zero_mean"));
  }

  private static Column[] keys(List<String> groupCols) {
    return groupCols.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  /**
   * A unit's term of the Theil index T = Σ s_i·(x_i/μ)·ln(x_i/μ) (docs/METHODS.md §8):
   * {@code weight}·ln({@code ratio}) where the unit's value is positive, 0 where it is 0 (the
   * limit of x·ln x). With weight s_i·x_i/μ and ratio x_i/μ it is the unit's share of T.
   */
  private static Column theilTerm(Column weight, Column ratio, Column positive) {
    return when(positive, weight.multiply(log(ratio))).otherwise(lit(0.0));
  }

  private static Column[] selectAll(List<String> names, Column... more) {
    List<Column> out = new ArrayList<>();
    for (String n : names) out.add(col(n));
    out.addAll(List.of(more));
    return out.toArray(new Column[0]);
  }
}
