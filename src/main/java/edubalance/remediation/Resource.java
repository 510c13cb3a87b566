package edubalance.remediation;

import edubalance.metrics.Indicator;
import java.util.ArrayList;
import java.util.List;

/**
 * A resource a plan may add to a unit (docs/METHODS.md §10): what one unit of it adds to, whether it
 * comes in whole numbers, and the bound on how many a unit can receive. Its cost is conf
 * {@code remediation.cost.<name>}.
 *
 * @param name the resource, as in gold.remediation_plan.resource
 * @param amount the indicator whose total is the unit's current amount of it (teachers for hires)
 * @param adds the indicators whose totals one unit of it raises by one
 * @param whole people, computers, books and classrooms
 * @param bound the limit per unit
 */
public record Resource(String name, Indicator amount, List<Indicator> adds, boolean whole, Bound bound) {

  /** How many of a resource a unit can receive. */
  public enum Bound {
    /** as many as needed */
    NONE,
    /** its untitled teachers: teachers − titled teachers */
    UNTITLED,
    /** its unqualified teachers: teachers − qualified teachers */
    UNQUALIFIED,
    /** its teachers after the plan's hires, less its backbone teachers */
    NOT_BACKBONE
  }

  public static final Resource TEACHING_AUX_AREA = asset("teaching_aux_area_m2", Indicator.TEACHING_AUX_AREA, false);
  public static final Resource SPORTS_AREA = asset("sports_area_m2", Indicator.SPORTS_AREA, false);
  public static final Resource EQUIPMENT_VALUE = asset("equipment_value_yuan", Indicator.EQUIPMENT_VALUE, false);
  public static final Resource COMPUTERS = asset("computers", Indicator.COMPUTERS, true);
  public static final Resource BOOKS = asset("books", Indicator.BOOKS, true);
  public static final Resource MULTIMEDIA_CLASSROOMS = asset("multimedia_classrooms", Indicator.MULTIMEDIA_CLASSROOMS, true);
  public static final Resource TEACHER_HIRES = new Resource("teacher_hires", Indicator.TEACHERS,
      List.of(Indicator.TEACHERS, Indicator.QUALIFIED_TEACHERS), true, Bound.NONE);
  public static final Resource PE_ART_TEACHER_HIRES = new Resource("pe_art_teacher_hires",
      Indicator.PE_ART_TEACHERS, List.of(Indicator.TEACHERS, Indicator.QUALIFIED_TEACHERS, Indicator.PE_ART_TEACHERS), true, Bound.NONE);
  public static final Resource TITLE_PROMOTIONS = new Resource("title_promotions",
      Indicator.TITLED_TEACHERS, List.of(Indicator.TITLED_TEACHERS), true, Bound.UNTITLED);
  public static final Resource DEGREE_UPGRADES = new Resource("degree_upgrades",
      Indicator.QUALIFIED_TEACHERS, List.of(Indicator.QUALIFIED_TEACHERS), true, Bound.UNQUALIFIED);
  public static final Resource BACKBONE_DESIGNATIONS = new Resource("backbone_designations",
      Indicator.BACKBONE_TEACHERS, List.of(Indicator.BACKBONE_TEACHERS), true, Bound.NOT_BACKBONE);

  /** All eleven, in the order of docs/METHODS.md §10. */
  public static final List<Resource> ALL = List.of(TEACHING_AUX_AREA, SPORTS_AREA, EQUIPMENT_VALUE,
      COMPUTERS, BOOKS, MULTIMEDIA_CLASSROOMS, TEACHER_HIRES, PE_ART_TEACHER_HIRES, TITLE_PROMOTIONS,
      DEGREE_UPGRADES, BACKBONE_DESIGNATIONS);

  private static Resource asset(String name, Indicator indicator, boolean whole) {
    return new Resource(name, indicator, List.of(indicator), whole, Bound.NONE);
  }

  /** The conf key of its cost in yuan. */
  public String costKey() {
    return "remediation.cost." + name;
  }

  /** Its effects on {@code judged}: the judged indicators it raises. */
  List<Indicator> moves(List<Indicator> judged) {
    List<Indicator> out = new ArrayList<>(adds);
    out.retainAll(judged);
    return out;
  }

  /**
   * The resources a target uses: those that move one of its indicators, less any whose effect
   * another resource has at no greater cost (the earlier one kept on a tie), so the program has
   * no ties between equivalent resources.
   *
   * @param cost yuan per unit of each resource of {@link #ALL}, in that order
   */
  static List<Resource> usedFor(List<Indicator> judged, double[] cost) {
    List<Resource> out = new ArrayList<>();
    for (int r = 0; r < ALL.size(); r++) {
      List<Indicator> mine = ALL.get(r).moves(judged);
      if (mine.isEmpty()) continue;
      boolean dominated = false;
      for (int o = 0; o < ALL.size() && !dominated; o++) {
        if (o == r || ALL.get(o).bound != ALL.get(r).bound) continue;
        List<Indicator> theirs = ALL.get(o).moves(judged);
        boolean covers = theirs.containsAll(mine);
        boolean better = cost[o] < cost[r] || cost[o] == cost[r] && (theirs.size() > mine.size() || o < r);
        dominated = covers && better;
      }
      if (!dominated) out.add(ALL.get(r));
    }
    return out;
  }
}
