package edubalance.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import edubalance.metrics.ThreeIncreases;
import edubalance.metrics.ThreeIncreasesTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The statisticians' notebooks, executed headless (nbconvert, as CI and a user would) against a
 * server on a small hand-made lakehouse, from a working directory that is not notebooks/: every cell
 * must run, each notebook must draw a chart, and the figures they print are checked against values
 * worked out by hand. Needs the notebooks' Python (EDU_BALANCE_PYTHON, which jobs/test sets).
 */
@EnabledIfEnvironmentVariable(named = "EDU_BALANCE_PYTHON", matches = ".+")
class NotebooksTest {
  static final String PYTHON = System.getenv("EDU_BALANCE_PYTHON");
  static Lakehouse lh;
  static SqlServer server;

  @BeforeAll
  static void serve() throws Exception {
    lh = TestSpark.freshLakehouse();
    var spark = TestSpark.spark();
    // Thresholds 0.65 primary, 0.55 junior. 2024: primary 0.42 and 0.61 both meet; junior 0.58 misses, 0.50 meets.
    lh.overwrite("gold.county_balance_basic", spark.sql("SELECT school_year, county_code, level, composite_cv,"
        + " threshold, composite_cv <= threshold AS meets_standard FROM VALUES"
        + " (2023, '140105', 'primary', 0.50D, 0.65D), (2023, '140106', 'primary', 0.70D, 0.65D),"
        + " (2023, '140105', 'junior', 0.40D, 0.55D), (2023, '140106', 'junior', 0.52D, 0.55D),"
        + " (2024, '140105', 'primary', 0.42D, 0.65D), (2024, '140106', 'primary', 0.61D, 0.65D),"
        + " (2024, '140105', 'junior', 0.58D, 0.55D), (2024, '140106', 'junior', 0.50D, 0.55D)"
        + " AS t(school_year, county_code, level, composite_cv, threshold)"));
    lh.overwrite("gold.county_balance_quality", spark.sql("SELECT * FROM VALUES"
        + " (2024, '140105', 'primary', true, false), (2024, '140106', 'primary', true, true)"
        + " AS t(school_year, county_code, level, meets_cv, meets_standard)"));
    // year, county, revenue, appropriation, general expenditure, expenditure/student primary, junior,
    // public funds/student primary, junior, teacher salary, civil-servant salary, GDP, fiscal education funds
    Object[] base = {100000.0, 20000.0, 80000.0, 10000.0, 12000.0, 800.0, 1000.0, 80000.0, 80000.0, 2e6, 90000.0};
    Object[] met = {104000.0, 21000.0, 82000.0, 10500.0, 12600.0, 840.0, 1050.0, 84000.0, 84000.0, 2.1e6, 90000.0};
    Object[] low = met.clone();
    low[1] = 20400.0; // appropriation +2% against revenue +4%: short by 20,000 × 1.04 − 20,400 = 400
    lh.overwrite("gold.three_increases", ThreeIncreases.compute(ThreeIncreasesTest.funding(spark, List.of(
        row(2022, "140105", base), row(2023, "140105", met),
        row(2022, "140106", base), row(2023, "140106", low),
        row(2023, "140108", met))), TestSpark.settings()));
    lh.overwrite("silver.divisions", spark.sql("SELECT * FROM VALUES ('140105', '小店区', 'county'),"
        + " ('140106', '迎泽区', 'county'), ('140108', '尖草坪区', 'county') AS t(code, name, division_level)"));
    lh.overwrite("gold.urban_rural_gap", spark.sql("SELECT * FROM VALUES"
        + " (2023, 'primary', 'books', 'province', 30.0D, 24.0D, 0.8D, 0.01D, 0.4D),"
        + " (2024, 'primary', 'books', 'province', 30.0D, 27.0D, 0.9D, 0.005D, 0.3D)"
        + " AS t(school_year, level, indicator, region_level, urban_value, rural_value, rural_to_urban_ratio, theil,"
        + " theil_between_share)"));
    server = SqlServer.start(lh, "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static Object[] row(int year, String county, Object[] amounts) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(year, county), java.util.Arrays.stream(amounts)).toArray();
  }

  /** Executes a notebook with nbconvert from a scratch directory; returns the executed notebook's text outputs. */
  static List<String> execute(String notebook) throws Exception {
    Path work = TestSpark.tempDir("nb");
    Path out = work.resolve("out.ipynb");
    ProcessBuilder pb = new ProcessBuilder(PYTHON, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=300", Path.of("notebooks", notebook).toAbsolutePath().toString(),
        "--output", out.toString()).directory(work.toFile()).redirectErrorStream(true);
    pb.environment().put("EDU_BALANCE_SERVE", "127.0.0.1:" + server.port());
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), notebook + " failed:\n" + log);
    JsonNode nb = new ObjectMapper().readTree(out.toFile());
    List<String> texts = new ArrayList<>();
    int charts = 0;
    for (JsonNode cell : nb.get("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        assertTrue(!"error".equals(o.path("output_type").asText()), notebook + ": " + o);
        if (o.path("data").has("image/png")) charts++;
        if (o.has("text")) texts.add(join(o.get("text")));
        if (o.path("data").has("text/plain")) texts.add(join(o.path("data").get("text/plain")));
      }
    }
    assertTrue(charts >= 1, notebook + " draws no chart");
    return texts;
  }

  private static String join(JsonNode text) {
    if (text.isTextual()) return text.asText();
    StringBuilder b = new StringBuilder();
    text.forEach(t -> b.append(t.asText()));
    return b.toString();
  }

  @Test
  void countyBalanceRunsAndCountsTheCountiesMeetingTheThreshold() throws Exception {
    String printed = String.join("\n", execute("county_balance.ipynb"));
    assertTrue(printed.contains("2024 primary: 2 of 2 counties meet basic balance"), printed);
    assertTrue(printed.contains("2024 junior: 1 of 2 counties meet basic balance"), printed);
  }

  @Test
  void threeIncreasesAndGapRunsAndFindsTheShortfall() throws Exception {
    String printed = String.join("\n", execute("three_increases_and_gap.ipynb"));
    // 140106 missed (appropriation +2% < revenue +4%), 140108 has no prior year; 140105 met all three.
    assertTrue(printed.contains("1 counties missed at least one increase, 1 could not be judged"), printed);
    assertTrue(printed.contains("largest appropriation shortfall: 400.0 (10k yuan)"), printed);
  }

  @Test
  void theReadmesPythonCommandRunsAsWritten() throws Exception {
    String out = ReadmeCommand.run(ReadmeCommand.line(".venv/bin/python -c 'import pyarrow.flight"),
        Map.of(".venv/bin/python", PYTHON, ":8815", ":" + server.port()), Map.of());
    // Highest composite CV first: 0.70 (140106, 2023), 0.61 (140106, 2024), 0.58 (140105, 2024 junior).
    List<String> lines = out.lines().map(String::strip).toList();
    assertTrue(lines.get(1).matches("0\\s+140106\\s+0\\.70?"), out);
    assertTrue(lines.get(3).matches("2\\s+140105\\s+0\\.58"), out);
  }

  @Test
  void theNotebooksHelperReadsTheServersStateFile() throws Exception {
    server.state("127.0.0.1", lh.root()).write(lh.root());
    try {
      ProcessBuilder pb = new ProcessBuilder(PYTHON, "-c", "import sys; sys.path.insert(0, 'notebooks');"
          + " from edubalance_sql import query; print(query('SELECT count(*) AS n FROM gold.county_balance_basic')['n'][0],"
          + " query(\"SELECT map('a', 1, 'b', 2) AS m\")['m'][0])")
          .redirectErrorStream(true);
      pb.environment().put("EDU_BALANCE_LAKEHOUSE", Path.of(java.net.URI.create(lh.root())).toString());
      pb.environment().remove("EDU_BALANCE_SERVE");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      assertEquals(0, p.waitFor(), out);
      // The eight county-level-years above; a map column arrives as a dict (pyarrow alone gives tuples).
      assertEquals("8 {'a': 1, 'b': 2}", out);
    } finally {
      Files.deleteIfExists(ServeState.file(lh.root()));
    }
  }
}
