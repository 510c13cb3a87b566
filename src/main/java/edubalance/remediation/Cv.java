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
    double[] ms = moments(students, totals, null);
    return ms[1] / ms[0];
  }

  /** The standardized deviations d_i = (u_i − m)/S of the tangent cut; null when S is 0 (to rounding). */
  static double[] deviations(long[] students, double[] totals) {
    double[] d = new double[students.length];
    double[] ms = moments(students, totals, d);
    // Units all alike: the deviations are rounding noise, and a "tangent" from them would cut off plans.
    if (ms[1] <= 1e-9 * Math.abs(ms[0])) return null;
    for (int i = 0; i < d.length; i++) d[i] /= ms[1];
    return d;
  }

  /** {m, S}; the deviations u_i − m into {@code deviations} when given. */
  private static double[] moments(long[] students, double[] totals, double[] deviations) {
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
      if (deviations != null) deviations[i] = dev;
      var += students[i] / p * dev * dev;
    }
    return new double[] {m, Math.sqrt(var)};
  }
}
