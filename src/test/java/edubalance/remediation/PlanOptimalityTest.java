package edubalance.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.metrics.Indicator;
import edubalance.remediation.Cases.Unit;
import edubalance.remediation.PlanSolver.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The solver's plans against optima found by an independent method on small counties: with one
 * resource per indicator, the least cost of "CV ≤ t above per-unit floors" raises the units below a
 * level L to L (water-filling: for a given total added, the spread is least that way), and L is found
 * by bisection; the quality target's choice of missed standard is searched exhaustively.
 */
@Tag("fast")
class PlanOptimalityTest {

  /** The least continuous addition (in totals) making CV ≤ cap with each unit's value at least its floor. */
  static double waterFill(long[] students, double[] totals, double[] floorTotals, double cap) {
    int n = students.length;
    double[] base = new double[n];
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (int i = 0; i < n; i++) {
      base[i] = Math.max(totals[i], floorTotals[i]);
      lo = Math.min(lo, base[i] / students[i]);
      hi = Math.max(hi, base[i] / students[i]);
    }
    if (Cv.of(students, base) > cap) {
      for (int it = 0; it < 200; it++) {
        double level = (lo + hi) / 2;
        if (Cv.of(students, raised(students, base, level)) > cap) lo = level;
        else hi = level;
      }
      base = raised(students, base, hi);
    }
    double added = 0;
    for (int i = 0; i < n; i++) added += base[i] - totals[i];
    return added;
  }

  private static double[] raised(long[] students, double[] base, double level) {
    double[] out = new double[base.length];
    for (int i = 0; i < base.length; i++) out[i] = Math.max(base[i], level * students[i]);
    return out;
  }

  @Test
  void basicMatchesWaterFillingOnOneIndicator() {
    Random rnd = new Random(20261204);
    List<Indicator> varied = List.of(Indicator.BOOKS, Indicator.EQUIPMENT_VALUE, Indicator.TEACHING_AUX_AREA);
    List<Resource> resources = List.of(Resource.BOOKS, Resource.EQUIPMENT_VALUE, Resource.TEACHING_AUX_AREA);
    for (int trial = 0; trial < 30; trial++) {
      int which = trial % 3;
      Indicator k = varied.get(which);
      int n = 3 + rnd.nextInt(6);
      List<Unit> units = new ArrayList<>();
      for (int i = 0; i < n; i++) units.add(new Unit(30 + rnd.nextInt(570)).x(k, 1 + rnd.nextDouble() * 20));
      CountyCase probe = Cases.basic(1, units);
      double cv = Cv.of(probe.students(), CutProgram.column(probe.totals(), k));
      double cap = cv * (0.3 + 0.6 * rnd.nextDouble());
      CountyCase c = Cases.basic(cap / 8, units);
      double unitCost = c.cost()[Resource.ALL.indexOf(resources.get(which))];
      double exact = unitCost * waterFill(c.students(), CutProgram.column(c.totals(), k), new double[n], cap);

      Plan p = PlanSolver.solve(c);
      assertEquals(true, p.feasible(), "trial " + trial);
      double rounding = n * unitCost * (resources.get(which).whole() ? 1 : 0.01);
      assertTrue(p.cost() >= exact * (1 - 1e-6), "trial " + trial + ": plan " + p.cost() + " below the optimum " + exact);
      assertTrue(p.cost() <= exact * 1.005 + rounding, "trial " + trial + ": plan " + p.cost() + " vs optimum " + exact);
      assertTrue(p.lowerBound() <= exact * (1 + 1e-6), "trial " + trial + ": bound " + p.lowerBound() + " > optimum " + exact);
    }
  }

  @Test
  void qualityMatchesAnExhaustiveSearchOfMissedStandards() {
    Random rnd = new Random(42);
    List<Indicator> assets = List.of(Indicator.TEACHING_AUX_AREA, Indicator.SPORTS_AREA,
        Indicator.EQUIPMENT_VALUE, Indicator.MULTIMEDIA_CLASSROOMS);
    List<Resource> resources = List.of(Resource.TEACHING_AUX_AREA, Resource.SPORTS_AREA,
        Resource.EQUIPMENT_VALUE, Resource.MULTIMEDIA_CLASSROOMS);
    for (int trial = 0; trial < 25; trial++) {
      int n = 2 + rnd.nextInt(3);
      List<Unit> units = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Unit u = new Unit(40 + rnd.nextInt(400));
        for (Indicator k : assets) {
          int j = Indicator.QUALITY_2017.indexOf(k);
          u.x(k, Cases.PRIMARY[j] * (0.5 + rnd.nextDouble() * (trial % 2 == 0 ? 1.2 : 3.5)));
        }
        units.add(u);
      }
      CountyCase c = Cases.quality(units);
      double exact = exhaustive(c, assets, resources);
      Plan p = PlanSolver.solve(c);
      if (exact == 0) {
        assertEquals(true, p.meetsNow(), "trial " + trial);
        continue;
      }
      double rounding = n * (50000 + 0.01 * (2500 + 300 + 1));
      assertEquals(n, p.after().unitsCompliant(), "trial " + trial);
      assertTrue(p.after().maxCv() <= 0.5, "trial " + trial);
      assertTrue(p.cost() >= exact * (1 - 1e-6), "trial " + trial + ": plan " + p.cost() + " below the optimum " + exact);
      assertTrue(p.cost() <= exact * 1.005 + rounding, "trial " + trial + ": plan " + p.cost() + " vs optimum " + exact);
      assertTrue(p.lowerBound() <= exact * (1 + 1e-6), "trial " + trial + ": bound " + p.lowerBound() + " > optimum " + exact);
    }
  }

  /** Every choice of at most one missed standard per unit, each indicator water-filled above its floors. */
  private static double exhaustive(CountyCase c, List<Indicator> assets, List<Resource> resources) {
    int n = c.units();
    int choices = assets.size() + 1; // none, or one of the assets (the teacher standards are all met)
    double best = Double.POSITIVE_INFINITY;
    int combos = (int) Math.pow(choices, n);
    for (int code = 0; code < combos; code++) {
      int[] miss = new int[n];
      for (int i = 0, x = code; i < n; i++, x /= choices) miss[i] = x % choices - 1;
      double cost = 0;
      for (int a = 0; a < assets.size(); a++) {
        Indicator k = assets.get(a);
        int j = Indicator.QUALITY_2017.indexOf(k);
        double[] floors = new double[n];
        for (int i = 0; i < n; i++) floors[i] = c.standardTotal(i, j) * (miss[i] == a ? c.floorFraction() : 1);
        double add = waterFill(c.students(), CutProgram.column(c.totals(), k), floors, c.cvMax());
        cost += add * c.cost()[Resource.ALL.indexOf(resources.get(a))];
      }
      best = Math.min(best, cost);
    }
    return best;
  }

  /**
   * The teachers' group, where the plan is a heuristic: two units short of the teacher standards of
   * quality balance (qualified, backbone, PE/art per 100), every whole-number plan of upgrades,
   * PE/art hires and designations up to 9 each searched; the plan is feasible, costs at least that
   * optimum and at most one more teacher per unit above it, and its lower bound is below it.
   */
  @Test
  void teachersGroupAgainstAnExhaustiveSearchOfWholePlans() {
    Random rnd = new Random(99);
    int exact = 0;
    for (int trial = 0; trial < 12; trial++) {
      List<Unit> units = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        long students = 100 + rnd.nextInt(150);
        double teachers = 6 + rnd.nextInt(7);
        units.add(new Unit(students).x(Indicator.TEACHERS, teachers * 100 / students)
            .x(Indicator.QUALIFIED_TEACHERS, Math.min(teachers, 2 + rnd.nextInt(8)) * 100 / students)
            // the first unit has one of each at least: a county with none has no CV (zero_mean, no plan)
            .x(Indicator.BACKBONE_TEACHERS, (rnd.nextInt(3) + (i == 0 ? 1 : 0)) * 100.0 / students)
            .x(Indicator.PE_ART_TEACHERS, (rnd.nextInt(3) + (i == 0 ? 1 : 0)) * 100.0 / students));
      }
      CountyCase c = Cases.quality(units);
      Plan p = PlanSolver.solve(c);
      double best = Double.POSITIVE_INFINITY;
      int n = c.units();
      int[] y = new int[3 * n]; // per unit: upgrades, PE/art hires, designations
      for (int code = 0; code < Math.pow(10, 3 * n); code++) {
        for (int v = 0, x = code; v < y.length; v++, x /= 10) y[v] = x % 10;
        double[][] totals = new double[n][];
        double cost = 0;
        boolean within = true;
        for (int i = 0; i < n; i++) {
          totals[i] = c.totals()[i].clone();
          int up = y[3 * i], hire = y[3 * i + 1], bb = y[3 * i + 2];
          double teachers = c.total(i, Indicator.TEACHERS);
          within &= up <= teachers - c.total(i, Indicator.QUALIFIED_TEACHERS) + 1e-9
              && bb <= teachers + hire - c.total(i, Indicator.BACKBONE_TEACHERS) + 1e-9;
          totals[i][Indicator.ALL.indexOf(Indicator.TEACHERS)] += hire;
          totals[i][Indicator.ALL.indexOf(Indicator.QUALIFIED_TEACHERS)] += up + hire;
          totals[i][Indicator.ALL.indexOf(Indicator.PE_ART_TEACHERS)] += hire;
          totals[i][Indicator.ALL.indexOf(Indicator.BACKBONE_TEACHERS)] += bb;
          cost += 15000.0 * up + 100000.0 * hire + 6000.0 * bb;
        }
        if (!within || cost >= best) continue;
        PlanSolver.Figures f = PlanSolver.Figures.of(c, totals);
        if (f.unitsCompliant() == n && f.maxCv() <= c.cvMax()) best = cost;
      }
      if (best == 0) {
        assertEquals(true, p.meetsNow(), "trial " + trial);
        continue;
      }
      assertTrue(Double.isFinite(best), "trial " + trial + ": the search found a plan");
      assertEquals(true, p.feasible(), "trial " + trial + " " + p);
      assertTrue(p.cost() >= best - 1e-6, "trial " + trial + ": plan " + p.cost() + " below the optimum " + best);
      if (Math.abs(p.cost() - best) < 1e-6) exact++;
      assertTrue(p.cost() <= best + n * 100000.0, "trial " + trial + ": plan " + p.cost() + " vs optimum " + best);
      assertTrue(p.lowerBound() <= best + 1e-6, "trial " + trial + ": bound " + p.lowerBound() + " > optimum " + best);
    }
    // Measured: 10 of the 12 are the optimum itself; the other two cost one and two degree upgrades more.
    assertTrue(exact >= 10, "plans equal to the optimum: " + exact + " of 12");
  }
}
