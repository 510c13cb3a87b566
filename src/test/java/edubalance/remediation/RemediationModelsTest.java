package edubalance.remediation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.conf.Settings;
import edubalance.metrics.BasicBalance;
import edubalance.metrics.Indicator;
import edubalance.metrics.QualityBalance;
import edubalance.metrics.SchoolIndicators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gold.remediation_summary, gold.remediation_plan and gold.balance_outlook over generated counties:
 * every plan, applied to the units and judged by gold's own models (BasicBalance, QualityBalance),
 * passes; its cost is its rows' sum and at least its lower bound; a county passing now costs nothing.
 */
class RemediationModelsTest {
  static Settings settings;
  static Dataset<Row> units;
  static Dataset<Row> summary;
  static Dataset<Row> plan;

  /** Random counties of Shanxi, 2024: 3 to 9 units per level, totals around the quality standards. */
  static Dataset<Row> units(long seed, int counties) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < counties; c++) {
      String county = String.format("1401%02d", 5 + c);
      for (String level : List.of("primary", "junior")) {
        int n = 3 + rnd.nextInt(7);
        for (int u = 0; u < n; u++) {
          String id = county + String.format("%04d", (level.equals("primary") ? 0 : 100) + u);
          long students = 60 + rnd.nextInt(900);
          double teachers = Math.round(students * (0.05 + 0.06 * rnd.nextDouble()));
          double qualified = Math.round(teachers * (0.4 + 0.6 * rnd.nextDouble()));
          double titled = Math.round(teachers * (0.2 + 0.6 * rnd.nextDouble()));
          double backbone = Math.round(teachers * 0.2 * rnd.nextDouble());
          double peArt = Math.round(teachers * 0.15 * rnd.nextDouble());
          double f = 0.5 + rnd.nextDouble();
          List<Object> v = new ArrayList<>(List.of(2024, id, level, county, "primary", students, students / 45 + 1L));
          v.addAll(List.of(students * 4.8 * f, students * 8.0 * (0.4 + rnd.nextDouble()), students * 2200.0 * f,
              (double) Math.round(students * 0.12 * f), (double) Math.round(students * 25 * (0.5 + rnd.nextDouble())),
              (double) Math.round(students * 0.025 * (0.6 + rnd.nextDouble())), teachers, qualified, titled, backbone, peArt));
          for (String rule : List.of("basic", "quality")) {
            List<Object> w = new ArrayList<>(v);
            w.add(3, rule);
            rows.add(RowFactory.create(w.toArray()));
          }
        }
      }
    }
    StructType schema = StructType.fromDDL("school_year INT, school_id STRING, level STRING, unit_rule STRING, "
        + "county_code STRING, school_type STRING, students BIGINT, classes BIGINT, teaching_aux_area_m2 DOUBLE, "
        + "sports_area_m2 DOUBLE, equipment_value_yuan DOUBLE, computers DOUBLE, books DOUBLE, "
        + "multimedia_classrooms DOUBLE, teachers DOUBLE, qualified_teachers DOUBLE, titled_teachers DOUBLE, "
        + "backbone_teachers DOUBLE, pe_art_teachers DOUBLE");
    return AppliedPlan.withIndicators(TestSpark.spark().createDataFrame(rows, schema)
        .withColumn("classes_56_65", lit(0L)).withColumn("classes_66_plus", lit(0L))
        .withColumn("music_rooms", lit(10.0)).withColumn("art_rooms", lit(10.0)));
  }

  @BeforeAll
  static void compute() throws IOException {
    // Basic maxima tight enough that most levels fail, so both targets are planned.
    Path conf = Files.createTempFile("tight", ".properties");
    Files.writeString(conf, "basic.composite_cv_max.primary = 0.12\nbasic.composite_cv_max.junior = 0.10\n");
    settings = Settings.load(Path.of("conf"), conf);
    units = units(7, 6).cache();
    summary = RemediationSummary.compute(units, settings).cache();
    plan = RemediationPlan.compute(summary).cache();
  }

  static Map<String, Row> byKey(Dataset<Row> rows, String... extra) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      StringBuilder k = new StringBuilder(r.<String>getAs("county_code") + " " + r.<String>getAs("level"));
      for (String e : extra) k.append(' ').append((Object) r.getAs(e));
      out.put(k.toString(), r);
    }
    return out;
  }

  @Test
  void everyPlanAppliedPassesByGoldsOwnModels() {
    Dataset<Row> after = AppliedPlan.units(units, plan);
    Map<String, Row> basic = byKey(BasicBalance.compute(after, settings));
    Map<String, Row> quality = byKey(QualityBalance.compute(after, settings));
    Map<String, Row> basicNow = byKey(BasicBalance.compute(units, settings));
    Map<String, Row> qualityNow = byKey(QualityBalance.compute(units, settings));
    int planned = 0;
    for (Row s : summary.collectAsList()) {
      String key = s.<String>getAs("county_code") + " " + s.<String>getAs("level");
      boolean isBasic = s.<String>getAs("target").equals("basic");
      Row judgedNow = (isBasic ? basicNow : qualityNow).get(key);
      Row judgedAfter = (isBasic ? basic : quality).get(key);
      // meets_now agrees with gold's verdict on the units as they are.
      assertEquals(judgedNow.<Boolean>getAs("meets_standard"), s.getAs("meets_now"), key + " " + s);
      assertTrue(Boolean.TRUE.equals(s.getAs("feasible")), key + " " + s);
      assertTrue(judgedAfter.<Boolean>getAs("meets_standard"), "after the plan " + key + " " + judgedAfter);
      double cost = s.getAs("cost_yuan");
      assertTrue(s.<Double>getAs("lower_bound_yuan") <= cost + 1e-6, key + " " + s);
      if (Boolean.TRUE.equals(s.getAs("meets_now"))) assertEquals(0.0, cost);
      else planned++;
      if (isBasic) assertEquals(judgedAfter.<Double>getAs("composite_cv"), s.<Double>getAs("composite_cv_after"), 1e-9, key);
    }
    assertTrue(planned >= 16, "levels planned: " + planned);
  }

  @Test
  void aPlanIsItsRowsWholeWhereThingsAreCounted() {
    Map<String, Double> costs = new HashMap<>();
    for (Row p : plan.collectAsList()) {
      String key = p.getAs("county_code") + " " + p.getAs("level") + " " + p.getAs("target");
      costs.merge(key, p.<Double>getAs("cost_yuan"), Double::sum);
      double add = p.getAs("add_amount");
      assertTrue(add > 0, p.toString());
      Resource r = Resource.ALL.stream().filter(x -> x.name().equals(p.getAs("resource"))).findFirst().orElseThrow();
      if (r.whole()) assertEquals(Math.rint(add), add, p.toString());
      assertEquals(add * p.<Double>getAs("unit_cost_yuan"), p.<Double>getAs("cost_yuan"), 1e-6);
      assertNotNull(p.getAs("current_amount"));
    }
    for (Row s : summary.collectAsList()) {
      String key = s.getAs("county_code") + " " + s.getAs("level") + " " + s.getAs("target");
      assertEquals(s.<Double>getAs("cost_yuan"), costs.getOrDefault(key, 0.0), 1e-6, key);
    }
  }

  /** jobs/plan over a lakehouse holding these tables: a county's rows, a province's ranking, exit 2 for unknowns. */
  @Test
  void jobsPlanPrintsTheCountyAndTheProvinceRanking() throws IOException {
    edubalance.lakehouse.Lakehouse lh = TestSpark.freshLakehouse();
    lh.overwrite("gold.school_indicators", units);
    lh.overwrite(RemediationSummary.TABLE, summary);
    lh.overwrite(RemediationPlan.TABLE, plan);
    Path conf = Files.createTempFile("tight", ".properties");
    Files.writeString(conf, "basic.composite_cv_max.primary = 0.12\nbasic.composite_cv_max.junior = 0.10\n");
    String root = lh.root();

    edubalance.InProcess county = edubalance.InProcess.run("plan", "--lakehouse", root, "--conf", conf.toString(),
        "--county", "140105", "--year", "2024", "--target", "basic");
    assertEquals(0, county.rc(), county.err());
    for (Row p : plan.where(col("county_code").equalTo("140105").and(col("target").equalTo("basic"))).collectAsList()) {
      String line = county.out().lines().filter(l -> l.contains(p.<String>getAs("unit_id")) && l.contains(p.<String>getAs("resource")))
          .findFirst().orElseThrow(() -> new AssertionError("no row for " + p + " in\n" + county.out()));
      assertTrue(line.trim().endsWith(String.format(java.util.Locale.ROOT, "%,.0f", p.<Double>getAs("cost_yuan"))), line);
    }
    assertFalse(county.out().contains("优质均衡"), "--target basic prints basic only");

    edubalance.InProcess province = edubalance.InProcess.run("plan", "--lakehouse", root, "--conf", conf.toString(),
        "--province", "140000", "--year", "2024", "--target", "quality");
    assertEquals(0, province.rc(), province.err());
    // Cheapest first: each county's quality cost over both levels.
    Map<String, Double> byCounty = new java.util.TreeMap<>();
    for (Row r : summary.where(col("target").equalTo("quality")).collectAsList()) {
      byCounty.merge(r.getAs("county_code"), r.<Double>getAs("cost_yuan"), Double::sum);
    }
    List<String> expected = new ArrayList<>(byCounty.keySet());
    expected.sort(java.util.Comparator.comparing(byCounty::get));
    List<String> printed = province.out().lines().filter(l -> l.matches("\\s+\\d+\\s+1401\\d\\d.*"))
        .map(l -> l.trim().split("\\s+")[1]).toList();
    assertEquals(expected, printed, province.out());
    double total = byCounty.values().stream().mapToDouble(Double::doubleValue).sum();
    assertTrue(province.out().contains("province total: " + String.format(java.util.Locale.ROOT, "%,.0f", total) + " yuan for 6 counties"),
        province.out());

    edubalance.InProcess unknown = edubalance.InProcess.run("plan", "--lakehouse", root, "--county", "149999", "--year", "2024");
    assertEquals(2, unknown.rc());
    assertEquals("plan: unknown county 149999: it has no rows in gold.remediation_summary", unknown.err().strip());
    edubalance.InProcess year = edubalance.InProcess.run("plan", "--lakehouse", root, "--county", "140105", "--year", "2019");
    assertEquals(2, year.rc());
    assertEquals("plan: no school year 2019 for county 140105; it has [2024]", year.err().strip());
  }

  @Test
  void theOutlookWarnsOfACountyThatPassesNowAndWillNot() {
    // Two units of 100 and 300 students at 1.5 × every quality standard (and alike: CV 0). Forecast
    // students ×1.2 in 2025: 1.25 × standard, still met; ×2 in 2026: 0.75 ×, under the 85% floor,
    // and every unit misses all seven; ×1 in 2027: met again.
    List<Row> rows = new ArrayList<>();
    double[] std = Cases.PRIMARY;
    for (String[] u : new String[][] {{"1401050001", "100"}, {"1401050002", "300"}}) {
      long p = Long.parseLong(u[1]);
      Object[] v = new Object[19];
      v[0] = 2024; v[1] = u[0]; v[2] = "primary"; v[3] = "quality"; v[4] = "140105"; v[5] = "primary"; v[6] = p; v[7] = p / 45 + 1;
      for (int k = 0; k < Indicator.ALL.size(); k++) {
        Indicator ind = Indicator.ALL.get(k);
        int j = Indicator.QUALITY_2017.indexOf(ind);
        double perStudent = j >= 0 ? 1.5 * std[j] : 10;
        v[8 + k] = perStudent * p / ind.scale();
      }
      rows.add(RowFactory.create(v));
    }
    StructType schema = units(1, 1).drop("classes_56_65", "classes_66_plus", "music_rooms", "art_rooms")
        .select("school_year", "school_id", "level", "unit_rule", "county_code", "school_type", "students", "classes",
            "teaching_aux_area_m2", "sports_area_m2", "equipment_value_yuan", "computers", "books",
            "multimedia_classrooms", "teachers", "qualified_teachers", "titled_teachers", "backbone_teachers",
            "pe_art_teachers").schema();
    Dataset<Row> two = AppliedPlan.withIndicators(TestSpark.spark().createDataFrame(rows, schema));
    Dataset<Row> forecast = TestSpark.spark().createDataFrame(List.of(
            RowFactory.create("140105", "primary", 2025, "county", 480.0, 2024),
            RowFactory.create("140105", "primary", 2026, "county", 800.0, 2024),
            RowFactory.create("140105", "primary", 2027, "county", 400.0, 2024)),
        StructType.fromDDL("entity_code STRING, level STRING, school_year INT, entity_level STRING, "
            + "forecast_students DOUBLE, base_year INT"));
    Map<String, Row> outlook = byKey(BalanceOutlook.compute(two, forecast, TestSpark.settings()), "school_year");
    assertEquals(3, outlook.size());
    assertEquals(true, outlook.get("140105 primary 2025").getAs("meets"));
    Row bad = outlook.get("140105 primary 2026");
    assertEquals(false, bad.getAs("meets"));
    assertEquals(0, (int) bad.<Integer>getAs("units_compliant"));
    assertEquals(2024, (int) bad.<Integer>getAs("base_year"));
    assertTrue(bad.<Double>getAs("cost_yuan") > 0);
    assertEquals(0.0, outlook.get("140105 primary 2027").<Double>getAs("cost_yuan"));
    assertFalse(outlook.containsKey("140105 primary 2024"));
  }
}
