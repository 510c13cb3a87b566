package edubalance.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import edubalance.metrics.ThreeIncreases;
import edubalance.metrics.ThreeIncreasesTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The statistician's query the README shows ("which counties missed the three increases last
 * year, and by how much"), run through jobs/sql on four hand-made counties.
 */
class ReadmeQueryTest {
  static final Path QUERY = Path.of("notebooks/three_increases_missed.sql");

  @Test
  void readmeShowsTheSavedQueryVerbatim() throws IOException {
    assertTrue(Files.readString(Path.of("README.md")).contains(Files.readString(QUERY).strip()),
        "README.md must show notebooks/three_increases_missed.sql as it is");
  }

  @Test
  void countiesThatMissedTheThreeIncreasesLastYearAndByHowMuch() throws IOException {
    Lakehouse lh = TestSpark.freshLakehouse();
    // year, county, revenue, appropriation, general expenditure, expenditure/student primary, junior,
    // public funds/student primary, junior, teacher salary, civil-servant salary, GDP, fiscal education funds
    Object[] base2022 = {100000.0, 20000.0, 80000.0, 10000.0, 12000.0, 800.0, 1000.0, 80000.0, 80000.0, 2e6, 90000.0};
    // every figure +5% on the year, revenue +4%: all three increases met
    Object[] met2023 = {104000.0, 21000.0, 82000.0, 10500.0, 12600.0, 840.0, 1050.0, 84000.0, 84000.0, 2.1e6, 90000.0};
    Object[] lowAppropriation = met2023.clone();
    lowAppropriation[1] = 20400.0; // +2% against revenue +4%
    Object[] juniorFundsFall = met2023.clone();
    juniorFundsFall[6] = 970.0; // public funds per junior student 1000 -> 970: -3%
    lh.overwrite("gold.three_increases", ThreeIncreases.compute(ThreeIncreasesTest.funding(TestSpark.spark(), List.of(
        row(2022, "140105", base2022), row(2023, "140105", met2023),
        row(2022, "140106", base2022), row(2023, "140106", lowAppropriation),
        row(2022, "140107", base2022), row(2023, "140107", juniorFundsFall),
        row(2023, "140108", met2023))), TestSpark.settings()));
    lh.overwrite("silver.divisions", TestSpark.spark().sql("SELECT * FROM VALUES ('140105', '小店区', 'county'),"
        + " ('140106', '迎泽区', 'county'), ('140107', '杏花岭区', 'county'), ('140108', '尖草坪区', 'county')"
        + " AS t(code, name, division_level)"));

    Object[] out = JobsTest.run("sql", "--format", "csv", "--file", QUERY.toString(), "--lakehouse", lh.root());
    assertEquals(0, out[0]);
    List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader((String) out[1]))
        .getRecords();
    // 140105 met all three; the 2022 rows (no prior year) are not the latest year.
    assertEquals(List.of("140106", "140107", "140108"), rows.stream().map(r -> r.get("county_code")).toList());

    CSVRecord low = rows.get(0);
    assertEquals("迎泽区", low.get("county"));
    assertEquals("missed", low.get("verdict"));
    assertEquals("false", low.get("increase_1_met"));
    assertEquals(-2.0, num(low, "margin_pct_points"), 1e-9); // 2% - 4%
    assertEquals(400.0, num(low, "appropriation_shortfall_10k_yuan"), 1e-9); // 20,000 × 1.04 − 20,400
    assertEquals("true", low.get("increase_3_met"));

    CSVRecord fall = rows.get(1);
    assertEquals("true", fall.get("increase_1_met"));
    assertEquals(1.0, num(fall, "margin_pct_points"), 1e-9); // 5% - 4%
    assertEquals(0.0, num(fall, "appropriation_shortfall_10k_yuan"), 1e-9);
    assertEquals("false", fall.get("increase_3_met"));
    assertEquals(-3.0, num(fall, "weakest_public_funds_or_salary_growth_pct"), 1e-9);

    CSVRecord alone = rows.get(2);
    assertEquals("not judged", alone.get("verdict"));
    assertTrue(alone.get("null_reason").contains("no_prior_year"), alone.get("null_reason"));
  }

  private static Object[] row(int year, String county, Object[] amounts) {
    Object[] r = new Object[amounts.length + 2];
    r[0] = year;
    r[1] = county;
    System.arraycopy(amounts, 0, r, 2, amounts.length);
    return r;
  }

  private static double num(CSVRecord r, String column) {
    return Double.parseDouble(r.get(column));
  }
}
