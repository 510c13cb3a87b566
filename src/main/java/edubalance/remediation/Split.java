package edubalance.remediation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The basic target's split of the allowed composite into a maximum CV per indicator
 * (docs/METHODS.md §10): one grid step per indicator, the least summed cost with the maxima summing
 * to at most a budget, found exactly by keeping, indicator after indicator, only the partial splits
 * no other beats on both sum and cost.
 */
final class Split {
  private Split() {}

  private record Partial(double sum, double cost, int[] steps) {}

  /**
   * @param now each indicator's current CV; step g of indicator j is the maximum now[j]·g/GRID
   * @param cost cost[j][g] for g = 1..GRID (+∞ where there is no plan)
   * @param budget the most the maxima may sum to
   * @return the step of each indicator, or null when no split fits the budget
   */
  static int[] cheapest(double[] now, double[][] cost, double budget) {
    int grid = cost[0].length - 1;
    List<Partial> front = List.of(new Partial(0, 0, new int[0]));
    for (int j = 0; j < now.length; j++) {
      List<Partial> next = new ArrayList<>();
      for (Partial p : front) {
        for (int g = 1; g <= grid; g++) {
          double sum = p.sum + now[j] * g / grid;
          if (Double.isInfinite(cost[j][g]) || sum > budget) continue;
          int[] steps = java.util.Arrays.copyOf(p.steps, j + 1);
          steps[j] = g;
          next.add(new Partial(sum, p.cost + cost[j][g], steps));
        }
      }
      next.sort(Comparator.comparingDouble(Partial::sum).thenComparingDouble(Partial::cost));
      List<Partial> kept = new ArrayList<>();
      double best = Double.POSITIVE_INFINITY;
      for (Partial p : next) {
        if (p.cost < best) {
          kept.add(p);
          best = p.cost;
        }
      }
      front = kept;
      if (front.isEmpty()) return null;
    }
    return front.get(front.size() - 1).steps;
  }

  /** Σ_j cost[j][steps[j]]. */
  static double total(double[][] cost, int[] steps) {
    double sum = 0;
    for (int j = 0; j < steps.length; j++) sum += cost[j][steps[j]];
    return sum;
  }
}
