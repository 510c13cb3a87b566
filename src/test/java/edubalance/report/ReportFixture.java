package edubalance.report;

import edubalance.TestSpark;
import edubalance.conf.Settings;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.RunLog;
import edubalance.metrics.BasicBalance;
import edubalance.metrics.Inputs;
import edubalance.metrics.QualityBalance;
import edubalance.metrics.SchoolIndicators;
import edubalance.metrics.TeacherFlow;
import edubalance.metrics.ThreeIncreases;
import edubalance.metrics.ThreeIncreasesTest;
import edubalance.metrics.Trends;
import edubalance.metrics.UrbanRuralGap;
import edubalance.remediation.BalanceOutlook;
import edubalance.remediation.RemediationPlan;
import edubalance.remediation.RemediationSummary;
import edubalance.rollup.ProvinceMonthly;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A small lakehouse whose gold tables are computed by the project's own models from hand-made
 * silver rows (seconds, not the minutes of the demo ingest): two counties of Shanxi, five schools,
 * school years 2023-2024, fiscal years 2022-2024, monthly funding of 2023-2024 rolled up for
 * November and December 2024. The figures the tests check by hand:
 * <ul>
 *   <li>小店区 140105, primary, 2024: books 1600 / 200, 500 / 100, 100 / 50 students = the METHODS §3
 *       example (8, 5, 2 per student), CV 0.3477;</li>
 *   <li>140105 fiscal 2024: appropriation 21,000 → 22,050 (+5%), revenue 104,000 → 108,160 (+4%): met;
 *       迎泽区 140106: 21,000 → 21,420 (+2%): missed by 21,000 × 1.04 − 21,420 = 420 (10k yuan);</li>
 *   <li>December 2024 year to date: appropriation 12 × (1,750 + 1,700) = 41,400 against 12 × 3,200 = 38,400.</li>
 * </ul>
 */
public final class ReportFixture {
  private ReportFixture() {}

  static final String XIAODIAN = "140105";
  static final String YINGZE = "140106";
  static final String SHANXI = "140000";

  /** id, county, school_type, urban_rural_code, urban_rural, level, grade, students, asset factor, books. */
  static final Object[][] SCHOOLS = {
      {"1401050001", XIAODIAN, "primary", "111", "urban", "primary", 1, 200, 1.0, 1600},
      {"1401050002", XIAODIAN, "primary", "112", "urban", "primary", 1, 100, 0.8, 500},
      {"1401050003", XIAODIAN, "primary", "220", "rural", "primary", 1, 50, 0.5, 100},
      {"1401060001", YINGZE, "primary", "111", "urban", "primary", 1, 300, 1.2, 9000},
      {"1401060002", YINGZE, "junior", "121", "town", "junior", 7, 150, 0.9, 5250}};

  static Dataset<Row> frame(String ddl, List<Row> rows) {
    return TestSpark.spark().createDataFrame(rows, StructType.fromDDL(ddl));
  }

  /** The lakehouse built once per test JVM; each class gets a copy of it. */
  private static Path template;

  /**
   * A lakehouse of its own for the calling class (a test may correct a table), copied from the one
   * built once per test JVM: its files copied, as a new directory, are the same Delta tables with
   * the same versions, and the copy costs milliseconds where building costs a hundred Delta commits.
   */
  public static synchronized Lakehouse build() {
    if (template == null) {
      String root = buildOnce().root(); // a file: URI
      template = root.startsWith("file:") ? Paths.get(java.net.URI.create(root)) : Paths.get(root);
    }
    return new Lakehouse(TestSpark.spark(), TestSpark.copyOf(template, "report-fixture").toString());
  }

  /**
   * Builds the lakehouse and records it as run 1 of ops.runs; every silver table is written too, as
   * jobs/ingest would leave it (the province report charts monthly funding from silver).
   */
  private static Lakehouse buildOnce() {
    SparkSession spark = TestSpark.spark();
    Settings settings = TestSpark.settings();
    Lakehouse lh = TestSpark.freshLakehouse();
    Timestamp started = new Timestamp(System.currentTimeMillis());
    Map<String, Dataset<Row>> silver = silver();
    for (Map.Entry<String, Dataset<Row>> t : silver.entrySet()) lh.overwrite(t.getKey(), t.getValue());
    Dataset<Row> silverSchools = silver.get("silver.schools");
    Dataset<Row> silverTeachers = silver.get("silver.teachers");
    Dataset<Row> flows = silver.get("silver.teacher_flows");
    Dataset<Row> funding = silver.get("silver.funding");
    Dataset<Row> fm = silver.get("silver.funding_monthly");
    Dataset<Row> changes = silver.get("silver.student_changes");

    Dataset<Row> units = SchoolIndicators.compute(silverSchools, silver.get("silver.enrollment"), silver.get("silver.resources"),
        silverTeachers, settings);
    lh.overwrite("gold.school_indicators", units);
    units = lh.read("gold.school_indicators");
    lh.overwrite("gold.county_balance_basic", BasicBalance.compute(units, settings));
    lh.overwrite("gold.county_balance_quality", QualityBalance.compute(units, settings));
    // 达标路径: the plans, and an outlook where 小店区's primary students double in 2026 (350 → 700).
    lh.overwrite(RemediationSummary.TABLE, RemediationSummary.compute(units, settings));
    lh.overwrite(RemediationPlan.TABLE, RemediationPlan.compute(lh.read(RemediationSummary.TABLE)));
    Dataset<Row> forecast = spark.sql("SELECT * FROM VALUES ('140105', 'primary', 2025, 'county', 350.0, 2024),"
        + " ('140105', 'primary', 2026, 'county', 700.0, 2024), ('140105', 'primary', 2027, 'county', 350.0, 2024)"
        + " AS t(entity_code, level, school_year, entity_level, forecast_students, base_year)");
    lh.overwrite(BalanceOutlook.TABLE, BalanceOutlook.compute(units, forecast, settings));
    lh.overwrite("gold.urban_rural_gap", UrbanRuralGap.compute(units, settings));
    lh.overwrite("gold.teacher_flow", TeacherFlow.compute(silverTeachers, flows, silverSchools, settings));
    lh.overwrite("gold.three_increases", ThreeIncreases.compute(funding, settings));
    lh.overwrite("gold.trends", new Trends().compute(Inputs.none().with("gold.school_indicators", units)
        .with("silver.funding", funding).with("gold.county_balance_basic", lh.read("gold.county_balance_basic"))
        .with("gold.county_balance_quality", lh.read("gold.county_balance_quality"))
        .with("gold.teacher_flow", lh.read("gold.teacher_flow"))
        .with("gold.urban_rural_gap", lh.read("gold.urban_rural_gap")), settings));

    for (int month : new int[] {11, 12}) {
      Inputs monthInputs = Inputs.none().with("silver.funding_monthly", fm).with("silver.student_changes", changes)
          .with("silver.teacher_flows", flows).with("silver.schools", silverSchools)
          .with("gold.county_balance_basic", lh.read("gold.county_balance_basic"))
          .with("gold.county_balance_quality", lh.read("gold.county_balance_quality"))
          .with("gold.three_increases", lh.read("gold.three_increases")).forMonth(2024, month);
      lh.replaceWhere("gold.province_monthly", new ProvinceMonthly().compute(monthInputs, settings),
          "year = 2024 AND month = " + month, "year");
    }
    RunLog.record(lh, "fixture", "report tests", started);
    return lh;
  }

  /**
   * The fixture's silver tables, by name, as hand-made DataFrames (nothing written): the lakehouse
   * is built from them, and GoldModelChecksTest runs every model on them in memory.
   */
  public static Map<String, Dataset<Row>> silver() {
    List<Row> schools = new ArrayList<>();
    List<Row> enrollment = new ArrayList<>();
    List<Row> resources = new ArrayList<>();
    List<Row> teachers = new ArrayList<>();
    for (int year : new int[] {2023, 2024}) {
      for (Object[] s : SCHOOLS) {
        String id = (String) s[0];
        String county = (String) s[1];
        int students = (Integer) s[7];
        double f = (Double) s[8];
        int classes = (students + 39) / 40;
        schools.add(RowFactory.create(year, id, "学校" + id.substring(6), county, s[2], s[3], s[4], "public", null,
            county.substring(0, 4) + "00", county.substring(0, 2) + "0000"));
        enrollment.add(RowFactory.create(year, id, s[6], students, classes, id.equals("1401060001") ? 1 : 0, 0, 10, 0, s[5]));
        // 2023 has fewer books at the first school, so the trend of the CV moves.
        int books = year == 2023 && id.equals("1401050001") ? 1400 : (Integer) s[9];
        resources.add(RowFactory.create(year, id, students * 4.5 * f, students * 7 * f, students * 2000 * f,
            (int) Math.ceil(students * 0.12 * f), books, (int) Math.ceil(classes * f), 1, 1));
        int n = Math.round(students / 15f);
        for (int i = 0; i < n; i++) {
          teachers.add(RowFactory.create(year, "T" + id + "-" + i, id, s[5], i % 3 == 0 ? "associate" : "bachelor",
              i % 2 == 0 ? "first" : "second", i % 4 == 0, i % 5 == 0 ? "pe" : "chinese", 3 + i, true));
        }
      }
    }
    Dataset<Row> silverSchools = frame("school_year INT, school_id STRING, school_name STRING, county_code STRING, "
        + "school_type STRING, urban_rural_code STRING, urban_rural STRING, ownership STRING, parent_school_id STRING, "
        + "city_code STRING, province_code STRING", schools);
    Dataset<Row> silverEnrollment = frame("school_year INT, school_id STRING, grade INT, students INT, classes INT, "
        + "classes_56_65 INT, classes_66_plus INT, migrant_students INT, left_behind_students INT, level STRING", enrollment);
    Dataset<Row> silverResources = frame("school_year INT, school_id STRING, teaching_aux_area_m2 DOUBLE, "
        + "sports_area_m2 DOUBLE, equipment_value_yuan DOUBLE, computers INT, books INT, multimedia_classrooms INT, "
        + "music_rooms INT, art_rooms INT", resources);
    Dataset<Row> silverTeachers = frame("school_year INT, teacher_id STRING, school_id STRING, level STRING, "
        + "degree STRING, title STRING, backbone BOOLEAN, subject STRING, years_at_school INT, full_time BOOLEAN", teachers);
    Dataset<Row> flows = frame("teacher_id STRING, effective_date DATE, flow_type STRING, from_school_id STRING, "
        + "to_school_id STRING, backbone BOOLEAN, school_year INT, year INT, month INT", List.of(
            flow("T1401050001-1", "2024-10-15", "rotation", "1401050001", "1401050003", true),
            flow("T1401050001-2", "2024-10-15", "support", "1401050001", "1401050003", null),
            flow("T1401060001-1", "2024-10-15", "rotation", "1401060001", "1401060002", false),
            flow("T1401050001-3", "2024-03-10", "rotation", "1401050001", "1401050002", false)));
    Map<String, Dataset<Row>> silver = new LinkedHashMap<>();
    silver.put("silver.divisions", TestSpark.spark().sql("SELECT * FROM VALUES ('140000', '山西省', 'province'),"
        + " ('140100', '太原市', 'city'), ('140105', '小店区', 'county'), ('140106', '迎泽区', 'county')"
        + " AS t(code, name, division_level)"));
    silver.put("silver.schools", silverSchools);
    silver.put("silver.enrollment", silverEnrollment);
    silver.put("silver.resources", silverResources);
    silver.put("silver.teachers", silverTeachers);
    silver.put("silver.teacher_flows", flows);

    silver.put("silver.funding", funding(22050.0, 21420.0));
    List<Row> monthly = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      monthly.add(RowFactory.create(2023, m, XIAODIAN, 8000.0, 1600.0));
      monthly.add(RowFactory.create(2023, m, YINGZE, 8000.0, 1600.0));
      monthly.add(RowFactory.create(2024, m, XIAODIAN, 8000.0, 1750.0));
      monthly.add(RowFactory.create(2024, m, YINGZE, 8000.0, 1700.0));
    }
    Dataset<Row> fm = frame("year INT, month INT, county_code STRING, recurrent_revenue_10k_yuan DOUBLE, "
        + "education_appropriation_10k_yuan DOUBLE", monthly);
    // Also in silver, as jobs/ingest leaves it: the province report charts it month by month.
    silver.put("silver.funding_monthly", fm);
    Dataset<Row> changes = frame("year INT, month INT, school_id STRING, grade INT, change_type STRING, students INT, "
        + "school_year INT", List.of(RowFactory.create(2024, 3, "1401050001", 1, "dropout", 2, 2023),
            RowFactory.create(2024, 10, "1401060001", 1, "dropout", 1, 2024),
            RowFactory.create(2024, 11, "1401050003", 1, "dropout", 3, 2024)));
    silver.put("silver.student_changes", changes);
    return silver;
  }

  private static Row flow(String teacher, String date, String type, String from, String to, Boolean backbone) {
    Date d = Date.valueOf(date);
    int year = d.toLocalDate().getYear();
    int month = d.toLocalDate().getMonthValue();
    return RowFactory.create(teacher, d, type, from, to, backbone, month >= 9 ? year : year - 1, year, month);
  }

  /**
   * silver.funding of fiscal 2022-2024; 2024's appropriation of each county given (22,050 meets the
   * first increase against revenue +4%, 21,420 misses it).
   */
  static Dataset<Row> funding(double xiaodian2024, double yingze2024) {
    // revenue, appropriation, general expenditure, expenditure/student primary, junior, public funds/student
    // primary, junior, teacher salary, civil-servant salary, GDP, fiscal education funds
    Object[] y2022 = {100000.0, 20000.0, 80000.0, 10000.0, 12000.0, 800.0, 1000.0, 80000.0, 80000.0, 2e6, 90000.0};
    Object[] y2023 = {104000.0, 21000.0, 82000.0, 10500.0, 12600.0, 840.0, 1050.0, 84000.0, 84000.0, 2.1e6, 90000.0};
    Object[] y2024 = {108160.0, 22050.0, 84000.0, 11025.0, 13230.0, 882.0, 1102.5, 88200.0, 88200.0, 2.2e6, 94500.0};
    Object[] x2024 = y2024.clone();
    x2024[1] = xiaodian2024;
    Object[] z2024 = y2024.clone();
    z2024[1] = yingze2024;
    return ThreeIncreasesTest.funding(TestSpark.spark(), Arrays.asList(row(2022, XIAODIAN, y2022), row(2023, XIAODIAN, y2023),
        row(2024, XIAODIAN, x2024), row(2022, YINGZE, y2022), row(2023, YINGZE, y2023), row(2024, YINGZE, z2024)));
  }

  private static Object[] row(int year, String county, Object[] amounts) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(year, county), Arrays.stream(amounts)).toArray();
  }
}
