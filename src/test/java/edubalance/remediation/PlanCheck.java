package edubalance.remediation;

import edubalance.conf.Settings;
import edubalance.metrics.BasicBalance;
import edubalance.metrics.QualityBalance;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Every plan of a lakehouse applied to its units and judged again by gold's own models
 * (docs/METHODS.md §10), for a generated province: {@code PlanCheck LAKEHOUSE [CONF]} prints the levels
 * planned, those passing after, and any whose lower bound exceeds its cost. Exit 1 when one fails.
 */
public final class PlanCheck {
  public static void main(String[] args) {
    SparkSession spark = edubalance.lakehouse.SparkSessions.create("plan-check", "local[2]", 8, 0);
    Settings settings = Settings.load(args.length > 1 ? Path.of(args[1]) : null);
    edubalance.lakehouse.Lakehouse lh = new edubalance.lakehouse.Lakehouse(spark, args[0]);
    Dataset<Row> after = AppliedPlan.units(lh.read("gold.school_indicators"), lh.read("gold.remediation_plan")).cache();
    Map<String, Boolean> judged = new HashMap<>();
    for (Row r : BasicBalance.compute(after, settings).collectAsList()) judged.put(key(r, "basic"), r.getAs("meets_standard"));
    for (Row r : QualityBalance.compute(after, settings).collectAsList()) judged.put(key(r, "quality"), r.getAs("meets_standard"));
    int levels = 0, metNow = 0, planned = 0, passing = 0, noPlan = 0, boundAbove = 0;
    double cost = 0, bound = 0;
    for (Row s : lh.read("gold.remediation_summary").collectAsList()) {
      levels++;
      if (Boolean.TRUE.equals(s.getAs("meets_now"))) {
        metNow++;
        continue;
      }
      if (s.getAs("cost_yuan") == null) {
        noPlan++;
        System.out.println("no plan: " + key(s, s.getAs("target")) + " " + s.getAs("null_reason"));
        continue;
      }
      planned++;
      cost += s.<Double>getAs("cost_yuan");
      bound += s.<Double>getAs("lower_bound_yuan");
      if (Boolean.TRUE.equals(judged.get(key(s, s.getAs("target"))))) passing++;
      else System.out.println("fails after its plan: " + key(s, s.getAs("target")));
      if (s.<Double>getAs("lower_bound_yuan") > s.<Double>getAs("cost_yuan") + 1e-6) boundAbove++;
    }
    System.out.printf("levels %d: met now %d, planned %d (passing after the plan %d), without a plan %d; "
        + "bound above cost %d; cost %.0f yuan, bound %.0f yuan (%.1f %%)%n", levels, metNow, planned, passing, noPlan,
        boundAbove, cost, bound, cost == 0 ? 0 : 100 * bound / cost);
    spark.stop();
    System.exit(passing == planned && boundAbove == 0 ? 0 : 1);
  }

  private static String key(Row r, String target) {
    return r.getAs("school_year") + " " + r.getAs("county_code") + " " + r.getAs("level") + " " + target;
  }
}
