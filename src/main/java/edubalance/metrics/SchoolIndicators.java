package edubalance.metrics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import edubalance.codes.Regions;
import edubalance.conf.ProvinceColumns;
import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * gold.school_indicators: the units of calculation (计算单元) every county figure is computed over,
 * with their totals and the eleven indicators of docs/METHODS.md §2 (学校指标).
 *
 * <p>A unit is a school's primary or junior part with students (docs/METHODS.md §1). Assets of a
 * multi-level school are split between its parts by weighted students (conf
 * {@code units.weight.*}); senior parts are dropped after the split. Teacher figures are the
 * school's full-time teachers of the part's level. Each unit appears once per {@code unit_rule}:
 * {@code basic} merges a teaching point (教学点) into its central school's part when the central
 * school is a unit school that year; {@code quality} keeps teaching points as their own units but
 * leaves out those under {@code units.quality.teaching_point_min_students}. Special-education
 * schools are never units; private schools are unless {@code units.include_private = false}.
 */
public final class SchoolIndicators implements GoldModel {
  public SchoolIndicators() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.school_indicators";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("school_year", "unit_rule", "school_id", "level"); }
  @Override public String yearColumn() { return "school_year"; }
  @Override public List<String> inputs() { return List.of("silver.schools", "silver.enrollment", "silver.resources", "silver.teachers"); }

  @Override
  public Dataset<Row> compute(Inputs in, Settings settings) {
    return compute(in.get("silver.schools"), in.get("silver.enrollment"), in.get("silver.resources"),
        in.get("silver.teachers"), settings);
  }

  /** The asset totals of silver.resources, split between a school's parts. */
  static final List<String> ASSETS = List.of("teaching_aux_area_m2", "sports_area_m2",
      "equipment_value_yuan", "computers", "books", "multimedia_classrooms", "music_rooms", "art_rooms");
  /** The enrollment counts summed over a level's grades. */
  static final List<String> ENROLLMENT = List.of("students", "classes", "classes_56_65",
      "classes_66_plus", "migrant_students");
  /** The teacher counts of a part. */
  static final List<String> TEACHERS = List.of("teachers", "qualified_teachers", "titled_teachers",
      "backbone_teachers", "pe_art_teachers");

  /**
   * @param schools silver.schools
   * @param enrollment silver.enrollment (its {@code level} column decides a grade's level)
   * @param resources silver.resources
   * @param teachers silver.teachers
   * @return gold.school_indicators, both unit rules, one row per school_year, school_id, level, unit_rule
   */
  public static Dataset<Row> compute(Dataset<Row> schools, Dataset<Row> enrollment,
      Dataset<Row> resources, Dataset<Row> teachers, Settings settings) {
    Column prov2 = Regions.province2(col("county_code"));

    // Schools that can hold units: never special schools; private ones unless a province excludes them.
    Dataset<Row> eligible = schools
        .select(col("school_year"), col("school_id"), col("school_name"), col("county_code"),
            col("city_code"), col("province_code"), col("urban_rural"), col("school_type"),
            coalesce(col("ownership"), lit("public")).as("ownership"), col("parent_school_id"))
        .filter(coalesce(col("school_type").notEqual("special"), lit(true)))
        .filter(ProvinceColumns.booleanValue(settings, "units.include_private", prov2)
            .or(col("ownership").notEqual("private")));

    // Students, classes ... of each level of each school (senior kept for the split's denominator).
    List<Column> enrollmentSums = new ArrayList<>();
    for (String c : ENROLLMENT) enrollmentSums.add(sum(col(c)).cast(DataTypes.LongType).as(c));
    Dataset<Row> levels = enrollment
        .groupBy(col("school_year"), col("school_id"), col("level"))
        .agg(enrollmentSums.get(0), enrollmentSums.subList(1, enrollmentSums.size()).toArray(new Column[0]));

    // Full-time teachers of each level: qualified by the level's required degree, titled, PE and
    // art by the code sets of conf indicators.* (docs/METHODS.md §2; national definitions, so
    // silver.teachers needs no county here).
    Column qualified = null;
    for (String l : ProvinceColumns.LEVELS) {
      Column atLevel = col("level").equalTo(l)
          .and(col("degree").isin(settings.getList("indicators.qualified_degrees." + l).toArray()));
      qualified = qualified == null ? atLevel : qualified.or(atLevel);
    }
    Dataset<Row> teacherCounts = teachers
        .filter(coalesce(col("full_time"), lit(true)))
        .groupBy(col("school_year"), col("school_id"), col("level"))
        .agg(count(lit(1)).as("teachers"),
            countIf(qualified).as("qualified_teachers"),
            countIf(col("title").isin(settings.getList("indicators.titled_titles").toArray())).as("titled_teachers"),
            countIf(coalesce(col("backbone"), lit(false))).as("backbone_teachers"),
            countIf(col("subject").isin(settings.getList("indicators.pe_art_subjects").toArray()))
                .as("pe_art_teachers"));

    // The split: level l of a school gets w_l·n_l / Σ_k w_k·n_k of its assets, all levels in Σ.
    Column weight = when(col("level").equalTo("primary"),
            ProvinceColumns.doubleValue(settings, "units.weight.primary", prov2))
        .when(col("level").equalTo("junior"),
            ProvinceColumns.doubleValue(settings, "units.weight.junior", prov2))
        .when(col("level").equalTo("senior"),
            ProvinceColumns.doubleValue(settings, "units.weight.senior", prov2))
        .otherwise(lit(0.0));
    WindowSpec bySchool = Window.partitionBy("school_year", "school_id");
    Dataset<Row> parts = levels
        .join(eligible, new String[] {"school_year", "school_id"}, "inner")
        .withColumn("_weighted", weight.multiply(col("students")))
        .withColumn("_share", try_divide(col("_weighted"), sum(col("_weighted")).over(bySchool)))
        .join(resources.select(resourceColumns()), new String[] {"school_year", "school_id"}, "left")
        .filter(col("level").isin(ProvinceColumns.LEVELS.toArray()).and(col("students").gt(0)));
    for (String a : ASSETS) parts = parts.withColumn(a, col(a).cast(DataTypes.DoubleType).multiply(col("_share")));
    parts = parts.join(teacherCounts, new String[] {"school_year", "school_id", "level"}, "left");
    for (String t : TEACHERS) parts = parts.withColumn(t, coalesce(col(t), lit(0L)));
    // Compulsory students of the school (teaching-point size test of the quality rule).
    parts = parts.withColumn("_school_students", sum(col("students")).over(bySchool));

    // Each part once per unit rule (one pass over silver for both rules):
    // basic: a teaching point whose central school is a unit school that year joins its part;
    // quality: teaching points below the conf minimum are left out, every other part is its own unit.
    Dataset<Row> parentIds = eligible.select(col("school_year").as("_parent_year"), col("school_id").as("_parent_id"));
    Column teachingPoint = coalesce(col("school_type").equalTo("teaching_point"), lit(false));
    Column isBasic = col("unit_rule").equalTo("basic");
    Dataset<Row> ruled = parts
        .join(parentIds, col("school_year").equalTo(col("_parent_year"))
            .and(col("parent_school_id").equalTo(col("_parent_id"))), "left")
        .drop("_parent_year")
        .withColumn("unit_rule", explode(array(lit("basic"), lit("quality"))))
        .filter(isBasic.or(functions.not(teachingPoint)).or(col("_school_students").geq(
            ProvinceColumns.doubleValue(settings, "units.quality.teaching_point_min_students", prov2))))
        .withColumn("_unit_id", when(isBasic.and(teachingPoint).and(col("_parent_id").isNotNull()),
            col("_parent_id")).otherwise(col("school_id")))
        .drop("_parent_id");

    // One grouping for both rules; a total of a merged unit is null when any member's is unknown.
    List<Column> sums = new ArrayList<>();
    for (String c : ENROLLMENT) sums.add(sum(col(c)).cast(DataTypes.LongType).as(c));
    for (String a : ASSETS) {
      sums.add(when(count(col(a)).equalTo(count(lit(1))), sum(col(a))).as(a));
    }
    for (String t : TEACHERS) sums.add(sum(col(t)).cast(DataTypes.LongType).as(t));
    Dataset<Row> units = ruled
        .groupBy(col("unit_rule"), col("school_year"), col("_unit_id"), col("level"))
        .agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0]))
        .withColumnRenamed("_unit_id", "school_id")
        .join(eligible.drop("parent_school_id", "school_name"), new String[] {"school_year", "school_id"}, "inner");

    return units.select(outputColumns());
  }

  /** An indicator of a unit from its total and students (docs/METHODS.md §2): total × scale / students. */
  public static Column value(Indicator i) {
    return col(i.total()).cast(DataTypes.DoubleType).multiply(lit(i.scale()))
        .divide(col("students").cast(DataTypes.DoubleType));
  }

  private static Column[] resourceColumns() {
    List<Column> cs = new ArrayList<>(List.of(col("school_year"), col("school_id")));
    for (String a : ASSETS) cs.add(col(a));
    return cs.toArray(new Column[0]);
  }

  private static Column countIf(Column condition) {
    return sum(when(condition, 1L).otherwise(0L));
  }

  private static Column[] outputColumns() {
    List<Column> out = new ArrayList<>();
    out.add(Described.as(col("school_year"), "school_year", "school year by its starting calendar year (2024 = 2024/25)"));
    out.add(Described.as(col("school_id"), "school_id", "10-digit school identifier; for a basic-rule unit with merged teaching points, the central school"));
    out.add(Described.as(col("level"), "level", "compulsory level of the unit: primary or junior (docs/METHODS.md §1)"));
    out.add(Described.as(col("unit_rule"), "unit_rule", "basic: teaching points merged into their central school (2012 method); quality: teaching points under the conf minimum left out (2017 method)"));
    out.add(Described.as(col("county_code"), "county_code", "6-digit county code of the school"));
    out.add(Described.as(col("city_code"), "city_code", "6-digit prefecture city code of the school"));
    out.add(Described.as(col("province_code"), "province_code", "6-digit province code of the school"));
    out.add(Described.as(col("urban_rural"), "urban_rural", "urban, town or rural (NBS urban-rural code of the school)"));
    out.add(Described.as(col("school_type"), "school_type", "school type code of silver.schools"));
    out.add(Described.as(col("ownership"), "ownership", "public or private"));
    out.add(Described.as(col("students"), "students", "students of the unit's level (sum over its grades; merged teaching points added)"));
    out.add(Described.as(col("classes"), "classes", "classes of the unit's level"));
    out.add(Described.as(col("classes_56_65"), "classes_56_65", "classes of 56 to 65 students (大班额) of the unit's level; null when not delivered"));
    out.add(Described.as(col("classes_66_plus"), "classes_66_plus", "classes of 66 or more students (超大班额) of the unit's level; null when not delivered"));
    out.add(Described.as(col("migrant_students"), "migrant_students", "migrant children (随迁子女) of the unit's level; null when not delivered"));
    String split = " of the unit after the weighted-student split of a multi-level school (docs/METHODS.md §1); null when the school has no resources row";
    out.add(Described.as(col("teaching_aux_area_m2"), "teaching_aux_area_m2", "teaching and auxiliary room area, m²," + split));
    out.add(Described.as(col("sports_area_m2"), "sports_area_m2", "sports ground and hall area, m²," + split));
    out.add(Described.as(col("equipment_value_yuan"), "equipment_value_yuan", "teaching equipment value, yuan," + split));
    out.add(Described.as(col("computers"), "computers", "computers" + split));
    out.add(Described.as(col("books"), "books", "books" + split));
    out.add(Described.as(col("multimedia_classrooms"), "multimedia_classrooms", "networked multimedia classrooms" + split));
    out.add(Described.as(col("music_rooms"), "music_rooms", "music rooms" + split));
    out.add(Described.as(col("art_rooms"), "art_rooms", "art rooms" + split));
    String ft = " full-time teachers of the unit's level";
    out.add(Described.as(col("teachers"), "teachers", "all" + ft));
    out.add(Described.as(col("qualified_teachers"), "qualified_teachers", "degree above the level's requirement (conf indicators.qualified_degrees.<level>: associate+ primary, bachelor+ junior):" + ft));
    out.add(Described.as(col("titled_teachers"), "titled_teachers", "titled first, senior or senior_professor (中级及以上; conf indicators.titled_titles):" + ft));
    out.add(Described.as(col("backbone_teachers"), "backbone_teachers", "county-level or higher backbone (骨干):" + ft));
    out.add(Described.as(col("pe_art_teachers"), "pe_art_teachers", "subject pe, music or art (conf indicators.pe_art_subjects):" + ft));
    for (Indicator i : Indicator.ALL) {
      out.add(Described.as(value(i), i.name(), i.description() + " = " + i.total() + " / students"
          + (i.scale() == 100 ? " × 100" : "") + " (docs/METHODS.md §2)"));
    }
    return out.toArray(new Column[0]);
  }
}
