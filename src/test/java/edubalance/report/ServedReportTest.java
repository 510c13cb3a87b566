package edubalance.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.jobs.Main;
import edubalance.lakehouse.Lakehouse;
import edubalance.serve.ServeState;
import edubalance.serve.SqlServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The thin jobs/report (a JVM with Arrow Flight and none of Spark) asks the lakehouse's jobs/serve
 * for the report: the files it writes are byte for byte those of the embedded job, for one county
 * and for every county with the index; with no server it answers 3, so jobs/_run runs the job here.
 */
class ServedReportTest {
  static final Path OUT = Path.of("target", "served-report-test");
  static Lakehouse lh;
  static SqlServer server;

  @BeforeAll
  static void serve() throws Exception {
    lh = ReportFixture.build();
    server = SqlServer.start(lh, "127.0.0.1", 0);
    server.state("127.0.0.1", lh.root()).write(lh.root());
  }

  @AfterAll
  static void stop() throws Exception {
    ServeState state = ServeState.find(lh.root());
    if (state != null) state.remove(lh.root());
    server.close();
  }

  /** The thin client in its own JVM, on the classpath jobs/_run gives it; exit status and stderr. */
  static Process thin(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dslf4j.internal.verbosity=ERROR", "-cp", "target/flight-client/*:target/classes",
        "edubalance.serve.ReportClient", "--lakehouse", lh.root()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).start();
  }

  static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(dir::relativize).sorted().toList();
    }
  }

  /**
   * Writes the report of {@code args} embedded (into OUT/name-embedded) and through the server
   * (OUT/name-served), asserts the same files, byte for byte, and returns the served directory.
   */
  static Path servedEqualsEmbedded(String name, String... args) throws Exception {
    Path embedded = OUT.resolve(name + "-embedded");
    Path served = OUT.resolve(name + "-served");
    List<String> job = new ArrayList<>(List.of("report"));
    job.addAll(List.of(args));
    job.addAll(List.of("--out", embedded.toString(), "--lakehouse", lh.root()));
    assertEquals(0, Main.run(job.toArray(String[]::new)));
    List<String> thin = new ArrayList<>(List.of(args));
    thin.addAll(List.of("--out", served.toString()));
    Process p = thin(thin.toArray(String[]::new));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), err);
    // It prints the files it wrote, as the embedded job does.
    assertEquals(files(served).stream().map(f -> served.resolve(f) + "\n").toList(), out.lines().map(l -> l + "\n").toList());
    assertEquals(files(embedded), files(served));
    for (Path f : files(embedded)) {
      assertArrayEquals(Files.readAllBytes(embedded.resolve(f)), Files.readAllBytes(served.resolve(f)), f.toString());
    }
    return served;
  }

  @Test
  void theServedCountyReportIsTheEmbeddedOne() throws Exception {
    Path served = servedEqualsEmbedded("county", "--county", "140105", "--year", "2024");
    assertEquals(List.of(Path.of("county-140105-2024.html")), files(served));
    // The page is the hand-checked one (ReportFixture): 小店区's books per student, CV 0.3477.
    assertTrue(Files.readString(served.resolve("county-140105-2024.html")).contains("小店区"));
  }

  @Test
  void everyCountyWithItsIndexIsServedAsTheEmbeddedJobWritesIt() throws Exception {
    Path served = servedEqualsEmbedded("all", "--county", "all", "--year", "2024");
    assertEquals(List.of(Path.of("county-140105-2024.html"), Path.of("county-140106-2024.html"), Path.of("index-2024.html")),
        files(served));
  }

  @Test
  void theProvinceMonthIsServedToo() throws Exception {
    Path served = servedEqualsEmbedded("month", "--month", "2024-12");
    assertEquals(List.of(Path.of("province-140000-2024-12.html")), files(served));
  }

  @Test
  void whatTheServerCannotAnswerIsLeftToTheEmbeddedJob() throws Exception {
    // --conf may change the standards a report quotes: the engine here, not the server, answers.
    assertEquals(3, thin("--county", "140105", "--year", "2024", "--out", OUT.resolve("conf").toString(),
        "--conf", "conf/edubalance.properties").waitFor());
    // A usage error is the embedded job's to word.
    assertEquals(3, thin("--county", "140105", "--out", OUT.resolve("usage").toString()).waitFor());
    // A county with no figures: the served job answers as the embedded one, in at most one line.
    Process p = thin("--county", "149999", "--year", "2024", "--out", OUT.resolve("unknown").toString());
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    int embedded = Main.run(new String[] {"report", "--county", "149999", "--year", "2024", "--out",
        OUT.resolve("unknown-embedded").toString(), "--lakehouse", lh.root()});
    assertEquals(embedded, rc, err);
    assertEquals(rc == 0 ? 0 : 1, err.strip().lines().filter(l -> !l.isEmpty()).count(), err);
  }
}
