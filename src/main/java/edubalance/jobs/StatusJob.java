package edubalance.jobs;

import edubalance.conf.Args;
import edubalance.conf.Settings;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.LakehouseFiles;
import edubalance.metrics.GoldModel;
import edubalance.metrics.GoldModels;
import edubalance.serve.ServeState;
import edubalance.text.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code jobs/status [--format text|json]}: the lakehouse on one screen, read from the Delta logs
 * alone (no Spark): each table's version, rows, files and size, when it was last written and by
 * which run; the last runs with their duration and outcome; the deliveries ingested and what each
 * refused and quarantined; whether a server runs; and health checks. Exit 1 when a check fails, so
 * a scheduler can alert on it:
 * <ul>
 *   <li>a table last written by a run that failed, or by one that never finished (killed);</li>
 *   <li>a gold table older than a table it is computed from (jobs/metrics or jobs/rollup is due);</li>
 *   <li>a table of more files than conf {@code status.max_files} (jobs/maintain is due).</li>
 * </ul>
 */
public final class StatusJob {
  private StatusJob() {}

  static final int RUNS_SHOWN = 10;

  /** jobs/serve's query history: appended by the server, which is no run of ops.runs. */
  static final String WRITTEN_BY_THE_SERVER = "ops.query_log";

  record Table(String name, long version, long files, long bytes, Long rows, long writtenAt, Long runId) {}

  record Run(long id, String job, long startedAt, long finishedAt, Double seconds, Long rowsRead, Long rowsWritten,
      String outcome) {}

  record Delivery(String id, String inbox, long finishedAt, int datasets, long read, long quarantined, int refused) {}

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.add("format");
    Args args = Args.parse(argv, valued, Set.of());
    String format = args.get("format", "text");
    if (!format.equals("text") && !format.equals("json")) throw new Args.UsageException("--format is text or json, not " + format);
    Settings settings = JobContext.settings(args);
    String root = args.get("lakehouse", settings.get("lakehouse"));
    LakehouseFiles files = new LakehouseFiles(root, new Configuration());
    if (!files.exists("ops.runs") && files.tableVersionsIn("silver").isEmpty()) {
      throw new IllegalArgumentException("no lakehouse at " + root + " (no ops.runs, no silver table)");
    }

    List<Run> runs = runs(files);
    List<Table> tables = new ArrayList<>();
    for (String layer : Lakehouse.LAYERS) {
      for (String t : files.tableVersionsIn(layer).keySet()) {
        String name = layer + "." + t;
        LakehouseFiles.TableStats s = files.stats(name);
        tables.add(new Table(name, s.version(), s.files(), s.bytes(), s.rows(), s.writtenAtMillis(), writer(runs, s.writtenAtMillis())));
      }
    }
    List<String> problems = checks(tables, runs, settings.getInt("status.max_files"));
    ServeState server = ServeState.find(root);
    String serving = server != null && server.alive() ? server.host() + ":" + server.port() + " (pid " + server.pid() + ")" : null;
    List<Delivery> deliveries = deliveries(files);

    if (format.equals("json")) {
      System.out.println(json(files.root(), tables, runs, deliveries, serving, problems));
    } else {
      print(files.root(), tables, runs, deliveries, serving, problems);
    }
    return problems.isEmpty() ? 0 : 1;
  }

  private static List<Run> runs(LakehouseFiles files) {
    List<Run> out = new ArrayList<>();
    for (Object[] r : files.rows("ops.runs", "run_id", "job", "started_at", "finished_at", "duration_s", "rows_read",
        "rows_written", "outcome")) {
      out.add(new Run((Long) r[0], (String) r[1], (Long) r[2] / 1000, (Long) r[3] / 1000, (Double) r[4], (Long) r[5],
          (Long) r[6], r[7] == null ? "ok" : (String) r[7]));
    }
    out.sort(Comparator.comparingLong(Run::id));
    return out;
  }

  /**
   * The run that wrote at {@code at}: started before it and finished after it (a run records itself
   * after its last write). Null when none did: the writing run died before recording itself.
   */
  private static Long writer(List<Run> runs, long at) {
    for (Run r : runs) if (r.startedAt() <= at && at <= r.finishedAt() + 1000) return r.id();
    return null;
  }

  private static List<Delivery> deliveries(LakehouseFiles files) {
    Map<String, Delivery> out = new LinkedHashMap<>();
    for (Object[] r : files.rows("ops.ingest_log", "delivery_id", "inbox", "finished_at", "read", "quarantined", "refused_files")) {
      Delivery d = out.get((String) r[0]);
      int refused = r[5] == null ? 0 : (Integer) r[5];
      Delivery line = new Delivery((String) r[0], (String) r[1], (Long) r[2] / 1000, 1, (Long) r[3], (Long) r[4], refused);
      out.put(line.id(), d == null ? line : new Delivery(d.id(), d.inbox(), Math.max(d.finishedAt(), line.finishedAt()),
          d.datasets() + 1, d.read() + line.read(), d.quarantined() + line.quarantined(), d.refused() + refused));
    }
    List<Delivery> all = new ArrayList<>(out.values());
    all.sort(Comparator.comparingLong(Delivery::finishedAt));
    return all;
  }

  /** The health checks that fail, each a line naming the table and what to do. */
  static List<String> checks(List<Table> tables, List<Run> runs, int maxFiles) {
    List<String> problems = new ArrayList<>();
    Map<Long, Run> byId = new TreeMap<>();
    for (Run r : runs) byId.put(r.id(), r);
    Map<String, Table> byName = new TreeMap<>();
    for (Table t : tables) byName.put(t.name(), t);
    for (Table t : tables) {
      if (t.name().equals("ops.runs")) continue;
      if (t.runId() == null) {
        if (!WRITTEN_BY_THE_SERVER.equals(t.name())) {
          problems.add(t.name() + ": last written at " + time(t.writtenAt()) + " by a run that did not finish (killed?);"
              + " run that job again to complete it");
        }
      } else if (!byId.get(t.runId()).outcome().equals("ok")) {
        Run r = byId.get(t.runId());
        problems.add(t.name() + ": last written by run " + r.id() + " (" + r.job() + "), which " + r.outcome()
            + "; run it again");
      }
      if (t.files() > maxFiles) {
        problems.add(t.name() + ": " + t.files() + " files, more than status.max_files = " + maxFiles + "; run jobs/maintain");
      }
    }
    Map<String, Long> writtenAt = new TreeMap<>();
    for (Table t : tables) writtenAt.put(t.name(), t.writtenAt());
    for (String[] s : staleGold(writtenAt)) {
      problems.add(s[0] + ": older than " + s[1] + " it is computed from (written " + time(writtenAt.get(s[1])) + "); run "
          + (GoldModels.of(s[0]).monthly() ? "jobs/rollup" : "jobs/metrics"));
    }
    return problems;
  }

  /** Each gold table written before one of the tables it is computed from: {gold table, that input}. */
  static List<String[]> staleGold(Map<String, Long> writtenAt) {
    List<String[]> out = new ArrayList<>();
    for (GoldModel m : GoldModels.all()) {
      Long gold = writtenAt.get(m.table());
      if (gold == null) continue;
      for (String input : m.inputs()) {
        Long in = writtenAt.get(input);
        if (in != null && in > gold) {
          out.add(new String[] {m.table(), input});
          break;
        }
      }
    }
    return out;
  }

  /** The yearly gold tables older than what they are computed from (read without Spark). */
  static List<String> staleGold(LakehouseFiles files) {
    Map<String, Long> writtenAt = new TreeMap<>();
    for (String layer : List.of("silver", "gold")) {
      // Only when the rows changed: the commits' log files, not a scan of the table's files (stats).
      for (String t : files.tableVersionsIn(layer).keySet()) {
        String name = layer + "." + t;
        long changed = files.lastDataChangeMillis(name);
        writtenAt.put(name, changed >= 0 ? changed : files.stats(name).writtenAtMillis());
      }
    }
    return staleGold(writtenAt).stream().map(s -> s[0]).filter(t -> !GoldModels.of(t).monthly()).toList();
  }

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  private static String size(long bytes) {
    return bytes >= 1 << 30 ? String.format("%.1f GiB", bytes / 1073741824.0) : bytes >= 1 << 20
        ? String.format("%.1f MiB", bytes / 1048576.0) : String.format("%.1f KiB", bytes / 1024.0);
  }

  private static void print(String root, List<Table> tables, List<Run> runs, List<Delivery> deliveries, String serving,
      List<String> problems) {
    System.out.println("lakehouse " + root + "  ·  server: " + (serving == null ? "none" : serving));
    System.out.println();
    System.out.printf("%-32s %7s %12s %7s %10s  %-19s %s%n", "table", "version", "rows", "files", "size", "last write", "run");
    for (Table t : tables) {
      System.out.printf("%-32s %7d %12s %7d %10s  %-19s %s%n", t.name(), t.version(), t.rows() == null ? "?" : t.rows(),
          t.files(), size(t.bytes()), time(t.writtenAt()), t.runId() == null ? "none" : t.runId());
    }
    System.out.println();
    System.out.printf("%-5s %-10s %-19s %9s %12s %12s  %s%n", "run", "job", "started", "seconds", "rows read", "rows written", "outcome");
    for (Run r : runs.subList(Math.max(0, runs.size() - RUNS_SHOWN), runs.size())) {
      System.out.printf("%-5d %-10s %-19s %9s %12s %12s  %s%n", r.id(), r.job(), time(r.startedAt()),
          r.seconds() == null ? "" : String.format("%.1f", r.seconds()), r.rowsRead() == null ? "" : r.rowsRead(),
          r.rowsWritten() == null ? "" : r.rowsWritten(), r.outcome());
    }
    System.out.println();
    System.out.printf("%-16s %-19s %8s %10s %11s %7s  %s%n", "delivery", "ingested", "datasets", "rows read", "quarantined",
        "refused", "inbox");
    for (Delivery d : deliveries) {
      System.out.printf("%-16s %-19s %8d %10d %11d %7d  %s%n", d.id(), time(d.finishedAt()), d.datasets(), d.read(),
          d.quarantined(), d.refused(), d.inbox());
    }
    System.out.println();
    if (problems.isEmpty()) System.out.println("health: ok");
    for (String p : problems) System.out.println("health: FAIL " + p);
  }

  private static String json(String root, List<Table> tables, List<Run> runs, List<Delivery> deliveries, String serving,
      List<String> problems) {
    StringBuilder b = new StringBuilder("{\"lakehouse\":");
    Json.quote(root, b).append(",\"server\":");
    if (serving == null) b.append("null");
    else Json.quote(serving, b);
    b.append(",\"healthy\":").append(problems.isEmpty()).append(",\"problems\":[");
    for (int i = 0; i < problems.size(); i++) Json.quote(problems.get(i), i > 0 ? b.append(',') : b);
    b.append("],\"tables\":[");
    for (int i = 0; i < tables.size(); i++) {
      Table t = tables.get(i);
      if (i > 0) b.append(',');
      Json.quote(t.name(), b.append("{\"table\":")).append(",\"version\":").append(t.version()).append(",\"rows\":")
          .append(t.rows()).append(",\"files\":").append(t.files()).append(",\"bytes\":").append(t.bytes())
          .append(",\"last_write\":");
      Json.quote(time(t.writtenAt()), b).append(",\"run\":").append(t.runId()).append('}');
    }
    b.append("],\"runs\":[");
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      if (i > 0) b.append(',');
      Json.quote(r.job(), b.append("{\"run\":").append(r.id()).append(",\"job\":")).append(",\"started\":");
      Json.quote(time(r.startedAt()), b).append(",\"seconds\":").append(r.seconds()).append(",\"rows_read\":")
          .append(r.rowsRead()).append(",\"rows_written\":").append(r.rowsWritten()).append(",\"outcome\":");
      Json.quote(r.outcome(), b).append('}');
    }
    b.append("],\"deliveries\":[");
    for (int i = 0; i < deliveries.size(); i++) {
      Delivery d = deliveries.get(i);
      if (i > 0) b.append(',');
      Json.quote(d.id(), b.append("{\"delivery\":")).append(",\"ingested\":");
      Json.quote(time(d.finishedAt()), b).append(",\"datasets\":").append(d.datasets()).append(",\"rows_read\":")
          .append(d.read()).append(",\"quarantined\":").append(d.quarantined()).append(",\"refused_files\":")
          .append(d.refused()).append(",\"inbox\":");
      Json.quote(d.inbox(), b).append('}');
    }
    return b.append("]}").toString();
  }
}
