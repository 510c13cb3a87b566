package edubalance.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.GeneratedPage;
import edubalance.TestSpark;
import edubalance.conf.Settings;
import edubalance.report.ReportFixture;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The checks every gold model gets for free, as dbt's generic tests: every model, found as
 * jobs/metrics finds it, computed in memory on the small shared fixture (ReportFixture's silver
 * tables, each model's output handed to the models reading it, the monthly rollup for December
 * 2024), so that its table has a unique key without nulls, a comment on every column, a reason
 * beside every null figure, shares and rates in [0, 1] and coefficients of at least 0. A new model
 * is checked by being found: nothing here names it. No Delta table is written (jobs/test --fast);
 * what a written table keeps (comments through Delta, jobs/metrics' own runner) PipelineTest checks
 * on the demo lakehouse.
 */
@Tag("fast")
class GoldModelChecksTest {
  /** Every table by name: the fixture's silver, then each model's rows as it computed them. */
  static final Map<String, Dataset<Row>> tables = new HashMap<>();

  @BeforeAll
  static void computeEveryModel() {
    tables.putAll(ReportFixture.silver());
    // The fixture has school years 2023-2024; the enrollment forecast needs three years of intake,
    // and without a forecast the outlook has no rows to check: 2022 repeats 2023.
    for (String t : List.of("silver.schools", "silver.enrollment", "silver.resources", "silver.teachers")) {
      Dataset<Row> rows = tables.get(t);
      tables.put(t, rows.unionByName(rows.where(col("school_year").equalTo(2023)).withColumn("school_year", lit(2022))));
    }
    Settings settings = TestSpark.settings();
    for (GoldModel m : GoldModels.all()) {
      Inputs in = m.monthly() ? Inputs.none().forMonth(2024, 12) : Inputs.none();
      for (String t : m.inputs()) {
        assertTrue(tables.containsKey(t), m.table() + " reads " + t + ", which is neither silver nor a model before it");
        in = in.with(t, tables.get(t));
      }
      for (String t : m.optionalInputs()) in = in.with(t, tables.get(t));
      // Materialized once, as a written table would be: the models reading it do not recompute it.
      tables.put(m.table(), m.compute(in, settings).localCheckpoint());
    }
  }

  static Dataset<Row> table(GoldModel m) {
    return tables.get(m.table());
  }

  /** Every model has rows from the fixture: a check over an empty table would prove nothing. */
  @Test
  void everyModelHasRowsOnTheFixture() {
    for (GoldModel m : GoldModels.all()) {
      assertTrue(table(m).count() > 0, m.table() + " has no rows on the fixture");
    }
  }

  @Test
  void keysAreUniqueAndNeverNull() {
    for (GoldModel m : GoldModels.all()) {
      Dataset<Row> t = table(m);
      for (String k : m.key()) {
        assertTrue(List.of(t.columns()).contains(k), m.table() + ": key column " + k + " is not a column");
        assertEquals(0, t.where(col(k).isNull()).count(), m.table() + ": null " + k);
      }
      Column[] key = m.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
      List<Row> repeated = t.groupBy(key).count().where(col("count").gt(1)).limit(3).collectAsList();
      assertTrue(repeated.isEmpty(), m.table() + ": key " + m.key() + " repeated: " + repeated);
    }
  }

  /** docs/GOLD.md is rendered from what the models declare and write; out of date, it fails. */
  @Test
  void theGoldPageIsUpToDate() throws IOException {
    String rendered = GoldDoc.render(GoldModels.all(), t -> tables.get(t).schema(), Paths.get("docs"));
    GeneratedPage.assertUpToDate(rendered, "GOLD.md");
  }

  /** DESCRIBE tells a statistician what every column is. */
  @Test
  void everyColumnHasAComment() {
    for (GoldModel m : GoldModels.all()) {
      for (StructField f : table(m).schema().fields()) {
        assertTrue(f.getComment().isDefined() && !f.getComment().get().isBlank(), m.table() + "." + f.name() + " has no comment");
      }
    }
  }

  /**
   * A table with a null_reason column gives a reason on every row where a figure is null. A
   * figure is a numeric column outside the key whose comment does not itself say when it is null
   * ("null for ...", "null when ..."), as the outlook's composite_cv does for the quality target.
   */
  @Test
  void everyNullFigureHasAReason() {
    for (GoldModel m : GoldModels.all()) {
      Dataset<Row> t = table(m);
      if (!List.of(t.columns()).contains("null_reason")) continue;
      List<Column> figures = new ArrayList<>();
      for (StructField f : t.schema().fields()) {
        String comment = f.getComment().isDefined() ? f.getComment().get() : "";
        if (f.dataType() instanceof NumericType && !m.key().contains(f.name()) && !saysWhenNull(comment)) figures.add(col(f.name()));
      }
      if (figures.isEmpty()) continue;
      Column anyNull = figures.stream().map(Column::isNull).reduce(Column::or).orElseThrow();
      List<Row> silent = t.where(anyNull.and(col("null_reason").isNull())).limit(3).collectAsList();
      assertTrue(silent.isEmpty(), m.table() + ": null figures without a reason: " + silent);
    }
  }

  static boolean saysWhenNull(String comment) {
    return comment.matches("(?s).*\\bnull (for|when|where|if|without|before|until|unless)\\b.*");
  }

  /** Shares and rates (…_share, …_rate, …_share_of_…) lie in [0, 1]; coefficients (CV, Gini, Theil, McLoone, ranges) are at least 0. */
  @Test
  void sharesAreWithinZeroAndOneAndCoefficientsAtLeastZero() {
    int checked = 0;
    for (GoldModel m : GoldModels.all()) {
      Dataset<Row> t = table(m);
      for (StructField f : t.schema().fields()) {
        if (!(f.dataType() instanceof NumericType)) continue;
        String n = f.name();
        Column c = col(n);
        if (n.endsWith("_share") || n.endsWith("_rate") || n.contains("_share_of_")) {
          checked++;
          assertEquals(0, t.where(c.lt(0).or(c.gt(1))).count(), m.table() + "." + n + " outside [0, 1]");
        } else if (n.equals("cv") || n.startsWith("cv_") || n.contains("_cv") || n.startsWith("gini") || n.startsWith("theil")
            || n.equals("mcloone") || n.endsWith("_ratio")) {
          checked++;
          assertEquals(0, t.where(c.lt(0)).count(), m.table() + "." + n + " below 0");
        }
      }
    }
    assertTrue(checked >= 20, "columns checked: " + checked);
  }
}
