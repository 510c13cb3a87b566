package edubalance.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import edubalance.lakehouse.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * {@code jobs/export --parquet DIR} (Parquet 快照): the gold tables (and silver with {@code --silver})
 * of one lakehouse version as plain Parquet files, for readers with no Delta support on a closed
 * network (pandas, polars, DuckDB). A Delta table's directory holds the files of every version, so
 * reading it as Parquet is wrong once a table has been rewritten; the snapshot holds only the rows
 * of the version named in its {@code manifest.json}.
 *
 * <p>The version: the one {@code --as-of} names, else the versions the latest run of ops.runs left
 * (the lakehouse as the last job completed it), else each table's latest. The snapshot is written
 * beside DIR and moved into place whole, the manifest last inside it: a reader never sees half a
 * snapshot, and a DIR that holds something other than a snapshot is never overwritten.
 */
public final class ParquetSnapshot {
  private ParquetSnapshot() {}

  public static final String MANIFEST = "manifest.json";

  /** Writes the snapshot into {@code dir}; returns the manifest written. */
  public static Path write(Lakehouse lakehouse, Path dir, List<String> layers, String asOf) {
    Path target = dir.toAbsolutePath().normalize();
    if (Files.exists(target) && !isSnapshotOrEmpty(target)) {
      throw new IllegalArgumentException("--parquet " + dir + " exists and is not a snapshot (no " + MANIFEST
          + "): choose a new or empty directory");
    }
    Map<String, Long> versions = versions(lakehouse, asOf);
    Long runId = asOf != null && asOf.matches("\\d+") ? Long.valueOf(asOf) : latestRun(lakehouse);
    Path staging = target.resolveSibling("." + target.getFileName() + ".writing-" + ProcessHandle.current().pid());
    SparkSession spark = lakehouse.spark();
    String timestampType = spark.conf().get("spark.sql.parquet.outputTimestampType");
    // Standard microsecond timestamps, which every Parquet reader takes (Spark's default INT96 is deprecated).
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    try {
      deleteTree(staging);
      Map<String, Object> tables = new TreeMap<>();
      for (Map.Entry<String, Long> e : versions.entrySet()) {
        String name = e.getKey();
        if (!layers.contains(name.substring(0, name.indexOf('.')))) continue;
        Dataset<Row> rows = lakehouse.read(name, e.getValue());
        String relative = name.replace('.', '/');
        // Gold tables are small: one file each. Silver keeps Spark's partitioning of the scan.
        (name.startsWith("gold.") ? rows.coalesce(1) : rows).write().parquet(staging.resolve(relative).toString());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("version", e.getValue());
        t.put("path", relative);
        t.put("rows", spark.read().parquet(staging.resolve(relative).toString()).count());
        List<Map<String, String>> columns = new ArrayList<>();
        for (StructField f : rows.schema().fields()) {
          Map<String, String> c = new LinkedHashMap<>();
          c.put("name", f.name());
          c.put("type", f.dataType().simpleString());
          c.put("comment", f.getComment().isDefined() ? f.getComment().get() : "");
          columns.add(c);
        }
        t.put("columns", columns);
        tables.put(name, t);
      }
      if (tables.isEmpty()) throw new IllegalArgumentException("no " + String.join(" or ", layers) + " table in " + lakehouse.root());
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("lakehouse", lakehouse.root());
      manifest.put("run_id", runId);
      manifest.put("as_of", asOf);
      manifest.put("written_at", Instant.now().toString());
      manifest.put("note", "plain Parquet, one directory per table at the Delta version given; map columns are Parquet maps");
      manifest.put("tables", tables);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(staging.resolve(MANIFEST).toFile(), manifest);
      deleteTree(target);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return target.resolve(MANIFEST);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the snapshot into " + dir + ": " + e.getMessage(), e);
    } finally {
      spark.conf().set("spark.sql.parquet.outputTimestampType", timestampType);
      deleteTree(staging);
    }
  }

  /** The versions of one lakehouse version: the --as-of's, the latest run's, or each table's latest. */
  static Map<String, Long> versions(Lakehouse lakehouse, String asOf) {
    if (asOf != null) return lakehouse.versionsAsOf(asOf);
    Long run = latestRun(lakehouse);
    // Every table at the version the latest run left, so all are of the same moment (a job writing
    // meanwhile is not seen half-way); with no run recorded, each table's latest.
    return run == null ? lakehouse.currentVersions() : lakehouse.versionsAsOf(String.valueOf(run));
  }

  private static Long latestRun(Lakehouse lakehouse) {
    if (!lakehouse.exists("ops.runs")) return null;
    Row max = lakehouse.read("ops.runs").agg(functions.max("run_id")).first();
    return max.isNullAt(0) ? null : max.getLong(0);
  }

  private static boolean isSnapshotOrEmpty(Path dir) {
    if (!Files.isDirectory(dir)) return false;
    if (Files.exists(dir.resolve(MANIFEST))) return true;
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
    }
  }
}
