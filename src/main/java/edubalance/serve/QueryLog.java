package edubalance.serve;

import edubalance.lakehouse.Lakehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ops.query_log}: one row per statement {@code jobs/serve} was sent, whatever became of it.
 * Statements are queued in memory and appended in one Delta commit every few seconds (and when the
 * server stops), off the statements' own threads, so logging costs a query nothing. Readable by the
 * {@code province} role.
 */
final class QueryLog implements AutoCloseable {
  static final String TABLE = "ops.query_log";

  static final StructType SCHEMA = new StructType()
      .add("started_at", DataTypes.TimestampType, false, "when the server received the statement")
      .add("user_name", DataTypes.StringType, true, "who sent it (null: a server without users, 127.0.0.1 only)")
      .add("role", DataTypes.StringType, false, "the user's role: province, statistician or county:<code> (none: a login refused)")
      .add("statement", DataTypes.StringType, false, "the statement as sent")
      .add("tables_read", DataTypes.createArrayType(DataTypes.StringType), true,
          "the lakehouse tables Spark's analysed plan reads (null: refused or failed before analysis)")
      .add("rows_returned", DataTypes.LongType, true, "rows sent to the client (null: none, the statement did not run)")
      .add("duration_ms", DataTypes.LongType, false, "milliseconds from arrival to the last row or the error")
      .add("outcome", DataTypes.StringType, false, "ok, refused, cancelled or failed")
      .add("reason", DataTypes.StringType, true, "why it was refused, cancelled or failed, in one line (null when ok)");

  /** What became of one statement. */
  enum Outcome { OK, REFUSED, CANCELLED, FAILED }

  private final Lakehouse lakehouse;
  private final ConcurrentLinkedQueue<Row> pending = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "serve-query-log");
    t.setDaemon(true);
    return t;
  });

  QueryLog(Lakehouse lakehouse, int flushSeconds) {
    this.lakehouse = lakehouse;
    flusher.scheduleWithFixedDelay(this::flushQuietly, flushSeconds, flushSeconds, TimeUnit.SECONDS);
  }

  void record(long startedMillis, String user, String role, String statement, Set<String> tables, Long rows,
      Outcome outcome, String reason) {
    pending.add(RowFactory.create(new Timestamp(startedMillis), user, role, statement,
        tables == null ? null : List.copyOf(tables), rows,
        System.currentTimeMillis() - startedMillis, outcome.name().toLowerCase(java.util.Locale.ROOT), reason));
  }

  /** Appends what is queued, in one commit. */
  synchronized void flush() {
    List<Row> batch = new ArrayList<>();
    for (Row r; (r = pending.poll()) != null; ) batch.add(r);
    if (batch.isEmpty()) return;
    try {
      lakehouse.append(TABLE, lakehouse.spark().createDataFrame(batch, SCHEMA));
    } catch (RuntimeException e) {
      pending.addAll(batch); // not committed: the next flush tries these rows again
      throw e;
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      System.err.println("serve: could not append to " + TABLE + " (kept for the next try): " + e.getMessage());
    }
  }

  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }
}
