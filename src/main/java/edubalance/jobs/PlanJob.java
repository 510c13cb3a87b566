package edubalance.jobs;

import static org.apache.spark.sql.functions.col;

import edubalance.conf.Args;
import edubalance.remediation.BalanceOutlook;
import edubalance.remediation.RemediationPlan;
import edubalance.remediation.RemediationSummary;
import edubalance.report.GoldReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * {@code jobs/plan}: what it takes to pass (达标路径, docs/METHODS.md §10), read from
 * gold.remediation_summary, gold.remediation_plan and gold.balance_outlook.
 * <ul>
 *   <li>{@code --county CODE --year YYYY [--target basic|quality]}: the plan school by school, its cost by
 *       resource, the coefficients before and after, and the outlook;</li>
 *   <li>{@code --province CODE --year YYYY [--target basic|quality]}: every county's cost to pass,
 *       cheapest first, and the province's total.</li>
 * </ul>
 * Exit 2 with one line for an unknown county, province or year.
 */
public final class PlanJob {
  private PlanJob() {}

  static final String USAGE = "usage: jobs/plan --county CODE | --province CODE, --year YYYY [--target basic|quality] "
      + "[--lakehouse DIR] [--conf FILE] [--master URL]";

  static final List<String> TARGETS = List.of("basic", "quality");

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.addAll(List.of("county", "province", "year", "target"));
    Args args = Args.parse(argv, valued, Set.of());
    if (!args.positional().isEmpty()) throw new Args.UsageException("unexpected argument " + args.positional().get(0) + "; " + USAGE);
    if (args.has("county") == args.has("province")) throw new Args.UsageException("give either --county or --province; " + USAGE);
    String year = args.get("year");
    if (year == null || !year.matches("\\d{4}")) throw new Args.UsageException("--year YYYY (a school year) is required; " + USAGE);
    List<String> targets = args.has("target") ? List.of(args.get("target")) : TARGETS;
    if (!TARGETS.containsAll(targets)) throw new Args.UsageException("--target is basic or quality, not " + args.get("target"));
    try (JobContext ctx = JobContext.open("plan", args)) {
      GoldReader gold = new GoldReader(ctx.lakehouse, null, ctx.settings);
      if (args.has("county")) {
        county(gold, args.get("county"), Integer.parseInt(year), targets);
      } else {
        province(gold, args.get("province"), Integer.parseInt(year), targets);
      }
    }
    return 0;
  }

  // ---- a county ---------------------------------------------------------------------------------

  static void county(GoldReader gold, String county, int year, List<String> targets) {
    List<Row> summary = gold.read(RemediationSummary.TABLE).where(col("county_code").equalTo(county)).collectAsList();
    checkFound(summary, "county " + county, year);
    String name = gold.names(List.of(county)).getOrDefault(county, "");
    List<Row> plan = gold.read(RemediationPlan.TABLE)
        .where(col("county_code").equalTo(county).and(col("school_year").equalTo(year)))
        .orderBy("target", "level", "unit_id", "resource").collectAsList();
    Map<String, String> schools = gold.schoolNames(plan.stream().map(p -> p.<String>getAs("unit_id")).toList(), year);
    List<Row> outlook = gold.has(BalanceOutlook.TABLE)
        ? gold.read(BalanceOutlook.TABLE).where(col("county_code").equalTo(county)).orderBy("target", "level", "school_year").collectAsList()
        : List.of();

    System.out.println("达标路径 | remediation plan: " + county + " " + name + ", school year " + year
        + " (costs: conf remediation.cost.*; method: docs/METHODS.md §10)");
    for (String target : targets) {
      System.out.println();
      System.out.println("== " + (target.equals("basic") ? "基本均衡 basic balance (2012)" : "优质均衡 quality balance (2017)") + " ==");
      for (Row s : summary) {
        if (s.<Integer>getAs("school_year") != year || !s.<String>getAs("target").equals(target)) continue;
        String level = s.getAs("level");
        System.out.println();
        System.out.println(levelName(level) + ": " + s.<Integer>getAs("units") + " units; " + verdict(s));
        System.out.println("  " + figures(s, target));
        Map<String, Double> byResource = new TreeMap<>();
        boolean header = false;
        for (Row p : plan) {
          if (!p.<String>getAs("target").equals(target) || !p.<String>getAs("level").equals(level)) continue;
          if (!header) {
            System.out.printf("  %-10s %s %-22s %12s %12s %14s%n", "unit", pad("school", 20), "resource", "now", "add", "yuan");
            header = true;
          }
          String unit = p.getAs("unit_id");
          Double now = p.getAs("current_amount");
          System.out.printf("  %-10s %s %-22s %12s %12s %14s%n", unit, pad(schools.getOrDefault(unit, ""), 20),
              p.<String>getAs("resource"), now == null ? "-" : amount(now), "+" + amount(p.<Double>getAs("add_amount")),
              yuan(p.<Double>getAs("cost_yuan")));
          byResource.merge(p.getAs("resource"), p.<Double>getAs("cost_yuan"), Double::sum);
        }
        if (!byResource.isEmpty()) {
          System.out.println("  cost by resource:");
          byResource.forEach((r, c) -> System.out.printf("    %-22s %14s%n", r, yuan(c)));
        }
        printOutlook(outlook, target, level);
      }
    }
  }

  private static void printOutlook(List<Row> outlook, String target, String level) {
    List<String> years = new ArrayList<>();
    for (Row o : outlook) {
      if (!o.<String>getAs("target").equals(target) || !o.<String>getAs("level").equals(level)) continue;
      Boolean meets = o.getAs("meets");
      Double cost = o.getAs("cost_yuan");
      years.add(o.<Integer>getAs("school_year") + ": " + (meets == null ? "unknown (" + o.getAs("null_reason") + ")"
          : meets ? "meets" : "fails, plan " + (cost == null ? "none" : yuan(cost) + " yuan")));
    }
    if (!years.isEmpty()) System.out.println("  outlook (resources as now, students as forecast): " + String.join("; ", years));
  }

  private static String verdict(Row s) {
    Boolean meetsNow = s.getAs("meets_now");
    if (meetsNow == null) return "cannot be judged (" + s.getAs("null_reason") + ")";
    if (meetsNow) return "meets the target now, cost 0";
    Double cost = s.getAs("cost_yuan");
    if (cost == null) return "no plan (" + s.getAs("null_reason") + ")";
    double bound = s.<Double>getAs("lower_bound_yuan");
    return String.format(Locale.ROOT, "plan %s yuan (no plan costs less than %s; within %.1f%%)", yuan(cost), yuan(bound),
        cost == 0 ? 0 : 100 * (cost - bound) / cost);
  }

  private static String figures(Row s, String target) {
    if (target.equals("basic")) {
      return "composite CV " + cv(s.getAs("composite_cv_now")) + " -> " + cv(s.getAs("composite_cv_after"));
    }
    return "largest CV " + cv(s.getAs("max_cv_now")) + " -> " + cv(s.getAs("max_cv_after")) + "; units complying "
        + s.getAs("units_compliant_now") + " -> " + s.getAs("units_compliant_after") + " of " + s.getAs("units");
  }

  // ---- a province -------------------------------------------------------------------------------

  static void province(GoldReader gold, String province, int year, List<String> targets) {
    List<Row> rows = gold.read(RemediationSummary.TABLE).where(col("province_code").equalTo(province)).collectAsList();
    checkFound(rows, "province " + province, year);
    Set<String> counties = new TreeSet<>();
    for (Row r : rows) counties.add(r.getAs("county_code"));
    Map<String, String> names = gold.names(counties);
    System.out.println("达标成本 | cost to pass: province " + province + " " + gold.names(List.of(province)).getOrDefault(province, "")
        + ", school year " + year + ", every county's cost for all its levels, cheapest first");
    for (String target : targets) {
      // county → level → row
      Map<String, Map<String, Row>> byCounty = new TreeMap<>();
      for (Row r : rows) {
        if (r.<Integer>getAs("school_year") == year && r.<String>getAs("target").equals(target)) {
          byCounty.computeIfAbsent(r.getAs("county_code"), k -> new LinkedHashMap<>()).put(r.getAs("level"), r);
        }
      }
      // The first school year each county fails in the outlook, at any level.
      Map<String, Integer> atRisk = new TreeMap<>();
      if (gold.has(BalanceOutlook.TABLE)) {
        for (Row o : gold.read(BalanceOutlook.TABLE).where(col("province_code").equalTo(province)
            .and(col("target").equalTo(target)).and(col("meets").equalTo(false))).collectAsList()) {
          atRisk.merge(o.getAs("county_code"), o.<Integer>getAs("school_year"), Math::min);
        }
      }
      record Line(String county, Double cost, String note) {}
      List<Line> lines = new ArrayList<>();
      for (Map.Entry<String, Map<String, Row>> e : byCounty.entrySet()) {
        Double total = 0.0;
        List<String> notes = new ArrayList<>();
        boolean allMet = true;
        for (Row r : e.getValue().values()) {
          Double c = r.getAs("cost_yuan");
          allMet &= Boolean.TRUE.equals(r.getAs("meets_now"));
          if (c == null) {
            total = null;
            notes.add(r.getAs("level") + ": " + (Boolean.FALSE.equals(r.getAs("feasible")) ? "no plan" : "cannot be judged")
                + " (" + r.getAs("null_reason") + ")");
          } else if (total != null) {
            total += c;
          }
        }
        Integer fails = atRisk.get(e.getKey());
        lines.add(new Line(e.getKey(), total, allMet
            ? "meets now" + (fails == null ? "" : "; fails from " + fails + " as students are forecast (gold.balance_outlook)")
            : String.join("; ", notes)));
      }
      lines.sort(Comparator.comparing((Line l) -> l.cost == null ? Double.POSITIVE_INFINITY : l.cost).thenComparing(Line::county));
      System.out.println();
      System.out.println("== " + (target.equals("basic") ? "基本均衡 basic balance (2012)" : "优质均衡 quality balance (2017)") + " ==");
      System.out.printf("  %4s  %-6s %s %16s  %s%n", "rank", "county", pad("name", 16), "yuan", "");
      double sum = 0;
      int unknown = 0;
      int rank = 0;
      for (Line l : lines) {
        System.out.printf("  %4d  %-6s %s %16s  %s%n", ++rank, l.county, pad(names.getOrDefault(l.county, ""), 16),
            l.cost == null ? "-" : yuan(l.cost), l.note);
        if (l.cost == null) unknown++;
        else sum += l.cost;
      }
      System.out.println("  province total: " + yuan(sum) + " yuan for " + (lines.size() - unknown) + " counties"
          + (unknown == 0 ? "" : "; " + unknown + " without a plan or a figure (not in the total)"));
    }
  }

  // ---- shared ---------------------------------------------------------------------------------

  /** An unknown county or province, or a year it has no plan for: a usage error naming what there is. */
  private static void checkFound(List<Row> rows, String what, int year) {
    if (rows.isEmpty()) throw new Args.UsageException("unknown " + what + ": it has no rows in " + RemediationSummary.TABLE);
    Set<Integer> years = new TreeSet<>();
    for (Row r : rows) years.add(r.getAs("school_year"));
    if (!years.contains(year)) throw new Args.UsageException("no school year " + year + " for " + what + "; it has " + years);
  }

  private static String levelName(String level) {
    return level.equals("primary") ? "小学 primary" : level.equals("junior") ? "初中 junior" : level;
  }

  /** {@code s} cut or padded to {@code width} terminal columns (a Chinese character takes two). */
  static String pad(String s, int width) {
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int w = Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN || cp >= 0xFF00 && cp <= 0xFFEF ? 2 : 1;
      if (used + w > width) break;
      out.appendCodePoint(cp);
      used += w;
      i += Character.charCount(cp);
    }
    return out + " ".repeat(width - used);
  }

  static String yuan(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String amount(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%,.2f", v);
  }

  private static String cv(Object v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", (Double) v);
  }
}
