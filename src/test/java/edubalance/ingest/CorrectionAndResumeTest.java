package edubalance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorrectionAndResumeTest {
  private static final String HEADER =
      "school_year,school_id,school_name,county_code,school_type,urban_rural_code";

  private static Path delivery(String... schoolRows) throws Exception {
    Path dir = TestSpark.tempDir("delivery");
    Files.createDirectories(dir.resolve("schools"));
    Files.writeString(dir.resolve("schools/s.csv"), HEADER + "\n" + String.join("\n", schoolRows) + "\n",
        StandardCharsets.UTF_8);
    return dir;
  }

  private static Ingestor ingestor(Lakehouse lh) {
    return new Ingestor(lh, TestSpark.settings());
  }

  @Test
  void aLaterDeliveryCorrectsAKeyAndTheOldValueStaysInHistory() throws Exception {
    Lakehouse lh = TestSpark.freshLakehouse();
    ingestor(lh).ingest(delivery("2024,1400000001,一小,140105,primary,111",
        "2024,1400000002,二小,140105,primary,210").toString());
    long before = lh.version("silver.schools");
    ingestor(lh).ingest(delivery("2024,1400000001,第一小学,140105,primary,111").toString());
    assertEquals(2, lh.read("silver.schools").count());
    assertEquals("第一小学", lh.read("silver.schools").where("school_id = '1400000001'").first().getAs("school_name"));
    String old = lh.spark().read().format("delta").option("versionAsOf", before).load(lh.path("silver.schools"))
        .where("school_id = '1400000001'").first().getAs("school_name");
    assertEquals("一小", old);
  }

  @Test
  void aRunThatDiedBeforeLoggingIsCompletedWithoutDoublingRows() throws Exception {
    Lakehouse lh = TestSpark.freshLakehouse();
    Path inbox = delivery("2024,1400000001,一小,140105,primary,111", "2024,1400000003,三小,1401,primary,111");
    ingestor(lh).ingest(inbox.toString());
    // The run died after writing bronze, quarantine and silver but before its log line.
    lh.delta("ops.ingest_log").delete("dataset = 'schools'");
    List<Ingestor.Counts> again = ingestor(lh).ingest(inbox.toString());
    assertFalse(again.get(0).skipped());
    assertEquals(new Ingestor.Counts("schools", 2, 1, 1, 0, false), again.get(0));
    assertEquals(2, lh.read("bronze.schools").count());
    assertEquals(1, lh.read("quarantine.schools").count());
    assertEquals(1, lh.read("silver.schools").count());
  }
}
