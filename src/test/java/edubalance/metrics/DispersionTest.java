package edubalance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import edubalance.TestSpark;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dispersion measures against hand-worked values (docs/METHODS.md §3, §8); all groups in one computation. */
class DispersionTest {
  private static final Map<String, Row> BY_GROUP = new HashMap<>();
  private static Dataset<Row> rows;

  @BeforeAll
  static void compute() {
    rows = TestSpark.spark().sql("SELECT * FROM VALUES "
        // A: the docs/METHODS.md §3 example, (students, books) = (200, 1600), (100, 500), (50, 100) → x = 8, 5, 2
        + "('A', 200, 8.0D), ('A', 100, 5.0D), ('A', 50, 2.0D), "
        // B: four equal-weight units 2, 4, 6, 8
        + "('B', 100, 2.0D), ('B', 100, 4.0D), ('B', 100, 6.0D), ('B', 100, 8.0D), "
        // C: one unit
        + "('C', 120, 3.5D), "
        // D: all values zero
        + "('D', 100, 0.0D), ('D', 50, 0.0D), "
        // E: one unit's value unknown
        + "('E', 100, 1.0D), ('E', 50, CAST(NULL AS DOUBLE)) "
        + "AS t(g, students, x)");
    for (Row r : Dispersion.grouped(rows, List.of("g"), "students", "x").collectAsList()) {
      BY_GROUP.put(r.getString(0), r);
    }
  }

  private static Double d(String g, String column) {
    Row r = BY_GROUP.get(g);
    return r.isNullAt(r.fieldIndex(column)) ? null : r.getDouble(r.fieldIndex(column));
  }

  private static String s(String g, String column) {
    Row r = BY_GROUP.get(g);
    return r.getString(r.fieldIndex(column));
  }

  @Test
  void methodsExample() {
    // P = 350; s = 4/7, 2/7, 1/7. X = (1600 + 500 + 100) / 350 = 2200/350 = 6.285714
    assertEquals(6.2857, d("A", "mean"), 1e-4);
    // S² = 4/7·(8 − 6.2857)² + 2/7·(5 − 6.2857)² + 1/7·(2 − 6.2857)²
    //    = 4/7·2.93878 + 2/7·1.65306 + 1/7·18.36735 = 1.67930 + 0.47230 + 2.62391 = 4.77551
    // S = 2.18530; CV = 2.18530 / 6.28571 = 0.34766
    assertEquals(0.3477, d("A", "cv"), 1e-4);
    assertEquals(2.1853, d("A", "cv") * d("A", "mean"), 1e-4);
    assertNull(s("A", "cv_reason"));
    // Gini: Σ_i Σ_j s_i s_j |x_i − x_j| = 2·(4/7·2/7·3 + 4/7·1/7·6 + 2/7·1/7·3) = 2·(24 + 24 + 6)/49 = 108/49
    //       / (2·6.285714) = 2.204082 / 12.571429 = 0.175325
    assertEquals(0.17532, d("A", "gini"), 1e-5);
    // Theil: 4/7·1.272727·ln 1.272727 + 2/7·0.795455·ln 0.795455 + 1/7·0.318182·ln 0.318182
    //      = 0.727273·0.241162 + 0.227273·(−0.228842) + 0.045455·(−1.145132)
    //      = 0.175391 − 0.052010 − 0.052051 = 0.071330
    assertEquals(0.07133, d("A", "theil"), 1e-5);
    // Sorted 2 (50), 5 (100), 8 (200): cumulative 50, 150, 350 of 350. Median: first cum ≥ 175 → 8.
    // McLoone: all units are at or below 8: 2200 / (8·350) = 0.785714
    assertEquals(8.0, d("A", "median"), 0);
    assertEquals(0.785714, d("A", "mcloone"), 1e-6);
    // P5: first cum ≥ 17.5 → 2; P95: first cum ≥ 332.5 → 8; ratio (8 − 2) / 2 = 3
    assertEquals(3.0, d("A", "restricted_range_ratio"), 1e-12);
  }

  @Test
  void fourEqualWeights() {
    // X = 5; S² = (9 + 1 + 1 + 9) / 4 = 5; CV = √5 / 5 = 0.447214
    assertEquals(0.447214, d("B", "cv"), 1e-6);
    // Gini: Σ|x_i − x_j| over unordered pairs = 2+4+6+2+4+2 = 20, ordered 40; × (1/4)² = 2.5; / (2·5) = 0.25
    assertEquals(0.25, d("B", "gini"), 1e-12);
    // Median: cumulative 100, 200 ≥ 200 → 4. McLoone: (2·100 + 4·100) / (4·200) = 0.75
    assertEquals(4.0, d("B", "median"), 0);
    assertEquals(0.75, d("B", "mcloone"), 1e-12);
    // P5 = 2 (cum 100 ≥ 20), P95 = 8 (cum 400 ≥ 380): (8 − 2) / 2 = 3
    assertEquals(3.0, d("B", "restricted_range_ratio"), 1e-12);
    // Theil: 1/4·(0.4 ln 0.4 + 0.8 ln 0.8 + 1.2 ln 1.2 + 1.6 ln 1.6)
    //      = 1/4·(−0.366516 − 0.178515 + 0.218786 + 0.752006) = 0.106440
    assertEquals(0.106440, d("B", "theil"), 1e-6);
  }

  @Test
  void oneUnitHasNoDispersion() {
    assertEquals(0.0, d("C", "cv"), 0);
    assertEquals(0.0, d("C", "gini"), 0);
    assertEquals(0.0, d("C", "theil"), 0);
    assertEquals(1.0, d("C", "mcloone"), 1e-12);
    assertEquals(0.0, d("C", "restricted_range_ratio"), 0);
    assertEquals(1L, BY_GROUP.get("C").getLong(BY_GROUP.get("C").fieldIndex("units")));
  }

  @Test
  void zeroMeanIsNullWithReason() {
    assertEquals(0.0, d("D", "mean"), 0);
    assertNull(d("D", "cv"));
    assertEquals("zero_mean", s("D", "cv_reason"));
    assertNull(d("D", "gini"));
    assertNull(d("D", "theil"));
    assertNull(d("D", "mcloone"));
    assertNull(d("D", "restricted_range_ratio"));
    assertEquals("zero_mean; zero_median; zero_p5", s("D", "null_reason"));
  }

  @Test
  void unknownValueNullsTheGroup() {
    assertNull(d("E", "cv"));
    assertNull(d("E", "mean"));
    assertEquals("missing_value", s("E", "cv_reason"));
    assertEquals("missing_value", s("E", "null_reason"));
    assertEquals(1L, BY_GROUP.get("E").getLong(BY_GROUP.get("E").fieldIndex("units_missing_value")));
  }

  @Test
  void cvOnlyPathGivesTheSameCvsMeansAndReasons() {
    Map<String, Row> cv = new HashMap<>();
    for (Row r : Dispersion.cv(rows, List.of("g"), "students", "x").collectAsList()) cv.put(r.getString(0), r);
    assertEquals(List.of("g", "units", "units_missing_value", "total_weight", "mean", "cv", "cv_reason"),
        List.of(Dispersion.cv(rows, List.of("g"), "students", "x").columns()));
    // The hand-worked values above: A 0.34766 (mean 6.2857), B √5/5, C one unit 0, D zero mean, E a value unknown.
    assertEquals(0.3477, cv.get("A").getDouble(5), 1e-4);
    assertEquals(6.2857, cv.get("A").getDouble(4), 1e-4);
    assertEquals(0.447214, cv.get("B").getDouble(5), 1e-6);
    assertEquals(0.0, cv.get("C").getDouble(5), 0);
    assertNull(cv.get("D").get(5));
    assertEquals("zero_mean", cv.get("D").getString(6));
    assertNull(cv.get("E").get(5));
    assertNull(cv.get("E").get(4));
    assertEquals("missing_value", cv.get("E").getString(6));
    for (String g : List.of("A", "B", "C", "D", "E")) {
      Row r = cv.get(g);
      // Same formula; only the order of a floating sum may differ, so equal to the last bits.
      assertEquals(d(g, "cv") == null, r.isNullAt(5));
      if (d(g, "cv") != null) assertEquals(d(g, "cv"), r.getDouble(5), 1e-12);
      assertEquals(d(g, "mean") == null, r.isNullAt(4));
      if (d(g, "mean") != null) assertEquals(d(g, "mean"), r.getDouble(4), 1e-12);
      assertEquals(s(g, "cv_reason"), r.getString(6));
      for (String c : List.of("units", "units_missing_value")) assertEquals(BY_GROUP.get(g).getLong(BY_GROUP.get(g).fieldIndex(c)), r.getLong(r.fieldIndex(c)));
      assertEquals(BY_GROUP.get(g).getDouble(BY_GROUP.get(g).fieldIndex("total_weight")), r.getDouble(3), 0);
    }
  }
}
