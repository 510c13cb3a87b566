package edubalance.lakehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The session a one-statement {@code jobs/sql} runs in reads Delta tables through Delta's
 * Kernel-based connector ({@link SparkSessions#forQueries}): it must read the rows Delta's own reader
 * reads, after every kind of commit the jobs make.
 */
class SparkSessionsTest {
  private static final String QUERY = "SELECT county_code, school_year, cv FROM gold.history ORDER BY school_year, county_code";

  @Test
  void theKernelReaderReadsWhatDeltasOwnReaderReadsAfterOverwriteAppendReplaceAndMerge() {
    Lakehouse lh = TestSpark.freshLakehouse();
    SparkSession spark = TestSpark.spark();
    // Version 0: two counties in 2023, one in 2024, by school year (as the gold tables are written).
    lh.overwrite("gold.history", spark.sql("SELECT * FROM VALUES ('140105', 2023, 0.30), ('140106', 2023, 0.40),"
        + " ('140105', 2024, 0.50) AS t(county_code, school_year, cv)"), "school_year");
    // 1: 2024 gains a county.
    lh.append("gold.history", spark.sql("SELECT * FROM VALUES ('140107', 2024, 0.60) AS t(county_code, school_year, cv)"),
        "school_year");
    // 2: 2023 rewritten to one county: its two old rows' file is removed from the table.
    lh.replaceWhere("gold.history", spark.sql("SELECT * FROM VALUES ('140105', 2023, 0.35) AS t(county_code, school_year, cv)"),
        "school_year = 2023", "school_year");
    // 3: a merge corrects 140105 in 2024 (0.50 → 0.55) and adds 140108.
    lh.upsert("gold.history", spark.sql("SELECT * FROM VALUES ('140105', 2024, 0.55), ('140108', 2024, 0.70)"
        + " AS t(county_code, school_year, cv)"), List.of("county_code", "school_year"), List.of("cv"), null);
    assertEquals(3, lh.version("gold.history"));
    lh.register(List.of("gold.history"), null);

    SparkSession kernel = SparkSessions.forQueries(spark, true);
    Dataset<Row> read = kernel.sql(QUERY);
    String plan = read.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("BatchScan"), "read through the Kernel connector (a data source V2 scan): " + plan);
    // What the four commits leave: 140105 at 0.35 for 2023, 140106 gone with its file; for 2024
    // 140105 corrected to 0.55, 140107 appended, 140108 merged in.
    assertEquals(List.of("[140105,2023,0.35]", "[140105,2024,0.55]", "[140107,2024,0.60]", "[140108,2024,0.70]"),
        read.collectAsList().stream().map(Row::toString).toList());

    Dataset<Row> own = SparkSessions.forQueries(spark, false).sql(QUERY);
    assertFalse(own.queryExecution().executedPlan().toString().contains("BatchScan"), "Delta's own reader (a file scan)");
    assertEquals(own.collectAsList(), read.collectAsList());
    // A partition filter prunes alike.
    assertEquals(List.of("[140105,2023,0.35]"),
        kernel.sql("SELECT * FROM gold.history WHERE school_year = 2023").select("county_code", "school_year", "cv")
            .collectAsList().stream().map(Row::toString).toList());
  }
}
