package edubalance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Quality balance (docs/METHODS.md §5) over hand-built units. */
class QualityBalanceTest {
  static Map<String, Row> rows = new HashMap<>();
  static Dataset<Row> gold;

  /** The national primary standards of the seven (conf quality.standard.*.primary). */
  static final Map<String, Double> PRIMARY = Map.of("qualified_teachers_per_100", 4.2,
      "backbone_teachers_per_100", 1.0, "pe_art_teachers_per_100", 0.9,
      "teaching_aux_area_per_student", 4.5, "sports_area_per_student", 7.5,
      "equipment_value_per_student", 2000.0, "multimedia_classrooms_per_100", 2.3);

  /** A quality-rule primary unit with each of the seven at {@code factor} × its standard. */
  static Unit atStandard(String id, String county, long students, long classes, double factor) {
    Unit u = new Unit("quality", id, county, "primary", students, classes);
    PRIMARY.forEach((k, v) -> u.x(k, v * factor));
    return u;
  }

  @BeforeAll
  static void compute() {
    List<Unit> units = new ArrayList<>();
    // 110101: compliance at the edges, class sizes and large classes
    units.add(atStandard("1101010001", "110101", 450, 10, 1.0)); // all seven exactly at standard; 45/class
    units.add(atStandard("1101010002", "110101", 460, 10, 1.0) // 46/class > 45
        .x("multimedia_classrooms_per_100", 1.955) // 85% of 2.3: complies
        .bigClasses(2L, 1L));
    units.add(atStandard("1101010003", "110101", 100, 4, 1.0)
        .x("equipment_value_per_student", 1680.0)); // 84% of 2000: does not comply
    units.add(atStandard("1101010004", "110101", 100, 4, 1.0)
        .x("sports_area_per_student", 0.9 * 7.5).x("pe_art_teachers_per_100", 0.9 * 0.9)); // 5 of 7
    // 110102: two units at 1× and 2× standard: CV = |a − b| / (a + b) = 1/3 for each of the seven
    units.add(atStandard("1101020001", "110102", 100, 3, 1.0));
    units.add(atStandard("1101020002", "110102", 100, 3, 2.0));
    // 110103: 1× and 4×: CV = 3/5 = 0.6 > 0.50, though both comply
    units.add(atStandard("1101030001", "110103", 100, 3, 1.0));
    units.add(atStandard("1101030002", "110103", 100, 3, 4.0));
    // 110104: school size and music rooms. A nine-year school of 1,800 + 600 = 2,400 (≤ 2,500) and a
    // primary school of 2,100 (> 2,000); music rooms 3 for 40 classes (needs 40/12 = 3.33) and 5 for 47.
    units.add(atStandard("1101040001", "110104", 1800, 40, 1.0).type("nine_year").rooms(3.0, 10.0));
    units.add(new Unit("quality", "1101040001", "110104", "junior", 600, 12).type("nine_year"));
    units.add(atStandard("1101040002", "110104", 2100, 47, 1.0).rooms(5.0, 10.0));
    // 110105: one unit's equipment value unknown
    units.add(atStandard("1101050001", "110105", 100, 3, 1.0));
    units.add(atStandard("1101050002", "110105", 100, 3, 1.0).x("equipment_value_per_student", null));
    // One unit per county, so each verdict is seen on its own (a single unit has every CV 0):
    // 110106: 6 of 7, equipment 1,700 = 85% of 2,000 → complies
    units.add(atStandard("1101060001", "110106", 100, 3, 1.0).x("equipment_value_per_student", 1700.0));
    // 110107: 6 of 7, equipment 1,680 = 84% → does not
    units.add(atStandard("1101070001", "110107", 100, 3, 1.0).x("equipment_value_per_student", 1680.0));
    // 110108: 6 of 7, multimedia 1.955 = 85% of 2.3 → complies
    units.add(atStandard("1101080001", "110108", 100, 3, 1.0).x("multimedia_classrooms_per_100", 1.955));
    // 110109: 5 of 7, both missed ones at 90% → does not
    units.add(atStandard("1101090001", "110109", 100, 3, 1.0)
        .x("sports_area_per_student", 0.9 * 7.5).x("pe_art_teachers_per_100", 0.9 * 0.9));
    // a basic-rule row must be ignored
    units.add(new Unit("basic", "1101010009", "110101", "primary", 1000, 20));
    gold = QualityBalance.compute(BalanceFixtures.schoolIndicators(units), TestSpark.settings());
    for (Row r : gold.collectAsList()) {
      rows.put(r.getString(r.fieldIndex("county_code")) + "/" + r.getString(r.fieldIndex("level")), r);
    }
  }

  static Object o(String key, String c) {
    Row r = rows.get(key);
    return r.get(r.fieldIndex(c));
  }

  static double d(String key, String c) {
    return (Double) o(key, c);
  }

  @Test
  void complianceAtTheEdges() {
    String k = "110101/primary";
    assertEquals(4L, o(k, "schools"));
    // unit 1: 7 of 7; unit 2: 6 of 7 and multimedia 1.955 ≥ 0.85·2.3 = 1.955; unit 3: 6 of 7 but
    // 1,680 < 0.85·2,000 = 1,700; unit 4: 5 of 7
    assertEquals(2L, o(k, "schools_compliant"));
    assertEquals(false, o(k, "meets_standard"));
    assertEquals(6, o(k, "min_indicators_met"));
    assertEquals(0.85, d(k, "missed_floor_fraction"), 0);
    assertEquals(2000.0, d(k, "standard_equipment_value_per_student"), 0);
    // the same edges one by one
    assertEquals(1L, o("110106/primary", "schools_compliant"));
    assertEquals(true, o("110106/primary", "meets_standard"));
    assertEquals(0L, o("110107/primary", "schools_compliant"));
    assertEquals(false, o("110107/primary", "meets_standard"));
    assertEquals(true, o("110107/primary", "meets_cv")); // one unit: every CV 0
    assertEquals(1L, o("110108/primary", "schools_compliant"));
    assertEquals(0L, o("110109/primary", "schools_compliant"));
    assertEquals(0.50, d(k, "cv_threshold"), 0);
  }

  @Test
  void classSizesAndLargeClasses() {
    String k = "110101/primary";
    // 460 / 10 = 46 > 45; 450 / 10 = 45 is not over; 100 / 4 = 25
    assertEquals(1L, o(k, "units_over_class_size"));
    assertEquals(45.0, d(k, "class_size_max"), 0);
    // classes 10 + 10 + 4 + 4 = 28: 56–65: 2/28 = 0.071429; 66+: 1/28 = 0.035714
    assertEquals(28L, o(k, "classes"));
    assertEquals(2.0 / 28, d(k, "oversized_class_share"), 1e-12);
    assertEquals(1.0 / 28, d(k, "super_oversized_class_share"), 1e-12);
  }

  @Test
  void cvsAndCountyValues() {
    String k = "110102/primary";
    // (a, 2a) with equal students: X = 1.5a, S = 0.5a, CV = 1/3
    assertEquals(1.0 / 3, d(k, "cv_equipment_value"), 1e-12);
    assertEquals(1.0 / 3, d(k, "cv_multimedia_classrooms"), 1e-12);
    // county value = ratio of sums = (2000·100 + 4000·100) / 200 = 3000
    assertEquals(3000.0, d(k, "county_equipment_value_per_student"), 1e-9);
    assertEquals(2L, o(k, "schools_compliant"));
    assertEquals(true, o(k, "meets_cv"));
    assertEquals(true, o(k, "meets_standard"));
    // (a, 4a): CV = 3a / 5a = 0.6 > 0.50 → fails though every unit complies
    String f = "110103/primary";
    assertEquals(0.6, d(f, "cv_backbone_teachers"), 1e-12);
    assertEquals(2L, o(f, "schools_compliant"));
    assertEquals(false, o(f, "meets_cv"));
    assertEquals(false, o(f, "meets_standard"));
  }

  @Test
  void schoolSizeAndMusicRooms() {
    // nine-year school 1,800 + 600 = 2,400 ≤ 2,500; primary school 2,100 > 2,000
    assertEquals(1L, o("110104/primary", "units_over_school_size"));
    assertEquals(0L, o("110104/junior", "units_over_school_size"));
    // 3·12 = 36 < 40 classes: short; 5·12 = 60 ≥ 47
    assertEquals(1L, o("110104/primary", "units_short_of_music_rooms"));
    assertEquals(0L, o("110104/primary", "units_short_of_art_rooms"));
    // junior unit: 600 / 12 = 50, not over the junior limit of 50; junior CV threshold 0.45
    assertEquals(0L, o("110104/junior", "units_over_class_size"));
    assertEquals(0.45, d("110104/junior", "cv_threshold"), 0);
  }

  @Test
  void unknownValueLeavesTheVerdictOpen() {
    String k = "110105/primary";
    assertNull(o(k, "cv_equipment_value"));
    assertEquals(0.0, d(k, "cv_sports_area"), 0);
    assertEquals(1L, o(k, "schools_compliant"));
    assertEquals(1L, o(k, "schools_compliance_unknown"));
    assertNull(o(k, "meets_cv"));
    assertNull(o(k, "meets_standard"));
    assertEquals("cv_equipment_value: missing_value; compliance unknown for 1 units", o(k, "reason"));
  }

  @Test
  void everyColumnIsDescribed() {
    gold.schema().foreach(f -> {
      assertTrue(f.getComment().isDefined(), f.name());
      return null;
    });
  }
}
