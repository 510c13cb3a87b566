package edubalance.serve;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.arrow.ArrowWriter;
import org.apache.spark.sql.util.ArrowUtils;
import scala.collection.Iterator;

/**
 * A Spark result as Arrow record batches, with Spark's own converters (the ones its Python and
 * Connect paths use), so the server and embedded {@code jobs/sql} hand the same columns to
 * {@link ResultPrinter} and to Flight clients.
 */
public final class SparkArrow {
  /** Rows per record batch: small enough to stream, large enough that batches cost nothing. */
  static final int BATCH_ROWS = 8192;

  private SparkArrow() {}

  /** Receives each filled batch; the root is reused for the next one. */
  public interface BatchSink {
    void batch(VectorSchemaRoot root);
  }

  /** The Arrow schema of a result; duplicate column names (a join's two ids) are allowed. */
  public static Schema schema(Dataset<Row> result) {
    return ArrowUtils.toArrowSchema(result.schema(), timeZone(result), false, false);
  }

  /**
   * Runs the query and passes its rows to {@code sink} batch by batch (at least one batch, empty
   * for an empty result, so a client always sees the schema). {@code start} is called once with the
   * root before the first batch.
   */
  public static void stream(Dataset<Row> result, BufferAllocator allocator, BatchSink start, BatchSink sink) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema(result), allocator)) {
      start.batch(root);
      ArrowWriter writer = ArrowWriter.create(root);
      Iterator<InternalRow> rows = result.queryExecution().executedPlan().executeToIterator();
      int n = 0;
      boolean sent = false;
      while (rows.hasNext()) {
        writer.write(rows.next());
        if (++n == BATCH_ROWS) {
          writer.finish();
          sink.batch(root);
          writer.reset();
          n = 0;
          sent = true;
        }
      }
      if (n > 0 || !sent) {
        writer.finish();
        sink.batch(root);
      }
    }
  }

  private static String timeZone(Dataset<Row> result) {
    return result.sparkSession().sessionState().conf().sessionLocalTimeZone();
  }
}
