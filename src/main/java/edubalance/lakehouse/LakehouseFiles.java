package edubalance.lakehouse;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The lakehouse as files, with no SparkSession: where each table lives, its newest version (one
 * listing of its Delta log), a commit's metrics, and the rows of a small table read with Delta
 * Kernel. What a job consults before it decides to start Spark (an unchanged delivery), and what
 * should cost no Spark job inside one.
 */
public final class LakehouseFiles {
  private final String root;
  private final Configuration hadoop;

  /** {@code root} as given ({@code ./lakehouse}) is qualified ({@code file:/work/lakehouse}): locations must not depend on the working directory. */
  public LakehouseFiles(String root, Configuration hadoop) {
    this.hadoop = hadoop;
    String trimmed = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    try {
      Path p = new Path(trimmed);
      this.root = p.getFileSystem(hadoop).makeQualified(p).toString();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot resolve lakehouse " + root + ": " + e.getMessage(), e);
    }
  }

  public String root() {
    return root;
  }

  /** Path of {@code layer.table}, e.g. {@code silver.schools} → {@code <root>/silver/schools}. */
  public String path(String qualifiedName) {
    String[] parts = split(qualifiedName);
    return root + "/" + parts[0] + "/" + parts[1];
  }

  /** The latest committed version of a table, or -1 when it does not exist yet. */
  public long version(String qualifiedName) {
    return newestVersion(new Path(path(qualifiedName)));
  }

  public boolean exists(String qualifiedName) {
    return version(qualifiedName) >= 0;
  }

  /** A commit {@code NNN.json} or a checkpoint {@code NNN.checkpoint[.k.n|.uuid].parquet|json} of a Delta log. */
  private static final Pattern LOG_ENTRY = Pattern.compile("(\\d{20})\\.(json|checkpoint\\..*)");

  /**
   * The newest version in {@code table}'s {@code _delta_log}, read from the file names of one
   * directory listing, without loading a snapshot (-1: no table). Commits are published atomically
   * under their final name, so the highest {@code NNN.json} is the latest version; after log
   * cleanup a checkpoint may be newer than every json left, hence both count.
   */
  private long newestVersion(Path table) {
    try {
      Path log = new Path(table, "_delta_log");
      long newest = -1;
      for (FileStatus f : log.getFileSystem(hadoop).listStatus(log)) {
        Matcher m = LOG_ENTRY.matcher(f.getPath().getName());
        if (f.isFile() && m.matches()) newest = Math.max(newest, Long.parseLong(m.group(1)));
      }
      return newest;
    } catch (FileNotFoundException e) {
      return -1;
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the Delta log of " + table + ": " + e.getMessage(), e);
    }
  }

  /**
   * A figure of the operation metrics Delta recorded for the table's latest commit, e.g.
   * {@code numOutputRows} of a write (the rows it wrote), read from that commit's log file; -1
   * when there is no table or the commit did not record it.
   */
  public long lastCommitMetric(String qualifiedName, String metric) {
    long v = version(qualifiedName);
    if (v < 0) return -1;
    com.fasterxml.jackson.databind.JsonNode value = commitInfo(qualifiedName, v).path("operationMetrics").path(metric);
    try {
      return value.isMissingNode() ? -1 : Long.parseLong(value.asText());
    } catch (NumberFormatException e) {
      throw new IllegalStateException("cannot read " + metric + " of " + qualifiedName + " version " + v + ": " + value, e);
    }
  }

  /** Operations of jobs/maintain: they rewrite files or settings, not the table's rows. */
  static final java.util.Set<String> MAINTENANCE = java.util.Set.of("OPTIMIZE", "SET TBLPROPERTIES", "VACUUM START", "VACUUM END");

  /**
   * The table property {@link Lakehouse#overwrite} sets when Delta committed nothing (an empty table
   * recomputed empty): that commit counts as a change of the rows.
   */
  static final String REWRITTEN_AT = "edubalance.rewritten_at";

  /**
   * When the table's rows last changed: the time of its newest commit that is not maintenance
   * ({@link #MAINTENANCE}) or that records an empty rewrite ({@link #REWRITTEN_AT}), read from the
   * commits' log files back from the newest; -1 when only a checkpoint is left of it (then the
   * caller takes the snapshot's time).
   */
  public long lastDataChangeMillis(String qualifiedName) {
    for (long v = version(qualifiedName); v >= 0; v--) {
      com.fasterxml.jackson.databind.JsonNode info = commitInfo(qualifiedName, v);
      if (info.isMissingNode()) return -1;
      boolean rewrite = info.path("operationParameters").path("properties").asText().contains(REWRITTEN_AT);
      if (rewrite || !MAINTENANCE.contains(info.path("operation").asText())) return info.path("timestamp").asLong();
    }
    return -1;
  }

  /** The {@code commitInfo} of a commit's log file; a missing node when only a checkpoint is left of it. */
  private com.fasterxml.jackson.databind.JsonNode commitInfo(String qualifiedName, long version) {
    Path commit = new Path(path(qualifiedName) + "/_delta_log/" + String.format("%020d.json", version));
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
        commit.getFileSystem(hadoop).open(commit), java.nio.charset.StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        com.fasterxml.jackson.databind.JsonNode info = json.readTree(line).path("commitInfo");
        if (!info.isMissingNode()) return info;
      }
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    } catch (FileNotFoundException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + commit + ": " + e.getMessage(), e);
    }
  }

  /** The Delta tables of a layer by name, with their latest versions: one listing per table's log. */
  public SortedMap<String, Long> tableVersionsIn(String layer) {
    SortedMap<String, Long> out = new TreeMap<>();
    Path dir = new Path(root + "/" + layer);
    try {
      for (FileStatus s : dir.getFileSystem(hadoop).listStatus(dir)) {
        if (!s.isDirectory()) continue;
        long v = newestVersion(s.getPath());
        if (v >= 0) out.put(s.getPath().getName(), v);
      }
      return out;
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The rows of a small table's latest version, the named columns only (string, int, long,
   * double and timestamp columns, a timestamp as microseconds, an array as its length; a column the
   * table lacks reads null), read with Delta Kernel: no Spark job, so a log of a few thousand rows costs
   * milliseconds rather than a planned query. Empty when there is no table.
   */
  public List<Object[]> rows(String qualifiedName, String... columns) {
    List<Object[]> out = new ArrayList<>();
    if (!exists(qualifiedName)) return out;
    Engine engine = DefaultEngine.create(hadoop);
    Snapshot snapshot = Table.forPath(engine, path(qualifiedName)).getLatestSnapshot(engine);
    StructType all = snapshot.getSchema();
    StructType wanted = new StructType();
    // A column the table does not have (yet: a log written by an older version) reads null.
    for (String c : columns) if (all.fieldNames().contains(c)) wanted = wanted.add(all.get(c));
    Scan scan = snapshot.getScanBuilder().withReadSchema(wanted).build();
    io.delta.kernel.data.Row state = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(state);
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            io.delta.kernel.data.Row file = fileRows.next();
            CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(file)),
                    physical, Optional.empty())
                .map(r -> r.getData());
            try (CloseableIterator<FilteredColumnarBatch> batches = Scan.transformPhysicalData(engine, state, file, data)) {
              while (batches.hasNext()) addRows(batches.next(), columns, out);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + qualifiedName + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** A table's latest version as jobs/status shows it: its data files, their bytes and rows, and when its rows last changed. */
  public record TableStats(long version, long files, long bytes, Long rows, long writtenAtMillis) {}

  /**
   * What jobs/maintain decides on, from the log and one listing (no Spark): the latest version's
   * data files and their partitions, the table's columns and properties, and the data files on
   * disk (more than the version's: some only older versions need, for VACUUM) with the time the
   * oldest of those unused was written, and whether the latest version has a checkpoint.
   */
  public record Layout(long files, long bytes, long partitions, java.util.List<String> columns,
      java.util.List<String> partitionColumns, java.util.Map<String, String> properties, long filesOnDisk,
      long oldestUnusedMillis, boolean checkpointed) {}

  public Layout layout(String qualifiedName) {
    Engine engine = DefaultEngine.create(hadoop);
    io.delta.kernel.internal.SnapshotImpl snapshot =
        (io.delta.kernel.internal.SnapshotImpl) Table.forPath(engine, path(qualifiedName)).getLatestSnapshot(engine);
    long files = 0;
    long bytes = 0;
    java.util.Set<java.util.Map<String, String>> partitions = new java.util.HashSet<>();
    java.util.Set<String> used = new java.util.HashSet<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = snapshot.getScanBuilder().build().getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> it = batches.next().getRows()) {
          while (it.hasNext()) {
            io.delta.kernel.data.Row file = it.next();
            files++;
            io.delta.kernel.utils.FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
            bytes += status.getSize();
            used.add(new Path(status.getPath()).getName());
            partitions.add(InternalScanFileUtils.getPartitionValues(file));
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + qualifiedName + ": " + e.getMessage(), e);
    }
    long onDisk = 0;
    long oldestUnused = Long.MAX_VALUE;
    boolean checkpointed = false;
    try {
      for (FileStatus f : new Path(path(qualifiedName) + "/_delta_log").getFileSystem(hadoop)
          .listStatus(new Path(path(qualifiedName) + "/_delta_log"))) {
        if (f.getPath().getName().startsWith(String.format("%020d.checkpoint", snapshot.getVersion()))) checkpointed = true;
      }
      Path dir = new Path(path(qualifiedName));
      org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> all = dir.getFileSystem(hadoop).listFiles(dir, true);
      while (all.hasNext()) {
        org.apache.hadoop.fs.LocatedFileStatus f = all.next();
        if (!f.getPath().getName().endsWith(".parquet") || f.getPath().toString().contains("/_delta_log/")) continue;
        onDisk++;
        if (!used.contains(f.getPath().getName())) oldestUnused = Math.min(oldestUnused, f.getModificationTime());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + qualifiedName + ": " + e.getMessage(), e);
    }
    return new Layout(files, bytes, Math.max(1, partitions.size()), snapshot.getSchema().fieldNames(),
        snapshot.getPartitionColumnNames(), snapshot.getMetadata().getConfiguration(), onDisk,
        oldestUnused, checkpointed);
  }

  private static final Pattern NUM_RECORDS = Pattern.compile("\"numRecords\":(\\d+)");

  /**
   * {@link TableStats} of a table's latest version, from its log alone (Delta Kernel, no Spark):
   * rows are the sum of the files' statistics, null when a file has none.
   */
  public TableStats stats(String qualifiedName) {
    Engine engine = DefaultEngine.create(hadoop);
    Snapshot snapshot = Table.forPath(engine, path(qualifiedName)).getLatestSnapshot(engine);
    long files = 0;
    long bytes = 0;
    Long rows = 0L;
    Scan scan = snapshot.getScanBuilder().build();
    try (CloseableIterator<FilteredColumnarBatch> batches = ((io.delta.kernel.internal.ScanImpl) scan).getScanFiles(engine, true)) {
      while (batches.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> it = batches.next().getRows()) {
          while (it.hasNext()) {
            io.delta.kernel.data.Row file = it.next();
            files++;
            bytes += InternalScanFileUtils.getAddFileStatus(file).getSize();
            io.delta.kernel.data.Row add = file.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
            String stats = add.isNullAt(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL) ? null
                : add.getString(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL);
            Matcher m = stats == null ? null : NUM_RECORDS.matcher(stats);
            rows = rows == null || m == null || !m.find() ? null : rows + Long.parseLong(m.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + qualifiedName + ": " + e.getMessage(), e);
    }
    long changed = lastDataChangeMillis(qualifiedName);
    return new TableStats(snapshot.getVersion(), files, bytes, rows, changed >= 0 ? changed : snapshot.getTimestamp(engine));
  }

  /** The rows of a batch its selection vector keeps (deletion vectors drop the others). */
  private static void addRows(FilteredColumnarBatch batch, String[] columns, List<Object[]> out) {
    ColumnarBatch b = batch.getData();
    Optional<ColumnVector> selected = batch.getSelectionVector();
    for (int r = 0; r < b.getSize(); r++) {
      if (selected.isPresent() && (selected.get().isNullAt(r) || !selected.get().getBoolean(r))) continue;
      Object[] row = new Object[columns.length];
      for (int c = 0; c < columns.length; c++) {
        int at = b.getSchema().indexOf(columns[c]);
        if (at < 0) continue;
        ColumnVector v = b.getColumnVector(at);
        if (v.isNullAt(r)) continue;
        if (v.getDataType() instanceof StringType) row[c] = v.getString(r);
        else if (v.getDataType() instanceof LongType) row[c] = v.getLong(r);
        else if (v.getDataType() instanceof IntegerType) row[c] = v.getInt(r);
        else if (v.getDataType() instanceof TimestampType) row[c] = v.getLong(r); // microseconds since 1970, UTC
        else if (v.getDataType() instanceof io.delta.kernel.types.DoubleType) row[c] = v.getDouble(r);
        else if (v.getDataType() instanceof io.delta.kernel.types.ArrayType) row[c] = v.getArray(r).getSize(); // its length
        else throw new IllegalArgumentException(columns[c] + ": only string, int, long, double, timestamp and array columns are read without Spark");
      }
      out.add(row);
    }
  }

  /** {@code layer.table} → {layer, table}; the layer must be one of {@link Lakehouse#LAYERS}. */
  static String[] split(String qualifiedName) {
    String[] parts = qualifiedName.split("\\.");
    if (parts.length != 2 || !Lakehouse.LAYERS.contains(parts[0])) {
      throw new IllegalArgumentException("table name must be <layer>.<table>, layer one of " + Lakehouse.LAYERS
          + ": " + qualifiedName);
    }
    return parts;
  }
}
