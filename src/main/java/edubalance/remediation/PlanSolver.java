package edubalance.remediation;

import edubalance.metrics.Indicator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The least-cost plan of one county, level and target (docs/METHODS.md §10): what the county has
 * now, the additions, their cost and a lower bound of the least cost, and the figures after.
 */
public final class PlanSolver {
  private PlanSolver() {}

  /** Steps of each indicator's CV grid of the basic target (its maximum at g/GRID of its current CV). */
  static final int GRID = 10;
  /** Steps of the finer grid of the basic target's lower bound (each point a water-filling, cheap). */
  static final int BOUND_GRID = 50;
  /** Relative tolerance of a standard, as gold's (edubalance.metrics.QualityBalance). */
  static final double TOLERANCE = 1e-9;
  /**
   * How far below the rule's maxima a plan aims: a little, so that rounding up to whole numbers
   * rarely breaks one, then more when it did.
   */
  static final double[] MARGINS = {1e-5, 1e-3, 1e-2};
  /** Whole resources {@link Solver#repair} may add to a rounded plan before the next margin is tried. */
  static final int MAX_REPAIRS = 200;

  /** One addition: unit (its index in the case), resource, the unit's current amount and the addition. */
  public record Addition(int unit, Resource resource, double current, double add, double unitCost) {
    public double cost() {
      return add * unitCost;
    }
  }

  /**
   * A target's figures at some totals: basic the composite CV, quality the largest of the seven CVs
   * and the units complying (the other null).
   */
  public record Figures(Double compositeCv, Double maxCv, Integer unitsCompliant) {
    static Figures of(CountyCase c, double[][] totals) {
      double[] cvs = cvs(c.students(), totals, c.judged());
      return c.target().equals(CountyCase.BASIC) ? new Figures(mean(cvs), null, null)
          : new Figures(null, max(cvs), compliant(c, totals));
    }

    static final Figures NONE = new Figures(null, null, null);
  }

  /**
   * The plan of one case.
   *
   * @param meetsNow the target is met without additions (null when it cannot be judged)
   * @param feasible a plan exists within the bounds of promotions, upgrades and designations
   * @param cost yuan of the plan (0 when met now; null when there is none)
   * @param lowerBound yuan no plan can cost less than
   * @param now the target's figures now
   * @param after the target's figures after the plan
   * @param nullReason why the figures are null: missing_value, zero_mean, bounds, not_converged
   */
  public record Plan(Boolean meetsNow, Boolean feasible, Double cost, Double lowerBound, Figures now, Figures after,
      String nullReason, List<Addition> additions) {
    static Plan none(Boolean meetsNow, Boolean feasible, String reason, Double lowerBound, Figures now) {
      return new Plan(meetsNow, feasible, null, lowerBound, now, Figures.NONE, reason, List.of());
    }
  }

  public static Plan solve(CountyCase c) {
    String unknown = unknownReason(c);
    if (unknown != null) return Plan.none(null, null, unknown, null, Figures.NONE);
    Solver s = new Solver(c);
    return c.target().equals(CountyCase.BASIC) ? s.basic() : s.quality();
  }

  /** missing_value when a unit's judged total is unknown, zero_mean when an indicator's county mean is 0. */
  static String unknownReason(CountyCase c) {
    for (Indicator k : c.judged()) {
      double sum = 0;
      for (int i = 0; i < c.units(); i++) {
        double t = c.total(i, k);
        if (Double.isNaN(t)) return "missing_value";
        sum += t;
      }
      if (sum <= 0) return "zero_mean";
    }
    for (Indicator k : List.of(Indicator.TEACHERS, Indicator.TITLED_TEACHERS, Indicator.QUALIFIED_TEACHERS,
        Indicator.BACKBONE_TEACHERS)) {
      for (int i = 0; i < c.units(); i++) if (Double.isNaN(c.total(i, k))) return "missing_value";
    }
    return null;
  }

  /**
   * Indicators that share no resource are planned apart: a group is the indicators linked by the
   * resources that move them (and backbone designations with the hires that bound them).
   */
  record Group(List<Indicator> judged, List<Resource> used) {
    /** One indicator moved by one resource: solved exactly by {@link WaterFill}. */
    boolean single() {
      return judged.size() == 1 && used.size() == 1;
    }
  }

  static List<Group> groups(List<Indicator> judged, List<Resource> used) {
    int[] parent = new int[judged.size()];
    for (int j = 0; j < parent.length; j++) parent[j] = j;
    List<List<Indicator>> linked = new ArrayList<>();
    for (Resource r : used) {
      List<Indicator> moved = new ArrayList<>(r.moves(judged));
      if (r.bound() == Resource.Bound.NOT_BACKBONE) {
        for (Resource h : used) if (h.adds().contains(Indicator.TEACHERS)) moved.addAll(h.moves(judged));
      }
      linked.add(moved);
    }
    for (List<Indicator> moved : linked) {
      for (int x = 1; x < moved.size(); x++) union(parent, judged.indexOf(moved.get(0)), judged.indexOf(moved.get(x)));
    }
    Map<Integer, Group> out = new LinkedHashMap<>();
    for (int j = 0; j < judged.size(); j++) {
      out.computeIfAbsent(find(parent, j), x -> new Group(new ArrayList<>(), new ArrayList<>())).judged().add(judged.get(j));
    }
    for (int r = 0; r < used.size(); r++) {
      if (linked.get(r).isEmpty()) continue;
      out.get(find(parent, judged.indexOf(linked.get(r).get(0)))).used().add(used.get(r));
    }
    return new ArrayList<>(out.values());
  }

  private static int find(int[] parent, int j) {
    while (parent[j] != j) j = parent[j] = parent[parent[j]];
    return j;
  }

  private static void union(int[] parent, int a, int b) {
    parent[find(parent, a)] = find(parent, b);
  }

  /** One case's solver: its resources, groups, and the pool of cuts its programs share. */
  private static final class Solver {
    final CountyCase c;
    final List<Indicator> judged;
    final List<Resource> used;
    final List<Group> groups;
    final Map<Indicator, List<double[]>> cuts = new HashMap<>();
    final Map<Group, CutProgram> programs = new HashMap<>();

    Solver(CountyCase c) {
      this.c = c;
      this.judged = c.judged();
      this.used = Resource.usedFor(judged, c.cost());
      this.groups = groups(judged, used);
    }

    /** The additions that failed, and why: bounds (no plan) or not_converged. */
    static final class Failed extends Exception {
      final String reason;

      Failed(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
      }
    }

    private CutProgram program(Group g) {
      return programs.computeIfAbsent(g, x -> new CutProgram(c, x.used(), cuts));
    }

    /**
     * The additions [unit][resource of {@link #used}] with every judged CV within {@code caps} (by
     * judged index) less the margin, and each total at least its floor (null: none).
     */
    double[][] additions(double[] caps, double[][] floors, double margin) throws Failed {
      double[][] add = new double[c.units()][used.size()];
      for (Group g : groups) {
        List<Indicator> gj = g.judged();
        boolean hasFloors = false;
        double[] gCaps = new double[gj.size()];
        double[][] gFloors = new double[c.units()][gj.size()];
        for (int x = 0; x < gj.size(); x++) {
          int j = judged.indexOf(gj.get(x));
          gCaps[x] = caps[j];
          for (int i = 0; i < c.units(); i++) {
            gFloors[i][x] = floors == null ? 0 : floors[i][j];
            hasFloors |= gFloors[i][x] > 0;
          }
        }
        if (gj.isEmpty() || !hasFloors && allWithin(gj, gCaps)) continue;
        double[][] gAdd = fillGroup(g, gj, gCaps, gFloors, margin);
        for (int r = 0; r < g.used().size(); r++) {
          int ri = used.indexOf(g.used().get(r));
          for (int i = 0; i < c.units(); i++) add[i][ri] = gAdd[i][r];
        }
      }
      return add;
    }

    /**
     * A group's additions by water-filling its indicators in turn ({@link WaterFill}), each from the
     * totals the earlier ones left: a unit's addition to an indicator goes to the cheapest resource
     * that moves it, within that resource's bound, then the next. A hire moves several indicators,
     * so the turns repeat until none needs more. Exact for one indicator moved by one resource; for
     * the teachers' group a heuristic, whose gap the lower bound measures.
     *
     * @return additions [unit][resource of the group]
     */
    double[][] fillGroup(Group g, List<Indicator> gj, double[] caps, double[][] floors, double margin) throws Failed {
      int n = c.units();
      List<Resource> rs = g.used();
      double[][] add = new double[n][rs.size()];
      // Indicators moved by fewer resources first (hires before what upgrades also serve), and backbone
      // designations, bounded by the hires, last.
      List<Integer> order = new ArrayList<>();
      for (int x = 0; x < gj.size(); x++) order.add(x);
      order.sort(Comparator.comparingInt((Integer x) -> movers(rs, gj.get(x)).size()
          + (gj.get(x).equals(Indicator.BACKBONE_TEACHERS) ? 10 : 0)));
      for (int pass = 0; pass < 5; pass++) {
        boolean added = false;
        for (int x : order) {
          Indicator k = gj.get(x);
          List<Integer> movers = movers(rs, k);
          movers.sort(Comparator.comparingDouble((Integer r) -> c.cost()[Resource.ALL.indexOf(rs.get(r))]));
          double[] t = totals(rs, add, k);
          double[] lo = new double[n];
          double[] hi = new double[n];
          boolean raise = false;
          for (int i = 0; i < n; i++) {
            lo[i] = Math.max(t[i], floors[i][x]);
            raise |= lo[i] > t[i];
            double room = 0;
            for (int r : movers) room += capacity(rs, add, i, r);
            hi[i] = t[i] + room;
          }
          double aim = caps[x] * (1 - margin);
          if (!raise && Cv.of(c.students(), t) <= aim + CutProgram.EPS) continue;
          double[] after = WaterFill.fill(c.students(), lo, hi, aim);
          if (after == null) throw new Failed("bounds");
          for (int i = 0; i < n; i++) {
            double need = after[i] - t[i];
            for (int r : movers) {
              if (need <= 1e-9) break;
              double take = Math.min(need, capacity(rs, add, i, r));
              add[i][r] += take;
              need -= take;
              added = true;
            }
          }
          program(g).cut(k, after);
        }
        if (!added) break;
      }
      return add;
    }

    /** The resources of {@code rs} (by index) that move indicator k. */
    private static List<Integer> movers(List<Resource> rs, Indicator k) {
      List<Integer> out = new ArrayList<>();
      for (int r = 0; r < rs.size(); r++) if (rs.get(r).adds().contains(k)) out.add(r);
      return out;
    }

    /** Unit i's totals of k with the group's additions so far. */
    private double[] totals(List<Resource> rs, double[][] add, Indicator k) {
      double[] out = new double[c.units()];
      for (int i = 0; i < out.length; i++) {
        out[i] = c.total(i, k);
        for (int r = 0; r < rs.size(); r++) if (rs.get(r).adds().contains(k)) out[i] += add[i][r];
      }
      return out;
    }

    /** How much more of resource r unit i can receive (its bound, less what it has been given). */
    private double capacity(List<Resource> rs, double[][] add, int i, int r) {
      double teachers = c.total(i, Indicator.TEACHERS);
      double limit = switch (rs.get(r).bound()) {
        case NONE -> Double.POSITIVE_INFINITY;
        case UNTITLED -> teachers - c.total(i, Indicator.TITLED_TEACHERS);
        case UNQUALIFIED -> teachers - c.total(i, Indicator.QUALIFIED_TEACHERS);
        case NOT_BACKBONE -> {
          double hires = 0;
          for (int h = 0; h < rs.size(); h++) if (rs.get(h).adds().contains(Indicator.TEACHERS)) hires += add[i][h];
          yield teachers + hires - c.total(i, Indicator.BACKBONE_TEACHERS);
        }
      };
      return Math.max(0, limit - add[i][r]);
    }

    private boolean allWithin(List<Indicator> gj, double[] caps) {
      for (int x = 0; x < gj.size(); x++) {
        if (Cv.of(c.students(), CutProgram.column(c.totals(), gj.get(x))) > caps[x] + CutProgram.EPS) return false;
      }
      return true;
    }

    /** The cost of indicator j's plan alone within the cap (by its group's means); +∞ when there is none. */
    double alone(int j, double cap) {
      Group g = groupOf(judged.get(j));
      double[][] add;
      try {
        add = fillGroup(g, List.of(judged.get(j)), new double[] {cap}, new double[c.units()][1], 0);
      } catch (Failed f) {
        return Double.POSITIVE_INFINITY;
      }
      double cost = 0;
      for (int r = 0; r < g.used().size(); r++) {
        double unitCost = c.cost()[Resource.ALL.indexOf(g.used().get(r))];
        for (double[] unit : add) cost += unit[r] * unitCost;
      }
      return cost;
    }

    /**
     * No plan of indicator j alone within the cap costs less than the least total it must add
     * (water-filling without bounds) at the cheapest resource that moves it.
     */
    double aloneBound(int j, double cap) {
      Indicator k = judged.get(j);
      double cheapest = Double.POSITIVE_INFINITY;
      for (Resource r : used) if (r.adds().contains(k)) cheapest = Math.min(cheapest, c.cost()[Resource.ALL.indexOf(r)]);
      double[] now = CutProgram.column(c.totals(), k);
      double[] hi = new double[now.length];
      Arrays.fill(hi, Double.POSITIVE_INFINITY);
      double[] after = WaterFill.fill(c.students(), now, hi, cap);
      double sum = 0;
      for (int i = 0; i < now.length; i++) sum += after[i] - now[i];
      return sum * cheapest;
    }

    /**
     * The basic target's lower bound (docs/METHODS.md §10): any plan's CVs t_k sum to at most 8θ, and
     * it costs at least Σ_k a_k·bound_k(t_k), with a_k the share of the indicator (1/2 for teachers and
     * qualified teachers, which a hire moves both) and bound_k nonincreasing; rounding each t_k up to
     * the grid costs one step each in the budget.
     */
    private Double basicBound(double[] now) {
      int m = judged.size();
      double[][] bound = new double[m][BOUND_GRID + 1];
      double step = 0;
      for (int j = 0; j < m; j++) {
        int most = 1;
        for (Resource r : used) if (r.adds().contains(judged.get(j))) most = Math.max(most, r.moves(judged).size());
        if (now[j] > CutProgram.EPS) {
          for (int g = 1; g < BOUND_GRID; g++) bound[j][g] = aloneBound(j, now[j] * g / BOUND_GRID) / most;
        }
        step += now[j] / BOUND_GRID;
      }
      int[] lowest = Split.cheapest(now, bound, m * c.cvMax() + step);
      return lowest == null ? null : finite(Split.total(bound, lowest));
    }

    private Group groupOf(Indicator k) {
      for (Group g : groups) if (g.judged().contains(k)) return g;
      throw new IllegalStateException("no group moves " + k.name());
    }

    // ---- basic: composite CV ≤ θ -----------------------------------------------------------

    Plan basic() {
      int m = judged.size();
      double[] now = cvs(c.students(), c.totals(), judged);
      Figures before = Figures.of(c, c.totals());
      if (before.compositeCv() <= c.cvMax() + CutProgram.EPS) return met(before);

      // Each indicator alone at g/GRID of its current CV: the cost of its plan alone.
      double[][] cost = new double[m][GRID + 1];
      for (int j = 0; j < m; j++) {
        if (now[j] <= CutProgram.EPS) continue;
        for (int g = 1; g < GRID; g++) cost[j][g] = alone(j, now[j] * g / GRID);
      }
      Double lowerBound = basicBound(now);

      int[] split = Split.cheapest(now, cost, m * c.cvMax());
      if (split == null) return Plan.none(false, false, "bounds", lowerBound, before);
      double[] caps = new double[m];
      for (int j = 0; j < m; j++) caps[j] = now[j] * split[j] / GRID;
      spendSlack(now, caps, cost, split, m * c.cvMax());
      String failure = "not_converged";
      for (double margin : MARGINS) {
        try {
          double[][] add = repair(whole(used, additions(caps, null, margin)));
          Figures after = Figures.of(c, totalsAfter(add));
          if (after.compositeCv() <= c.cvMax() + CutProgram.EPS) return planned(before, after, add, lowerBound);
        } catch (Failed f) {
          failure = f.reason;
          if (f.reason.equals("bounds")) break;
        }
      }
      return Plan.none(false, failure.equals("bounds") ? false : null, failure, lowerBound, before);
    }

    /**
     * The grid leaves part of the budget unused, and a higher maximum never costs more: give what is
     * left, in turn, to the indicator whose cost alone it lowers most.
     */
    private void spendSlack(double[] now, double[] caps, double[][] cost, int[] split, double budget) {
      double[] alone = new double[caps.length];
      for (int j = 0; j < caps.length; j++) alone[j] = cost[j][split[j]];
      for (int round = 0; round < caps.length; round++) {
        double left = budget - Arrays.stream(caps).sum();
        if (left <= 1e-12) return;
        int best = -1;
        double bestCost = 0;
        double bestSaving = 0;
        for (int j = 0; j < caps.length; j++) {
          if (alone[j] <= 0) continue;
          double a = alone(j, Math.min(now[j], caps[j] + left));
          if (alone[j] - a > bestSaving) {
            best = j;
            bestSaving = alone[j] - a;
            bestCost = a;
          }
        }
        if (best < 0) return;
        caps[best] = Math.min(now[best], caps[best] + left);
        alone[best] = bestCost;
      }
    }

    // ---- quality: every CV ≤ c, every unit complies ----------------------------------------

    Plan quality() {
      int m = judged.size();
      int n = c.units();
      Figures before = Figures.of(c, c.totals());
      if (before.maxCv() <= c.cvMax() + CutProgram.EPS && before.unitsCompliant() == n) return met(before);

      double[] caps = new double[m];
      Arrays.fill(caps, c.cvMax());
      double[][] full = new double[n][m];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          // A standard reached now (within gold's tolerance) asks for nothing.
          double standard = c.standardTotal(i, j);
          full[i][j] = c.total(i, judged.get(j)) >= standard * (1 - TOLERANCE) ? 0 : standard;
        }
      }
      int misses = m - c.minMet();
      double[][] floors = floors(full, misses);
      String failure = "not_converged";
      for (double margin : MARGINS) {
        try {
          double[][] add = repair(whole(used, additions(caps, floors, margin)));
          double[][] totals = totalsAfter(add);
          Figures after = Figures.of(c, totals);
          if (after.maxCv() <= c.cvMax() + CutProgram.EPS && after.unitsCompliant() == n) {
            return planned(before, after, add, qualityBound(caps, full, misses));
          }
        } catch (Failed f) {
          failure = f.reason;
          if (f.reason.equals("bounds")) break;
        }
      }
      return Plan.none(false, failure.equals("bounds") ? false : null, failure, qualityBound(caps, full, misses), before);
    }

    /**
     * Each unit's minimum totals: its standards ({@code full}, 0 where reached now), less the ones it
     * may miss at the floor fraction. Which ones a unit misses is chosen, one at a time, as the choice
     * whose plan for that unit alone (to its floors, whole numbers) costs least.
     */
    double[][] floors(double[][] full, int misses) {
      int m = judged.size();
      double[][] floors = new double[c.units()][];
      for (int i = 0; i < c.units(); i++) {
        floors[i] = full[i].clone();
        for (int x = 0; x < misses; x++) {
          int best = -1;
          double bestCost = unitCost(i, floors[i]);
          for (int j = 0; j < m; j++) {
            if (floors[i][j] == 0 || floors[i][j] < full[i][j]) continue;
            double[] tried = floors[i].clone();
            tried[j] = c.floorFraction() * full[i][j];
            double cost = unitCost(i, tried);
            if (cost < bestCost) {
              best = j;
              bestCost = cost;
            }
          }
          if (best < 0) break;
          floors[i][best] = c.floorFraction() * full[i][best];
        }
      }
      return floors;
    }

    /** The cost of bringing unit i alone to these floors, in whole numbers (+∞ when its bounds do not allow it). */
    private double unitCost(int i, double[] floorsOfUnit) {
      CountyCase one = new CountyCase(c.target(), new long[] {c.students()[i]}, new double[][] {c.totals()[i]}, c.cost(),
          c.cvMax(), c.standard(), c.minMet(), c.floorFraction());
      double[] noCap = new double[judged.size()];
      Arrays.fill(noCap, Double.POSITIVE_INFINITY);
      try {
        return total(PlanSolver.additions(one, used, whole(used, new Solver(one).additions(noCap, new double[][] {floorsOfUnit}, 0))));
      } catch (Failed f) {
        return Double.POSITIVE_INFINITY;
      }
    }

    /**
     * Rounding up to whole numbers can leave a CV above the maximum: a whole teacher in a small unit
     * is a large step. Adds one whole resource at a time, where it lowers the excess most per yuan,
     * until the target's maxima hold or no step lowers it. Additions only grow, so floors still hold.
     */
    double[][] repair(double[][] add) {
      double excess = excess(totalsAfter(add));
      for (int step = 0; excess > 0 && step < MAX_REPAIRS; step++) {
        int bestUnit = -1;
        int bestResource = -1;
        double bestGain = 0;
        double bestExcess = excess;
        for (int r = 0; r < used.size(); r++) {
          if (!used.get(r).whole()) continue;
          double unitCost = c.cost()[Resource.ALL.indexOf(used.get(r))];
          for (int i = 0; i < c.units(); i++) {
            if (capacity(used, add, i, r) < 1) continue;
            add[i][r] += 1;
            double e = excess(totalsAfter(add));
            add[i][r] -= 1;
            if ((excess - e) / unitCost > bestGain) {
              bestGain = (excess - e) / unitCost;
              bestUnit = i;
              bestResource = r;
              bestExcess = e;
            }
          }
        }
        if (bestUnit < 0) break;
        add[bestUnit][bestResource] += 1;
        excess = bestExcess;
      }
      return add;
    }

    /** How far the target's CVs are above their maximum at these totals (0 when they hold). */
    private double excess(double[][] totals) {
      double[] cvs = cvs(c.students(), totals, judged);
      if (c.target().equals(CountyCase.BASIC)) return Math.max(0, mean(cvs) - c.cvMax());
      double sum = 0;
      for (double cv : cvs) sum += Math.max(0, cv - c.cvMax());
      return sum;
    }

    /** The program over every resource with the choice of missed standards relaxed, over the cuts found. */
    private Double qualityBound(double[] caps, double[][] full, int misses) {
      CutProgram all = new CutProgram(c, used, cuts);
      return finite(all.lowerBound(judged, caps, null, new CutProgram.Relaxation(full, c.floorFraction(), misses)));
    }

    private Plan planned(Figures before, Figures after, double[][] add, Double lowerBound) {
      List<Addition> additions = PlanSolver.additions(c, used, add);
      double total = total(additions);
      return new Plan(false, true, total, lowerBound == null ? null : Math.min(total, lowerBound), before, after, null, additions);
    }

    double[][] totalsAfter(double[][] add) {
      return new CutProgram(c, used, cuts).totalsAfter(add);
    }
  }

  private static double[] column(double[][] m, int j) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) out[i] = m[i][j];
    return out;
  }

  /** Units complying with docs/METHODS.md §5 at these totals. */
  static int compliant(CountyCase c, double[][] totals) {
    List<Indicator> judged = c.judged();
    int count = 0;
    for (int i = 0; i < c.units(); i++) {
      int met = 0;
      boolean aboveFloor = true;
      for (int j = 0; j < judged.size(); j++) {
        Indicator k = judged.get(j);
        double x = totals[i][Indicator.ALL.indexOf(k)] * k.scale() / c.students()[i];
        boolean meets = x >= c.standard()[j] * (1 - TOLERANCE);
        if (meets) met++;
        aboveFloor &= meets || x >= c.standard()[j] * c.floorFraction() * (1 - TOLERANCE);
      }
      if (met >= c.minMet() && aboveFloor) count++;
    }
    return count;
  }

  // ---- shared -------------------------------------------------------------------------------

  static Plan met(Figures now) {
    return new Plan(true, true, 0.0, 0.0, now, now, null, List.of());
  }

  /** The additions with whole resources rounded up (areas and values to the cent or hundredth of a m²). */
  static double[][] whole(List<Resource> used, double[][] add) {
    double[][] out = new double[add.length][];
    for (int i = 0; i < add.length; i++) {
      out[i] = new double[add[i].length];
      for (int r = 0; r < add[i].length; r++) {
        double a = add[i][r] < 1e-7 ? 0 : add[i][r];
        out[i][r] = used.get(r).whole() ? Math.ceil(a - 1e-6) : Math.ceil(a * 100 - 1e-6) / 100;
      }
    }
    return out;
  }

  private static List<Addition> additions(CountyCase c, List<Resource> used, double[][] add) {
    List<Addition> out = new ArrayList<>();
    for (int i = 0; i < add.length; i++) {
      for (int r = 0; r < used.size(); r++) {
        Resource res = used.get(r);
        if (add[i][r] > 0) {
          out.add(new Addition(i, res, c.total(i, res.amount()), add[i][r], c.cost()[Resource.ALL.indexOf(res)]));
        }
      }
    }
    return out;
  }

  private static double total(List<Addition> additions) {
    double sum = 0;
    for (Addition a : additions) sum += a.cost();
    return sum;
  }

  static double[] cvs(long[] students, double[][] totals, List<Indicator> judged) {
    double[] out = new double[judged.size()];
    for (int j = 0; j < out.length; j++) out[j] = Cv.of(students, CutProgram.column(totals, judged.get(j)));
    return out;
  }

  private static double mean(double[] xs) {
    double s = 0;
    for (double x : xs) s += x;
    return s / xs.length;
  }

  private static double max(double[] xs) {
    double s = 0;
    for (double x : xs) s = Math.max(s, x);
    return s;
  }

  private static Double finite(double x) {
    return Double.isInfinite(x) || Double.isNaN(x) ? null : x;
  }
}
