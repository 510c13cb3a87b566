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
  @Test
  void everyGoldTableHasItsModelFoundWithoutAList() {
    Set<String> tables = new TreeSet<>();
    for (GoldModel m : GoldModels.all()) tables.add(m.table());
    assertEquals(new TreeSet<>(List.of("gold.school_indicators", "gold.county_balance_basic",
        "gold.county_balance_quality", "gold.county_equity", "gold.urban_rural_gap", "gold.three_increases",
        "gold.teacher_flow", "gold.trends", "gold.enrollment_forecast", "gold.province_monthly")), tables);
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
      @Override public String yearColumn() { return null; }
      @Override public List<String> inputs() { return inputs; }
      @Override public Dataset<Row> compute(Inputs in, Settings settings) { return null; }
    };
  }
}
