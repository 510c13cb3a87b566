package edubalance.lakehouse;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The lakehouse: one root directory of Delta tables {@code <layer>/<table>}, seen from SQL as
 * {@code <layer>.<table>}. Every read and write of a table goes through here, so paths, table
 * registration and the write modes (overwrite, replace a slice, merge) are in one place.
 */
public final class Lakehouse {
  public static final List<String> LAYERS = List.of("bronze", "silver", "quarantine", "gold", "ops");

  private final SparkSession spark;
  /** Paths, versions and commit metrics: what needs no Spark job. */
  private final LakehouseFiles files;

  public Lakehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.files = new LakehouseFiles(root, spark.sparkContext().hadoopConfiguration());
  }

  public SparkSession spark() {
    return spark;
  }

  public String root() {
    return files.root();
  }

  /** The same lakehouse read as files, without Spark jobs (see {@link LakehouseFiles}). */
  public LakehouseFiles files() {
    return files;
  }

  /** Path of {@code layer.table}, e.g. {@code silver.schools} → {@code <root>/silver/schools}. */
  public String path(String qualifiedName) {
    return files.path(qualifiedName);
  }

  public boolean exists(String qualifiedName) {
    return files.exists(qualifiedName);
  }

  public Dataset<Row> read(String qualifiedName) {
    tablesRead.add(qualifiedName);
    return spark.read().format("delta").load(path(qualifiedName));
  }

  /** Tables read and rows committed since the last run recorded (RunLog): a run's rows read and written. */
  private final java.util.Set<String> tablesRead = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong rowsWritten = new java.util.concurrent.atomic.AtomicLong();

  /** Rows committed since the last call (each commit's numOutputRows). */
  long takeRowsWritten() {
    return rowsWritten.getAndSet(0);
  }

  /** Rows of the silver and gold tables read since the last call, from their files' statistics; null when unknown. */
  Long takeRowsOfTablesRead() {
    Long rows = 0L;
    for (String t : new java.util.TreeSet<>(tablesRead)) {
      if (!(t.startsWith("silver.") || t.startsWith("gold.")) || !exists(t)) continue;
      Long r = files.stats(t).rows();
      rows = rows == null || r == null ? null : rows + r;
    }
    tablesRead.clear();
    return rows;
  }

  /**
   * Whether the table holds rows of any of {@code years} in its partition column {@code yearColumn}
   * (only those partitions are listed); a table without a year column: whether it exists.
   */
  public boolean hasRowsOfYears(String qualifiedName, String yearColumn, List<Integer> years) {
    if (!exists(qualifiedName)) return false;
    if (yearColumn == null) return true;
    return !years.isEmpty() && !read(qualifiedName).where(functions.col(yearColumn).isin(years.toArray())).isEmpty();
  }

  /** The table at one of its versions. */
  public Dataset<Row> read(String qualifiedName, long version) {
    tablesRead.add(qualifiedName);
    return spark.read().format("delta").option("versionAsOf", version).load(path(qualifiedName));
  }

  /** The table as it was at {@code asOf} (see {@link #versionsAsOf}); absent then is an error. */
  public Dataset<Row> readAsOf(String qualifiedName, String asOf) {
    if (asOf == null) return read(qualifiedName);
    Long v = versionsAsOf(asOf).get(qualifiedName);
    if (v == null) throw new IllegalArgumentException(qualifiedName + " did not exist as of " + asOf);
    return read(qualifiedName, v);
  }

  /** The latest committed version of a table, or -1 when it does not exist yet (one listing of its log). */
  public long version(String qualifiedName) {
    return files.version(qualifiedName);
  }

  /** See {@link LakehouseFiles#lastCommitMetric}. */
  public long lastCommitMetric(String qualifiedName, String metric) {
    return files.lastCommitMetric(qualifiedName, metric);
  }

  public DeltaTable delta(String qualifiedName) {
    return DeltaTable.forPath(spark, path(qualifiedName));
  }

  /**
   * Replaces the whole table with {@code rows} in one commit. Delta commits nothing when an empty
   * table is overwritten with no rows; a table property then records the rewrite, so the table's
   * last commit still says it was recomputed (jobs/status judges staleness by it).
   */
  public void overwrite(String qualifiedName, Dataset<Row> rows, String... partitionBy) {
    long before = exists(qualifiedName) ? version(qualifiedName) : -1;
    commit(qualifiedName, () -> writer(rows, partitionBy).mode(SaveMode.Overwrite).option("overwriteSchema", "true")
        .save(path(qualifiedName)));
    if (before >= 0 && version(qualifiedName) == before) {
      spark.sql("ALTER TABLE delta.`" + path(qualifiedName) + "` SET TBLPROPERTIES ('" + LakehouseFiles.REWRITTEN_AT
          + "' = '" + System.currentTimeMillis() + "')");
    }
  }

  /**
   * Replaces the rows matching {@code predicate} (a SQL condition) with {@code rows}, in one
   * commit; creates the table when absent. Re-running it with the same rows leaves the same table,
   * which is what makes a re-run job idempotent.
   */
  public void replaceWhere(String qualifiedName, Dataset<Row> rows, String predicate, String... partitionBy) {
    DataFrameWriter<Row> w = writer(rows, partitionBy).mode(SaveMode.Overwrite);
    if (exists(qualifiedName)) w = w.option("replaceWhere", predicate);
    DataFrameWriter<Row> write = w;
    commit(qualifiedName, () -> write.save(path(qualifiedName)));
  }

  /** Appends {@code rows} in one commit; creates the table when absent. */
  public void append(String qualifiedName, Dataset<Row> rows, String... partitionBy) {
    commit(qualifiedName, () -> writer(rows, partitionBy).mode(SaveMode.Append).save(path(qualifiedName)));
  }

  /** Appends like {@link #append}, adding to the table the columns {@code rows} has and it lacks. */
  public void appendAddingColumns(String qualifiedName, Dataset<Row> rows) {
    commit(qualifiedName, () -> writer(rows).mode(SaveMode.Append).option("mergeSchema", "true").save(path(qualifiedName)));
  }

  /** Deletes the rows matching {@code condition}, in one commit. */
  public void delete(String qualifiedName, Column condition) {
    commit(qualifiedName, () -> delta(qualifiedName).delete(condition));
  }

  /** Every write of a table goes through here: one Delta commit, with the fault tests' {@link CrashPoint}s around it. */
  private void commit(String qualifiedName, Runnable write) {
    try (AutoCloseable during = CrashPoint.during(spark, qualifiedName, path(qualifiedName))) {
      write.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    long written = lastCommitMetric(qualifiedName, "numOutputRows");
    if (written > 0) rowsWritten.addAndGet(written);
    CrashPoint.reach(qualifiedName + ":committed");
  }

  /**
   * Upserts {@code rows} by {@code keys}: new keys are inserted, existing keys whose values differ
   * are replaced (a correction), identical rows are left alone so a repeated delivery changes
   * nothing. {@code compared} lists the columns whose change counts as a correction.
   * {@code prune} narrows the target scan (e.g. {@code t.school_year IN (2023, 2024)}), may be null.
   */
  public void upsert(String qualifiedName, Dataset<Row> rows, List<String> keys, List<String> compared,
      String prune, String... partitionBy) {
    if (!exists(qualifiedName)) {
      commit(qualifiedName, () -> writer(rows, partitionBy).mode(SaveMode.Overwrite).save(path(qualifiedName)));
      return;
    }
    StringBuilder on = new StringBuilder();
    for (String k : keys) {
      if (on.length() > 0) on.append(" AND ");
      on.append("t.`").append(k).append("` = s.`").append(k).append('`');
    }
    if (prune != null) on.append(" AND ").append(prune);
    StringBuilder changed = new StringBuilder();
    for (String c : compared) {
      if (changed.length() > 0) changed.append(" OR ");
      changed.append("NOT (t.`").append(c).append("` <=> s.`").append(c).append("`)");
    }
    commit(qualifiedName, () -> delta(qualifiedName).as("t").merge(rows.as("s"), on.toString())
        .whenMatched(changed.length() == 0 ? "false" : changed.toString()).updateAll()
        .whenNotMatched().insertAll()
        .execute());
  }

  private static DataFrameWriter<Row> writer(Dataset<Row> rows, String... partitionBy) {
    DataFrameWriter<Row> w = rows.write().format("delta");
    if (partitionBy.length > 0) w = w.partitionBy(partitionBy);
    return w;
  }

  /** Registers every existing table; see {@link #register}. */
  public void registerAll(String asOf) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (String layer : LAYERS) {
      for (String table : tablesIn(layer)) names.add(layer + "." + table);
    }
    register(names, asOf);
  }

  /**
   * Registers the named tables as {@code <layer>.<table>} in the session catalog, so a statement
   * opens only what it reads. Without {@code asOf} a table is registered by its path: each query
   * then reads its latest Delta snapshot, and a table already registered at this location is left
   * as it is. With {@code asOf} a table is a view of the version it had then (see
   * {@link #versionsAsOf}), except {@code ops} tables, read as they are now: they log the runs
   * themselves, and a run's own record is written after the versions it lists. A name with no
   * table (now, or then) is left out, and the query fails on it with Spark's own message.
   */
  public synchronized void register(java.util.Collection<String> names, String asOf) {
    java.util.Map<String, Long> versions = asOf == null ? null : versionsAsOf(asOf, names);
    for (String name : new java.util.TreeSet<>(names)) {
      boolean latest = versions == null || name.startsWith("ops.");
      // Already registered here (every statement of jobs/serve after the first): no catalog statement runs.
      if (latest && registeredAt(name)) continue;
      if (!exists(name)) continue;
      String layer = split(name)[0];
      // The layer's own directory as the database's location: Spark's default, spark-warehouse/ in the
      // working directory, would leave a directory behind wherever a statistician runs jobs/sql.
      if (!spark.sessionState().catalog().databaseExists(layer)) {
        spark.sql("CREATE DATABASE IF NOT EXISTS " + layer + " LOCATION '" + quoted(root() + "/" + layer) + "'");
      }
      // Registration only: these are external tables, dropping one leaves its files alone. It is
      // redone when the location differs, so a session reused across lakehouses never points at another's.
      unregister(name);
      if (latest) {
        spark.sql("CREATE TABLE " + name + " USING delta LOCATION '" + quoted(path(name)) + "'");
      } else if (versions.containsKey(name)) {
        spark.sql("CREATE OR REPLACE VIEW " + name + " AS SELECT * FROM delta.`" + path(name).replace("`", "``")
            + "` VERSION AS OF " + versions.get(name));
      }
    }
  }

  /** A path inside a SQL string literal ('…'). */
  private static String quoted(String path) {
    return path.replace("\\", "\\\\").replace("'", "\\'");
  }

  private void unregister(String name) {
    if (!spark.catalog().tableExists(name)) return;
    try {
      boolean view = "VIEW".equalsIgnoreCase(spark.catalog().getTable(name).tableType());
      spark.sql((view ? "DROP VIEW " : "DROP TABLE ") + name);
    } catch (org.apache.spark.sql.AnalysisException e) {
      throw new IllegalStateException("cannot re-register " + name + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code name} is registered as a table (not a view) at this lakehouse's location. */
  private boolean registeredAt(String name) {
    String[] parts = split(name);
    org.apache.spark.sql.catalyst.TableIdentifier id =
        new org.apache.spark.sql.catalyst.TableIdentifier(parts[1], scala.Option.apply(parts[0]));
    org.apache.spark.sql.catalyst.catalog.SessionCatalog catalog = spark.sessionState().catalog();
    if (!catalog.tableExists(id)) return false;
    try {
      org.apache.spark.sql.catalyst.catalog.CatalogTable t = catalog.getTableRawMetadata(id);
      return !"VIEW".equals(t.tableType().name()) && new Path(t.location()).toString().equals(path(name));
    } catch (org.apache.spark.sql.AnalysisException e) {
      return false; // dropped meanwhile: register it again
    }
  }

  /**
   * The version of every table at a point in the past. {@code asOf} is either a timestamp
   * ({@code 2025-03-31} or {@code 2025-03-31 18:00:00}): each table's last commit at or before it;
   * or a run number of {@code ops.runs}: the versions that run left behind, so figures published
   * by that run can be reproduced after later corrections.
   */
  public java.util.Map<String, Long> versionsAsOf(String asOf) {
    return versionsAsOf(asOf, null);
  }

  /** {@link #versionsAsOf(String)} for the tables named (all when null): a timestamp reads only their histories. */
  public java.util.Map<String, Long> versionsAsOf(String asOf, java.util.Collection<String> names) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    if (asOf.matches("\\d+")) {
      if (!exists("ops.runs")) throw new IllegalArgumentException("--as-of " + asOf + ": no runs recorded in ops.runs");
      refuseIfVacuumed(asOf, Long.parseLong(asOf), null);
      List<Row> run = read("ops.runs").where(functions.col("run_id").equalTo(Long.parseLong(asOf)))
          .select(functions.explode(functions.col("table_versions"))).collectAsList();
      if (run.isEmpty()) throw new IllegalArgumentException("--as-of " + asOf + ": no such run in ops.runs");
      for (Row r : run) out.put(r.getString(0), r.getLong(1));
      return out;
    }
    java.sql.Timestamp ts;
    try {
      ts = java.sql.Timestamp.valueOf(asOf.length() == 10 ? asOf + " 23:59:59.999" : asOf);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--as-of takes a run number or a timestamp yyyy-MM-dd[ HH:mm:ss]: " + asOf);
    }
    refuseIfVacuumed(asOf, null, ts);
    for (String layer : LAYERS) {
      for (String table : tablesIn(layer)) {
        String name = layer + "." + table;
        if (names != null && !names.contains(name)) continue;
        List<Row> v = delta(name).history().where(functions.col("timestamp").leq(functions.lit(ts)))
            .agg(functions.max("version")).collectAsList();
        if (!v.isEmpty() && !v.get(0).isNullAt(0)) out.put(name, v.get(0).getLong(0));
      }
    }
    return out;
  }

  /**
   * Refuses an {@code --as-of} (a run, or a time) older than what jobs/maintain kept
   * ({@link Maintenance#reproducibleFrom}), naming the oldest run still reproducible.
   */
  private void refuseIfVacuumed(String asOf, Long runId, java.sql.Timestamp at) {
    java.sql.Timestamp from = Maintenance.reproducibleFrom(files);
    if (from == null) return;
    long fromMicros = from.getTime() * 1000;
    Long oldestKept = null;
    Long finished = null;
    for (Object[] r : files.rows("ops.runs", "run_id", "finished_at")) {
      long id = (Long) r[0];
      if ((Long) r[1] >= fromMicros && (oldestKept == null || id < oldestKept)) oldestKept = id;
      if (runId != null && id == runId) finished = (Long) r[1];
    }
    boolean gone = runId != null ? finished != null && finished < fromMicros : at.before(from);
    if (gone) {
      throw new IllegalArgumentException("--as-of " + asOf + ": older than what jobs/maintain kept (runs finished since "
          + from.toString().replaceAll("\\.\\d+$", "") + "); "
          + (oldestKept == null ? "no run is reproducible any more" : "the oldest run still reproducible is run " + oldestKept));
    }
  }

  /** The latest version of every table now, as recorded in {@code ops.runs} after each job. */
  public java.util.Map<String, Long> currentVersions() {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    for (String layer : LAYERS) {
      tableVersionsIn(layer).forEach((table, v) -> out.put(layer + "." + table, v));
    }
    return out;
  }

  /** Names of the Delta tables present in a layer. */
  public List<String> tablesIn(String layer) {
    return List.copyOf(tableVersionsIn(layer).keySet());
  }

  private java.util.SortedMap<String, Long> tableVersionsIn(String layer) {
    return files.tableVersionsIn(layer);
  }

  private static String[] split(String qualifiedName) {
    return LakehouseFiles.split(qualifiedName);
  }
}
