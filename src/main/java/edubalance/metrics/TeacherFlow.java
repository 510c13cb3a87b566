package edubalance.metrics;

import static edubalance.lakehouse.Joins.using;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import edubalance.codes.Regions;
import edubalance.conf.ProvinceColumns;
import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import edubalance.lakehouse.NullReasons;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.teacher_flow: teacher exchange (交流轮岗) per school year and county (docs/METHODS.md §7).
 *
 * <p>Eligible teachers are the full-time teachers of that year's roster with at least
 * {@code exchange.min_years_at_school} years at their school. Exchanged teachers are the distinct
 * teachers with a {@code rotation} or {@code support} flow in that school year leaving a school
 * of the county (so a support flow to another county counts for the county it leaves, and a
 * teacher with two flows counts once). {@code exchange_rate} = exchanged / eligible and
 * {@code backbone_share} = backbone exchanged / exchanged are judged against conf
 * ({@code exchange.min_rate}, {@code exchange.min_backbone_share}, with province overrides).
 *
 * <p>Beside them, the direction of movement (urban or town → rural and back), hires, exits and
 * transfers, and the flows the data cannot place: flows naming a school absent from that year's
 * silver.schools and flows of a teacher absent from that year's roster are counted, not dropped.
 * A flow belongs to the school year (Sept 1 – Aug 31) holding its effective date, and to the
 * county of its from-school, else its to-school, else its teacher's roster school; a flow none of
 * which is known lands in a row with a null county_code.
 */
public final class TeacherFlow implements GoldModel {
  public TeacherFlow() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.teacher_flow";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("school_year", "county_code"); }
  @Override public String yearColumn() { return "school_year"; }
  @Override public List<String> inputs() { return List.of("silver.teachers", "silver.teacher_flows", "silver.schools"); }

  @Override
  public Dataset<Row> compute(Inputs in, Settings settings) {
    return compute(in.get("silver.teachers"), in.get("silver.teacher_flows"), in.get("silver.schools"), settings);
  }

  /**
   * @param teachers silver.teachers (school_year, teacher_id, school_id, backbone, years_at_school, full_time, ...)
   * @param flows silver.teacher_flows (teacher_id, school_year, flow_type, from_school_id,
   *     to_school_id, backbone, ...); school_year is the one silver derived from effective_date
   * @param schools silver.schools (school_year, school_id, county_code, urban_rural, ...)
   * @return gold.teacher_flow, one row per school_year and county_code of silver.schools (plus
   *     one with a null county_code for flows that cannot be placed in any county)
   */
  public static Dataset<Row> compute(Dataset<Row> teachers, Dataset<Row> flows, Dataset<Row> schools,
      Settings settings) {
    Dataset<Row> sch = schools.select(col("school_year"), col("school_id"), col("county_code"), col("urban_rural"));
    Dataset<Row> roster = roster(teachers, sch);
    Dataset<Row> counts = countyCounts(sch, eligible(roster, settings), moves(placedFlows(flows, sch, roster)));
    return described(counts, settings);
  }

  private static final Column PROVINCE = Regions.province2(col("county_code"));

  /** The year's teachers with their school's county: one row per teacher and year. */
  private static Dataset<Row> roster(Dataset<Row> teachers, Dataset<Row> sch) {
    return teachers.alias("t")
        .join(sch.alias("s"), col("t.school_year").equalTo(col("s.school_year"))
            .and(col("t.school_id").equalTo(col("s.school_id"))))
        .select(col("t.school_year").as("school_year"), col("t.teacher_id").as("teacher_id"),
            col("s.county_code").as("county_code"), col("t.backbone").as("backbone"),
            col("t.years_at_school").as("years_at_school"),
            coalesce(col("t.full_time"), lit(true)).as("full_time"));
  }

  /** Teachers eligible for exchange per school year and county. */
  private static Dataset<Row> eligible(Dataset<Row> roster, Settings settings) {
    Column minYears = ProvinceColumns.doubleValue(settings, "exchange.min_years_at_school", PROVINCE);
    // A plain count: silver.teachers is merged by its key (school_year, teacher_id) and a school
    // appears once a year in silver.schools, so the roster has one row per teacher and year (the
    // flows' join to it below relies on that too). Saves a distinct aggregation over every teacher.
    return roster.groupBy("school_year", "county_code")
        .agg(count(when(col("full_time").and(col("years_at_school").geq(minYears)),
            col("teacher_id"))).as("eligible_teachers"));
  }

  /** Each flow with the county and urban-rural class of its schools, its teacher's roster county, and its county. */
  private static Dataset<Row> placedFlows(Dataset<Row> flows, Dataset<Row> sch, Dataset<Row> roster) {
    Dataset<Row> fl = flows.select(col("teacher_id"), col("flow_type"), col("school_year"),
        blankToNull(col("from_school_id")).as("from_school_id"),
        blankToNull(col("to_school_id")).as("to_school_id"),
        col("backbone").as("flow_backbone"));
    return fl.alias("f")
        .join(sch.alias("fs"), col("f.school_year").equalTo(col("fs.school_year"))
            .and(col("f.from_school_id").equalTo(col("fs.school_id"))), "left")
        .join(sch.alias("ts"), col("f.school_year").equalTo(col("ts.school_year"))
            .and(col("f.to_school_id").equalTo(col("ts.school_id"))), "left")
        .join(roster.alias("r"), col("f.school_year").equalTo(col("r.school_year"))
            .and(col("f.teacher_id").equalTo(col("r.teacher_id"))), "left")
        .select(col("f.school_year").as("school_year"), col("f.teacher_id").as("teacher_id"),
            col("f.flow_type").as("flow_type"), col("f.from_school_id").as("from_school_id"),
            col("f.to_school_id").as("to_school_id"),
            col("fs.county_code").as("from_county"), col("fs.urban_rural").as("from_ur"),
            col("ts.county_code").as("to_county"), col("ts.urban_rural").as("to_ur"),
            col("r.county_code").as("roster_county"), col("r.teacher_id").isNotNull().as("in_roster"),
            // the flow's own backbone flag, or the roster's when the flow does not say
            coalesce(col("f.flow_backbone"), col("r.backbone")).as("backbone"))
        .withColumn("county_code", coalesce(col("from_county"), col("to_county"), col("roster_county")));
  }

  /** Exchanges, directions, hires, exits and unplaceable flows per school year and county. */
  private static Dataset<Row> moves(Dataset<Row> placed) {
    Column exchange = col("flow_type").isin("rotation", "support").and(col("from_county").isNotNull());
    Column fromUrbanOrTown = col("from_ur").isin("urban", "town");
    Column toUrbanOrTown = col("to_ur").isin("urban", "town");
    return placed.groupBy("school_year", "county_code").agg(
        count_distinct(when(exchange, col("teacher_id"))).as("exchanged_teachers"),
        count_distinct(when(exchange.and(col("backbone")), col("teacher_id"))).as("backbone_exchanged"),
        count_distinct(when(exchange.and(col("backbone").isNull()), col("teacher_id"))).as("backbone_unknown"),
        count(when(fromUrbanOrTown.and(col("to_ur").equalTo("rural")), lit(1))).as("urban_to_rural"),
        count(when(col("from_ur").equalTo("rural").and(toUrbanOrTown), lit(1))).as("rural_to_urban"),
        count(when(col("flow_type").equalTo("hire"), lit(1))).as("hires"),
        count(when(col("flow_type").equalTo("retire"), lit(1))).as("retirements"),
        count(when(col("flow_type").equalTo("leave"), lit(1))).as("departures"),
        count(when(col("flow_type").equalTo("transfer"), lit(1))).as("transfers"),
        count(lit(1)).as("flows"),
        count(when(col("from_school_id").isNotNull().and(col("from_county").isNull())
            .or(col("to_school_id").isNotNull().and(col("to_county").isNull())), lit(1)))
            .as("unknown_school_flows"),
        // A teacher hired during the year is not in the roster taken at its start: not unknown.
        count(when(not(col("in_roster")).and(col("flow_type").notEqual("hire")), lit(1)))
            .as("unknown_teacher_flows"));
  }

  private static final String[] COUNTS = {"eligible_teachers", "exchanged_teachers", "backbone_exchanged",
      "backbone_unknown", "urban_to_rural", "rural_to_urban", "hires", "retirements", "departures", "transfers",
      "flows", "unknown_school_flows", "unknown_teacher_flows"};

  /**
   * A row per school year and county of silver.schools with its counts (0 where nothing happened),
   * plus the flows placed in no county.
   */
  private static Dataset<Row> countyCounts(Dataset<Row> sch, Dataset<Row> eligible, Dataset<Row> moves) {
    Dataset<Row> base = sch.select("school_year", "county_code").distinct()
        .join(eligible, using("school_year", "county_code"), "left")
        .join(moves.where(col("county_code").isNotNull()), using("school_year", "county_code"), "left")
        .unionByName(moves.where(col("county_code").isNull()), true);
    for (String c : COUNTS) base = base.withColumn(c, coalesce(col(c), lit(0L)));
    return base;
  }

  /** The rates judged against conf, and every column with its comment. */
  private static Dataset<Row> described(Dataset<Row> base, Settings settings) {
    Column minYears = ProvinceColumns.doubleValue(settings, "exchange.min_years_at_school", PROVINCE);
    Column eligibleN = col("eligible_teachers");
    Column exchangedN = col("exchanged_teachers");
    Column rate = when(eligibleN.gt(0), exchangedN.divide(eligibleN));
    Column share = when(exchangedN.gt(0), col("backbone_exchanged").divide(exchangedN));
    Column minRate = ProvinceColumns.doubleValue(settings, "exchange.min_rate", PROVINCE);
    Column minShare = ProvinceColumns.doubleValue(settings, "exchange.min_backbone_share", PROVINCE);
    NullReasons reasons = new NullReasons()
        .when(col("county_code").isNull(), "county_code:flows_with_no_known_school_or_teacher")
        .when(eligibleN.equalTo(0), "exchange_rate:no_eligible_teachers")
        .when(exchangedN.equalTo(0), "backbone_share:no_exchanged_teachers");

    return base.select(
        Described.as(col("school_year"), "school_year", "school year (Sept 1 - Aug 31) by the calendar year it starts in"),
        Described.as(col("county_code"), "county_code",
            "county of the schools; null only for flows naming no known school and no rostered teacher"),
        Described.as(minYears, "min_years_at_school",
            "years at the current school from which a teacher is eligible (conf exchange.min_years_at_school)"),
        Described.as(eligibleN, "eligible_teachers",
            "full-time teachers of the year's roster with years_at_school >= min_years_at_school (docs/METHODS.md §7)"),
        Described.as(exchangedN, "exchanged_teachers",
            "distinct teachers with a rotation or support flow in the school year leaving a school of the county"),
        Described.as(rate, "exchange_rate", "exchanged_teachers / eligible_teachers, fraction; null when no teacher is eligible"),
        Described.as(minRate, "min_exchange_rate", "least exchange_rate (conf exchange.min_rate)"),
        Described.as(col("backbone_exchanged"), "backbone_exchanged",
            "exchanged teachers who are backbone teachers (骨干教师): the flow's flag, else the roster's"),
        Described.as(share, "backbone_share", "backbone_exchanged / exchanged_teachers, fraction; null when none exchanged"),
        Described.as(minShare, "min_backbone_share", "least backbone_share (conf exchange.min_backbone_share)"),
        Described.as(rate.geq(minRate).and(share.geq(minShare)), "meets_standard",
            "exchange_rate >= min_exchange_rate and backbone_share >= min_backbone_share; null when either is unknown and the other not failed"),
        Described.as(col("backbone_unknown"), "backbone_unknown",
            "exchanged teachers whose backbone flag neither the flow nor the roster gives (counted as not backbone)"),
        Described.as(col("urban_to_rural"), "urban_to_rural", "flows from an urban or town school to a rural school"),
        Described.as(col("rural_to_urban"), "rural_to_urban", "flows from a rural school to an urban or town school"),
        Described.as(col("hires"), "hires", "hire flows (招聘) into the county's schools"),
        Described.as(col("retirements"), "retirements", "retire flows (退休) from the county's schools"),
        Described.as(col("departures"), "departures", "leave flows (离职) from the county's schools"),
        Described.as(col("transfers"), "transfers", "transfer flows (调动) leaving the county's schools (to-school's county when the from-school is unknown)"),
        Described.as(col("flows"), "flows", "all flows of the school year placed in the county"),
        Described.as(col("unknown_school_flows"), "unknown_school_flows",
            "flows naming a from- or to-school absent from that year's silver.schools (reported, not dropped)"),
        Described.as(col("unknown_teacher_flows"), "unknown_teacher_flows",
            "flows other than hires of a teacher absent from that year's roster (reported, not dropped)"),
        reasons.asNullReason(
            "why figures are null: '; '-separated column:reason entries; null when none is"));
  }

  private static Column blankToNull(Column c) {
    return when(trim(c).notEqual(""), c);
  }
}
