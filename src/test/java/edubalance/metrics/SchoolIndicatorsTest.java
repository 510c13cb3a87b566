package edubalance.metrics;

import static edubalance.metrics.BalanceFixtures.enrol;
import static edubalance.metrics.BalanceFixtures.resources;
import static edubalance.metrics.BalanceFixtures.school;
import static edubalance.metrics.BalanceFixtures.teacher;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.conf.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Units of calculation (docs/METHODS.md §1): the weighted split, teaching points under both rules,
 * special and private schools, teacher counts and a school without resources.
 */
class SchoolIndicatorsTest {
  static final String N = "1101010001"; // nine-year school
  static final String C = "1101010002"; // complete secondary school
  static final String P = "1101010003"; // primary school, central school of T
  static final String T = "1101010004"; // teaching point of P, 30 students
  static final String T2 = "1101010005"; // teaching point whose parent is not in silver.schools
  static final String V = "1101010006"; // private primary school
  static final String X = "1101010007"; // special-education school
  static final String R = "1101010008"; // primary school without a resources row

  static Dataset<Row> schools;
  static Dataset<Row> enrollment;
  static Dataset<Row> resources;
  static Dataset<Row> teachers;
  static Map<String, Row> units;

  @BeforeAll
  static void build() {
    String cty = "110101";
    schools = BalanceFixtures.frame(BalanceFixtures.SCHOOLS, List.of(
        school(2024, N, cty, "nine_year", "public", null),
        school(2024, C, cty, "complete_secondary", "public", null),
        school(2024, P, cty, "primary", null, null),
        school(2024, T, cty, "teaching_point", "public", P),
        school(2024, T2, cty, "teaching_point", "public", "1199999999"),
        school(2024, V, cty, "primary", "private", null),
        school(2024, X, cty, "special", "public", null),
        school(2024, R, cty, "primary", "public", null)));
    enrollment = BalanceFixtures.frame(BalanceFixtures.ENROLLMENT, List.of(
        enrol(2024, N, 1, 100, 3), enrol(2024, N, 2, 200, 5), enrol(2024, N, 7, 200, 4),
        enrol(2024, C, 7, 100, 2), enrol(2024, C, 10, 100, 2),
        enrol(2024, P, 1, 120, 3), enrol(2024, P, 2, 80, 2),
        enrol(2024, T, 1, 30, 1),
        enrol(2024, T2, 1, 60, 2),
        enrol(2024, V, 1, 50, 1),
        enrol(2024, X, 1, 20, 2),
        enrol(2024, R, 1, 40, 1)));
    resources = BalanceFixtures.frame(BalanceFixtures.RESOURCES, List.of(
        resources(2024, N, 5200, 10400, 520000, 52, 10000, 13, 2, 2),
        resources(2024, C, 2420, 4840, 220000, 24, 4840, 0, 1, 1),
        resources(2024, P, 1000, 1500, 400000, 20, 4000, 4, 1, 1),
        resources(2024, T, 150, 300, 60000, 3, 600, 1, 0, 0),
        resources(2024, T2, 300, 600, 90000, 6, 1200, 1, 0, 0),
        resources(2024, V, 250, 500, 50000, 5, 1000, 1, 1, 1),
        resources(2024, X, 100, 100, 10000, 1, 100, 1, 1, 1)));
    teachers = BalanceFixtures.frame(BalanceFixtures.TEACHERS, List.of(
        teacher(2024, "t1", N, "primary", "bachelor", "first", true, "pe", true),
        teacher(2024, "t2", N, "primary", "secondary", "second", false, "math", true),
        teacher(2024, "t3", N, "primary", "associate", "senior", false, "music", false), // part-time
        teacher(2024, "t4", N, "junior", "associate", "senior_professor", false, "art", true),
        teacher(2024, "t5", N, "junior", "postgraduate", "none", true, "chinese", true),
        teacher(2024, "t6", C, "junior", "bachelor", "first", false, "math", true),
        teacher(2024, "t7", C, "senior", "postgraduate", "senior", true, "pe", true),
        teacher(2024, "t8", P, "primary", "associate", "second", false, "chinese", true),
        teacher(2024, "t9", T, "primary", "secondary", "none", false, "art", true),
        teacher(2024, "t10", V, "primary", "bachelor", "none", false, "math", true),
        teacher(2024, "t11", R, "primary", "associate", "first", false, "pe", true)));
    units = index(SchoolIndicators.compute(schools, enrollment, resources, teachers, TestSpark.settings()));
  }

  static Map<String, Row> index(Dataset<Row> gold) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : gold.collectAsList()) {
      String k = r.getString(r.fieldIndex("unit_rule")) + "/" + r.getString(r.fieldIndex("school_id"))
          + "/" + r.getString(r.fieldIndex("level"));
      assertNull(m.put(k, r), "duplicate unit " + k);
    }
    return m;
  }

  static Row unit(String rule, String id, String level) {
    Row r = units.get(rule + "/" + id + "/" + level);
    assertNotNull(r, rule + "/" + id + "/" + level);
    return r;
  }

  static double d(Row r, String c) {
    return r.getDouble(r.fieldIndex(c));
  }

  static long l(Row r, String c) {
    return r.getLong(r.fieldIndex(c));
  }

  @Test
  void unitsOfEachRule() {
    // basic: N primary + junior, C junior, P primary (with T), T2, V, R; never X, never T alone.
    // quality: the same but P without T and T left out (30 < 50).
    for (String rule : List.of("basic", "quality")) {
      assertEquals(7, units.keySet().stream().filter(k -> k.startsWith(rule + "/")).count(), rule);
      assertFalse(units.containsKey(rule + "/" + X + "/primary"), "special school is never a unit");
      assertFalse(units.containsKey(rule + "/" + T + "/primary"));
      assertFalse(units.containsKey(rule + "/" + C + "/senior"), "senior parts are dropped");
      assertTrue(units.containsKey(rule + "/" + T2 + "/primary"), "a teaching point without known parent is its own unit");
    }
  }

  @Test
  void nineYearSplit() {
    // 300 primary, 200 junior, 10,000 books: weighted 300·1 + 200·1.1 = 520;
    // primary 10,000·300/520 = 5,769.23, junior 10,000·220/520 = 4,230.77
    Row p = unit("basic", N, "primary");
    Row j = unit("basic", N, "junior");
    assertEquals(300, l(p, "students"));
    assertEquals(8, l(p, "classes"));
    assertEquals(5769.2308, d(p, "books"), 1e-4);
    assertEquals(4230.7692, d(j, "books"), 1e-4);
    // books per student 5,769.23/300 = 19.2308; 4,230.77/200 = 21.1538
    assertEquals(19.2308, d(p, "books_per_student"), 1e-4);
    assertEquals(21.1538, d(j, "books_per_student"), 1e-4);
    // area 5,200: 3,000 / 2,200 → 10.0 and 11.0 per student
    assertEquals(10.0, d(p, "teaching_aux_area_per_student"), 1e-9);
    assertEquals(11.0, d(j, "teaching_aux_area_per_student"), 1e-9);
    // multimedia 13: 7.5 primary → 7.5/300·100 = 2.5
    assertEquals(2.5, d(p, "multimedia_classrooms_per_100"), 1e-9);
  }

  @Test
  void teacherCountsOfALevel() {
    // primary of N: t1 (bachelor, first, backbone, pe), t2 (secondary, second, math); t3 part-time
    Row p = unit("basic", N, "primary");
    assertEquals(2, l(p, "teachers"));
    assertEquals(1, l(p, "qualified_teachers"));
    assertEquals(1, l(p, "titled_teachers"));
    assertEquals(1, l(p, "backbone_teachers"));
    assertEquals(1, l(p, "pe_art_teachers"));
    assertEquals(2.0 / 300 * 100, d(p, "teachers_per_100"), 1e-9);
    // junior of N: t4 associate (below bachelor: not qualified for junior), senior_professor, art;
    // t5 postgraduate, untitled, backbone
    Row j = unit("basic", N, "junior");
    assertEquals(2, l(j, "teachers"));
    assertEquals(1, l(j, "qualified_teachers"));
    assertEquals(1, l(j, "titled_teachers"));
    assertEquals(1, l(j, "backbone_teachers"));
    assertEquals(1, l(j, "pe_art_teachers"));
    // 1 qualified / 200 students × 100 = 0.5
    assertEquals(0.5, d(j, "qualified_teachers_per_100"), 1e-9);
  }

  @Test
  void completeSecondaryJuniorPart() {
    // 100 junior, 100 senior: weights 110 : 132 = 1 : 1.2; equipment 220,000 → junior 220,000·110/242 = 100,000
    Row j = unit("basic", C, "junior");
    assertEquals(100, l(j, "students"));
    assertEquals(100000.0, d(j, "equipment_value_yuan"), 1e-6);
    assertEquals(1000.0, d(j, "equipment_value_per_student"), 1e-9);
    // books 4,840 → 2,200 → 22 per student; the senior teacher t7 is not counted
    assertEquals(22.0, d(j, "books_per_student"), 1e-9);
    assertEquals(1, l(j, "teachers"));
    assertEquals(0, l(j, "backbone_teachers"));
  }

  @Test
  void teachingPointMergedUnderBasicLeftOutUnderQuality() {
    // basic: P (200 students, area 1,000, books 4,000, teacher t8) + T (30, 150, 600, t9)
    Row b = unit("basic", P, "primary");
    assertEquals(230, l(b, "students"));
    assertEquals(1150.0, d(b, "teaching_aux_area_m2"), 1e-9);
    assertEquals(5.0, d(b, "teaching_aux_area_per_student"), 1e-9); // 1,150 / 230
    assertEquals(20.0, d(b, "books_per_student"), 1e-9); // 4,600 / 230
    assertEquals(2, l(b, "teachers"));
    assertEquals(1, l(b, "qualified_teachers")); // t8 associate; t9 secondary is not
    assertEquals(1, l(b, "pe_art_teachers")); // t9 art
    assertEquals("public", b.getString(b.fieldIndex("ownership"))); // missing ownership = public
    // quality: P alone, T (30 < 50) left out
    Row q = unit("quality", P, "primary");
    assertEquals(200, l(q, "students"));
    assertEquals(5.0, d(q, "teaching_aux_area_per_student"), 1e-9); // 1,000 / 200
    assertEquals(1, l(q, "teachers"));
  }

  @Test
  void noResourcesRowGivesNullAssets() {
    Row r = unit("basic", R, "primary");
    assertTrue(r.isNullAt(r.fieldIndex("books")));
    assertTrue(r.isNullAt(r.fieldIndex("books_per_student")));
    assertTrue(r.isNullAt(r.fieldIndex("equipment_value_per_student")));
    assertEquals(2.5, d(r, "teachers_per_100"), 1e-9); // 1 / 40 × 100
  }

  @Test
  void privateSchoolsIncludedUnlessExcluded() {
    assertEquals(50, l(unit("basic", V, "primary"), "students"));
    assertEquals(50, l(unit("quality", V, "primary"), "students"));
    Settings noPrivate = TestSpark.settings().with(Map.of("units.include_private", "false"));
    Map<String, Row> without = index(SchoolIndicators.compute(schools, enrollment, resources, teachers, noPrivate));
    assertFalse(without.containsKey("basic/" + V + "/primary"));
    assertFalse(without.containsKey("quality/" + V + "/primary"));
    assertEquals(12, without.size()); // 14 units of the default run less V's two
  }

  @Test
  void everyColumnIsDescribed() {
    Dataset<Row> gold = SchoolIndicators.compute(schools, enrollment, resources, teachers, TestSpark.settings());
    gold.schema().foreach(f -> {
      assertTrue(f.getComment().isDefined(), f.name());
      return null;
    });
    assertEquals(List.of("school_year", "school_id", "level", "unit_rule"), List.of(gold.columns()).subList(0, 4));
  }

  @Test
  void countyTablesReadTheRealSchema() {
    Dataset<Row> gold = SchoolIndicators.compute(schools, enrollment, resources, teachers, TestSpark.settings());
    Map<String, Row> basic = new HashMap<>();
    for (Row r : BasicBalance.compute(gold, TestSpark.settings()).collectAsList()) {
      basic.put(r.getString(r.fieldIndex("level")), r);
    }
    Row p = basic.get("primary");
    // primary units: N, P (+T), T2, V, R
    assertEquals(5L, p.getLong(p.fieldIndex("schools")));
    assertEquals(300L + 230 + 60 + 50 + 40, p.getLong(p.fieldIndex("students")));
    // R has no resources row: its asset CVs cannot be computed
    assertTrue(p.isNullAt(p.fieldIndex("cv_books")));
    assertTrue(p.getString(p.fieldIndex("reason")).contains("cv_books: missing_value"));
    assertTrue(p.isNullAt(p.fieldIndex("composite_cv")));
    // junior units: N (books 4,230.77 / 200 = 21.1538), C (2,200 / 100 = 22):
    // X = (4,230.77 + 2,200) / 300 = 21.4359; S² = 2/3·(−0.28205)² + 1/3·0.56410² = 0.159105; S = 0.398881
    // CV = 0.398881 / 21.4359 = 0.018608. Teachers: 2/200·100 = 1 and 1/100·100 = 1 → CV 0.
    Row j = basic.get("junior");
    assertEquals(2L, j.getLong(j.fieldIndex("schools")));
    assertEquals(0.018608, j.getDouble(j.fieldIndex("cv_books")), 1e-6);
    assertEquals(0.0, j.getDouble(j.fieldIndex("cv_teachers")), 1e-12);
    // quality: T left out, P alone
    List<Row> quality = QualityBalance.compute(gold, TestSpark.settings()).filter("level = 'primary'").collectAsList();
    assertEquals(5L, quality.get(0).getLong(quality.get(0).fieldIndex("schools")));
    assertEquals(300L + 200 + 60 + 50 + 40, quality.get(0).getLong(quality.get(0).fieldIndex("students")));
    assertEquals(22, CountyEquity.compute(gold, TestSpark.settings()).count()); // 11 indicators × 2 levels
  }
}
