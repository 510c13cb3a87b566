package edubalance.ingest;

import static org.apache.spark.sql.functions.col;

import edubalance.lakehouse.Described;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * The columns of a quarantine table (docs/DELIVERY.md, "Where every row ends up"): the row's
 * values as delivered, why it was refused, and where it came from; each with its comment.
 */
final class QuarantineColumns {
  private QuarantineColumns() {}

  /** What follows the raw values, over bronze rows joined with their {@code reasons}. */
  private static final Map<String, String> AFTER_VALUES = afterValues();

  private static Map<String, String> afterValues() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("reason", "the first check the row failed, <rule>:<column> or a rule's name (docs/DELIVERY.md)");
    m.put("reasons", "every check the row failed, in the order they are checked");
    m.put("_extra", "values of the file's columns outside the contract, by header name");
    m.put("_source_file", "the row's CSV file, relative to the delivery directory");
    m.put("_line", "its line in that file (the header is line 1)");
    m.put("_encoding", "the character set the file was read in");
    m.put("_delivery_id", "the delivery the row came in (ops.ingest_log.delivery_id)");
    m.put("_ingested_at", "when that delivery's ingest of the dataset started");
    return m;
  }

  /** The quarantine table's columns, in order, with comments. */
  static Column[] of(DatasetSpec spec) {
    List<Column> cols = new ArrayList<>();
    for (ColumnSpec c : spec.columns()) {
      cols.add(Described.as(col(c.name()), c.name(), "as delivered (text): " + c.description()));
    }
    AFTER_VALUES.forEach((c, comment) ->
        cols.add(Described.as(c.equals("reason") ? col("reasons").getItem(0) : col(c), c, comment)));
    return cols.toArray(Column[]::new);
  }
}
