package edubalance.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import edubalance.lakehouse.NullReasons;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * gold.county_balance_quality: quality balance (优质均衡, 2017 method, docs/METHODS.md §5) of each county
 * and level: how many units meet the seven per-unit standards (at least six met, each missed one
 * at least 85% of its standard; conf), the seven disparity coefficients against the province's
 * maximum, the county's values of the seven (ratio of sums), and the other conditions of the 2017
 * method the data answers: large classes, class and school size limits, music and art rooms.
 */
public final class QualityBalance extends CountyUnitsModel {
  public QualityBalance() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.county_balance_quality";

  @Override public String table() { return TABLE; }
  @Override protected String unitRule() { return "quality"; }

  /** Relative tolerance of the comparisons with a standard (floating-point rounding only). */
  static final double TOLERANCE = 1e-9;

  /** @param schoolIndicators gold.school_indicators (its unit_rule = 'quality' rows are used) */
  public static Dataset<Row> compute(Dataset<Row> schoolIndicators, Settings settings) {
    return new QualityBalance().fromUnits(schoolIndicators, settings);
  }

  @Override
  protected Dataset<Row> byCounty(Dataset<Row> units, Settings settings) {
    Dataset<Row> judgedUnits = withLimits(withCompliance(units, settings), settings);
    // The seven CVs and county values, one job for all of them.
    Dataset<Row> cvs = disparities(judgedUnits, Indicator.QUALITY_2017, true);
    Dataset<Row> joined = perCounty(judgedUnits).join(cvs, COUNTY_LEVEL.toArray(new String[0]), "left")
        .withColumn("cv_threshold", thresholdOfLevel(settings, "quality.cv_max"));
    return joined.withColumn("meets_cv", meetsCv())
        .withColumn("meets_standard", col("meets_cv").and(allUnitsComply()))
        .select(described().toArray(new Column[0]));
  }

  /**
   * Per unit, {@code _compliant}: at least {@code _min_met} of the seven standards met and each
   * missed one at least {@code _floor} of its standard; null when an indicator or standard is unknown.
   */
  private static Dataset<Row> withCompliance(Dataset<Row> units, Settings settings) {
    Dataset<Row> judged = units
        .withColumn("_floor", threshold(settings, "quality.missed_floor_fraction"))
        .withColumn("_min_met", threshold(settings, "quality.min_indicators_met"));
    Column met = lit(0);
    Column allAboveFloor = lit(true);
    Column anyUnknown = lit(false);
    for (Indicator i : Indicator.QUALITY_2017) {
      String std = "_std_" + i.name();
      judged = judged.withColumn(std, thresholdOfLevel(settings, "quality.standard." + i.name()));
      Column x = col(i.name());
      // Compared with a relative tolerance of 1e-9 so that a value exactly at the standard (or at
      // 85% of it) is not failed by floating-point rounding of students × 100 / students.
      Column meets = x.geq(col(std).multiply(1 - TOLERANCE));
      met = met.plus(when(meets, 1).otherwise(0));
      allAboveFloor = allAboveFloor.and(meets.or(x.geq(col(std).multiply(col("_floor")).multiply(1 - TOLERANCE))));
      anyUnknown = anyUnknown.or(x.isNull()).or(col(std).isNull());
    }
    return judged.withColumn("_compliant", when(anyUnknown, lit(null).cast(DataTypes.BooleanType))
        .otherwise(met.geq(col("_min_met")).and(allAboveFloor)));
  }

  /** Per unit, the other limits of the 2017 method: class size, school size, music and art rooms. */
  private static Dataset<Row> withLimits(Dataset<Row> units, Settings settings) {
    // School size: a school's compulsory students against the limit of its type.
    Column schoolStudents = sum(col("students")).over(Window.partitionBy("school_year", "school_id"));
    Column schoolSizeMax = when(col("school_type").isin("nine_year", "twelve_year"),
            threshold(settings, "quality.school_size_max.through"))
        .otherwise(threshold(settings, "quality.school_size_max.single_level"));
    return units
        .withColumn("_class_size_max", thresholdOfLevel(settings, "quality.class_size_max"))
        .withColumn("_school_students", schoolStudents)
        .withColumn("_school_size_max", schoolSizeMax)
        .withColumn("_classes_per_music_room", threshold(settings, "quality.classes_per_music_room"))
        .withColumn("_classes_per_art_room", threshold(settings, "quality.classes_per_art_room"));
  }

  /** Per county and level: units, their compliance, the standards applied and the limits' counts. */
  private static Dataset<Row> perCounty(Dataset<Row> units) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("schools"));
    aggs.add(sum(col("students")).cast(DataTypes.LongType).as("students"));
    aggs.add(count(when(col("_compliant").equalTo(true), 1)).as("schools_compliant"));
    aggs.add(count(when(col("_compliant").equalTo(false), 1)).as("_noncompliant"));
    aggs.add(count(when(col("_compliant").isNull(), 1)).as("schools_compliance_unknown"));
    aggs.add(max(col("_min_met")).cast(DataTypes.IntegerType).as("min_indicators_met"));
    aggs.add(max(col("_floor")).as("missed_floor_fraction"));
    for (Indicator i : Indicator.QUALITY_2017) aggs.add(max(col("_std_" + i.name())).as("standard_" + i.name()));
    aggs.add(sum(col("classes")).cast(DataTypes.LongType).as("classes"));
    // A large-class share is null when any unit lacks the count (not delivered).
    aggs.add(when(count(col("classes_56_65")).equalTo(count(lit(1))), sum(col("classes_56_65"))).as("_c56"));
    aggs.add(when(count(col("classes_66_plus")).equalTo(count(lit(1))), sum(col("classes_66_plus"))).as("_c66"));
    aggs.add(max(col("_class_size_max")).as("class_size_max"));
    aggs.add(count(when(col("students").gt(col("classes").multiply(col("_class_size_max"))), 1)).as("units_over_class_size"));
    aggs.add(count(when(col("_school_students").gt(col("_school_size_max")), 1)).as("units_over_school_size"));
    aggs.add(count(when(col("music_rooms").multiply(col("_classes_per_music_room")).lt(col("classes")), 1)).as("units_short_of_music_rooms"));
    aggs.add(count(when(col("art_rooms").multiply(col("_classes_per_art_room")).lt(col("classes")), 1)).as("units_short_of_art_rooms"));
    aggs.add(count(when(col("music_rooms").isNull().or(col("art_rooms").isNull()), 1)).as("units_rooms_unknown"));
    return groupByCounty(units, aggs);
  }

  /** Three-valued: false when any CV exceeds the threshold, null when none does but one is unknown. */
  private static Column meetsCv() {
    Column meets = lit(true);
    for (Indicator i : Indicator.QUALITY_2017) meets = meets.and(col("cv_" + i.cvName()).leq(col("cv_threshold")));
    return meets;
  }

  /** False when a unit fails, null when none fails but one's compliance is unknown. */
  private static Column allUnitsComply() {
    return when(col("_noncompliant").gt(0), lit(false))
        .when(col("schools_compliance_unknown").gt(0), lit(null).cast(DataTypes.BooleanType))
        .otherwise(lit(true));
  }

  /** The table's columns, each with its rule. */
  private static List<Column> described() {
    NullReasons reasons = new NullReasons();
    for (Indicator i : Indicator.QUALITY_2017) reasons.add(IndicatorCvs.nullReason(i));
    reasons.when(col("schools_compliance_unknown").gt(0),
        concat(lit("compliance unknown for "), col("schools_compliance_unknown").cast("string"), lit(" units")));
    List<Column> out = new ArrayList<>(List.of(IndicatorCvs.cols(COUNTY_LEVEL)));
    out.add(Described.as(col("schools"), "schools", "units of calculation under the quality rule (teaching points under the conf minimum left out; docs/METHODS.md §1)"));
    out.add(Described.as(col("students"), "students", "students of those units"));
    out.add(Described.as(col("schools_compliant"), "schools_compliant", "units meeting at least min_indicators_met of the seven standards with each missed one at least missed_floor_fraction of its standard (docs/METHODS.md §5)"));
    out.add(Described.as(col("schools_compliance_unknown"), "schools_compliance_unknown", "units whose compliance cannot be judged (an indicator null, e.g. no resources row)"));
    for (Indicator i : Indicator.QUALITY_2017) {
      out.add(Described.as(col("cv_" + i.cvName()), "cv_" + i.cvName(),
          "disparity coefficient (差异系数) of " + i.name() + " over the units, student-weighted (docs/METHODS.md §3); null: see reason"));
    }
    for (Indicator i : Indicator.QUALITY_2017) {
      out.add(Described.as(col("county_" + i.name()), "county_" + i.name(),
          "the county's " + i.description() + ": total of the units / their students (ratio of sums); null when a unit's value is unknown"));
    }
    for (Indicator i : Indicator.QUALITY_2017) {
      out.add(Described.as(col("standard_" + i.name()), "standard_" + i.name(),
          "per-unit standard applied, conf quality.standard." + i.name() + ".<level> (province override if any)"));
    }
    out.add(Described.as(col("min_indicators_met"), "min_indicators_met", "standards of the seven a unit must meet (conf quality.min_indicators_met)"));
    out.add(Described.as(col("missed_floor_fraction"), "missed_floor_fraction", "fraction of its standard a missed indicator must still reach (conf quality.missed_floor_fraction)"));
    out.add(Described.as(col("cv_threshold"), "cv_threshold", "maximum CV of each of the seven for the level (conf quality.cv_max.<level>)"));
    out.add(Described.as(col("meets_cv"), "meets_cv", "every one of the seven CVs ≤ cv_threshold; null when none exceeds it but one is null"));
    out.add(Described.as(col("meets_standard"), "meets_standard", "meets_cv and every unit complies (quality balance met on the seven indicators); null when undecidable"));
    out.add(reasons.as("reason", "why a CV, meets_cv or meets_standard is null"));
    out.add(Described.as(col("classes"), "classes", "classes of the units"));
    out.add(Described.as(try_divide(col("_c56").cast("double"), col("classes").cast("double")), "oversized_class_share",
        "share of classes with 56–65 students (大班额); null when classes_56_65 is not delivered for every unit"));
    out.add(Described.as(try_divide(col("_c66").cast("double"), col("classes").cast("double")), "super_oversized_class_share",
        "share of classes with 66 or more students (超大班额); null when classes_66_plus is not delivered for every unit"));
    out.add(Described.as(col("class_size_max"), "class_size_max", "maximum average class size of a unit (conf quality.class_size_max.<level>)"));
    out.add(Described.as(col("units_over_class_size"), "units_over_class_size", "units whose students / classes exceed class_size_max"));
    out.add(Described.as(col("units_over_school_size"), "units_over_school_size",
        "units of schools whose compulsory students exceed the school size limit (conf quality.school_size_max.through for nine- and twelve-year schools, .single_level otherwise)"));
    out.add(Described.as(col("units_short_of_music_rooms"), "units_short_of_music_rooms",
        "units with fewer than one music room per quality.classes_per_music_room classes (rooms split by weighted students like other assets)"));
    out.add(Described.as(col("units_short_of_art_rooms"), "units_short_of_art_rooms",
        "units with fewer than one art room per quality.classes_per_art_room classes"));
    out.add(Described.as(col("units_rooms_unknown"), "units_rooms_unknown", "units whose music or art rooms are not known (not counted above)"));
    return out;
  }
}
