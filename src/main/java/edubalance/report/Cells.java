package edubalance.report;

import edubalance.report.Figure.Kind;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Reading a collected row of a gold table into figures, verdicts and chart series. */
final class Cells {
  private Cells() {}

  /** The row's value of {@code column}, or null when the row or the column is absent or the value null. */
  static Object get(Row r, String column) {
    if (r == null) return null;
    int i;
    try {
      i = r.fieldIndex(column);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return r.isNullAt(i) ? null : r.get(i);
  }

  static String string(Row r, String column) {
    Object v = get(r, column);
    return v == null ? null : v.toString();
  }

  /**
   * The name a figure carries in the page: {@code <table>.<column>[:<suffix>]}, the suffix (e.g. the
   * level) when one table gives several, e.g. {@code county_balance_basic.cv_books:primary}.
   */
  static String name(String table, String column, String suffix) {
    String t = table.startsWith("gold.") ? table.substring(5) : table;
    return t + "." + column + (suffix == null ? "" : ":" + suffix);
  }

  /**
   * A figure of {@code table}'s {@code column} whose null reason is the row's reason column; a
   * missing row is its own reason.
   */
  static Figure figure(String table, Row r, String column, String suffix, Kind kind, String reasonColumn, String missingRow) {
    String name = name(table, column, suffix);
    if (r == null) return Figure.of(name, null, missingRow, kind);
    return Figure.of(name, get(r, column), reasonFor(r, column, reasonColumn), kind);
  }

  static Verdict verdict(String table, Row r, String column, String suffix, String reasonColumn, String missingRow) {
    String name = name(table, column, suffix);
    if (r == null) return Verdict.of(name, null, missingRow);
    return Verdict.of(name, get(r, column), reasonFor(r, column, reasonColumn));
  }

  /**
   * The entries of a {@code "column:reason; ..."} reason that concern {@code column}, else the
   * whole reason (a bare reason covers the row, e.g. {@code no_prior_year}).
   */
  static String reasonFor(Row r, String column, String reasonColumn) {
    String all = reasonColumn == null ? null : string(r, reasonColumn);
    if (all == null) return null;
    List<String> mine = new ArrayList<>();
    for (String part : all.split(";\\s*")) {
      if (part.startsWith(column + ":") || part.startsWith(column + " ")) mine.add(part.strip());
    }
    return mine.isEmpty() ? all : String.join("; ", mine);
  }

  static Double number(Row r, String column) {
    Object v = get(r, column);
    return v == null ? null : ((Number) v).doubleValue();
  }

  /** The values of {@code column} across rows, in row order (a null is a gap in the chart). */
  static List<Double> series(List<Row> rows, String column) {
    List<Double> out = new ArrayList<>();
    for (Row r : rows) out.add(number(r, column));
    return out;
  }
}
