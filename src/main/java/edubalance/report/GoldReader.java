package edubalance.report;

import edubalance.conf.Settings;
import edubalance.lakehouse.Lakehouse;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Reads every table of a report at one lakehouse version: the one {@code --as-of} names (a run of
 * ops.runs or a timestamp, {@link Lakehouse#versionsAsOf}), or else each table's latest version,
 * pinned when the report first reads it. A table read twice gives the same rows, and the report
 * states the version of every table it read.
 */
public final class GoldReader {
  /** Where a table's rows at a version come from: its files, or a copy already in memory ({@code jobs/serve}'s). */
  @FunctionalInterface
  public interface TableSource {
    Dataset<Row> read(String table, long version);
  }

  private final Lakehouse lakehouse;
  private final TableSource source;
  private final String asOf;
  private final Map<String, Long> pinned;
  private final Map<String, Long> read = new TreeMap<>();
  private final Long runId;
  private final Settings settings;

  /** With the packaged settings (conf/), for the thresholds a report quotes. */
  public GoldReader(Lakehouse lakehouse, String asOf) {
    this(lakehouse, asOf, Settings.load(null));
  }

  public GoldReader(Lakehouse lakehouse, String asOf, Settings settings) {
    this(lakehouse, asOf, settings, lakehouse::read);
  }

  public GoldReader(Lakehouse lakehouse, String asOf, Settings settings, TableSource source) {
    this.lakehouse = lakehouse;
    this.source = source;
    this.settings = settings;
    this.asOf = asOf;
    // Only the tables a report reads are looked up: the latest version of every table of the
    // lakehouse would cost a Delta history read each.
    this.pinned = asOf == null ? new TreeMap<>() : lakehouse.versionsAsOf(asOf);
    this.runId = asOf != null && asOf.matches("\\d+") ? Long.valueOf(asOf) : latestRun();
  }

  /** The run the versions belong to: the latest of ops.runs (at or before the as-of timestamp). */
  private Long latestRun() {
    // Without --as-of, the run whose table versions the report reads: the latest.
    Long v = asOf == null ? Long.valueOf(lakehouse.version("ops.runs")) : pinned.get("ops.runs");
    if (v == null || v < 0) return null;
    Row max = source.read("ops.runs", v).agg(functions.max("run_id")).first();
    return max.isNullAt(0) ? null : max.getLong(0);
  }

  /** The settings whose standards the report quotes (read with province overrides, {@link Settings#forProvince}). */
  public Settings settings() {
    return settings;
  }

  public boolean has(String table) {
    Long v = asOf == null ? pinned.computeIfAbsent(table, lakehouse::version) : pinned.get(table);
    return v != null && v >= 0;
  }

  /** The table at its pinned version; a table absent (then) is an error naming the job that writes it. */
  public Dataset<Row> read(String table) {
    if (!has(table)) {
      throw new IllegalArgumentException(table + " is not in the lakehouse " + lakehouse.root()
          + (asOf == null ? "" : " as of " + asOf) + ": run jobs/pipeline (or jobs/metrics, jobs/rollup) first");
    }
    read.put(table, pinned.get(table));
    return source.read(table, pinned.get(table));
  }

  /** Names of these division codes from silver.divisions, when delivered (a code without one is shown bare). */
  public Map<String, String> names(java.util.Collection<String> codes) {
    Map<String, String> out = new TreeMap<>();
    if (!has("silver.divisions") || codes.isEmpty()) return out;
    for (Row r : read("silver.divisions").where(functions.col("code").isin(codes.toArray()))
        .select("code", "name").collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  /** Names of these schools in a school year from silver.schools, when delivered (an id without one is shown bare). */
  public Map<String, String> schoolNames(java.util.Collection<String> ids, int schoolYear) {
    Map<String, String> out = new TreeMap<>();
    if (!has("silver.schools") || ids.isEmpty()) return out;
    for (Row r : read("silver.schools").where(functions.col("school_year").equalTo(schoolYear)
        .and(functions.col("school_id").isin(ids.toArray()))).select("school_id", "school_name").collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  public Report.Provenance provenance() {
    return new Report.Provenance(runId, asOf, new TreeMap<>(read));
  }
}
