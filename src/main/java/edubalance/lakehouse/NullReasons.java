package edubalance.lakehouse;

import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Why a row's figures are null: one entry per null figure (for instance {@code cv_x: zero_mean}),
 * gathered one at a time and joined by "; " into one column that is itself null when the row has
 * none. Every gold table gives its nulls a reason through this (docs/GOLD.md).
 */
public final class NullReasons {
  private final List<Column> entries = new ArrayList<>();

  /** Adds {@code entry}, a column that is null on the rows it does not apply to. */
  public NullReasons add(Column entry) {
    entries.add(entry);
    return this;
  }

  /** Adds {@code entry} on the rows where {@code condition} holds. */
  public NullReasons when(Column condition, String entry) {
    return add(functions.when(condition, lit(entry)));
  }

  /** Adds {@code entry} on the rows where {@code condition} holds. */
  public NullReasons when(Column condition, Column entry) {
    return add(functions.when(condition, entry));
  }

  /** The entries joined by "; " (skipping those that do not apply), or null when none does. */
  public Column joined() {
    Column text = concat_ws("; ", entries.toArray(new Column[0]));
    return functions.when(text.notEqual(""), text);
  }

  /** {@link #joined()} as the column {@code name}, carrying {@code comment} (the reasons it gives). */
  public Column as(String name, String comment) {
    return Described.as(joined(), name, comment);
  }

  /** The table's {@code null_reason} column. */
  public Column asNullReason(String comment) {
    return as("null_reason", comment);
  }
}
