package edubalance.remediation;

import static org.apache.spark.sql.functions.col;

import edubalance.conf.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where the solver's time goes, county by county, on a lakehouse's gold.school_indicators (a
 * development aid, not a test): {@code SolveProfile LAKEHOUSE YEAR}.
 */
public final class SolveProfile {
  public static void main(String[] args) {
    SparkSession spark = edubalance.lakehouse.SparkSessions.create("profile", "local[2]", 8, 0);
    Settings settings = Settings.load(args.length > 2 ? java.nio.file.Path.of(args[2]) : null);
    List<Row> rows = RemediationSolve.units(spark.read().format("delta").load(args[0] + "/gold/school_indicators")
        .where(col("school_year").equalTo(Integer.parseInt(args[1]))), settings)
        .orderBy("county_code", "level", "target", "school_id").collectAsList();
    Map<String, List<Row>> cases = new LinkedHashMap<>();
    for (Row r : rows) cases.computeIfAbsent(r.getString(1) + " " + r.getString(2) + " " + r.getString(3), k -> new ArrayList<>()).add(r);
    spark.stop();
    Map<String, double[]> byTarget = new LinkedHashMap<>();
    List<String> slow = new ArrayList<>();
    for (Map.Entry<String, List<Row>> e : cases.entrySet()) {
      CountyCase c = RemediationSolve.countyCase(e.getValue());
      long t0 = System.nanoTime();
      PlanSolver.Plan p = PlanSolver.solve(c);
      double ms = (System.nanoTime() - t0) / 1e6;
      double[] acc = byTarget.computeIfAbsent(c.target() + (Boolean.TRUE.equals(p.meetsNow()) ? " met" : " plan"), k -> new double[6]);
      acc[0]++;
      acc[1] += ms;
      acc[2] = Math.max(acc[2], ms);
      if (p.cost() != null && p.lowerBound() != null) {
        acc[3] += p.cost();
        acc[4] += p.lowerBound();
        if (p.cost() > 0) acc[5] = Math.max(acc[5], 1 - p.lowerBound() / p.cost());
      }
      if (ms > 500) slow.add(String.format("%s: %d units %.0f ms cost %s lb %s %s", e.getKey(), c.units(), ms,
          p.cost(), p.lowerBound(), p.nullReason()));
    }
    byTarget.forEach((k, a) -> System.out.printf("%-14s cases %4.0f  total %8.0f ms  mean %6.1f ms  max %6.0f ms  cost %.0f  bound %.0f (%.1f%%)  largest gap %.1f%%%n",
        k, a[0], a[1], a[1] / a[0], a[2], a[3], a[4], a[3] == 0 ? 0 : 100 * a[4] / a[3], 100 * a[5]));
    slow.forEach(System.out::println);
  }
}
