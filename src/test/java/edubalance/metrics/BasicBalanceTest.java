package edubalance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.metrics.BalanceFixtures.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Basic balance (docs/METHODS.md §4) over hand-built units. */
class BasicBalanceTest {
  static Map<String, Row> rows = new HashMap<>();
  static Dataset<Row> gold;

  /** All eight basic indicators set to {@code base}·k, except teachers_per_100 set to {@code teachers}. */
  static Unit scaled(String id, String county, String level, long students, double base, double teachers) {
    return new Unit("basic", id, county, level, students, students / 40)
        .x("teaching_aux_area_per_student", base)
        .x("sports_area_per_student", base * 2)
        .x("equipment_value_per_student", base * 1000)
        .x("computers_per_100", base)
        .x("books_per_student", base * 10)
        .x("teachers_per_100", teachers)
        .x("qualified_teachers_per_100", base)
        .x("titled_teachers_per_100", base);
  }

  @BeforeAll
  static void compute() {
    List<Unit> units = new ArrayList<>();
    // 110101 primary: docs/METHODS.md §3 pattern (200, 8), (100, 5), (50, 2) in seven indicators, teachers equal.
    units.add(scaled("1101010001", "110101", "primary", 200, 8, 6));
    units.add(scaled("1101010002", "110101", "primary", 100, 5, 6));
    units.add(scaled("1101010003", "110101", "primary", 50, 2, 6));
    // A quality-rule row must be ignored: it would change every CV of 110101.
    units.add(new Unit("quality", "1101010009", "110101", "primary", 1000, 25).x("books_per_student", 99.0));
    // 140101 (Shanxi) and 110104: two units of 100 students, values 1.62 and 0.38 → CV 1.24/2 = 0.62
    for (String county : List.of("140101", "110104")) {
      units.add(scaled(county + "0001", county, "primary", 100, 1.62, 1.62));
      units.add(scaled(county + "0002", county, "primary", 100, 0.38, 0.38));
    }
    // 140101 junior: one unit
    units.add(scaled("1401010003", "140101", "junior", 300, 10, 8));
    // 110102: one unit → every CV 0
    units.add(scaled("1101020001", "110102", "primary", 80, 4, 6));
    // 110103: computers 0 in both units → zero mean
    units.add(scaled("1101030001", "110103", "primary", 80, 4, 6).x("computers_per_100", 0.0));
    units.add(scaled("1101030002", "110103", "primary", 40, 3, 6).x("computers_per_100", 0.0));
    gold = BasicBalance.compute(BalanceFixtures.schoolIndicators(units), TestSpark.settings());
    for (Row r : gold.collectAsList()) {
      rows.put(r.getString(r.fieldIndex("county_code")) + "/" + r.getString(r.fieldIndex("level")), r);
    }
  }

  static Double d(String key, String c) {
    Row r = rows.get(key);
    return r.isNullAt(r.fieldIndex(c)) ? null : r.getDouble(r.fieldIndex(c));
  }

  static Object o(String key, String c) {
    Row r = rows.get(key);
    return r.get(r.fieldIndex(c));
  }

  @Test
  void compositeOfTheEight() {
    String k = "110101/primary";
    assertEquals(6, rows.size());
    assertEquals(3L, o(k, "schools"));
    assertEquals(350L, o(k, "students"));
    // Seven CVs are the §3 example's 0.347660 (a CV does not change when values are scaled), teachers 0:
    // composite = 7 · 0.347660 / 8 = 0.304203
    assertEquals(0.3477, d(k, "cv_books"), 1e-4);
    assertEquals(0.3477, d(k, "cv_equipment_value"), 1e-4);
    assertEquals(0.0, d(k, "cv_teachers"), 1e-12);
    assertEquals(0.304203, d(k, "composite_cv"), 1e-6);
    assertEquals(0.65, d(k, "threshold"), 1e-12);
    assertEquals(true, o(k, "meets_standard"));
    assertNull(o(k, "reason"));
  }

  @Test
  void schoolStandardsCounted() {
    String k = "110101/primary";
    // Standards (conf, primary): area 3.0, sports 5.0, equipment 1000, books 20, teachers 5.26.
    // Units: area 8, 5, 2 → 2 < 3 misses; sports 16, 10, 4 → 4 < 5 misses; equipment 8000, 5000, 2000 ok;
    // books 80, 50, 20 → 20 is not below 20; teachers 6 ≥ 5.26.
    Map<String, Long> missing = rows.get(k).getJavaMap(rows.get(k).fieldIndex("units_missing_school_standard"));
    assertEquals(Map.of("teaching_aux_area_per_student", 1L, "sports_area_per_student", 1L,
        "equipment_value_per_student", 0L, "books_per_student", 0L, "teachers_per_100", 0L), missing);
    assertEquals(1L, o(k, "units_missing_any_school_standard")); // the third unit misses both
    Map<String, Double> standards = rows.get(k).getJavaMap(rows.get(k).fieldIndex("school_standards"));
    assertEquals(20.0, standards.get("books_per_student"), 0);
    assertEquals(5.26, standards.get("teachers_per_100"), 0);
  }

  @Test
  void shanxiOverride() {
    // Both counties: composite 0.62. Shanxi (14) primary: 0.60 (province.14.basic.composite_cv_max.primary);
    // Beijing (11): the national 0.65.
    assertEquals(0.62, d("140101/primary", "composite_cv"), 1e-9);
    assertEquals(0.60, d("140101/primary", "threshold"), 1e-12);
    assertEquals(false, o("140101/primary", "meets_standard"));
    assertEquals(0.62, d("110104/primary", "composite_cv"), 1e-9);
    assertEquals(0.65, d("110104/primary", "threshold"), 1e-12);
    assertEquals(true, o("110104/primary", "meets_standard"));
    // Shanxi junior keeps the national 0.55
    assertEquals(0.55, d("140101/junior", "threshold"), 1e-12);
    assertEquals("140000", o("140101/junior", "province_code"));
  }

  @Test
  void oneUnitCounty() {
    assertEquals(1L, o("110102/primary", "schools"));
    assertEquals(0.0, d("110102/primary", "cv_books"), 0);
    assertEquals(0.0, d("110102/primary", "composite_cv"), 0);
    assertEquals(true, o("110102/primary", "meets_standard"));
  }

  @Test
  void zeroMeanNullsTheComposite() {
    String k = "110103/primary";
    assertNull(d(k, "cv_computers"));
    assertNull(d(k, "composite_cv"));
    assertNull(o(k, "meets_standard"));
    assertEquals("cv_computers: zero_mean", o(k, "reason"));
    // the other CVs are still there: books 40, 30 with 80, 40 students: X = (3200 + 1200)/120 = 36.667,
    // S² = 2/3·3.333² + 1/3·6.667² = 7.407 + 14.815 = 22.222, S = 4.714, CV = 0.128565
    assertEquals(0.128565, d(k, "cv_books"), 1e-6);
  }

  @Test
  void everyColumnIsDescribed() {
    gold.schema().foreach(f -> {
      assertTrue(f.getComment().isDefined(), f.name());
      return null;
    });
    assertFalse(List.of(gold.columns()).contains("_reason_books"));
  }
}
