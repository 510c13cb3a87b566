package edubalance.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.AllDatasetsDelivery;
import edubalance.ChildJvm;
import edubalance.InProcess;
import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Running the lakehouse for years: jobs/monthly runs the month's steps, jobs/status tells health
 * and exits 1 on a failed run or stale gold, jobs/maintain compacts and vacuums while keeping runs
 * within the retention reproducible and refusing older ones, the long jobs print progress, and the
 * schedule files name commands that exist. One small lakehouse, built by jobs/monthly, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsTest {
  static Path inbox;
  static Path lh;
  static Path reports;
  static Path conf;
  static InProcess monthly;

  @BeforeAll
  static void aMonth() throws Exception {
    TestSpark.spark();
    inbox = AllDatasetsDelivery.write();
    lh = TestSpark.tempDir("operations");
    reports = TestSpark.tempDir("operations-reports");
    conf = Files.writeString(lh.resolveSibling(lh.getFileName() + ".properties"), "reports.dir = " + reports + "\n");
    monthly = run("monthly", "--inbox", inbox.toString(), "--month", "2024-12");
  }

  static InProcess run(String... argv) {
    List<String> all = new ArrayList<>(List.of(argv));
    all.addAll(List.of("--lakehouse", lh.toString(), "--conf", conf.toString()));
    return InProcess.run(all.toArray(String[]::new));
  }

  static Lakehouse lakehouse() {
    return new Lakehouse(TestSpark.spark(), lh.toString());
  }

  static List<String> jobsOfRuns() {
    return lakehouse().read("ops.runs").orderBy("run_id").select("job").as(Encoders.STRING()).collectAsList();
  }

  @Test
  @Order(1)
  void monthlyIngestsComputesRollsUpReportsAndMaintainsThenARerunRedoesNothing() throws Exception {
    assertEquals(0, monthly.rc(), monthly.err());
    // The delivery holds school years 2023-2024 and fiscal years 2023-2024: those and the year after.
    assertTrue(monthly.err().contains("metrics: gold.county_balance_basic:"), monthly.err());
    assertEquals(List.of("ingest", "metrics", "rollup", "maintain"), jobsOfRuns());
    String metricsRun = lakehouse().read("ops.runs").where("job = 'metrics'").first().getAs("arguments");
    assertTrue(metricsRun.startsWith("--years 2023-2025 (after silver.divisions, silver.enrollment, "), metricsRun);
    try (var files = Files.list(reports)) {
      assertEquals(2, files.filter(p -> p.toString().endsWith(".html")).count(), "a province and a county report");
    }
    Row ingest = lakehouse().read("ops.runs").where("job = 'ingest'").first();
    // 4 divisions + 8 schools (1 quarantined) + 7 enrollment + 4 resources + 4 teachers + 1 flow + 5 funding
    // (1 quarantined) + 4 monthly + 1 change = 38 CSV rows read; every run took time and ended ok.
    assertEquals(38L, ingest.<Long>getAs("rows_read"));
    assertEquals(0, lakehouse().read("ops.runs").where("outcome <> 'ok' OR duration_s <= 0 OR rows_written <= 0").count());

    InProcess again = run("monthly", "--inbox", inbox.toString(), "--month", "2024-12");
    assertEquals(0, again.rc(), again.err());
    assertTrue(again.err().contains("monthly: the delivery was already in and gold is current; no metrics"), again.err());
    assertTrue(again.err().contains("monthly: maintenance not due"), again.err());
    assertEquals(List.of("ingest", "metrics", "rollup", "maintain", "ingest", "rollup"), jobsOfRuns());
  }

  @Test
  @Order(2)
  void aMonthOfMonthlyFundingRebuildsNoYearlyGoldTableAndRollsTheMonthUp() throws Exception {
    Path january = TestSpark.tempDir("january");
    Files.createDirectories(january.resolve("funding_monthly"));
    Files.writeString(january.resolve("funding_monthly/m.csv"),
        "year,month,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan\n2025,1,140105,8300,1820\n");
    long basic = lakehouse().files().version("gold.county_balance_basic");
    InProcess month = run("monthly", "--inbox", january.toString(), "--month", "2025-01");
    assertEquals(0, month.rc(), month.err());
    // No yearly gold model reads monthly funding: every gold table is kept as it was.
    assertTrue(month.err().contains("table(s) kept, none of their inputs changed: [gold."), month.err());
    assertEquals(basic, lakehouse().files().version("gold.county_balance_basic"));
    assertEquals(1, lakehouse().read("gold.province_monthly").where("year = 2025 AND month = 1").count());
  }

  @Test
  @Order(3)
  void statusIsHealthyAfterTheMonthThenNamesStaleGoldAndAFailedRunAndExits1() throws Exception {
    InProcess ok = run("status");
    assertEquals(0, ok.rc(), ok.out() + ok.err());
    assertTrue(ok.out().contains("health: ok"), ok.out());
    assertTrue(ok.out().lines().anyMatch(l -> l.matches("silver\\.schools\\s+\\d+\\s+7\\s+.*")), ok.out());
    InProcess json = run("status", "--format", "json");
    assertTrue(json.out().startsWith("{\"lakehouse\":") && json.out().contains("\"healthy\":true"), json.out());

    // A correction of funding 2024: silver.funding is now newer than the gold tables computed from it.
    Path correction = TestSpark.tempDir("correction");
    Files.createDirectories(correction.resolve("funding"));
    Files.writeString(correction.resolve("funding/f.csv"),
        "fiscal_year,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan\n2024,140105,104000,21500\n");
    assertEquals(0, run("ingest", "--inbox", correction.toString()).rc());
    InProcess stale = run("status");
    assertEquals(1, stale.rc(), stale.out());
    assertTrue(stale.out().contains("health: FAIL gold.three_increases: older than silver.funding it is computed from"), stale.out());

    // metrics with a broken standard: the models before trends write their tables, then it fails.
    Path broken = Files.writeString(lh.resolveSibling(lh.getFileName() + "-broken.properties"),
        "reports.dir = " + reports + "\ntrends.slope_5y.min_points = three\n");
    InProcess failed = InProcess.run("metrics", "--lakehouse", lh.toString(), "--conf", broken.toString());
    assertEquals(1, failed.rc());
    Row run = lakehouse().read("ops.runs").orderBy(org.apache.spark.sql.functions.col("run_id").desc()).first();
    assertEquals("metrics", run.getAs("job"));
    assertTrue(run.<String>getAs("outcome").startsWith("failed: "), run.<String>getAs("outcome"));
    InProcess bad = run("status");
    assertEquals(1, bad.rc());
    assertTrue(bad.out().contains("health: FAIL gold.three_increases: last written by run " + run.getAs("run_id")
        + " (metrics), which failed: "), bad.out());
    // Recomputed: healthy again.
    assertEquals(0, run("metrics").rc());
    InProcess healed = run("status");
    assertEquals(0, healed.rc(), healed.out());
  }

  @Test
  @Order(4)
  void maintainKeepsEveryRunWithinTheRetentionReproducibleAndRefusesAnOlderOne() throws Exception {
    String query = "SELECT * FROM silver.funding ORDER BY fiscal_year, county_code";
    InProcess before = run("sql", "--as-of", "1", query);
    assertEquals(0, before.rc(), before.err());
    // bronze.funding holds one file per delivery (the month's and the correction): more than its one partition.
    long filesBefore = lakehouse().files().stats("bronze.funding").files();
    assertTrue(filesBefore >= 2, "a file per delivery: " + filesBefore);

    InProcess maintain = run("maintain");
    assertEquals(0, maintain.rc(), maintain.err());
    Matcher m = Pattern.compile("bronze\\.funding\\s+(\\d+)\\s+\\d+\\s+(\\d+)\\s+\\d+\\s+(.*)").matcher(maintain.out());
    assertTrue(m.find(), maintain.out());
    assertEquals(filesBefore, Long.parseLong(m.group(1)));
    assertEquals(1, Long.parseLong(m.group(2)), maintain.out());
    assertTrue(m.group(3).startsWith("compacted, z-ordered by county_code, checkpoint"), m.group(3));
    // ops tables are compacted too, without z-order: the ingest log has a file per dataset and delivery
    // since the month's maintenance (the correction's and January's lines).
    Matcher log = Pattern.compile("ops\\.ingest_log\\s+(\\d+)\\s+\\d+\\s+(\\d+)\\s+\\d+\\s+(.*)").matcher(maintain.out());
    assertTrue(log.find(), maintain.out());
    assertTrue(Long.parseLong(log.group(1)) >= 3, log.group(0));
    assertEquals("1", log.group(2), log.group(0));
    assertTrue(log.group(3).startsWith("compacted, checkpoint"), log.group(0));
    InProcess after = run("sql", "--as-of", "1", query);
    assertEquals(before.out(), after.out());
    assertEquals(0, run("status").rc());

    // A retention of no time at all, on a lakehouse of one dataset (VACUUM costs a few Spark jobs a
    // table): every earlier run is past it and refused by name.
    Path small = TestSpark.tempDir("retention");
    Path funding = TestSpark.tempDir("funding-only");
    Files.createDirectories(funding.resolve("funding"));
    Files.writeString(funding.resolve("funding/f.csv"),
        "fiscal_year,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan\n2024,140105,104000,21000\n");
    assertEquals(0, InProcess.run("ingest", "--inbox", funding.toString(), "--lakehouse", small.toString()).rc());
    // A correction: silver.funding's file is rewritten, the old one left for run 1.
    Files.writeString(funding.resolve("funding/f.csv"),
        "fiscal_year,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan\n2024,140105,104000,21500\n");
    assertEquals(0, InProcess.run("ingest", "--inbox", funding.toString(), "--lakehouse", small.toString()).rc());
    assertEquals(0, InProcess.run("sql", "--as-of", "1", "--lakehouse", small.toString(), "SELECT * FROM silver.funding").rc());
    Path none = Files.writeString(small.resolveSibling(small.getFileName() + "-none.properties"), "maintain.retention_days = 0\n");
    InProcess vacuum = InProcess.run("maintain", "--lakehouse", small.toString(), "--conf", none.toString());
    assertEquals(0, vacuum.rc(), vacuum.err());
    assertTrue(vacuum.out().contains("vacuumed"), vacuum.out());
    InProcess refused = InProcess.run("sql", "--as-of", "1", "--lakehouse", small.toString(), "SELECT * FROM silver.funding");
    assertEquals(1, refused.rc());
    assertEquals(1, refused.errLines().size(), refused.err());
    assertTrue(refused.err().matches("(?s)sql: --as-of 1: older than what jobs/maintain kept \\(runs finished since .*\\); "
        + "the oldest run still reproducible is run 3\\s*"), refused.err());
  }

  @Test
  @Order(5)
  void longPhasesPrintProgressLinesWhileAnIngestRunsAndQuietKeepsOnlyTheSummary() throws Exception {
    Path fresh = TestSpark.tempDir("progress");
    // The delivery's schools alone (its good file and its refused one): the lines looked for are theirs.
    Path schools = TestSpark.tempDir("progress-inbox");
    Files.createDirectories(schools.resolve("schools"));
    for (String f : List.of("s.csv", "z.csv")) Files.copy(inbox.resolve("schools").resolve(f), schools.resolve("schools").resolve(f));
    // Phases announced after 0 s instead of 2: every phase of this small delivery prints its lines.
    Process child = new ProcessBuilder(ChildJvm.command(List.of("-Dedubalance.progress.after_seconds=0"),
        "ingest", "--inbox", schools.toString(), "--lakehouse", fresh.toString()))
        .directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true).start();
    List<String> lines = new String(child.getInputStream().readAllBytes()).lines().toList();
    assertEquals(0, child.waitFor(), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.matches("ingest: schools: bronze: started 0 s ago; elapsed \\d+ s")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.matches("ingest: schools: bronze: done in [\\d.]+ s, 9 rows \\([\\d,]+ rows/s\\); elapsed \\d+ s")),
        lines.toString());
    // The summary comes last, after every progress line.
    assertTrue(lines.indexOf("dataset                  read     accepted  quarantined         note") > lines.stream()
        .filter(l -> l.contains(": done in ")).map(lines::indexOf).max(Integer::compare).orElseThrow(), lines.toString());

    InProcess quiet = InProcess.run("ingest", "--inbox", schools.toString(), "--lakehouse", TestSpark.tempDir("quiet").toString(), "--quiet");
    assertEquals(0, quiet.rc());
    assertFalse(quiet.err().contains(": done in ") || quiet.err().contains(" read, "), quiet.err());
    assertTrue(quiet.out().contains("schools"), quiet.out());
  }

  @Test
  void theScheduleFilesNameJobsThatExist() throws Exception {
    Path schedule = Path.of("conf/schedule");
    Map<String, String> named = new TreeMap<>();
    for (String f : List.of("edu-balance-monthly.cron", "edu-balance-monthly.service")) {
      Matcher m = Pattern.compile("jobs/(\\w+)").matcher(Files.readString(schedule.resolve(f)));
      while (m.find()) named.put(m.group(1), f);
    }
    assertEquals(Map.of("monthly", "edu-balance-monthly.service", "status", "edu-balance-monthly.service"), named);
    for (String job : named.keySet()) {
      assertTrue(Files.isExecutable(Path.of("jobs", job)), job);
      assertTrue(Main.JOBS.containsKey(job), job);
    }
    assertTrue(Files.readString(schedule.resolve("edu-balance-monthly.timer")).contains("OnCalendar=*-*-05 02:30:00"));
    assertTrue(Files.readString(schedule.resolve("edu-balance-monthly.service")).contains("ExecStart="));
  }

  /**
   * The Airflow DAG, run by Python against a stand-in of the few Airflow classes it uses (Airflow's
   * Spark provider needs pyspark, which the Python index lacks): it builds, its tasks run jobs that
   * exist, in the order of jobs/monthly.
   */
  @Test
  void theAirflowDagBuildsItsTaskGraphOfJobsThatExist() throws Exception {
    Path stub = TestSpark.tempDir("airflow");
    Files.createDirectories(stub.resolve("airflow/providers/apache/spark/operators"));
    Files.writeString(stub.resolve("airflow/__init__.py"), """
        class DAG:
            current = None
            def __init__(self, dag_id, **kw):
                self.dag_id, self.kw, self.tasks = dag_id, kw, []
            def __enter__(self):
                DAG.current = self
                return self
            def __exit__(self, *a):
                DAG.current = None
        """);
    Files.writeString(stub.resolve("airflow/models.py"), "class Variable:\n    pass\n");
    for (String pkg : List.of("airflow/providers", "airflow/providers/apache", "airflow/providers/apache/spark",
        "airflow/providers/apache/spark/operators")) {
      Files.writeString(stub.resolve(pkg + "/__init__.py"), "");
    }
    Files.writeString(stub.resolve("airflow/providers/apache/spark/operators/spark_submit.py"), """
        from airflow import DAG
        class SparkSubmitOperator:
            def __init__(self, task_id, application, java_class, application_args, **kw):
                self.task_id, self.java_class, self.args, self.downstream = task_id, java_class, application_args, []
                DAG.current.tasks.append(self)
            def __rshift__(self, other):
                self.downstream.append(other)
                return other
        """);
    Files.writeString(stub.resolve("check.py"), """
        import runpy, sys
        dag = runpy.run_path(sys.argv[1])["dag"]
        order, task = [], dag.tasks[0]
        while task:
            order.append(task.task_id + "=" + task.java_class + ":" + task.args[0])
            task = task.downstream[0] if task.downstream else None
        print(dag.dag_id, dag.kw["schedule"], len(dag.tasks))
        print("\\n".join(order))
        """);
    String python = System.getenv().getOrDefault("EDU_BALANCE_PYTHON", "python3");
    Process p = new ProcessBuilder(python, stub.resolve("check.py").toString(),
        Path.of("conf/schedule/edu_balance_monthly_dag.py").toAbsolutePath().toString())
        .directory(stub.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    List<String> lines = out.lines().toList();
    assertEquals("edu_balance_monthly 30 2 5 * * 6", lines.get(0), out);
    List<String> jobs = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      assertTrue(l.contains("=edubalance.jobs.Main:"), l);
      jobs.add(l.substring(l.indexOf(':') + 1));
    }
    assertEquals(List.of("ingest", "metrics", "rollup", "report", "maintain", "status"), jobs);
    for (String job : jobs) assertTrue(Main.JOBS.containsKey(job), job);
  }
}
