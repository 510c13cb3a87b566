package edubalance.lakehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edubalance.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LakehouseTest {
  @Test
  void upsertInsertsCorrectsAndLeavesIdenticalRowsAlone() {
    Lakehouse lh = TestSpark.freshLakehouse();
    var spark = TestSpark.spark();
    Dataset<Row> first = spark.sql("SELECT * FROM VALUES (1, 'a', 10), (2, 'b', 20) AS t(k, s, v)");
    lh.upsert("silver.t", first, List.of("k"), List.of("s", "v"), null);
    lh.upsert("silver.t", first, List.of("k"), List.of("s", "v"), null);
    assertEquals(2, lh.read("silver.t").count());
    Dataset<Row> correction = spark.sql("SELECT * FROM VALUES (2, 'b', 25), (3, 'c', 30) AS t(k, s, v)");
    lh.upsert("silver.t", correction, List.of("k"), List.of("s", "v"), null);
    List<Row> rows = lh.read("silver.t").orderBy("k").collectAsList();
    assertEquals(3, rows.size());
    assertEquals(25, rows.get(1).getInt(2));
    // The value before the correction is still readable by version.
    Row before = spark.read().format("delta").option("versionAsOf", 0).load(lh.path("silver.t"))
        .where("k = 2").first();
    assertEquals(20, before.getInt(2));
  }
}
