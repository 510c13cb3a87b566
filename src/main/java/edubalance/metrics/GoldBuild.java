package edubalance.metrics;

import static org.apache.spark.sql.functions.col;

import edubalance.conf.Settings;
import edubalance.lakehouse.Lakehouse;
import edubalance.text.Progress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code jobs/metrics}: every yearly and whole-table {@link GoldModel}, in the order their declared
 * inputs give, read from silver and gold and written to gold. The models compute; this class only
 * reads their inputs by name and writes their tables.
 *
 * <p>A model runs when its inputs are there: a silver table that exists, a gold table its model
 * wrote in this run. Otherwise it is skipped with a line on stderr naming what is missing, and so
 * are the models reading its table. Optional inputs are read when they exist.
 *
 * <p>With a set of years, a model with a year column reads its inputs limited to those years (and
 * {@link GoldModel#priorYears} before each, for growth) and rewrites only those years' rows (Delta
 * {@code replaceWhere}). A model without one (trends, forecasts) spans all years and is always
 * recomputed whole from the tables as they are after the yearly ones were written.
 */
public final class GoldBuild {
  /** Every gold figure hangs on the school register: without it there is nothing to build. */
  static final String REGISTER = "silver.schools";

  private final Lakehouse lakehouse;
  private final Settings settings;
  /** School years (and fiscal years) to rebuild; null for all. */
  private final List<Integer> years;
  /** The silver tables that changed since gold was built: only the models downstream of them run; null for all. */
  private final Set<String> changed;

  public GoldBuild(Lakehouse lakehouse, Settings settings, List<Integer> years) {
    this(lakehouse, settings, years, null);
  }

  /**
   * {@code changed}: the silver tables a delivery changed (jobs/monthly); a model none of whose
   * inputs changed, directly or through a gold table rebuilt now, keeps its table as it is.
   */
  public GoldBuild(Lakehouse lakehouse, Settings settings, List<Integer> years, Set<String> changed) {
    this.lakehouse = lakehouse;
    this.settings = settings;
    this.years = years;
    this.changed = changed;
  }

  public void run() {
    if (!lakehouse.exists(REGISTER)) {
      throw new IllegalArgumentException(REGISTER + " is empty: ingest a delivery with schools first");
    }
    List<GoldModel> models = new ArrayList<>();
    for (GoldModel m : GoldModels.all()) if (!m.monthly()) models.add(m);
    Set<String> modelled = models.stream().map(GoldModel::table).collect(Collectors.toSet());
    Set<String> built = new HashSet<>();
    Set<String> stale = changed == null ? null : new HashSet<>(changed);
    List<String> current = new ArrayList<>();
    for (GoldModel m : models) {
      if (stale != null && lakehouse.exists(m.table())
          && java.util.stream.Stream.concat(m.inputs().stream(), m.optionalInputs().stream()).noneMatch(stale::contains)) {
        built.add(m.table()); // unchanged inputs: its table stands, and the models reading it may use it
        current.add(m.table());
        continue;
      }
      if (stale != null) stale.add(m.table());
      List<String> missing = new ArrayList<>();
      for (String t : m.inputs()) {
        if (modelled.contains(t) ? !built.contains(t) : !lakehouse.exists(t)) missing.add(t);
      }
      Inputs in = Inputs.none();
      if (missing.isEmpty()) {
        for (String t : m.inputs()) in = in.with(t, read(m, t));
        for (String t : m.optionalInputs()) in = in.with(t, lakehouse.exists(t) ? read(m, t) : null);
      }
      if (!missing.isEmpty() || (m.inputs().isEmpty() && m.optionalInputs().stream().noneMatch(lakehouse::exists))) {
        skip(m.table(), missing.isEmpty() ? m.optionalInputs() : missing);
        continue;
      }
      write(m, in);
      built.add(m.table());
    }
    if (!current.isEmpty()) Progress.info("metrics: " + current.size() + " table(s) kept, none of their inputs changed: " + current);
  }

  /** An input of {@code m}: whole, or the rebuilt years and {@link GoldModel#priorYears} before each. */
  private Dataset<Row> read(GoldModel m, String table) {
    Dataset<Row> all = lakehouse.read(table);
    if (years == null || m.yearColumn() == null) return all;
    Set<Integer> wanted = new TreeSet<>();
    for (int y : years) for (int back = 0; back <= m.priorYears(); back++) wanted.add(y - back);
    return all.where(col(m.yearColumn()).isin(wanted.toArray()));
  }

  /** Computes a gold table and writes it: whole, or only the rebuilt years' rows. */
  private void write(GoldModel m, Inputs in) {
    long start = System.currentTimeMillis();
    Progress.Phase phase = Progress.start("metrics: " + m.table(), Progress::rowsWritten);
    Dataset<Row> rows = m.compute(in, settings);
    String year = m.yearColumn();
    if (years == null || year == null) {
      lakehouse.overwrite(m.table(), rows);
    } else {
      String list = years.stream().map(String::valueOf).collect(Collectors.joining(", "));
      lakehouse.replaceWhere(m.table(), rows.where(col(year).isin(years.toArray())), year + " IN (" + list + ")");
    }
    // The rows written (the whole table, or the rebuilt years'), as the commit recorded them: no re-read.
    long written = lakehouse.lastCommitMetric(m.table(), "numOutputRows");
    if (written < 0) written = lakehouse.read(m.table()).count();
    phase.end(written);
    Progress.info(String.format("metrics: %s: %d rows in %.1f s", m.table(), written, (System.currentTimeMillis() - start) / 1000.0));
  }

  private static void skip(String table, List<String> missing) {
    String names = missing.size() == 1 ? missing.get(0)
        : String.join(", ", missing.subList(0, missing.size() - 1)) + " and " + missing.get(missing.size() - 1);
    System.err.println("metrics: skipping " + table + ": no " + names);
  }
}
