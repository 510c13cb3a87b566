package edubalance.lakehouse;

import org.apache.spark.sql.Column;
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
}
