package edubalance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Counties 140101 (schools S1 urban, S2 rural, S3 town) and 140102 (S4 rural), school years 2023
 * and 2024, with the flows worked out by hand below.
 */
class TeacherFlowTest {
  private static final String S1 = "1000000001", S2 = "1000000002", S3 = "1000000003",
      S4 = "1000000004", UNKNOWN = "9999999999";
  private static Dataset<Row> result, teachersDf, flowsDf, schoolsDf;

  @BeforeAll
  static void setUp() {
    SparkSession spark = TestSpark.spark();
    StructType schoolsSchema = new StructType()
        .add("school_year", DataTypes.IntegerType).add("school_id", DataTypes.StringType)
        .add("school_name", DataTypes.StringType).add("county_code", DataTypes.StringType)
        .add("school_type", DataTypes.StringType).add("urban_rural_code", DataTypes.StringType)
        .add("urban_rural", DataTypes.StringType).add("ownership", DataTypes.StringType)
        .add("parent_school_id", DataTypes.StringType).add("city_code", DataTypes.StringType)
        .add("province_code", DataTypes.StringType);
    List<Row> schools = new ArrayList<>();
    for (int y : new int[] {2023, 2024}) {
      schools.add(RowFactory.create(y, S1, "S1", "140101", "primary", "111", "urban", "public", null, "140100", "140000"));
      schools.add(RowFactory.create(y, S2, "S2", "140101", "primary", "210", "rural", "public", null, "140100", "140000"));
      schools.add(RowFactory.create(y, S3, "S3", "140101", "junior", "121", "town", "public", null, "140100", "140000"));
      schools.add(RowFactory.create(y, S4, "S4", "140102", "primary", "220", "rural", "public", null, "140100", "140000"));
    }

    StructType teachersSchema = new StructType()
        .add("school_year", DataTypes.IntegerType).add("teacher_id", DataTypes.StringType)
        .add("school_id", DataTypes.StringType).add("level", DataTypes.StringType)
        .add("degree", DataTypes.StringType).add("title", DataTypes.StringType)
        .add("backbone", DataTypes.BooleanType).add("subject", DataTypes.StringType)
        .add("years_at_school", DataTypes.IntegerType).add("full_time", DataTypes.BooleanType);
    List<Row> teachers = new ArrayList<>();
    // 2023 roster: T1 (7 years, backbone) eligible; T2 (5 years) not.
    teachers.add(teacher(2023, "T1", S1, true, 7, true));
    teachers.add(teacher(2023, "T2", S1, false, 5, true));
    // 2024 roster of 140101: T1, T2, T3, T4 eligible (>= 6 years, full-time); T5 (2 years) and
    // T6 (part-time) not -> 4 eligible.
    teachers.add(teacher(2024, "T1", S1, true, 8, true));
    teachers.add(teacher(2024, "T2", S1, false, 6, true));
    teachers.add(teacher(2024, "T3", S3, false, 10, true));
    teachers.add(teacher(2024, "T4", S2, false, 7, true));
    teachers.add(teacher(2024, "T5", S1, false, 2, true));
    teachers.add(teacher(2024, "T6", S1, false, 9, false));
    // 2024 roster of 140102: T7, T8 eligible, T9 not -> 2 eligible.
    teachers.add(teacher(2024, "T7", S4, false, 12, true));
    teachers.add(teacher(2024, "T8", S4, false, 6, true));
    teachers.add(teacher(2024, "T9", S4, false, 3, true));

    StructType flowsSchema = new StructType()
        .add("teacher_id", DataTypes.StringType).add("effective_date", DataTypes.DateType)
        .add("flow_type", DataTypes.StringType).add("from_school_id", DataTypes.StringType)
        .add("to_school_id", DataTypes.StringType).add("backbone", DataTypes.BooleanType)
        .add("school_year", DataTypes.IntegerType).add("year", DataTypes.IntegerType)
        .add("month", DataTypes.IntegerType);
    List<Row> flows = new ArrayList<>();
    flows.add(flow("T1", "2024-09-15", "rotation", S1, S2, null));   // f1 urban -> rural
    flows.add(flow("T1", "2025-02-20", "rotation", S2, S1, null));   // f2 same teacher, rural -> urban
    flows.add(flow("T3", "2024-10-01", "support", S3, S4, false));   // f3 town -> rural, to county 140102
    flows.add(flow("T2", "2024-08-31", "rotation", S1, S2, null));   // f4 Aug 31: school year 2023
    flows.add(flow("T7", "2024-11-01", "rotation", UNKNOWN, S4, true)); // f5 unknown from-school
    flows.add(flow("T99", "2024-10-10", "hire", null, S2, null));    // f6 hire
    flows.add(flow("T4", "2025-06-30", "retire", S2, null, null));   // f7 retirement
    flows.add(flow("T8", "2025-03-01", "support", S4, S2, true));    // f8 flow says backbone
    flows.add(flow("T50", "2025-01-15", "leave", S1, null, null));   // f9 teacher not in roster
    flows.add(flow("T2", "2025-07-01", "transfer", S1, S4, null));   // f10 urban -> rural transfer

    teachersDf = spark.createDataFrame(teachers, teachersSchema);
    flowsDf = spark.createDataFrame(flows, flowsSchema);
    schoolsDf = spark.createDataFrame(schools, schoolsSchema);
    result = TeacherFlow.compute(teachersDf, flowsDf, schoolsDf, TestSpark.settings()).cache();
  }

  private static Row teacher(int year, String id, String school, boolean backbone, int years, boolean fullTime) {
    return RowFactory.create(year, id, school, "primary", "bachelor", "first", backbone, "math", years, fullTime);
  }

  private static Row flow(String teacher, String date, String type, String from, String to, Boolean backbone) {
    Date d = Date.valueOf(date);
    int y = d.toLocalDate().getYear();
    int m = d.toLocalDate().getMonthValue();
    // silver's school_year, as the ingest would set it
    return RowFactory.create(teacher, d, type, from, to, backbone, m >= 9 ? y : y - 1, y, m);
  }

  private static Row row(int year, String county) {
    List<Row> rows = result.where("school_year = " + year + " AND county_code = '" + county + "'").collectAsList();
    assertEquals(1, rows.size());
    return rows.get(0);
  }

  private static long n(Row r, String c) {
    return ((Number) r.getAs(c)).longValue();
  }

  @Test
  void teacherWithTwoFlowsCountsOnceAndCrossCountySupportCountsWhereItLeaves() {
    Row r = row(2024, "140101");
    assertEquals(4, n(r, "eligible_teachers"));
    // exchange flows leaving 140101 schools in 2024: f1 (T1), f2 (T1 again), f3 (T3 to 140102)
    // -> distinct {T1, T3} = 2; rate 2 / 4 = 0.5
    assertEquals(2, n(r, "exchanged_teachers"));
    assertEquals(0.5, (Double) r.getAs("exchange_rate"), 1e-12);
    // backbone: T1 (flow flag null -> roster true) yes, T3 (flow false) no -> 1 / 2 = 0.5
    assertEquals(1, n(r, "backbone_exchanged"));
    assertEquals(0.5, (Double) r.getAs("backbone_share"), 1e-12);
    // 0.5 >= 0.10 and 0.5 >= 0.20
    assertEquals(0.10, (Double) r.getAs("min_exchange_rate"), 1e-12);
    assertEquals(0.20, (Double) r.getAs("min_backbone_share"), 1e-12);
    assertTrue((Boolean) r.getAs("meets_standard"));
    // urban/town -> rural: f1 (urban->rural), f3 (town->rural), f10 (urban->rural) = 3;
    // rural -> urban: f2 = 1
    assertEquals(3, n(r, "urban_to_rural"));
    assertEquals(1, n(r, "rural_to_urban"));
    assertEquals(1, n(r, "hires"));        // f6
    assertEquals(1, n(r, "retirements"));  // f7
    assertEquals(1, n(r, "departures"));   // f9
    assertEquals(1, n(r, "transfers"));    // f10
    assertEquals(7, n(r, "flows"));        // f1, f2, f3, f6, f7, f9, f10
    assertEquals(0, n(r, "unknown_school_flows"));
    assertEquals(1, n(r, "unknown_teacher_flows")); // f9: T50 not in the 2024 roster
    assertNull(r.getAs("null_reason"));
  }

  @Test
  void supportInFromAnotherCountyDoesNotCountAndUnknownSchoolIsReported() {
    Row r = row(2024, "140102");
    assertEquals(2, n(r, "eligible_teachers")); // T7, T8
    // f3 arrives from 140101: not 140102's exchange. f5 leaves an unknown school: not
    // exchanged, but counted as an unknown-school flow. f8 (T8 leaves S4) -> 1 exchanged.
    assertEquals(1, n(r, "exchanged_teachers"));
    assertEquals(0.5, (Double) r.getAs("exchange_rate"), 1e-12); // 1 / 2
    assertEquals(1, n(r, "backbone_exchanged")); // f8's own flag true, though the roster says false
    assertEquals(1.0, (Double) r.getAs("backbone_share"), 1e-12);
    assertEquals(1, n(r, "unknown_school_flows"));
    assertEquals(2, n(r, "flows")); // f5 (placed by its to-school S4) and f8
    assertEquals(0, n(r, "urban_to_rural"));
  }

  @Test
  void flowOnAugust31BelongsToThePreviousSchoolYear() {
    Row r = row(2023, "140101");
    // 2023 roster: only T1 eligible. f4 (T2, 2024-08-31) is school year 2023 -> 1 exchanged;
    // rate 1 / 1 = 1.0; T2 not backbone (flow null, 2023 roster false) -> share 0 / 1 = 0 < 0.20
    assertEquals(1, n(r, "eligible_teachers"));
    assertEquals(1, n(r, "exchanged_teachers"));
    assertEquals(1.0, (Double) r.getAs("exchange_rate"), 1e-12);
    assertEquals(0.0, (Double) r.getAs("backbone_share"), 1e-12);
    assertFalse((Boolean) r.getAs("meets_standard"));
    assertEquals(1, n(r, "urban_to_rural"));
  }

  @Test
  void noEligibleTeachersGivesNullRateWithReason() {
    Row r = row(2023, "140102");
    assertEquals(0, n(r, "eligible_teachers"));
    assertNull(r.getAs("exchange_rate"));
    assertNull(r.getAs("backbone_share"));
    assertNull(r.getAs("meets_standard"));
    String reason = r.getAs("null_reason");
    assertTrue(reason.contains("exchange_rate:no_eligible_teachers"), reason);
    assertTrue(reason.contains("backbone_share:no_exchanged_teachers"), reason);
  }

  @Test
  void flowWithNoKnownSchoolOrTeacherIsReportedNotDropped() {
    Dataset<Row> extra = TestSpark.spark().createDataFrame(
        List.of(flow("T77", "2024-12-01", "rotation", UNKNOWN, "8888888888", true)), flowsDf.schema());
    Dataset<Row> r = TeacherFlow.compute(teachersDf, flowsDf.unionByName(extra), schoolsDf, TestSpark.settings());
    List<Row> unplaced = r.where("county_code IS NULL").collectAsList();
    assertEquals(1, unplaced.size());
    Row u = unplaced.get(0);
    assertEquals(2024, (Integer) u.getAs("school_year"));
    assertEquals(1, n(u, "flows"));
    assertEquals(1, n(u, "unknown_school_flows"));
    assertEquals(1, n(u, "unknown_teacher_flows"));
    assertEquals(0, n(u, "exchanged_teachers"));
    assertTrue(((String) u.getAs("null_reason")).contains("county_code:flows_with_no_known_school_or_teacher"));
    // the placed counties are unchanged
    assertEquals(2, n(r.where("school_year = 2024 AND county_code = '140101'").first(), "exchanged_teachers"));
  }

  @Test
  void oneRowPerCountyYearAndEveryColumnCommented() {
    assertEquals(4, result.count()); // 2 counties x 2 school years, no unplaceable flows
    for (var f : result.schema().fields()) assertTrue(f.metadata().contains("comment"), f.name());
  }
}
