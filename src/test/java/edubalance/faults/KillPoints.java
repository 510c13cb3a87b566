package edubalance.faults;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import edubalance.ChildJvm;
import edubalance.InProcess;
import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.WriterLock;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the kill-point tests share: a job killed with {@code kill -9} at a named point
 * (edubalance.lakehouse.CrashPoint) in a JVM of its own, the job completed in this one, and two
 * lakehouses compared row for row.
 *
 * <p>The kills are chained to keep the suite short: the run that follows a kill is itself killed at
 * the next point (so it is the rerun of the one before), and the last run of each job completes. A
 * point that the run passes without dying fails the test: every point is really reached. The
 * chains are two classes (the ingest's, the later jobs'), which the suite's two test JVMs run at once.
 */
final class KillPoints {
  private KillPoints() {}

  static final String MONTH = "2024-12";

  /**
   * The job in a child JVM with {@code edubalance.crash.at=point}: it must die by SIGKILL there.
   * Then the lock is free and every table of the lakehouse reads at its latest committed version.
   */
  static int killAt(String point, Path lh, String... job) throws Exception {
    crashed(137, List.of("-Dedubalance.crash.at=" + point), lh, job);
    return 1;
  }

  /**
   * The job in a child JVM where a pool thread dies of an OutOfMemoryError at {@code point} while
   * the job waits for its result (CrashPoint's fatal-in-pool): the job must stop with exit status 1,
   * not wait for ever; then, as after a kill, the lock is free and every table reads. Its output.
   */
  static String fatalInPoolAt(String point, Path lh, String... job) throws Exception {
    return crashed(1, List.of("-Dedubalance.crash.at=" + point, "-Dedubalance.crash.how=fatal-in-pool"), lh, job);
  }

  private static String crashed(int status, List<String> crash, Path lh, String... job) throws Exception {
    Path log = Files.createTempFile("kill", ".log");
    Process child = new ProcessBuilder(ChildJvm.command(crash, argv(lh, job)))
        .directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!child.waitFor(10, TimeUnit.MINUTES)) {
      child.destroyForcibly().waitFor();
      fail(crash + ": the job still ran after 10 minutes: " + Files.readString(log));
    }
    assertEquals(status, child.exitValue(), crash + ": the job did not end there as expected: " + Files.readString(log));
    // The kernel released the dead job's lock: another writer takes it at once.
    WriterLock.acquire(lh.toString(), "test", 0).close();
    Lakehouse after = new Lakehouse(TestSpark.spark(), lh.toString());
    for (String layer : Lakehouse.LAYERS) {
      for (String table : after.tablesIn(layer)) after.read(layer + "." + table).count();
    }
    return Files.readString(log);
  }

  /** The job run again, in this JVM: it completes. */
  static void complete(Path lh, String... job) {
    InProcess run = InProcess.run(argv(lh, job));
    assertEquals(0, run.rc(), String.join(" ", job) + ": " + run.err());
  }

  /** The job's arguments on the lakehouse {@code lh}; jobs/pipeline's with a conf of its own. */
  private static String[] argv(Path lh, String... job) {
    List<String> argv = new ArrayList<>(List.of(job));
    argv.addAll(List.of("--lakehouse", lh.toString()));
    if (job[0].equals("pipeline")) argv.addAll(List.of("--conf", pipelineConf(lh).toString()));
    return argv.toArray(String[]::new);
  }

  /** jobs/pipeline writes its reports under conf reports.dir: a directory of the test's. */
  private static Path pipelineConf(Path lh) {
    try {
      Path conf = lh.resolveSibling(lh.getFileName() + "-pipeline.properties");
      if (!Files.exists(conf)) {
        Files.writeString(conf, "reports.dir = " + TestSpark.tempDir("pipeline-reports") + "\n");
      }
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A lakehouse with the delivery ingested, in this JVM: what a chain starts from or is compared with. */
  static Path ingested(Path inbox) {
    Path lh = TestSpark.tempDir("clean");
    assertEquals(0, InProcess.run("ingest", "--inbox", inbox.toString(), "--lakehouse", lh.toString()).rc());
    return lh;
  }

  static void assertSameTables(Path clean, Path killed, String... layers) {
    Lakehouse before = new Lakehouse(TestSpark.spark(), clean.toString());
    Lakehouse after = new Lakehouse(TestSpark.spark(), killed.toString());
    List<String> tables = new ArrayList<>();
    for (String layer : layers) {
      // ops.runs differs by design: the killed runs are not in it.
      List<String> in = before.tablesIn(layer).stream().map(t -> layer + "." + t).filter(t -> !t.equals("ops.runs")).toList();
      assertEquals(in, after.tablesIn(layer).stream().map(t -> layer + "." + t).filter(t -> !t.equals("ops.runs")).toList(), layer);
      assertFalse(in.isEmpty(), layer);
      tables.addAll(in);
    }
    Map<String, List<String>> expected = contents(before, tables);
    Map<String, List<String>> actual = contents(after, tables);
    for (String table : tables) assertEquals(expected.get(table), actual.get(table), table);
  }

  /**
   * Each table's rows as sorted JSON, without what differs between two runs (times, versions read):
   * every table in one Spark job, since the tables are a few rows each.
   */
  private static Map<String, List<String>> contents(Lakehouse lh, List<String> tables) {
    Dataset<Row> all = null;
    for (String table : tables) {
      Dataset<Row> rows = lh.read(table).drop("_ingested_at", "started_at", "finished_at", "table_versions");
      Dataset<Row> json = rows.select(lit(table).as("table_name"), to_json(struct(col("*"))).as("row"));
      all = all == null ? json : all.unionAll(json);
    }
    Map<String, List<String>> out = new TreeMap<>();
    for (String table : tables) out.put(table, new ArrayList<>());
    for (Row r : all.collectAsList()) out.get(r.getString(0)).add(r.getString(1));
    for (List<String> rows : out.values()) rows.sort(null);
    return out;
  }
}
