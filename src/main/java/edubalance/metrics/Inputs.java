package edubalance.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The tables handed to {@link GoldModel#compute}, by name ({@code silver.schools},
 * {@code gold.school_indicators}); for a monthly model also the month and the Delta version of
 * every table read. Immutable: {@link #with} returns a copy.
 */
public final class Inputs {
  private final Map<String, Dataset<Row>> tables;
  private final Map<String, Long> versions;
  private final int year;
  private final int month;

  private Inputs(Map<String, Dataset<Row>> tables, Map<String, Long> versions, int year, int month) {
    this.tables = tables;
    this.versions = versions;
    this.year = year;
    this.month = month;
  }

  /** No table yet. */
  public static Inputs none() {
    return new Inputs(Map.of(), Map.of(), 0, 0);
  }

  /** A copy with {@code table} added; a null {@code rows} (table absent) adds nothing. */
  public Inputs with(String table, Dataset<Row> rows) {
    if (rows == null) return this;
    Map<String, Dataset<Row>> t = new HashMap<>(tables);
    t.put(table, rows);
    return new Inputs(t, versions, year, month);
  }

  /** A copy for one month of a year (a monthly model). */
  public Inputs forMonth(int year, int month) {
    return new Inputs(tables, versions, year, month);
  }

  /** A copy that records the Delta version of every table read. */
  public Inputs withVersions(Map<String, Long> versions) {
    return new Inputs(tables, new TreeMap<>(versions), year, month);
  }

  /** A table the model cannot do without. */
  public Dataset<Row> get(String table) {
    Dataset<Row> rows = tables.get(table);
    if (rows == null) throw new IllegalArgumentException("input " + table + " not given");
    return rows;
  }

  /** An optional table, null when absent. */
  public Dataset<Row> orNull(String table) {
    return tables.get(table);
  }

  public int year() {
    requireMonth();
    return year;
  }

  public int month() {
    requireMonth();
    return month;
  }

  /** Table → Delta version of the tables read (empty when not recorded). */
  public Map<String, Long> versions() {
    return versions;
  }

  private void requireMonth() {
    if (month == 0) throw new IllegalStateException("inputs are not for a month");
  }
}
