package edubalance.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import edubalance.jobs.Main;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.RunLog;
import edubalance.metrics.Indicator;
import edubalance.metrics.ThreeIncreases;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * jobs/export on the small lakehouse (ReportFixture): the county workbook read back (fastexcel's
 * reader here, openpyxl in Python) with its figures equal to gold and to the hand-worked values, and
 * the Parquet snapshot read by pandas and DuckDB from the notebooks' Python, equal to gold at the
 * version its manifest names, after a table was rewritten.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportTest {
  static final Path OUT = Path.of("target", "export-test");
  static Lakehouse lh;

  @BeforeAll
  static void build() {
    lh = ReportFixture.build();
  }

  /** Each sheet's rows as lists of cells (null for an empty cell). */
  static Map<String, List<List<Cell>>> read(Path xlsx) throws Exception {
    Map<String, List<List<Cell>>> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(xlsx);
        ReadableWorkbook wb = new ReadableWorkbook(in, new ReadingOptions(true, false))) {
      for (Sheet s : wb.getSheets().toList()) {
        List<List<Cell>> rows = new ArrayList<>();
        for (org.dhatim.fastexcel.reader.Row r : s.read()) {
          List<Cell> cells = new ArrayList<>();
          for (int i = 0; i < r.getCellCount(); i++) cells.add(r.getCell(i));
          rows.add(cells);
        }
        out.put(s.getName(), rows);
      }
    }
    return out;
  }

  /** The row whose first cell starts with {@code label}. */
  static List<Cell> row(List<List<Cell>> sheet, String label) {
    for (List<Cell> r : sheet) {
      if (!r.isEmpty() && r.get(0) != null && r.get(0).getRawValue() != null && r.get(0).getRawValue().startsWith(label)) return r;
    }
    throw new AssertionError("no row " + label);
  }

  static double number(List<Cell> row, int i) {
    Object v = row.get(i).getValue();
    assertTrue(v instanceof BigDecimal, "a number, not " + v);
    return ((BigDecimal) v).doubleValue();
  }

  static List<List<Cell>> sheet(Map<String, List<List<Cell>>> wb, String prefix) {
    for (Map.Entry<String, List<List<Cell>>> e : wb.entrySet()) if (e.getKey().startsWith(prefix)) return e.getValue();
    throw new AssertionError("no sheet " + prefix + " in " + wb.keySet());
  }

  @Test
  @Order(1)
  void theCountyWorkbookHoldsTheReportsFiguresAsNumbersWithFormats() throws Exception {
    Path xlsx = OUT.resolve("county-140105-2024.xlsx");
    assertEquals(0, Main.run(new String[] {"export", "--county", "140105", "--year", "2024", "--xlsx", xlsx.toString(),
        "--lakehouse", lh.root()}));
    Map<String, List<List<Cell>>> wb = read(xlsx);
    assertEquals(9, wb.size(), "a cover and one sheet per section: " + wb.keySet());
    // 达标路径: the quality plan's cost of the primary level, a number as gold has it.
    double cost = lh.read("gold.remediation_summary").where("county_code = '140105' AND school_year = 2024 AND level = 'primary' "
        + "AND target = 'quality'").first().getAs("cost_yuan");
    assertEquals(cost, number(row(sheet(wb, "八、达标路径"), "优质均衡：达标所需经费"), 1), 0.0);
    // The cover names the lakehouse version: run 1, and each table's Delta version.
    List<List<Cell>> cover = sheet(wb, "封面");
    assertEquals("run 1 of ops.runs", row(cover, "数据版本").get(1).getRawValue());
    assertEquals(lh.version("gold.county_balance_basic"), (long) number(row(cover, "gold.county_balance_basic"), 1));

    // Basic balance: every CV of the primary column equals gold; cv_books is METHODS §3's 0.347660.
    List<List<Cell>> basic = sheet(wb, "二、基本均衡");
    assertEquals("小学", row(basic, "指标").get(1).getRawValue(), "Chinese header");
    Row primary = lh.read("gold.county_balance_basic").where("county_code = '140105' AND school_year = 2024 AND level = 'primary'")
        .first();
    for (Indicator i : Indicator.BASIC_2012) {
      List<Cell> r = row(basic, Labels.of(i.name()).zh());
      assertEquals(((Number) primary.getAs("cv_" + i.cvName())).doubleValue(), number(r, 1), 1e-12, i.name());
      assertEquals("0.0000", r.get(1).getDataFormatString(), i.name());
    }
    assertEquals(0.347660, number(row(basic, "生均图书册数"), 1), 1e-6);

    // Three increases: 21,000 → 22,050 (+5%, a percent format), revenue +4%.
    List<List<Cell>> three = sheet(wb, "四、三个增长");
    List<Cell> appropriation = row(three, "一般公共预算教育拨款");
    assertEquals(21000.0, number(appropriation, 1), 1e-9);
    assertEquals(22050.0, number(appropriation, 2), 1e-9);
    assertEquals("#,##0.0", appropriation.get(2).getDataFormatString());
    assertEquals(0.05, number(appropriation, 3), 1e-12);
    assertEquals("0.00%", appropriation.get(3).getDataFormatString());
    assertEquals("达标", appropriation.get(4).getRawValue());

    // 迎泽区 missed increase 1 by 2 points: the verdict names the rule and both growths, short by 420.
    Path yingze = OUT.resolve("county-140106-2024.xlsx");
    assertEquals(0, Main.run(new String[] {"export", "--county", "140106", "--year", "2024", "--xlsx", yingze.toString(),
        "--lakehouse", lh.root()}));
    List<Cell> missed = row(sheet(read(yingze), "四、三个增长"), "一般公共预算教育拨款");
    assertTrue(missed.get(4).getRawValue().startsWith("未达标：增长一：拨款增长 2.00% 未高于经常性收入增长 4.00%"),
        missed.get(4).getRawValue());
    assertEquals(420.0, number(missed, 5), 1e-9);

    // openpyxl (what an officer's Python opens it with): frozen header rows and the percent format.
    String py = """
        import openpyxl, sys
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = [s for s in wb.worksheets if s.title.startswith("四、三个增长")][0]
        row = [r for r in ws.iter_rows() if str(r[0].value).startswith("一般公共预算教育拨款")][0]
        print(ws.freeze_panes, round(row[3].value, 12), row[3].number_format, wb.sheetnames[0])
        """;
    assertEquals("A6 0.05 0.00% 封面 cover", python(py, xlsx.toString()).strip());
  }

  @Test
  @Order(2)
  void theParquetSnapshotIsOneVersionThatPandasAndDuckDbReadOffline() throws Exception {
    Lakehouse lake = lh; // after the workbook test: the correction below is run 2
    // A correction rewrites gold.three_increases (run 2): 小店区's 2024 appropriation 22,050 → 21,000, growth 0.
    lake.overwrite("gold.three_increases", ThreeIncreases.compute(ReportFixture.funding(21000.0, 21420.0), TestSpark.settings()));
    RunLog.record(lake, "correction", "", new Timestamp(System.currentTimeMillis()));
    Path now = OUT.resolve("snapshot-now");
    Path then = OUT.resolve("snapshot-run-1");
    assertEquals(0, Main.run(new String[] {"export", "--parquet", now.toString(), "--lakehouse", lake.root()}));
    assertEquals(0, Main.run(new String[] {"export", "--parquet", then.toString(), "--lakehouse", lake.root(), "--as-of", "1"}));
    long rows = lake.read("gold.three_increases").count();
    String py = """
        import json, sys, pathlib, duckdb, pandas as pd
        sys.path.insert(0, "notebooks")
        from edubalance_sql import snapshot
        out = {}
        for d in sys.argv[1:]:
            m = json.loads((pathlib.Path(d) / "manifest.json").read_text())
            t = pd.read_parquet(pathlib.Path(d) / m["tables"]["gold.three_increases"]["path"])
            g = t[(t.county_code == "140105") & (t.fiscal_year == 2024) & (t.region_level == "county")]
            con = duckdb.connect()
            n, growth = con.execute(
                "SELECT count(*), max(CASE WHEN county_code = '140105' AND fiscal_year = 2024 AND region_level = 'county' "
                "THEN education_appropriation_growth END) FROM read_parquet(?)",
                [str(pathlib.Path(d) / "gold/three_increases/*.parquet")]).fetchone()
            versions = snapshot(d, "gold.province_monthly")["table_versions"].iloc[0]
            out[d] = [m["run_id"], m["tables"]["gold.three_increases"]["version"], len(t), float(g.education_appropriation_growth.iloc[0]),
                      n, growth, type(versions).__name__]
        print(json.dumps(out))
        """;
    String json = python(py, now.toString(), then.toString());
    long v = lake.version("gold.three_increases");
    // Now: run 2, the corrected growth 0 (pandas and DuckDB alike), as many rows as gold, no row of the old version.
    assertTrue(json.contains("\"" + now + "\": [2, " + v + ", " + rows + ", 0.0, " + rows + ", 0.0, \"dict\"]"), json);
    // Run 1: the version before the correction, 22,050 / 21,000 − 1 = 0.05.
    assertTrue(json.contains("\"" + then + "\": [1, " + (v - 1) + ", " + rows + ", 0.05"), json);
    String manifest = Files.readString(now.resolve("manifest.json"), StandardCharsets.UTF_8);
    assertTrue(manifest.contains("\"comment\" : \"appropriation_t / appropriation_(t-1) - 1"), "column comments travel");
    // A directory that is not a snapshot is never overwritten.
    Path other = Files.createDirectories(OUT.resolve("not-a-snapshot"));
    Files.writeString(other.resolve("keep.txt"), "mine");
    assertEquals(1, Main.run(new String[] {"export", "--parquet", other.toString(), "--lakehouse", lake.root()}));
    assertEquals("mine", Files.readString(other.resolve("keep.txt")));
    assertEquals(2, Main.run(new String[] {"export", "--parquet", now.toString(), "--county", "140105"}));
  }

  /** Runs a script with the notebooks' Python (EDU_BALANCE_PYTHON, which jobs/test sets, else .venv); its stdout. */
  static String python(String script, String... args) throws Exception {
    String python = System.getenv().getOrDefault("EDU_BALANCE_PYTHON", Path.of(".venv", "bin", "python").toString());
    assertTrue(Files.isExecutable(Path.of(python)), "the notebooks' Python: " + python + " (jobs/test makes .venv)");
    List<String> cmd = new ArrayList<>(List.of(python, "-c", script));
    cmd.addAll(List.of(args));
    // stderr (a library's warnings) to the test's log; stdout is the answer.
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python finished");
    assertEquals(0, p.exitValue(), out);
    assertNotNull(out);
    return out;
  }
}
