package edubalance.remediation;

/**
 * The disparity coefficient of docs/METHODS.md §3 over a county's units from their totals, for the
 * solver in the executors (gold computes it in Spark, edubalance.metrics.Dispersion). The scale of
 * an indicator (per student or per 100) cancels in the ratio, so totals and students are enough.
 */
final class Cv {
  private Cv() {}

  /** S/m with u_i = total_i/students_i, w_i = students_i/P; 0 for one unit; NaN when m is 0. */
  static double of(long[] students, double[] totals) {
    double p = 0;
    double sum = 0;
    for (int i = 0; i < students.length; i++) {
      p += students[i];
      sum += totals[i];
    }
    double m = sum / p;
    double var = 0;
    for (int i = 0; i < students.length; i++) {
      double dev = totals[i] / students[i] - m;
      var += students[i] / p * dev * dev;
    }
    return Math.sqrt(var) / m;
  }

  /** The standardized deviations d_i = (u_i − m)/S of the tangent cut; null when S is 0 (to rounding). */
  static double[] deviations(long[] students, double[] totals) {
    double p = 0;
    double sum = 0;
    for (int i = 0; i < students.length; i++) {
      p += students[i];
      sum += totals[i];
    }
    double m = sum / p;
    double var = 0;
    double[] d = new double[students.length];
    for (int i = 0; i < students.length; i++) {
      d[i] = totals[i] / students[i] - m;
      var += students[i] / p * d[i] * d[i];
    }
    double s = Math.sqrt(var);
    // Units all alike: the deviations are rounding noise, and a "tangent" from them would cut off plans.
    if (s <= 1e-9 * Math.abs(m)) return null;
    for (int i = 0; i < d.length; i++) d[i] /= s;
    return d;
  }
}
