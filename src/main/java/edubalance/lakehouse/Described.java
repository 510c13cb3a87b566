package edubalance.lakehouse;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;

/**
 * Column comments that travel with a DataFrame into its Delta table, so that
 * {@code DESCRIBE gold.<table>} tells a statistician what each column is, its unit and its rule.
 */
public final class Described {
  private Described() {}

  /** {@code expr AS name} carrying {@code comment}. */
  public static Column as(Column expr, String name, String comment) {
    Metadata md = new MetadataBuilder().putString("comment", comment).build();
    return expr.as(name, md);
  }

  /**
   * The {@code null_reason} column of a gold table: {@code entries}, the reasons of the row's null
   * figures joined by "; " (as {@code concat_ws} joins them, skipping the nulls), or null when the
   * row has none; {@code comment} lists the reasons the table gives.
   */
  public static Column nullReason(Column entries, String comment) {
    return as(functions.when(entries.notEqual(""), entries), "null_reason", comment);
  }
}
