package edubalance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * County 140101: the three urban units of docs/METHODS.md §3 (students, books per student) = (200, 8),
 * (100, 5), (50, 2). County 140102 (same city 140100, province 140000): two urban units (100, 10),
 * (100, 6) and two rural units (100, 4), (100, 2). Every unit has 5 m² teaching area per student
 * (an even distribution) and no computers (a mean of zero).
 */
class UrbanRuralGapTest {
  private static final double EPS = 1e-6;
  private static Dataset<Row> result;

  @BeforeAll
  static void setUp() {
    StructType schema = new StructType()
        .add("school_year", DataTypes.IntegerType).add("school_id", DataTypes.StringType)
        .add("level", DataTypes.StringType).add("unit_rule", DataTypes.StringType)
        .add("county_code", DataTypes.StringType).add("city_code", DataTypes.StringType)
        .add("province_code", DataTypes.StringType).add("urban_rural", DataTypes.StringType)
        .add("school_type", DataTypes.StringType).add("ownership", DataTypes.StringType)
        .add("students", DataTypes.LongType).add("classes", DataTypes.LongType)
        .add("classes_56_65", DataTypes.LongType).add("classes_66_plus", DataTypes.LongType)
        .add("migrant_students", DataTypes.LongType);
    for (String c : new String[] {"teaching_aux_area_m2", "sports_area_m2", "equipment_value_yuan",
        "computers", "books", "multimedia_classrooms", "music_rooms", "art_rooms"}) {
      schema = schema.add(c, DataTypes.DoubleType);
    }
    for (String c : new String[] {"teachers", "qualified_teachers", "titled_teachers",
        "backbone_teachers", "pe_art_teachers"}) {
      schema = schema.add(c, DataTypes.LongType);
    }
    for (Indicator i : Indicator.ALL) schema = schema.add(i.name(), DataTypes.DoubleType);

    List<Row> rows = new ArrayList<>();
    rows.add(unit("basic", "K1", "140101", "urban", 200, 8, 5, 0, 0, 0));
    rows.add(unit("basic", "K2", "140101", "urban", 100, 5, 5, 0, 0, 0));
    rows.add(unit("basic", "K3", "140101", "urban", 50, 2, 5, 0, 0, 0));
    rows.add(unit("basic", "U1", "140102", "urban", 100, 10, 2, 1, 0, 30));
    rows.add(unit("basic", "U2", "140102", "urban", 100, 6, 3, 0, 1, 10));
    rows.add(unit("basic", "R1", "140102", "rural", 100, 4, 4, 0, 0, 0));
    rows.add(unit("basic", "R2", "140102", "rural", 100, 2, 2, 0, 0, 0));
    // a quality-rule unit: must be ignored
    rows.add(unit("quality", "R2", "140102", "rural", 100, 500, 2, 2, 0, 100));
    result = UrbanRuralGap.compute(TestSpark.spark().createDataFrame(rows, schema), TestSpark.settings()).cache();
  }

  private static Row unit(String rule, String id, String county, String ur, long students, double booksPerStudent,
      long classes, long c56, long c66, long migrants) {
    List<Object> v = new ArrayList<>(List.of(2024, id, "primary", rule, county, "140100", "140000", ur,
        "primary", "public", students, classes, c56, c66, migrants));
    double books = students * booksPerStudent;
    // teaching_aux_area 5 per student, sports 10, equipment 1000, computers 0, books, multimedia 0, music 1, art 1
    v.addAll(List.of(5.0 * students, 10.0 * students, 1000.0 * students, 0.0, books, 0.0, 1.0, 1.0));
    v.addAll(List.of(0L, 0L, 0L, 0L, 0L)); // teacher counts
    for (Indicator i : Indicator.ALL) v.add(null); // not read: values come from totals
    return RowFactory.create(v.toArray());
  }

  private static Row row(String level, String code, String indicator) {
    List<Row> rows = result.where("region_level = '" + level + "' AND region_code = '" + code
        + "' AND indicator = '" + indicator + "' AND level = 'primary' AND school_year = 2024").collectAsList();
    assertEquals(1, rows.size());
    return rows.get(0);
  }

  private static double d(Row r, String c) {
    Object v = r.getAs(c);
    assertTrue(v != null, c + " should not be null");
    return ((Number) v).doubleValue();
  }

  @Test
  void theilOfTheMethodsExample() {
    Row r = row("county", "140101", "books_per_student");
    // mu = (1600 + 500 + 100) / 350 = 6.285714; s = 4/7, 2/7, 1/7
    // T = 4/7·(8/mu)·ln(8/mu) + 2/7·(5/mu)·ln(5/mu) + 1/7·(2/mu)·ln(2/mu)
    //   = 0.175391 − 0.052009 − 0.052052 = 0.07133
    assertEquals(0.07133, d(r, "theil"), 1e-5);
    // one group only: nothing between, all within
    assertEquals(0.0, d(r, "theil_between"), 1e-12);
    assertEquals(0.07133, d(r, "theil_within"), 1e-5);
    assertEquals(2200.0 / 350.0, d(r, "urban_value"), 1e-9);
    assertNull(r.getAs("rural_value"));
    assertNull(r.getAs("rural_to_urban_ratio"));
    String reason = r.getAs("null_reason");
    assertTrue(reason.contains("rural:no_units"), reason);
    assertTrue(reason.contains("rural_to_urban_ratio:no_rural_units"), reason);
  }

  @Test
  void twoGroupDecompositionIsExact() {
    Row r = row("county", "140102", "books_per_student");
    // urban: books 1000 + 600 over 200 students -> mu_u = 8; rural: 400 + 200 over 200 -> mu_r = 3
    // all: 2200 / 400 -> mu = 5.5; rural/urban = 3/8 = 0.375
    assertEquals(8.0, d(r, "urban_value"), 1e-12);
    assertEquals(3.0, d(r, "rural_value"), 1e-12);
    assertEquals(0.375, d(r, "rural_to_urban_ratio"), 1e-12);
    // between = (1600/2200)·ln(8/5.5) + (600/2200)·ln(3/5.5) = 0.272504 − 0.165310 = 0.107195
    assertEquals(0.107195, d(r, "theil_between"), EPS);
    // T_u = 0.625·ln(10/8) + 0.375·ln(6/8) = 0.139465 − 0.107881 = 0.031584
    // T_r = (2/3)·ln(4/3) + (1/3)·ln(2/3) = 0.191788 − 0.135155 = 0.056633
    // within = (1600/2200)·0.031584 + (600/2200)·0.056633 = 0.022970 + 0.015445 = 0.038416
    assertEquals(0.038416, d(r, "theil_within"), EPS);
    // T directly: (1000/2200)·ln(10/5.5) + (600/2200)·ln(6/5.5) + (400/2200)·ln(4/5.5)
    //   + (200/2200)·ln(2/5.5) = 0.271744 + 0.023730 − 0.057901 − 0.091964 = 0.145610
    assertEquals(0.145610, d(r, "theil"), EPS);
    assertEquals(d(r, "theil"), d(r, "theil_between") + d(r, "theil_within"), 1e-12);
    // share = 0.107195 / 0.145610 = 0.73618
    assertEquals(0.73618, d(r, "theil_between_share"), 1e-5);
    // large classes: urban (1 + 0 + 0 + 1) / (2 + 3) = 0.4; rural 0 / 6 = 0; no town units
    assertEquals(0.4, d(r, "urban_large_class_share"), 1e-12);
    assertEquals(0.0, d(r, "rural_large_class_share"), 1e-12);
    assertNull(r.getAs("town_large_class_share"));
    // migrants: urban (30 + 10) / 200 = 0.2, rural 0 / 200 = 0 (the quality-rule row's 100 ignored)
    assertEquals(0.2, d(r, "urban_migrant_share"), 1e-12);
    assertEquals(0.0, d(r, "rural_migrant_share"), 1e-12);
    assertEquals(4L, ((Number) r.getAs("units")).longValue());
  }

  @Test
  void cityAndProvinceTakeAllTheirUnits() {
    for (String[] region : new String[][] {{"city", "140100"}, {"province", "140000"}}) {
      Row r = row(region[0], region[1], "books_per_student");
      // urban: (1600 + 500 + 100 + 1000 + 600) / (350 + 200) = 3800 / 550 = 6.909091; rural 3
      assertEquals(3800.0 / 550.0, d(r, "urban_value"), 1e-9);
      assertEquals(3.0, d(r, "rural_value"), 1e-12);
      // mu = 4400 / 750 = 5.866667; urban group T_u over 5 units, rural T_r = 0.056633:
      // between = (3800/4400)·ln(6.909091/5.866667) + (600/4400)·ln(3/5.866667)
      //         = 0.863636·0.163551 + 0.136364·(−0.670674) = 0.141249 − 0.091456 = 0.049793
      assertEquals(0.049793, d(r, "theil_between"), 1e-5);
      assertEquals(d(r, "theil"), d(r, "theil_between") + d(r, "theil_within"), 1e-12);
      // urban large classes: (0·3 + 1 + 1) / (5·3 + 2 + 3) = 2 / 20 = 0.1
      assertEquals(0.1, d(r, "urban_large_class_share"), 1e-12);
      assertEquals(7L, ((Number) r.getAs("units")).longValue());
    }
  }

  @Test
  void evenAndZeroDistributionsGiveReasons() {
    // 5 m² per student everywhere: T = 0, no share of it
    Row even = row("county", "140102", "teaching_aux_area_per_student");
    assertEquals(0.0, d(even, "theil"), 1e-12);
    assertNull(even.getAs("theil_between_share"));
    assertTrue(((String) even.getAs("null_reason")).contains("theil_between_share:theil_zero"));
    assertEquals(1.0, d(even, "rural_to_urban_ratio"), 1e-12);
    // no computers anywhere: mean 0 -> Theil null; urban value 0 -> ratio null
    Row zero = row("county", "140102", "computers_per_100");
    assertNull(zero.getAs("theil"));
    assertNull(zero.getAs("rural_to_urban_ratio"));
    String reason = zero.getAs("null_reason");
    assertTrue(reason.contains("theil:mean_zero"), reason);
    assertTrue(reason.contains("rural_to_urban_ratio:urban_value_zero"), reason);
    assertEquals(0.0, d(zero, "urban_value"), 0.0);
  }

  @Test
  void allElevenIndicatorsAndThreeRegionLevels() {
    // regions: 2 counties + 1 city + 1 province, one level, 11 indicators
    assertEquals(44, result.count());
    assertEquals(11, result.select("indicator").distinct().count());
    for (var f : result.schema().fields()) assertTrue(f.metadata().contains("comment"), f.name());
  }
}
