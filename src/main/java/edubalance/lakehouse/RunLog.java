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
          "the Delta version of every table when the run finished");

  /** Appends the run and returns its id. */
  public static long record(Lakehouse lakehouse, String job, String arguments, Timestamp startedAt) {
    long next = 1;
    // The few hundred rows of ops.runs are read without a Spark job.
    for (Object[] r : lakehouse.files().rows("ops.runs", "run_id")) next = Math.max(next, (Long) r[0] + 1);
    Map<String, Long> versions = lakehouse.currentVersions();
    versions.remove("ops.runs");
    Row row = RowFactory.create(next, job, arguments, startedAt, new Timestamp(System.currentTimeMillis()),
        scala.jdk.javaapi.CollectionConverters.asScala(versions));
    Dataset<Row> df = lakehouse.spark().createDataFrame(List.of(row), SCHEMA);
    lakehouse.append("ops.runs", df);
    return next;
  }
}
