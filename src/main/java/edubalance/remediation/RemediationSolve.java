package edubalance.remediation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import edubalance.codes.Regions;
import edubalance.conf.ProvinceColumns;
import edubalance.conf.Settings;
import edubalance.metrics.Indicator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The plans of every county, level and target (docs/METHODS.md §10), from gold.school_indicators: the
 * units of a county are brought together by a shuffle and each county is solved in the executors
 * ({@link PlanSolver}), so a province's counties are solved on every core. The units of the basic
 * rule serve the basic target, those of the quality rule the quality target.
 */
final class RemediationSolve {
  private RemediationSolve() {}

  static final List<String> KEY = List.of("school_year", "county_code", "level", "target");

  static final StructType ADDITION = new StructType(new StructField[] {
      DataTypes.createStructField("unit_id", DataTypes.StringType, false),
      DataTypes.createStructField("resource", DataTypes.StringType, false),
      DataTypes.createStructField("current_amount", DataTypes.DoubleType, true),
      DataTypes.createStructField("add_amount", DataTypes.DoubleType, false),
      DataTypes.createStructField("unit_cost_yuan", DataTypes.DoubleType, false),
      DataTypes.createStructField("cost_yuan", DataTypes.DoubleType, false)});

  /** One row per county, level and target: the plan's figures and its additions. */
  static final StructType RESULT = new StructType(new StructField[] {
      DataTypes.createStructField("school_year", DataTypes.IntegerType, false),
      DataTypes.createStructField("county_code", DataTypes.StringType, false),
      DataTypes.createStructField("level", DataTypes.StringType, false),
      DataTypes.createStructField("target", DataTypes.StringType, false),
      DataTypes.createStructField("units", DataTypes.IntegerType, false),
      DataTypes.createStructField("meets_now", DataTypes.BooleanType, true),
      DataTypes.createStructField("feasible", DataTypes.BooleanType, true),
      DataTypes.createStructField("cost_yuan", DataTypes.DoubleType, true),
      DataTypes.createStructField("lower_bound_yuan", DataTypes.DoubleType, true),
      DataTypes.createStructField("composite_cv_now", DataTypes.DoubleType, true),
      DataTypes.createStructField("max_cv_now", DataTypes.DoubleType, true),
      DataTypes.createStructField("units_compliant_now", DataTypes.IntegerType, true),
      DataTypes.createStructField("composite_cv_after", DataTypes.DoubleType, true),
      DataTypes.createStructField("max_cv_after", DataTypes.DoubleType, true),
      DataTypes.createStructField("units_compliant_after", DataTypes.IntegerType, true),
      DataTypes.createStructField("null_reason", DataTypes.StringType, true),
      DataTypes.createStructField("additions", DataTypes.createArrayType(ADDITION, false), false)});

  /** @param schoolIndicators gold.school_indicators (both unit rules) */
  static Dataset<Row> solve(Dataset<Row> schoolIndicators, Settings settings) {
    Column[] key = KEY.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    List<Column> order = new ArrayList<>(List.of(key));
    order.add(col("school_id"));
    // As many tasks as shuffle partitions, whatever the bytes: a county's solve costs far more than
    // its rows weigh, and adaptive execution would coalesce a byte-sized shuffle of the national
    // units into 3 tasks, the largest half of the time (docs/BENCHMARKS.md, the stage table).
    int tasks = Integer.parseInt(schoolIndicators.sparkSession().conf().get("spark.sql.shuffle.partitions"));
    return units(schoolIndicators, settings)
        .repartition(tasks, key)
        .sortWithinPartitions(order.toArray(new Column[0]))
        .mapPartitions((MapPartitionsFunction<Row, Row>) RemediationSolve::counties, Encoders.row(RESULT));
  }

  /** The units with students, their target, totals and the conf values of their province and level ({@link #countyCase}). */
  static Dataset<Row> units(Dataset<Row> schoolIndicators, Settings settings) {
    Column prov2 = Regions.province2(col("county_code"));
    Column level = col("level");
    List<Column> cols = new ArrayList<>();
    for (String k : List.of("school_year", "county_code", "level")) cols.add(col(k));
    cols.add(when(col("unit_rule").equalTo("basic"), CountyCase.BASIC).otherwise(CountyCase.QUALITY).as("target"));
    cols.add(col("school_id"));
    cols.add(col("students").cast(DataTypes.LongType).as("students"));
    for (Indicator k : Indicator.ALL) cols.add(col(k.total()).cast(DataTypes.DoubleType).as(k.total()));
    for (Resource r : Resource.ALL) cols.add(ProvinceColumns.doubleValue(settings, r.costKey(), prov2).as("_cost_" + r.name()));
    cols.add(when(col("unit_rule").equalTo("basic"),
            ProvinceColumns.byLevel(settings, "basic.composite_cv_max", prov2, level))
        .otherwise(ProvinceColumns.byLevel(settings, "quality.cv_max", prov2, level)).as("_cv_max"));
    for (Indicator k : Indicator.QUALITY_2017) {
      cols.add(ProvinceColumns.byLevel(settings, "quality.standard." + k.name(), prov2, level).as("_std_" + k.name()));
    }
    cols.add(ProvinceColumns.doubleValue(settings, "quality.min_indicators_met", prov2).as("_min_met"));
    cols.add(ProvinceColumns.doubleValue(settings, "quality.missed_floor_fraction", prov2).as("_floor"));

    return schoolIndicators.filter(col("students").gt(0)).select(cols.toArray(new Column[0]));
  }

  /** The rows of a partition, sorted by county: one result per county, level and target. */
  private static Iterator<Row> counties(Iterator<Row> rows) {
    List<Row> out = new ArrayList<>();
    List<Row> group = new ArrayList<>();
    for (Row r : (Iterable<Row>) () -> rows) {
      if (!group.isEmpty() && !sameKey(group.get(0), r)) {
        out.add(solved(group));
        group = new ArrayList<>();
      }
      group.add(r);
    }
    if (!group.isEmpty()) out.add(solved(group));
    return out.iterator();
  }

  private static boolean sameKey(Row a, Row b) {
    for (int i = 0; i < KEY.size(); i++) if (!a.get(i).equals(b.get(i))) return false;
    return true;
  }

  private static Row solved(List<Row> units) {
    Row first = units.get(0);
    CountyCase c = countyCase(units);
    PlanSolver.Plan p = PlanSolver.solve(c);
    List<Row> additions = new ArrayList<>();
    for (PlanSolver.Addition a : p.additions()) {
      additions.add(RowFactory.create(units.get(a.unit()).getAs("school_id"), a.resource().name(),
          Double.isNaN(a.current()) ? null : a.current(), a.add(), a.unitCost(), a.cost()));
    }
    return RowFactory.create(first.getInt(0), first.getString(1), first.getString(2), first.getString(3),
        units.size(), p.meetsNow(), p.feasible(), p.cost(), p.lowerBound(), p.now().compositeCv(), p.now().maxCv(),
        p.now().unitsCompliant(), p.after().compositeCv(), p.after().maxCv(), p.after().unitsCompliant(),
        p.nullReason(), additions.toArray());
  }

  /** The case of one county's units (all carry the conf values of its province and level). */
  static CountyCase countyCase(List<Row> units) {
    Row first = units.get(0);
    long[] students = new long[units.size()];
    double[][] totals = new double[units.size()][Indicator.ALL.size()];
    for (int i = 0; i < units.size(); i++) {
      Row u = units.get(i);
      students[i] = u.<Long>getAs("students");
      for (int k = 0; k < Indicator.ALL.size(); k++) {
        Object v = u.getAs(Indicator.ALL.get(k).total());
        totals[i][k] = v == null ? Double.NaN : (Double) v;
      }
    }
    double[] cost = new double[Resource.ALL.size()];
    for (int r = 0; r < cost.length; r++) cost[r] = first.<Double>getAs("_cost_" + Resource.ALL.get(r).name());
    double[] standard = new double[Indicator.QUALITY_2017.size()];
    for (int j = 0; j < standard.length; j++) standard[j] = first.<Double>getAs("_std_" + Indicator.QUALITY_2017.get(j).name());
    return new CountyCase(first.getString(3), students, totals, cost, first.<Double>getAs("_cv_max"), standard,
        (int) Math.round(first.<Double>getAs("_min_met")), first.<Double>getAs("_floor"));
  }
}
