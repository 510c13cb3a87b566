package edubalance.remediation;

import edubalance.metrics.Indicator;
import java.util.List;

/**
 * One county, level and target to plan for (docs/METHODS.md §10): its units' students and totals,
 * the cost of each resource and what the target asks, with the conf values of the county's province.
 *
 * @param target basic or quality
 * @param students students of each unit
 * @param totals each unit's totals, in the order of {@link Indicator#ALL}; NaN when unknown
 * @param cost yuan per unit of each resource, in the order of {@link Resource#ALL}
 * @param cvMax basic: the maximum composite CV; quality: the maximum CV of each of the seven
 * @param standard quality: each indicator's per-unit standard, in the order of {@link Indicator#QUALITY_2017}
 * @param minMet quality: standards a unit must reach
 * @param floorFraction quality: the fraction of its standard a missed one must still reach
 */
public record CountyCase(String target, long[] students, double[][] totals, double[] cost, double cvMax,
    double[] standard, int minMet, double floorFraction) {

  public static final String BASIC = "basic";
  public static final String QUALITY = "quality";

  /** The indicators the target judges. */
  public List<Indicator> judged() {
    return target.equals(BASIC) ? Indicator.BASIC_2012 : Indicator.QUALITY_2017;
  }

  int units() {
    return students.length;
  }

  /** A unit's total of an indicator. */
  double total(int unit, Indicator k) {
    return totals[unit][Indicator.ALL.indexOf(k)];
  }

  /** The unit's total at the indicator's standard (quality): standard × students / scale. */
  double standardTotal(int unit, int judgedIndex) {
    Indicator k = judged().get(judgedIndex);
    return standard[judgedIndex] * students[unit] / k.scale();
  }
}
