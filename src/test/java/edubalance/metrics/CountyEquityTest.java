package edubalance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.metrics.BalanceFixtures.Unit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** gold.county_equity over hand-built basic-rule units. */
class CountyEquityTest {
  @Test
  void elevenIndicatorsPerCountyAndLevel() {
    // books: the docs/METHODS.md §3 example (200, 8), (100, 5), (50, 2); teachers equal (5); the rest 0.
    // The quality-rule unit must be ignored (it would change every figure).
    Dataset<Row> gold = CountyEquity.compute(BalanceFixtures.schoolIndicators(List.of(
        new Unit("basic", "1101010001", "110101", "primary", 200, 5).x("books_per_student", 8.0).x("teachers_per_100", 5.0),
        new Unit("basic", "1101010002", "110101", "primary", 100, 3).x("books_per_student", 5.0).x("teachers_per_100", 5.0),
        new Unit("basic", "1101010003", "110101", "primary", 50, 2).x("books_per_student", 2.0).x("teachers_per_100", 5.0),
        new Unit("quality", "1101010004", "110101", "primary", 500, 10).x("books_per_student", 50.0))),
        TestSpark.settings());
    Map<String, Row> byIndicator = new HashMap<>();
    for (Row r : gold.collectAsList()) byIndicator.put(r.getString(r.fieldIndex("indicator")), r);
    assertEquals(11, byIndicator.size());

    Row books = byIndicator.get("books_per_student");
    assertEquals(3L, books.getLong(books.fieldIndex("units")));
    assertEquals(350L, books.getLong(books.fieldIndex("students")));
    // X = 2200/350 = 6.2857, CV 0.3477, Gini 0.17532, Theil 0.07133 (worked in DispersionTest)
    assertEquals(6.2857, books.getDouble(books.fieldIndex("mean")), 1e-4);
    assertEquals(0.3477, books.getDouble(books.fieldIndex("cv")), 1e-4);
    assertEquals(0.17532, books.getDouble(books.fieldIndex("gini")), 1e-5);
    assertEquals(0.07133, books.getDouble(books.fieldIndex("theil")), 1e-5);
    // median 8 (cumulative 350 ≥ 175 first at 8): McLoone 2200 / (8·350) = 0.785714; range (8 − 2)/2 = 3
    assertEquals(0.785714, books.getDouble(books.fieldIndex("mcloone")), 1e-6);
    assertEquals(3.0, books.getDouble(books.fieldIndex("restricted_range_ratio")), 1e-12);
    assertNull(books.get(books.fieldIndex("null_reason")));

    Row teachers = byIndicator.get("teachers_per_100");
    assertEquals(0.0, teachers.getDouble(teachers.fieldIndex("cv")), 1e-12);
    assertEquals(1.0, teachers.getDouble(teachers.fieldIndex("mcloone")), 1e-12);

    Row computers = byIndicator.get("computers_per_100");
    assertNull(computers.get(computers.fieldIndex("cv")));
    assertEquals("zero_mean", computers.getString(computers.fieldIndex("cv_reason")));

    gold.schema().foreach(f -> {
      assertTrue(f.getComment().isDefined(), f.name());
      return null;
    });
  }
}
