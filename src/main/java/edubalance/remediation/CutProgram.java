package edubalance.remediation;

import edubalance.metrics.Indicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The lower bound of a plan's cost (docs/METHODS.md §10): the least-cost additions to a county's units
 * under a maximum CV per indicator and a minimum total per unit and indicator, relaxed to a linear
 * program over cutting planes (ojAlgo's simplex).
 *
 * <p>"CV ≤ t" is S ≤ t·m, a second-order cone. At a plan whose CV exceeds t, the tangent of S gives
 * the cut Σ_i (d_i − t)·T_i ≤ 0, d_i the unit's standardized deviation there; it holds for every plan
 * meeting the maximum, whatever t is, so the cuts of one indicator are kept in a pool shared by every
 * program of the county.
 */
final class CutProgram {
  /** CVs this close are equal: a CV of units all alike computes as about 1e-16, not 0. */
  static final double EPS = 1e-12;
  /** Rounds of cuts of a lower bound: each is a valid bound, later ones tighter. */
  static final int ROUNDS = 20;

  private final CountyCase c;
  private final List<Resource> used;
  private final Map<Indicator, List<double[]>> cuts;

  /**
   * @param used the resources of the program (of a group of indicators, or all the target uses)
   * @param cuts the county's pool of cuts by indicator, shared by its programs
   */
  CutProgram(CountyCase c, List<Resource> used, Map<Indicator, List<double[]>> cuts) {
    this.c = c;
    this.used = used;
    this.cuts = cuts;
  }

  List<Resource> used() {
    return used;
  }

  /** Additions per unit and used resource, and their cost. */
  record Solution(double[][] add, double cost) {}

  /**
   * A lower bound of the least cost: the program at the rule's own maxima over the cuts found, with
   * the standards a unit may miss relaxed to fractions when {@code relaxed} is set. While its optimum
   * breaks a maximum, a cut there tightens it (at most {@link #ROUNDS} times); every round's value
   * is a bound, and one whose optimum meets every maximum is the relaxation's exact optimum.
   *
   * @return the bound, or +∞ when even the relaxation has no plan
   */
  double lowerBound(List<Indicator> judged, double[] caps, double[][] floors, Relaxation relaxed) {
    double bound = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Solution s = program(judged, caps, floors, relaxed);
      if (s == null) return Double.POSITIVE_INFINITY;
      bound = s.cost;
      double[][] after = totalsAfter(s.add);
      boolean within = true;
      for (int j = 0; j < judged.size(); j++) {
        Indicator k = judged.get(j);
        if (Cv.of(c.students(), column(after, k)) > caps[j] * (1 + 1e-6) + EPS) {
          within = false;
          cut(k, boundary(column(after, k), caps[j]));
        }
      }
      if (within) break;
    }
    return bound;
  }

  /**
   * Compliance with its choice of missed standard relaxed (quality): unit i's total of indicator j
   * reaches full[i][j]·(1 − (1 − floorFraction)·z_ij), with z in [0, 1] and Σ_j z_ij ≤ misses.
   */
  record Relaxation(double[][] full, double floorFraction, int misses) {}

  private Solution program(List<Indicator> judged, double[] caps, double[][] floors, Relaxation relaxed) {
    int n = c.units();
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    Variable[][] y = new Variable[n][used.size()];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < used.size(); r++) {
        Resource res = used.get(r);
        y[i][r] = model.addVariable().lower(0).weight(c.cost()[Resource.ALL.indexOf(res)]);
        double teachers = c.total(i, Indicator.TEACHERS);
        if (res.bound() == Resource.Bound.UNTITLED) {
          y[i][r].upper(Math.max(0, teachers - c.total(i, Indicator.TITLED_TEACHERS)));
        } else if (res.bound() == Resource.Bound.UNQUALIFIED) {
          y[i][r].upper(Math.max(0, teachers - c.total(i, Indicator.QUALIFIED_TEACHERS)));
        }
      }
      // Backbone designations: at most the teachers after the hires, less those already backbone.
      int bb = used.indexOf(Resource.BACKBONE_DESIGNATIONS);
      if (bb >= 0) {
        Expression e = model.addExpression().upper(Math.max(0,
            c.total(i, Indicator.TEACHERS) - c.total(i, Indicator.BACKBONE_TEACHERS)));
        e.set(y[i][bb], 1);
        for (int r = 0; r < used.size(); r++) {
          if (used.get(r).adds().contains(Indicator.TEACHERS)) e.set(y[i][r], -1);
        }
      }
    }
    for (int j = 0; j < judged.size(); j++) {
      Indicator k = judged.get(j);
      for (int i = 0; i < n; i++) {
        double current = c.total(i, k);
        if (relaxed != null && relaxed.full[i][j] > current) {
          // total + (1 − φ)·full·z ≥ full, z ∈ [0, 1]
          Expression e = model.addExpression().lower(relaxed.full[i][j] - current);
          addTo(e, y[i], k, 1);
          e.set(zVariable(model, relaxed, i), (1 - relaxed.floorFraction) * relaxed.full[i][j]);
        } else if (floors != null && floors[i][j] > current) {
          Expression e = model.addExpression().lower(floors[i][j] - current);
          addTo(e, y[i], k, 1);
        }
      }
      for (double[] d : cuts.getOrDefault(k, List.of())) {
        // Σ_i (d_i − t)·(current_i + added_i) ≤ 0, scaled to coefficients of at most 1 for the simplex.
        double constant = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
          constant += (d[i] - caps[j]) * c.total(i, k);
          scale = Math.max(scale, Math.abs(d[i] - caps[j]));
        }
        Expression e = model.addExpression();
        for (int i = 0; i < n; i++) addTo(e, y[i], k, (d[i] - caps[j]) / scale);
        e.upper(-constant / scale);
      }
    }
    Optimisation.Result result = model.minimise();
    if (!result.getState().isFeasible()) return null;
    double[][] add = new double[n][used.size()];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < used.size(); r++) add[i][r] = Math.max(0, y[i][r].getValue().doubleValue());
    }
    return new Solution(add, result.getValue());
  }

  /** z_ij of the relaxation, with the per-unit limit Σ_j z_ij ≤ misses added at the unit's first. */
  private static Variable zVariable(ExpressionsBasedModel model, Relaxation relaxed, int i) {
    Variable z = model.addVariable().lower(0).upper(1);
    Expression limit = model.getExpression("misses_" + i);
    if (limit == null) limit = model.addExpression("misses_" + i).upper(relaxed.misses);
    limit.set(z, 1);
    return z;
  }

  private void addTo(Expression e, Variable[] unit, Indicator k, double coef) {
    for (int r = 0; r < used.size(); r++) {
      if (used.get(r).adds().contains(k)) e.set(unit[r], coef);
    }
  }

  /** Adds the tangent cut of indicator k at totals {@code t} to the pool (valid at any t with a spread). */
  void cut(Indicator k, double[] t) {
    double[] d = Cv.deviations(c.students(), t);
    if (d != null) cuts.computeIfAbsent(k, x -> new ArrayList<>()).add(d);
  }

  /**
   * The point where the segment from every unit at the highest level per student (CV 0) to
   * {@code t} crosses CV = cap: a tangent there is a supporting plane of the set, far stronger than
   * one at {@code t} itself, so few rounds are needed.
   */
  private double[] boundary(double[] t, double cap) {
    long[] p = c.students();
    double top = 0;
    for (int i = 0; i < t.length; i++) top = Math.max(top, t[i] / p[i]);
    double[] inner = new double[t.length];
    for (int i = 0; i < t.length; i++) inner[i] = top * p[i];
    double lo = 0;
    double hi = 1;
    double[] x = t.clone();
    for (int it = 0; it < 60; it++) {
      double mid = (lo + hi) / 2;
      for (int i = 0; i < t.length; i++) x[i] = inner[i] + mid * (t[i] - inner[i]);
      if (Cv.of(p, x) > cap) hi = mid;
      else lo = mid;
    }
    for (int i = 0; i < t.length; i++) x[i] = inner[i] + hi * (t[i] - inner[i]);
    return x;
  }

  /** Every unit's totals after adding {@code add}, in the order of {@link Indicator#ALL}. */
  double[][] totalsAfter(double[][] add) {
    double[][] out = new double[c.units()][];
    for (int i = 0; i < c.units(); i++) {
      out[i] = c.totals()[i].clone();
      for (int r = 0; r < used.size(); r++) {
        for (Indicator k : used.get(r).adds()) out[i][Indicator.ALL.indexOf(k)] += add[i][r];
      }
    }
    return out;
  }

  static double[] column(double[][] totals, Indicator k) {
    int idx = Indicator.ALL.indexOf(k);
    double[] out = new double[totals.length];
    for (int i = 0; i < totals.length; i++) out[i] = totals[i][idx];
    return out;
  }
}
