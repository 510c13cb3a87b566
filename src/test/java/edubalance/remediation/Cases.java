package edubalance.remediation;

import edubalance.metrics.Indicator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counties built by hand for the solver's tests: units by their indicator values, costs of conf's defaults. */
final class Cases {
  private Cases() {}

  /** conf/standards/remediation.properties, in the order of {@link Resource#ALL}. */
  static final double[] COST = {2500, 300, 1, 5000, 30, 50000, 100000, 100000, 12000, 15000, 6000};

  /** The national primary standards of the seven (conf quality.standard.*.primary), in the order of {@link Indicator#QUALITY_2017}. */
  static final double[] PRIMARY = {4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3};

  /** A unit's indicator values (per student or per 100, as in gold.school_indicators). */
  static final class Unit {
    final long students;
    final Map<Indicator, Double> values = new HashMap<>();

    Unit(long students) {
      this.students = students;
      // Every indicator alike in every unit unless set: 10 teachers per 100, all qualified, 6 titled, the
      // primary quality standards met exactly, 10 computers and books per student.
      x(Indicator.TEACHERS, 10).x(Indicator.TITLED_TEACHERS, 6).x(Indicator.COMPUTERS, 10).x(Indicator.BOOKS, 10);
      for (int j = 0; j < Indicator.QUALITY_2017.size(); j++) x(Indicator.QUALITY_2017.get(j), PRIMARY[j]);
      x(Indicator.QUALIFIED_TEACHERS, 10);
    }

    Unit x(Indicator k, double value) {
      values.put(k, value);
      return this;
    }
  }

  static CountyCase basic(double compositeMax, List<Unit> units) {
    return build(CountyCase.BASIC, compositeMax, units);
  }

  static CountyCase quality(List<Unit> units) {
    return build(CountyCase.QUALITY, 0.50, units);
  }

  static CountyCase build(String target, double cvMax, List<Unit> units) {
    long[] students = new long[units.size()];
    double[][] totals = new double[units.size()][];
    for (int i = 0; i < units.size(); i++) {
      Unit u = units.get(i);
      students[i] = u.students;
      totals[i] = new double[Indicator.ALL.size()];
      for (int k = 0; k < Indicator.ALL.size(); k++) {
        Indicator ind = Indicator.ALL.get(k);
        Double v = u.values.get(ind);
        totals[i][k] = v == null ? Double.NaN : v * u.students / ind.scale();
      }
    }
    return new CountyCase(target, students, totals, Arrays.copyOf(COST, COST.length), cvMax, PRIMARY.clone(), 6, 0.85);
  }
}
