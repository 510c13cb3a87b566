package edubalance.lakehouse;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ops.runs}: one row per job run that wrote to the lakehouse, with the version every table
 * had when it finished. {@code --as-of <run_id>} reads the lakehouse as that run left it.
 */
public final class RunLog {
  private RunLog() {}

  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.LongType, false, "sequence number of the run, from 1")
      .add("job", DataTypes.StringType, false, "the jobs/ command that ran")
      .add("arguments", DataTypes.StringType, true, "its command-line options")
      .add("started_at", DataTypes.TimestampType, false, "when the run started")
      .add("finished_at", DataTypes.TimestampType, false, "when it finished, after its last write")
      .add("table_versions", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false,
          "the Delta version of every table when the run finished")
      .add("duration_s", DataTypes.DoubleType, true, "finished_at - started_at, in seconds (null in runs recorded before it existed)")
      .add("rows_read", DataTypes.LongType, true,
          "rows the run read: CSV rows for an ingest, rows of the tables read for metrics and rollup (null: not counted)")
      .add("rows_written", DataTypes.LongType, true, "rows its commits wrote, ops tables included")
      .add("outcome", DataTypes.StringType, true, "ok, or failed: <the error in one line> (a run killed outright records nothing)");

  /** Appends the successful run and returns its id; rows read are those of the tables it read. */
  public static long record(Lakehouse lakehouse, String job, String arguments, Timestamp startedAt) {
    return record(lakehouse, job, arguments, startedAt, lakehouse.takeRowsOfTablesRead(), "ok");
  }

  /** Appends the successful run that read {@code rowsRead} rows (an ingest: its CSV rows) and returns its id. */
  public static long record(Lakehouse lakehouse, String job, String arguments, Timestamp startedAt, long rowsRead) {
    lakehouse.takeRowsOfTablesRead();
    return record(lakehouse, job, arguments, startedAt, rowsRead, "ok");
  }

  /**
   * Records a run that failed, with its error in one line, so jobs/status can tell which tables it
   * left behind; best effort: a lakehouse that cannot be written is not written, and the job's own
   * error is what the user sees.
   */
  public static void recordFailure(Lakehouse lakehouse, String job, String arguments, Timestamp startedAt, Throwable e) {
    try {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().lines().findFirst().orElse("");
      record(lakehouse, job, arguments, startedAt, null, "failed: " + (why.length() > 300 ? why.substring(0, 300) + "..." : why));
    } catch (RuntimeException ignored) {
      // Recording is secondary to reporting the failure itself.
    }
  }

  private static long record(Lakehouse lakehouse, String job, String arguments, Timestamp startedAt, Long rowsRead,
      String outcome) {
    long next = 1;
    // The few hundred rows of ops.runs are read without a Spark job.
    for (Object[] r : lakehouse.files().rows("ops.runs", "run_id")) next = Math.max(next, (Long) r[0] + 1);
    Map<String, Long> versions = lakehouse.currentVersions();
    versions.remove("ops.runs");
    Timestamp finished = new Timestamp(System.currentTimeMillis());
    Row row = RowFactory.create(next, job, arguments, startedAt, finished,
        scala.jdk.javaapi.CollectionConverters.asScala(versions), (finished.getTime() - startedAt.getTime()) / 1000.0,
        rowsRead, lakehouse.takeRowsWritten(), outcome);
    Dataset<Row> df = lakehouse.spark().createDataFrame(List.of(row), SCHEMA);
    // A log written before duration_s, rows and outcome existed gains them (older runs read null).
    lakehouse.appendAddingColumns("ops.runs", df);
    return next;
  }
}
