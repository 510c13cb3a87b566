package edubalance.metrics;

import static org.apache.spark.sql.functions.col;

import edubalance.conf.Settings;
import edubalance.lakehouse.Lakehouse;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The gold models in dependency order, read from silver and written to gold (the DAG of
 * {@code jobs/metrics}). Each model is one class of this package with a pure {@code compute};
 * this class only chooses inputs and writes outputs.
 *
 * <p>With a set of school years, only those years' rows of the yearly tables are rewritten
 * (Delta {@code replaceWhere}); finance reads the year before each as well, for growth. Trends
 * and forecasts span all years and are always recomputed whole from the gold tables.
 */
public final class GoldBuild {
  private final Lakehouse lakehouse;
  private final Settings settings;
  /** School years (and fiscal years) to rebuild; null for all. */
  private final List<Integer> years;

  public GoldBuild(Lakehouse lakehouse, Settings settings, List<Integer> years) {
    this.lakehouse = lakehouse;
    this.settings = settings;
    this.years = years;
  }

  public void run() {
    if (!lakehouse.exists("silver.schools")) {
      throw new IllegalArgumentException("silver.schools is empty: ingest a delivery with schools first");
    }
    Dataset<Row> schools = silver("schools", "school_year", 0);
    if (has("enrollment") && has("teachers") && has("resources")) {
      step("gold.school_indicators", "school_year", () -> SchoolIndicators.compute(schools,
          silver("enrollment", "school_year", 0), silver("resources", "school_year", 0),
          silver("teachers", "school_year", 0), settings));
      Dataset<Row> units = gold("gold.school_indicators", "school_year");
      step("gold.county_balance_basic", "school_year", () -> BasicBalance.compute(units, settings));
      step("gold.county_balance_quality", "school_year", () -> QualityBalance.compute(units, settings));
      step("gold.county_equity", "school_year", () -> CountyEquity.compute(units, settings));
      step("gold.urban_rural_gap", "school_year", () -> UrbanRuralGap.compute(units, settings));
    } else {
      skip("school indicators and balance", "enrollment, resources and teachers");
    }
    if (has("funding")) {
      step("gold.three_increases", "fiscal_year", () -> ThreeIncreases.compute(silver("funding", "fiscal_year", 1),
          settings));
    } else {
      skip("gold.three_increases", "funding");
    }
    if (has("teachers") && has("teacher_flows")) {
      step("gold.teacher_flow", "school_year", () -> TeacherFlow.compute(silver("teachers", "school_year", 0),
          silver("teacher_flows", "school_year", 0), schools, settings));
    } else {
      skip("gold.teacher_flow", "teachers and teacher_flows");
    }
    // Series over all years, from what was just written.
    step("gold.trends", null, () -> Trends.compute(goldOrNull("gold.school_indicators"),
        has("funding") ? lakehouse.read("silver.funding") : null, goldOrNull("gold.county_balance_basic"),
        goldOrNull("gold.county_balance_quality"), goldOrNull("gold.teacher_flow"),
        goldOrNull("gold.urban_rural_gap"), settings));
    if (has("enrollment")) {
      step("gold.enrollment_forecast", null, () -> EnrollmentForecast.compute(lakehouse.read("silver.enrollment"),
          lakehouse.read("silver.schools"), settings));
    }
  }

  private Dataset<Row> goldOrNull(String table) {
    return lakehouse.exists(table) ? lakehouse.read(table) : null;
  }

  private boolean has(String dataset) {
    return lakehouse.exists("silver." + dataset);
  }

  /**
   * A silver table limited to the years being rebuilt, plus {@code before} earlier years (for
   * growth against the prior year).
   */
  private Dataset<Row> silver(String dataset, String yearColumn, int before) {
    Dataset<Row> all = lakehouse.read("silver." + dataset);
    if (years == null) return all;
    int from = years.stream().mapToInt(Integer::intValue).min().orElseThrow() - before;
    return all.where(col(yearColumn).geq(from).and(col(yearColumn).leq(
        years.stream().mapToInt(Integer::intValue).max().orElseThrow())));
  }

  private Dataset<Row> gold(String table, String yearColumn) {
    Dataset<Row> all = lakehouse.read(table);
    return years == null ? all : all.where(col(yearColumn).isin(years.toArray()));
  }

  /** Computes a gold table and writes it: whole, or only the rebuilt years' rows. */
  private void step(String table, String yearColumn, Supplier<Dataset<Row>> model) {
    long start = System.currentTimeMillis();
    Dataset<Row> rows = model.get();
    if (years == null || yearColumn == null) {
      lakehouse.overwrite(table, rows);
    } else {
      String in = years.stream().map(String::valueOf).collect(Collectors.joining(", "));
      lakehouse.replaceWhere(table, rows.where(col(yearColumn).isin(years.toArray())),
          yearColumn + " IN (" + in + ")");
    }
    System.err.printf("metrics: %s: %d rows in %.1f s%n", table, lakehouse.read(table).count(),
        (System.currentTimeMillis() - start) / 1000.0);
  }

  private static void skip(String what, String needs) {
    System.err.println("metrics: skipping " + what + ": silver has no " + needs);
  }
}
