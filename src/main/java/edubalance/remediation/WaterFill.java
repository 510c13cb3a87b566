package edubalance.remediation;

/**
 * The least-cost plan of one indicator moved by one resource (docs/METHODS.md §10), exactly: for a
 * given total added the spread is least when the units lowest per student are raised to a common
 * level L, each kept within its bounds, so the plan is T_i = clamp(L·P_i, lo_i, hi_i) at the least L
 * whose CV is within the maximum, found by bisection.
 */
final class WaterFill {
  private WaterFill() {}

  /** Points of the scan for the first level within the maximum (the CV may rise again past a unit's upper bound). */
  private static final int SCAN = 64;

  /**
   * @param students P_i
   * @param lo each unit's least total (its current total, or its floor when higher)
   * @param hi each unit's greatest total (+∞ without a bound)
   * @param cap the maximum CV
   * @return each unit's total after the plan, or null when no level reaches the maximum
   */
  static double[] fill(long[] students, double[] lo, double[] hi, double cap) {
    if (Cv.of(students, lo) <= cap) return lo.clone();
    double from = Double.POSITIVE_INFINITY;
    double to = 0;
    for (int i = 0; i < students.length; i++) {
      from = Math.min(from, lo[i] / students[i]);
      // Past the highest unit's level, raising L only lifts units away from those held at a bound.
      to = Math.max(to, lo[i] / students[i]);
    }
    // The first of SCAN levels within the maximum, then bisection between it and the one before.
    double below = from;
    double above = Double.NaN;
    for (int s = 1; s <= SCAN; s++) {
      double level = from + (to - from) * s / SCAN;
      if (Cv.of(students, at(students, lo, hi, level)) <= cap) {
        above = level;
        break;
      }
      below = level;
    }
    if (Double.isNaN(above)) return null;
    for (int it = 0; it < 100; it++) {
      double level = (below + above) / 2;
      if (Cv.of(students, at(students, lo, hi, level)) <= cap) above = level;
      else below = level;
    }
    return at(students, lo, hi, above);
  }

  static double[] at(long[] students, double[] lo, double[] hi, double level) {
    double[] out = new double[lo.length];
    for (int i = 0; i < lo.length; i++) out[i] = Math.min(Math.max(lo[i], level * students[i]), Math.max(hi[i], lo[i]));
    return out;
  }
}
