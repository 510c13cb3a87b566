package edubalance.lakehouse;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Keeps a lakehouse that is written every month fit for years of it: for each table, small files
 * compacted (Delta OPTIMIZE, Z-ordered by county where the table has a county column), a checkpoint
 * of its log, and the files no version younger than the retention period needs removed (VACUUM).
 *
 * <p>The retention period (conf {@code maintain.retention_days}) is what keeps {@code --as-of}
 * honest: every run of {@code ops.runs} that finished within it stays reproducible, since VACUUM
 * removes only files that left the table more than that long ago, and each table's log is kept as
 * long ({@code delta.logRetentionDuration}; Delta's default, 30 days, would forget older versions).
 * Each maintenance is recorded in {@code ops.maintenance} with the date from which runs are still
 * reproducible; {@link #reproducibleFrom} tells {@code --as-of} where that ends.
 */
public final class Maintenance {
  private final Lakehouse lakehouse;
  private final int retentionDays;
  /** Tables maintained at once (conf {@code maintain.parallel_tables}). */
  private final int parallelTables;

  public Maintenance(Lakehouse lakehouse, int retentionDays, int parallelTables) {
    this.lakehouse = lakehouse;
    this.retentionDays = retentionDays;
    this.parallelTables = Math.max(1, parallelTables);
  }

  /** One table's files and bytes before and after, and what was done to it. */
  public record Done(String table, long filesBefore, long bytesBefore, long filesAfter, long bytesAfter, String actions) {}

  static final StructType LOG = new StructType()
      .add("maintained_at", DataTypes.TimestampType, false, "when jobs/maintain ran")
      .add("table_name", DataTypes.StringType, false, "the table, <layer>.<table>")
      .add("files_before", DataTypes.LongType, false, "data files of its latest version before")
      .add("bytes_before", DataTypes.LongType, false, "their size in bytes")
      .add("files_after", DataTypes.LongType, false, "data files of its latest version after")
      .add("bytes_after", DataTypes.LongType, false, "their size in bytes")
      .add("actions", DataTypes.StringType, false, "what was done: compacted, z-ordered by county_code, checkpoint, vacuumed N files")
      .add("retention_days", DataTypes.IntegerType, false, "files removed from the table longer ago than this were deleted")
      .add("reproducible_from", DataTypes.TimestampType, false,
          "runs that finished at or after this time stay reproducible with --as-of; older ones may not");

  /**
   * Maintains every table (or, with {@code dryRun}, says what it would do and changes nothing).
   * Tables of {@code ops} are maintained too; {@code ops.maintenance} gets its rows last.
   *
   * <p>Tables are independent, so several are maintained at once: a table's maintenance is mostly
   * the driver's (its log, listings, planning) with small Spark jobs between, which alone leave
   * the cores idle. The rows come back in table order whatever the order they finished in.
   */
  public List<Done> run(boolean dryRun) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<String> tables = new ArrayList<>();
    for (String layer : Lakehouse.LAYERS) {
      for (String t : lakehouse.tablesIn(layer)) tables.add(layer + "." + t);
    }
    List<Done> done = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallelTables, r -> {
      Thread t = new Thread(r, "maintain");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Done>> each = new ArrayList<>();
      for (String t : tables) each.add(pool.submit(() -> maintain(t, dryRun)));
      for (Future<Done> f : each) done.add(f.get());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("maintenance interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    if (!dryRun && !done.isEmpty()) {
      Timestamp from = new Timestamp(now.getTime() - retentionDays * 86_400_000L);
      List<Row> rows = new ArrayList<>();
      for (Done d : done) {
        rows.add(RowFactory.create(now, d.table(), d.filesBefore(), d.bytesBefore(), d.filesAfter(), d.bytesAfter(),
            d.actions(), retentionDays, from));
      }
      lakehouse.append("ops.maintenance", lakehouse.spark().createDataFrame(rows, LOG));
    }
    return done;
  }

  /**
   * One table. What it needs is read from its log and one listing (no Spark job): compaction only
   * where it has more files than partitions (Z-order rewrites every file, so only then), the
   * retention properties only when they differ, a checkpoint only where the latest version has
   * none, VACUUM only where a file the latest version does not use is older than the retention.
   */
  private Done maintain(String table, boolean dryRun) {
    String path = lakehouse.path(table);
    LakehouseFiles.Layout before = lakehouse.files().layout(table);
    boolean compact = before.files() > before.partitions();
    boolean byCounty = before.columns().contains("county_code") && !before.partitionColumns().contains("county_code")
        && !table.startsWith("ops.");
    String retention = "interval " + retentionDays + " days";
    boolean setRetention = !retention.equals(before.properties().get("delta.logRetentionDuration"))
        || !retention.equals(before.properties().get("delta.deletedFileRetentionDuration"));
    long unused = before.filesOnDisk() - before.files();
    List<String> actions = new ArrayList<>();
    if (dryRun) {
      if (compact) actions.add(byCounty ? "compact, z-order by county_code" : "compact");
      if (setRetention) actions.add("keep the log " + retentionDays + " days");
      if (before.oldestUnusedMillis() < System.currentTimeMillis() - retentionDays * 86_400_000L) {
        actions.add("vacuum the unused files (of " + unused + ") no version younger than " + retentionDays + " days needs");
      }
      return new Done(table, before.files(), before.bytes(), before.files(), before.bytes(),
          actions.isEmpty() ? "nothing to do" : "would " + String.join(", ", actions));
    }
    if (setRetention) {
      // VACUUM takes its retention from this property (Delta ignores a RETAIN other than 0 hours).
      lakehouse.spark().sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` SET TBLPROPERTIES ("
          + "'delta.logRetentionDuration' = '" + retention + "', 'delta.deletedFileRetentionDuration' = '" + retention + "')");
    }
    if (compact) {
      actions.add(byCounty ? "compacted, z-ordered by county_code" : "compacted");
      if (byCounty) lakehouse.delta(table).optimize().executeZOrderBy("county_code");
      else lakehouse.delta(table).optimize().executeCompaction();
      CrashPoint.reach("maintain:" + table + ":compacted");
    }
    LakehouseFiles.Layout compacted = compact || setRetention ? lakehouse.files().layout(table) : before;
    if (!compacted.checkpointed()) {
      DeltaLog.forTable(lakehouse.spark(), path).checkpoint();
      actions.add("checkpoint");
    }
    // A file left out of the table was written before it was left out: when every unused file was
    // written within the retention, none can have left longer ago, and VACUUM (a few Spark jobs) would delete nothing.
    if (compacted.oldestUnusedMillis() < System.currentTimeMillis() - retentionDays * 86_400_000L) {
      lakehouse.delta(table).vacuum(retentionDays * 24.0);
    }
    LakehouseFiles.Layout after = lakehouse.files().layout(table);
    if (compacted.filesOnDisk() > after.filesOnDisk()) actions.add("vacuumed " + (compacted.filesOnDisk() - after.filesOnDisk()) + " file(s)");
    return new Done(table, before.files(), before.bytes(), after.files(), after.bytes(), String.join(", ", actions));
  }

  /** When jobs/maintain last ran, or null when it never did (read without Spark). */
  public static Timestamp lastMaintained(LakehouseFiles files) {
    long latest = Long.MIN_VALUE;
    for (Object[] r : files.rows("ops.maintenance", "maintained_at")) latest = Math.max(latest, (Long) r[0]);
    return latest == Long.MIN_VALUE ? null : new Timestamp(latest / 1000);
  }

  /**
   * The time from which runs are reproducible, as the last jobs/maintain left it (null when none
   * ran: every run is). Read without Spark.
   */
  public static Timestamp reproducibleFrom(LakehouseFiles files) {
    long latest = Long.MIN_VALUE;
    for (Object[] r : files.rows("ops.maintenance", "reproducible_from")) latest = Math.max(latest, (Long) r[0]);
    return latest == Long.MIN_VALUE ? null : new Timestamp(latest / 1000);
  }
}
