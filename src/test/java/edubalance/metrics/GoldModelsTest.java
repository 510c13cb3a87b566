package edubalance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.conf.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The gold models are found from their classes, and ordered from the tables they declare they read. */
@Tag("fast") // no Spark: jobs/test --fast
class GoldModelsTest {
  /**
   * The models are found in the marked packages, and each gold table documented in a
   * docs/metrics-*.md page (a "## gold.x" heading) is a model's, and the other way round: a new
   * model's class and its docs section are all this test needs.
   */
  @Test
  void everyGoldTableHasItsModelFoundWithoutAListAndItsDocsSection() throws java.io.IOException {
    assertEquals(List.of("edubalance.metrics", "edubalance.remediation", "edubalance.rollup"), GoldModels.packages());
    Set<String> tables = new TreeSet<>();
    for (GoldModel m : GoldModels.all()) tables.add(m.table());
    Set<String> documented = new TreeSet<>();
    try (var pages = java.nio.file.Files.newDirectoryStream(java.nio.file.Paths.get("docs"), "metrics-*.md")) {
      for (java.nio.file.Path page : pages) {
        for (String line : java.nio.file.Files.readAllLines(page)) {
          java.util.regex.Matcher heading = java.util.regex.Pattern.compile("^## (gold\\.\\w+)").matcher(line);
          if (heading.find()) documented.add(heading.group(1));
        }
      }
    }
    assertEquals(documented, tables, "the gold tables of the models and the docs/metrics-*.md sections");
    assertTrue(tables.size() >= 10, tables.toString());
    assertTrue(GoldModels.of("gold.province_monthly").monthly());
    assertEquals(1, GoldModels.of("gold.three_increases").priorYears());
    assertEquals(null, GoldModels.of("gold.trends").yearColumn());
  }

  /** A misspelt input would skip its model in production ("without which the model is skipped"): caught here. */
  @Test
  void everyTableAModelReadsIsWrittenBySomething() {
    Set<String> written = new TreeSet<>();
    for (GoldModel m : GoldModels.all()) written.add(m.table());
    for (edubalance.ingest.DatasetSpec d : edubalance.ingest.Datasets.ALL) written.add("silver." + d.name());
    for (GoldModel m : GoldModels.all()) {
      List<String> reads = new ArrayList<>(m.inputs());
      reads.addAll(m.optionalInputs());
      for (String t : reads) assertTrue(written.contains(t), m.getClass().getSimpleName() + " reads " + t + ", which nothing writes");
    }
  }

  @Test
  void aModelComesAfterTheModelsWritingWhatItReads() {
    List<GoldModel> all = GoldModels.all();
    List<String> order = new ArrayList<>();
    for (GoldModel m : all) order.add(m.table());
    for (GoldModel m : all) {
      List<String> reads = new ArrayList<>(m.inputs());
      reads.addAll(m.optionalInputs());
      for (String t : reads) {
        if (order.contains(t)) {
          assertTrue(order.indexOf(t) < order.indexOf(m.table()), t + " before " + m.table() + " in " + order);
        }
      }
    }
  }

  @Test
  void declaredOrderDoesNotMatterAndACycleIsRefused() {
    GoldModel a = model("gold.a", List.of("silver.x"));
    GoldModel b = model("gold.b", List.of("gold.a"));
    GoldModel c = model("gold.c", List.of("gold.b", "gold.a"));
    List<String> order = new ArrayList<>();
    for (GoldModel m : GoldModels.ordered(List.of(c, b, a))) order.add(m.table());
    assertEquals(List.of("gold.a", "gold.b", "gold.c"), order);
    GoldModel loop1 = model("gold.p", List.of("gold.q"));
    GoldModel loop2 = model("gold.q", List.of("gold.p"));
    assertThrows(IllegalStateException.class, () -> GoldModels.ordered(List.of(loop1, loop2)));
  }

  private static GoldModel model(String table, List<String> inputs) {
    return new GoldModel() {
      @Override public String table() { return table; }
      @Override public List<String> key() { return List.of("id"); }
      @Override public String yearColumn() { return null; }
      @Override public List<String> inputs() { return inputs; }
      @Override public Dataset<Row> compute(Inputs in, Settings settings) { return null; }
    };
  }
}
