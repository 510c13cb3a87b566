package edubalance.metrics;

import edubalance.conf.Settings;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One gold table: its name, how it is rewritten, the tables it reads by name and the pure
 * computation of its rows. A class of a package marked {@link ModelPackage} that implements this
 * with a public no-argument constructor is found by {@link GoldModels}: adding a gold table is its
 * class, its test and its doc (README "Adding a metric").
 */
public interface GoldModel {
  /** The table written, e.g. {@code gold.county_balance_basic}. */
  String table();

  /**
   * The columns that identify a row: no two rows share them, and none is null (checked for every
   * model by GoldModelChecksTest).
   */
  List<String> key();

  /**
   * The column whose years {@code jobs/metrics --years} rewrites (Delta {@code replaceWhere}) and
   * on which every input is limited to those years; null for a table recomputed whole every run.
   */
  String yearColumn();

  /** Tables read ({@code silver.x}, {@code gold.y}) without which the model is skipped. */
  List<String> inputs();

  /** Tables read when present; without one the model still runs, its figures left out or null with a reason. */
  default List<String> optionalInputs() {
    return List.of();
  }

  /** Earlier years read with each rebuilt year (1 for growth against the prior year). */
  default int priorYears() {
    return 0;
  }

  /**
   * A monthly model is computed by {@code jobs/rollup} for one month ({@link Inputs#year()},
   * {@link Inputs#month()}) and replaces that month's rows; {@code jobs/metrics} leaves it alone.
   */
  default boolean monthly() {
    return false;
  }

  /** The table's rows from its inputs, by name. */
  Dataset<Row> compute(Inputs in, Settings settings);
}
