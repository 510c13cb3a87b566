package edubalance.remediation;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import edubalance.metrics.Indicator;
import edubalance.metrics.SchoolIndicators;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** gold.school_indicators with a plan applied (docs/METHODS.md §10), for gold's own models to judge again. */
public final class AppliedPlan {
  private AppliedPlan() {}

  /** The eleven indicator columns from the totals, by gold's own formula. */
  public static Dataset<Row> withIndicators(Dataset<Row> units) {
    for (Indicator i : Indicator.ALL) units = units.withColumn(i.name(), SchoolIndicators.value(i));
    return units;
  }

  /** The units with the plan's additions added to the totals each resource moves (docs/METHODS.md §10). */
  public static Dataset<Row> units(Dataset<Row> units, Dataset<Row> plan) {
    List<Column> sums = new ArrayList<>();
    for (Indicator k : Indicator.ALL) {
      Column moved = lit(0.0);
      for (Resource r : Resource.ALL) {
        if (r.adds().contains(k)) moved = moved.plus(when(col("resource").equalTo(r.name()), col("add_amount")).otherwise(0.0));
      }
      sums.add(sum(moved).as("_add_" + k.total()));
    }
    Dataset<Row> adds = plan.withColumn("unit_rule", col("target"))
        .groupBy(col("school_year"), col("unit_id").as("school_id"), col("level"), col("unit_rule"))
        .agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0]));
    Dataset<Row> out = units.join(adds, new String[] {"school_year", "school_id", "level", "unit_rule"}, "left");
    for (Indicator k : Indicator.ALL) {
      out = out.withColumn(k.total(), col(k.total()).plus(coalesce(col("_add_" + k.total()), lit(0.0))))
          .drop("_add_" + k.total());
    }
    return withIndicators(out);
  }

}
