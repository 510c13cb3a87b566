package edubalance.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.metrics.Indicator;
import edubalance.remediation.Cases.Unit;
import edubalance.remediation.PlanSolver.Addition;
import edubalance.remediation.PlanSolver.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Plans found on paper (docs/METHODS.md §10), for each target. */
@Tag("fast")
class PlanSolverTest {

  /** unit index → resource → addition */
  static Map<Integer, Map<String, Double>> byUnit(Plan p) {
    Map<Integer, Map<String, Double>> out = new TreeMap<>();
    for (Addition a : p.additions()) out.computeIfAbsent(a.unit(), u -> new TreeMap<>()).put(a.resource().name(), a.add());
    return out;
  }

  @Test
  void basicWorkedExampleOfTheMethods() {
    // docs/METHODS.md §10: books per student 8, 5, 2 for 200, 100, 50 students, CV 0.3477; every other
    // indicator alike (CV 0), so composite ≤ 0.15/8 asks the books' CV ≤ 0.15. The level L with CV 0.15
    // is 5.8539 books per student: 100·L − 500 = 85.39 → 86 books, 50·L − 100 = 192.70 → 193 books.
    CountyCase c = Cases.basic(0.15 / 8, List.of(new Unit(200).x(Indicator.BOOKS, 8),
        new Unit(100).x(Indicator.BOOKS, 5), new Unit(50).x(Indicator.BOOKS, 2)));
    Plan p = PlanSolver.solve(c);
    assertEquals(false, p.meetsNow());
    assertEquals(true, p.feasible());
    assertEquals(Map.of(1, Map.of("books", 86.0), 2, Map.of("books", 193.0)), byUnit(p));
    assertEquals(279 * 30.0, p.cost(), 1e-9);
    // CV after: totals 1,600, 586, 293 over 350 students; mean 7.0829, S = 1.0591, CV 0.14952.
    assertEquals(0.14952 / 8, p.after().compositeCv(), 1e-6);
    assertTrue(p.lowerBound() <= p.cost() && p.lowerBound() > 0, "lower bound " + p.lowerBound());
    assertEquals(500.0, p.additions().get(0).current(), 1e-9);
  }

  @Test
  void qualityUnitBelowTheFloorOfOneStandard() {
    // Three units of 100 at every standard, but the third's equipment is 1,500 yuan per student:
    // 75% of 2,000, under the 85% floor, so it does not comply. Letting it miss equipment (its only
    // shortfall) it needs 85%: 1,700 × 100 − 150,000 = 20,000 yuan. CVs stay far below 0.50.
    CountyCase c = Cases.quality(List.of(new Unit(100), new Unit(100),
        new Unit(100).x(Indicator.EQUIPMENT_VALUE, 1500)));
    Plan p = PlanSolver.solve(c);
    assertEquals(false, p.meetsNow());
    assertEquals(Map.of(2, Map.of("equipment_value_yuan", 20000.0)), byUnit(p));
    assertEquals(20000.0, p.cost(), 1e-6);
    assertEquals(3, p.after().unitsCompliant());
    // The relaxation can do no better: the bound is the plan's cost.
    assertEquals(20000.0, p.lowerBound(), 1.0);
  }

  @Test
  void qualityUpgradesUpToTheirBoundThenAHire() {
    // The third unit: 3 teachers, 2 of them qualified (2 per 100 < 85% of 4.2 = 3.57). It misses the
    // qualified standard at 85%: 3.57 qualified teachers, +1.57. An upgrade costs 15,000 but only its
    // one unqualified teacher can take it; the rest is a hire, rounded up to a whole teacher (a PE or
    // art teacher, who is qualified as well and costs the same as any other): 15,000 + 100,000.
    CountyCase c = Cases.quality(List.of(new Unit(100), new Unit(100),
        new Unit(100).x(Indicator.TEACHERS, 3).x(Indicator.QUALIFIED_TEACHERS, 2)
            .x(Indicator.BACKBONE_TEACHERS, 1).x(Indicator.PE_ART_TEACHERS, 1)));
    Plan p = PlanSolver.solve(c);
    assertEquals(Map.of(2, Map.of("degree_upgrades", 1.0, "pe_art_teacher_hires", 1.0)), byUnit(p));
    assertEquals(115000.0, p.cost(), 1e-6);
    // The program's own optimum, before whole people: 15,000 + 0.57 × 100,000 = 72,000.
    assertEquals(72000.0, p.lowerBound(), 1.0);
  }

  @Test
  void basicPromotionsAtTheirBound() {
    // Three units of 100 students. Teachers per 100 (all qualified): 10, 10, 6; titled: 8, 2, 5.
    // CVs now: teachers and qualified 1.886/8.667 = 0.2176 each, titled 2.449/5 = 0.4899; composite
    // 0.1156. At most 0.06 (Σ of the eight ≤ 0.48) needs the titled CV far down: promotions (12,000)
    // are much cheaper than hires (100,000), and the third unit has one untitled teacher, so it gets
    // that one and no more; the second unit's promotions make up the rest.
    CountyCase c = Cases.basic(0.06, List.of(
        new Unit(100).x(Indicator.TITLED_TEACHERS, 8),
        new Unit(100).x(Indicator.TITLED_TEACHERS, 2),
        new Unit(100).x(Indicator.TEACHERS, 6).x(Indicator.QUALIFIED_TEACHERS, 6).x(Indicator.TITLED_TEACHERS, 5)));
    Plan p = PlanSolver.solve(c);
    assertEquals(true, p.feasible());
    Map<Integer, Map<String, Double>> plan = byUnit(p);
    assertEquals(1.0, plan.get(2).get("title_promotions"), p.toString());
    assertTrue(plan.get(1).get("title_promotions") > 1, p.toString());
    assertTrue(p.after().compositeCv() <= 0.06, p.toString());
    assertTrue(p.lowerBound() <= p.cost());
  }

  @Test
  void aCountyThatPassesCostsNothing() {
    Plan basic = PlanSolver.solve(Cases.basic(0.65, List.of(new Unit(100), new Unit(300))));
    assertEquals(true, basic.meetsNow());
    assertEquals(0.0, basic.cost());
    assertTrue(basic.additions().isEmpty());
    Plan quality = PlanSolver.solve(Cases.quality(List.of(new Unit(100), new Unit(300))));
    assertEquals(true, quality.meetsNow());
    assertEquals(0.0, quality.cost());
    assertEquals(2, quality.after().unitsCompliant());
  }

  @Test
  void noPlanWithinTheBoundsOfPromotions() {
    // Titled per 100 of 8 and 2 in two units of 100 with 4 teachers at the second... its titled teachers
    // can reach at most its 4 teachers (4 per 100): the titled CV stays ≥ (8 − 4)/(8 + 4) = 1/3, more
    // than the composite 0.03 allows (8 × 0.03 = 0.24 for all eight together).
    CountyCase c = Cases.basic(0.03, List.of(new Unit(100).x(Indicator.TITLED_TEACHERS, 8),
        new Unit(100).x(Indicator.TITLED_TEACHERS, 2).x(Indicator.TEACHERS, 4).x(Indicator.QUALIFIED_TEACHERS, 4)));
    Plan p = PlanSolver.solve(c);
    assertEquals(false, p.feasible());
    assertEquals("bounds", p.nullReason());
    assertNull(p.cost());
  }

  @Test
  void unknownValuesAndZeroMeans() {
    Unit blind = new Unit(100);
    blind.values.remove(Indicator.BOOKS);
    Plan missing = PlanSolver.solve(Cases.basic(0.01, List.of(new Unit(100).x(Indicator.BOOKS, 3), blind)));
    assertEquals("missing_value", missing.nullReason());
    assertNull(missing.meetsNow());
    assertNull(missing.cost());
    Plan zero = PlanSolver.solve(Cases.quality(List.of(new Unit(100).x(Indicator.MULTIMEDIA_CLASSROOMS, 0),
        new Unit(50).x(Indicator.MULTIMEDIA_CLASSROOMS, 0))));
    assertEquals("zero_mean", zero.nullReason());
    assertFalse(zero.additions().size() > 0);
  }

  static List<Unit> units(long... students) {
    List<Unit> out = new ArrayList<>();
    for (long s : students) out.add(new Unit(s));
    return out;
  }
}
