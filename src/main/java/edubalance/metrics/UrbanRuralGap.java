package edubalance.metrics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import edubalance.lakehouse.NullReasons;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.urban_rural_gap: the urban–rural gap (城乡差距) of each indicator, per school year, region
 * (county, city, province), level and indicator (docs/METHODS.md §8), over the units of basic balance
 * ({@code unit_rule = 'basic'} rows of gold.school_indicators).
 *
 * <p>Each group's value (urban 城区, town 镇区, rural 乡村) is a ratio of sums: the group's total
 * resource / its students (× the indicator's scale), and {@code rural_to_urban_ratio} = rural /
 * urban. The student-weighted Theil index over units and its exact split into a between-group and
 * a within-group part (docs/METHODS.md §8) are sums over units of s_i·(x_i/μ)·ln(ratio), with the
 * ratio x_i/μ, x_i/μ_g or μ_g/μ; they are rewritten as sums per group (see {@link #perRegion}).
 *
 * <p>All eleven indicators and the three region levels are computed in one pass: units are
 * exploded into (region, indicator) rows, and one aggregation gives every figure. A unit whose
 * total for an indicator is missing is left out of that indicator (its students too). Beside the
 * gap, the share of large classes (56 or more students, 大班额) and of migrant students (随迁子女) in
 * each group.
 */
public final class UrbanRuralGap implements UnitsModel {
  public UrbanRuralGap() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.urban_rural_gap";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("school_year", "region_level", "region_code", "level", "indicator"); }
  @Override public Dataset<Row> fromUnits(Dataset<Row> units, Settings settings) { return compute(units, settings); }

  /** A Theil index below this is rounding noise of an even distribution: no between-group share of it. */
  private static final double THEIL_ZERO = 1e-12;
  private static final String[] GROUPS = {"urban", "town", "rural"};
  /** The groups the Theil index is split over: a unit of no known group is a group of its own. */
  private static final String[] THEIL_GROUPS = {"urban", "town", "rural", "unknown"};

  /**
   * @param schoolIndicators gold.school_indicators (docs/SILVER.md): school_year, level, unit_rule,
   *     county_code, city_code, province_code, urban_rural, students, classes, classes_56_65,
   *     classes_66_plus, migrant_students and the indicator totals of {@link Indicator#ALL}
   * @return gold.urban_rural_gap, one row per school_year, region_level, region_code, level, indicator
   */
  public static Dataset<Row> compute(Dataset<Row> schoolIndicators, Settings settings) {
    return described(perRegion(unitRows(schoolIndicators)));
  }

  /**
   * One row per basic unit with students, region (its county, city and province) and indicator:
   * the unit's group (urban, town, rural or unknown), students and the indicator's amount (total ×
   * scale; students_valued only where the amount is known), and its classes and migrants.
   */
  private static Dataset<Row> unitRows(Dataset<Row> schoolIndicators) {
    List<Column> unitCols = new ArrayList<>();
    for (Indicator i : Indicator.ALL) unitCols.add(col(i.total()));
    Dataset<Row> units = schoolIndicators
        .where(col("unit_rule").equalTo("basic").and(col("students").gt(0)))
        .select(concat(unitCols, col("school_year"), col("level"),
            coalesce(col("urban_rural"), lit("unknown")).as("grp"),
            col("students").cast("double").as("students"),
            // large classes only where both counts and the class total are supplied
            when(col("classes_56_65").isNotNull().and(col("classes_66_plus").isNotNull())
                .and(col("classes").isNotNull()),
                col("classes_56_65").plus(col("classes_66_plus")).cast("double")).as("large_classes"),
            when(col("classes_56_65").isNotNull().and(col("classes_66_plus").isNotNull()),
                col("classes").cast("double")).as("classes_known"),
            col("migrant_students").cast("double").as("migrant_students"),
            when(col("migrant_students").isNotNull(), col("students").cast("double")).as("students_migrant_known"),
            explode(array(
                struct(lit("county").as("region_level"), col("county_code").as("region_code")),
                struct(lit("city").as("region_level"), col("city_code").as("region_code")),
                struct(lit("province").as("region_level"), col("province_code").as("region_code"))))
                .as("region")))
        // one generator per select: regions first, then indicators
        .select(col("*"), explode(array(Indicator.ALL.stream().map(i -> struct(lit(i.name()).as("indicator"),
                col(i.total()).cast("double").multiply(i.scale()).as("amount"))).toArray(Column[]::new)))
                .as("ind"))
        .select(col("school_year"), col("region.region_level").as("region_level"),
            col("region.region_code").as("region_code"), col("level"), col("ind.indicator").as("indicator"),
            col("grp"), col("students"), col("large_classes"), col("classes_known"), col("migrant_students"),
            col("students_migrant_known"), col("ind.amount").as("amount"),
            when(col("ind.amount").isNotNull(), col("students")).as("students_valued"))
        .where(col("region_code").isNotNull());
    return units;
  }

  /**
   * Per region, level and indicator, in one aggregation: the units and totals, each group's, and
   * the three parts of the Theil index from the groups' sums. With a_i a unit's amount (total ×
   * scale), n_i its students, x_i = a_i / n_i, A_g, N_g and L_g = Σ a_i ln x_i over the units of
   * group g with a_i > 0 (a unit with a_i = 0 adds 0 to every part), μ_g = A_g / N_g, A = Σ A_g and
   * μ = A / Σ N_g, the sums Σ (a_i / A) ln(·) of docs/METHODS.md §8 are
   * theil = Σ L_g / A − ln μ, within = Σ_g (L_g − A_g ln μ_g) / A and
   * between = Σ_g A_g ln(μ_g / μ) / A. The same figures as per-unit terms over windows of the region
   * and the group, without their two sorts of every unit row.
   */
  private static Dataset<Row> perRegion(Dataset<Row> units) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(col("amount")).as("units"));
    aggs.add(sum(col("students_valued")).as("students_sum"));
    aggs.add(sum(col("amount")).as("amount_sum"));
    Column logTerm = when(col("amount").gt(0), col("amount").multiply(log(col("amount").divide(col("students")))));
    // Students and amount of every group, unknown too (the Theil index's split counts it as one).
    for (String g : THEIL_GROUPS) {
      Column in = col("grp").equalTo(g);
      aggs.add(sum(when(in, col("students_valued"))).as(g + "_students"));
      aggs.add(sum(when(in, col("amount"))).as(g + "_amount"));
      aggs.add(coalesce(sum(when(in, logTerm)), lit(0.0)).as("_l_" + g));
    }
    for (String g : GROUPS) {
      Column in = col("grp").equalTo(g);
      aggs.add(count(when(in.and(col("amount").isNotNull()), lit(1))).as(g + "_units"));
      aggs.add(sum(when(in, col("large_classes"))).as(g + "_large_classes"));
      aggs.add(sum(when(in, col("classes_known"))).as(g + "_classes"));
      aggs.add(sum(when(in, col("migrant_students"))).as(g + "_migrants"));
      aggs.add(sum(when(in, col("students_migrant_known"))).as(g + "_students_migrant_known"));
    }
    Dataset<Row> sums = units.groupBy("school_year", "region_level", "region_code", "level", "indicator")
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
    Column total = col("amount_sum");
    Column logMu = log(total.divide(col("students_sum")));
    Column logs = lit(0.0);
    Column within = lit(0.0);
    Column between = lit(0.0);
    for (String g : THEIL_GROUPS) {
      Column a = col(g + "_amount");
      Column logMuG = log(a.divide(col(g + "_students")));
      logs = logs.plus(col("_l_" + g));
      within = within.plus(when(a.gt(0), col("_l_" + g).minus(a.multiply(logMuG))).otherwise(lit(0.0)));
      between = between.plus(when(a.gt(0), a.multiply(logMuG.minus(logMu))).otherwise(lit(0.0)));
    }
    // Each part is ≥ 0; a difference of sums can land a rounding error below 0 on an even spread.
    Column positive = total.gt(0);
    return sums
        .withColumn("t_all", when(positive, greatest(lit(0.0), logs.divide(total).minus(logMu))).otherwise(lit(0.0)))
        .withColumn("t_within", when(positive, greatest(lit(0.0), within.divide(total))).otherwise(lit(0.0)))
        .withColumn("t_between", when(positive, greatest(lit(0.0), between.divide(total))).otherwise(lit(0.0)));
  }

  /** The table's figures from the sums, each with its rule, and the reason of every null. */
  private static Dataset<Row> described(Dataset<Row> agg) {

    Column meanPositive = col("amount_sum").gt(0);
    Column theil = when(meanPositive, col("t_all"));
    Column between = when(meanPositive, col("t_between"));
    Column within = when(meanPositive, col("t_within"));
    Column urbanValue = value("urban");
    Column ruralValue = value("rural");

    NullReasons reasons = new NullReasons();
    for (String g : GROUPS) reasons.add(when(col(g + "_units").equalTo(0), lit(g + ":no_units")));
    reasons.add(when(col("urban_units").equalTo(0), lit("rural_to_urban_ratio:no_urban_units"))
        .when(urbanValue.equalTo(0), lit("rural_to_urban_ratio:urban_value_zero"))
        .when(col("rural_units").equalTo(0), lit("rural_to_urban_ratio:no_rural_units")));
    reasons.add(when(col("units").equalTo(0), lit("theil:no_units"))
        .when(not(meanPositive), lit("theil:mean_zero")));
    reasons.add(when(meanPositive.and(col("t_all").lt(THEIL_ZERO)), lit("theil_between_share:theil_zero")));
    for (String g : GROUPS) {
      reasons.add(when(col(g + "_units").gt(0).and(coalesce(col(g + "_classes"), lit(0.0)).equalTo(0)),
          lit(g + "_large_class_share:classes_not_supplied")));
      reasons.add(when(col(g + "_units").gt(0).and(col(g + "_students_migrant_known").isNull()),
          lit(g + "_migrant_share:not_supplied")));
    }

    List<Column> out = new ArrayList<>();
    out.add(Described.as(col("school_year"), "school_year", "school year by the calendar year it starts in"));
    out.add(Described.as(col("region_code"), "region_code", "county_code, city_code or province_code of the units"));
    out.add(Described.as(col("level"), "level", "primary or junior"));
    out.add(Described.as(col("indicator"), "indicator", "one of the eleven indicators of docs/METHODS.md §2 (edubalance.metrics.Indicator)"));
    out.add(Described.as(col("region_level"), "region_level", "county, city or province"));
    out.add(Described.as(col("units"), "units", "basic-balance units of the region with a value of the indicator"));
    out.add(Described.as(col("students_sum").cast("long"), "students", "students of those units"));
    out.add(Described.as(when(col("students_sum").gt(0), col("amount_sum").divide(col("students_sum"))),
        "region_value", "the region's value: total resource / total students (x scale) of its units"));
    for (String g : GROUPS) {
      out.add(Described.as(col(g + "_units"), g + "_units", g + " units (" + label(g) + ") with a value of the indicator"));
      out.add(Described.as(col(g + "_students").cast("long"), g + "_students", "students of the " + g + " units with a value"));
      out.add(Described.as(value(g), g + "_value",
          g + " group's value: its total resource / its students (x scale), ratio of sums (docs/METHODS.md §8); null when no " + g + " units"));
    }
    out.add(Described.as(when(urbanValue.notEqual(0), ruralValue.divide(urbanValue)), "rural_to_urban_ratio",
        "rural_value / urban_value; null when no urban or rural units or urban_value is 0"));
    out.add(Described.as(theil, "theil",
        "student-weighted Theil index over units: sum s_i (x_i/mu) ln(x_i/mu), zero x_i adds 0; null when the mean is 0"));
    out.add(Described.as(between, "theil_between",
        "between-group part: sum_g s_g (mu_g/mu) ln(mu_g/mu) over urban, town, rural; theil = theil_between + theil_within"));
    out.add(Described.as(within, "theil_within", "within-group part: sum_g s_g (mu_g/mu) T_g"));
    out.add(Described.as(when(meanPositive.and(col("t_all").geq(THEIL_ZERO)), col("t_between").divide(col("t_all"))),
        "theil_between_share", "theil_between / theil, fraction of inequality between urban, town and rural; null when theil is 0"));
    for (String g : GROUPS) {
      out.add(Described.as(when(col(g + "_classes").gt(0), col(g + "_large_classes").divide(col(g + "_classes"))),
          g + "_large_class_share", "(classes_56_65 + classes_66_plus) / classes of the " + g
              + " units (大班额 share), fraction; same for every indicator"));
    }
    for (String g : GROUPS) {
      out.add(Described.as(when(col(g + "_students_migrant_known").gt(0),
              col(g + "_migrants").divide(col(g + "_students_migrant_known"))),
          g + "_migrant_share", "migrant_students / students of the " + g
              + " units (随迁子女 share), fraction; same for every indicator"));
    }
    out.add(reasons.asNullReason(
        "why figures are null: '; '-separated entries (urban:no_units, rural_to_urban_ratio:urban_value_zero, theil:mean_zero, theil_between_share:theil_zero, ...); null when none is"));
    return agg.select(out.toArray(new Column[0]));
  }

  private static Column[] concat(List<Column> first, Column... rest) {
    List<Column> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return all.toArray(new Column[0]);
  }

  private static Column value(String g) {
    return when(col(g + "_students").gt(0), col(g + "_amount").divide(col(g + "_students")));
  }

  private static String label(String g) {
    switch (g) {
      case "urban": return "城区";
      case "town": return "镇区";
      default: return "乡村";
    }
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }
}
