package edubalance.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.jobs.Main;
import edubalance.lakehouse.Lakehouse;
import edubalance.metrics.ThreeIncreases;
import edubalance.lakehouse.RunLog;
import edubalance.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Both reports of a small lakehouse (ReportFixture), rendered and opened in headless Chromium:
 * no console errors, every chart drawn as SVG, and the figures shown, read back from the DOM,
 * equal to the gold values they came from and to hand-worked values. Screenshots are kept under
 * target/report-screenshots/ (a CI artifact).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportBrowserTest {
  static final Path OUT = Path.of("target", "report-test");
  static final Path SHOTS = Path.of("target", "report-screenshots");
  static Lakehouse lh;
  static Chromium browser;
  static Path countyHtml;
  static Path provinceHtml;
  static String countyDom;
  static String provinceDom;

  @BeforeAll
  static void renderBoth() throws IOException {
    lh = ReportFixture.build();
    browser = Chromium.find();
    Files.createDirectories(SHOTS);
    countyHtml = ReportFiles.write(CountyReport.build(new GoldReader(lh, null), ReportFixture.XIAODIAN, 2024), OUT, false)
        .get(0);
    provinceHtml = ReportFiles.write(ProvinceReport.build(new GoldReader(lh, null), 2024, 12, null), OUT, false).get(0);
    countyDom = browser.dumpDom(countyHtml);
    provinceDom = browser.dumpDom(provinceHtml);
    browser.screenshot(countyHtml, SHOTS.resolve("county-report.png"), 1280, 9000);
    browser.screenshot(provinceHtml, SHOTS.resolve("province-report.png"), 1280, 5000);
  }

  // ---- reading the DOM ----

  /** The text Chromium saw in #console-errors: every error and console.error of the page. */
  static String consoleErrors(String dom) {
    Matcher m = Pattern.compile("<pre id=\"console-errors\"[^>]*>(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertTrue(m.find(), "the page has its error sink");
    return m.group(1).strip();
  }

  /** data-figure → {data-value, shown text} of every figure with a value. */
  static Map<String, String[]> figures(String dom) {
    Map<String, String[]> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("data-figure=\"([^\"]+)\" data-value=\"([^\"]+)\">([^<]*)<").matcher(dom);
    while (m.find()) out.put(m.group(1), new String[] {m.group(2), m.group(3)});
    return out;
  }

  /** data-figure → null reason of every figure shown without a value. */
  static Map<String, String> nulls(String dom) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("data-figure=\"([^\"]+)\" data-null-reason=\"([^\"]*)\"").matcher(dom);
    while (m.find()) out.put(m.group(1), m.group(2));
    return out;
  }

  static Map<String, String> verdicts(String dom) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("data-verdict=\"([^\"]+)\" data-value=\"([^\"]+)\"").matcher(dom);
    while (m.find()) out.put(m.group(1), m.group(2));
    return out;
  }

  static double value(Map<String, String[]> figures, String name) {
    String[] f = figures.get(name);
    assertNotNull(f, name + " is shown with a value; figures: " + figures.keySet());
    return Double.parseDouble(f[0]);
  }

  /** Each chart container's markup up to the next chart or section: ECharts draws its SVG inside. */
  static Map<String, String> charts(String dom) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("data-chart=\"([^\"]+)\"").matcher(dom);
    List<int[]> at = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    while (m.find()) {
      at.add(new int[] {m.start()});
      ids.add(m.group(1));
    }
    for (int i = 0; i < ids.size(); i++) {
      int end = i + 1 < ids.size() ? at.get(i + 1)[0] : dom.length();
      int section = dom.indexOf("</section>", at.get(i)[0]);
      out.put(ids.get(i), dom.substring(at.get(i)[0], section >= 0 && section < end ? section : end));
    }
    return out;
  }

  static Row goldRow(String table, String where) {
    List<Row> rows = lh.read(table).where(where).collectAsList();
    assertEquals(1, rows.size(), table + " where " + where);
    return rows.get(0);
  }

  static double gold(Row r, String column) {
    return ((Number) r.getAs(column)).doubleValue();
  }

  static final Pattern SERIES_PATH = Pattern.compile(
      "<path d=\"M[^\"]*\"(?![^>]*transform=)[^>]*?(?:fill|stroke)=\"#(?:5470c6|91cc75|fac858)\"");

  static void assertChartsDrawn(String dom, int expected) {
    Map<String, String> charts = charts(dom);
    assertEquals(expected, charts.size(), "charts " + charts.keySet());
    for (Map.Entry<String, String> c : charts.entrySet()) {
      assertTrue(c.getValue().contains("<svg"), c.getKey() + " holds an SVG");
      // A series drawn: a bar or line path in a palette colour (axes and grid are grey; legend icons are translated).
      assertTrue(SERIES_PATH.matcher(c.getValue()).find(), c.getKey() + " has a drawn series");
    }
  }

  // ---- the county report ----

  @Test
  @Order(1)
  void countyReportRendersWithoutErrorsAndDrawsEveryChart() {
    assertEquals("", consoleErrors(countyDom));
    // basic CVs, quality CVs, growth, exchange, rural/urban, five trend charts
    assertChartsDrawn(countyDom, 10);
    assertTrue(countyDom.contains("小店区义务教育均衡发展自评报告数据 2024学年"), "the Chinese title");
  }

  @Test
  @Order(2)
  void countyFiguresEqualGoldAndTheHandWorkedValues() {
    Map<String, String[]> f = figures(countyDom);
    // METHODS §3: units (200, 8), (100, 5), (50, 2): X = 2200 / 350 = 6.285714,
    // variance = (200·1.714286² + 100·1.285714² + 50·4.285714²) / 350 = 4.775510, S = 2.185294, CV = 0.347660.
    assertEquals(0.347660, value(f, "county_balance_basic.cv_books:primary"), 1e-6);
    assertEquals("0.3477", f.get("county_balance_basic.cv_books:primary")[1]);
    // Fiscal 2024: 22,050 / 21,000 − 1 = 0.05 against revenue 108,160 / 104,000 − 1 = 0.04: met.
    assertEquals(0.05, value(f, "three_increases.education_appropriation_growth"), 1e-12);
    assertEquals("5.00%", f.get("three_increases.education_appropriation_growth")[1]);
    assertEquals(0.04, value(f, "three_increases.recurrent_revenue_growth"), 1e-12);
    assertEquals("true", verdicts(countyDom).get("three_increases.appropriation_outpaces_revenue"));

    // Every figure of the basic and quality tables and of the three increases equals its gold value.
    Row primary = goldRow("gold.county_balance_basic", "county_code = '140105' AND school_year = 2024 AND level = 'primary'");
    Row quality = goldRow("gold.county_balance_quality", "county_code = '140105' AND school_year = 2024 AND level = 'primary'");
    Row three = goldRow("gold.three_increases", "county_code = '140105' AND fiscal_year = 2024 AND region_level = 'county'");
    Row flow = goldRow("gold.teacher_flow", "county_code = '140105' AND school_year = 2024");
    int checked = 0;
    for (Map.Entry<String, String[]> e : f.entrySet()) {
      String name = e.getKey();
      String column = name.substring(name.indexOf('.') + 1).replaceAll(":.*", "");
      Row source = name.startsWith("county_balance_basic.") && name.endsWith(":primary") ? primary
          : name.startsWith("county_balance_quality.") && name.endsWith(":primary") ? quality
          : name.startsWith("three_increases.") && !column.endsWith("_shortfall") ? three
          : name.startsWith("teacher_flow.") ? flow : null;
      if (source == null) continue;
      assertEquals(gold(source, column), Double.parseDouble(e.getValue()[0]), 0.0, name);
      checked++;
    }
    assertTrue(checked >= 40, "figures checked against gold: " + checked);
    // Teacher exchange 2024: T1401050001-1 and -2 leave 1401050001 (rotation, support); eligible = teachers
    // with ≥ 6 years at school: 3 + i ≥ 6 → i ≥ 3: 10 of 13, 4 of 7 and 0 of 3 → 14; 2 / 14.
    assertEquals(2.0 / 14, value(f, "teacher_flow.exchange_rate"), 1e-12);
  }

  @Test
  @Order(2)
  void thePlanToPassShowsGoldsPlanAndTheOutlookWarns() {
    assertTrue(countyDom.contains("八、达标路径"), "the section");
    Map<String, String[]> f = figures(countyDom);
    Map<String, String> v = verdicts(countyDom);
    // Every figure of the cost table and of the plan equals its gold value.
    int checked = 0;
    for (Row s : lh.read("gold.remediation_summary").where("county_code = '140105' AND school_year = 2024").collectAsList()) {
      String suffix = s.getAs("level") + ":" + s.getAs("target");
      assertEquals(String.valueOf(s.<Boolean>getAs("meets_now")), v.get("remediation_summary.meets_now:" + suffix), suffix);
      if (s.getAs("cost_yuan") != null) {
        assertEquals(gold(s, "cost_yuan"), value(f, "remediation_summary.cost_yuan:" + suffix), 0.0, suffix);
        assertEquals(gold(s, "lower_bound_yuan"), value(f, "remediation_summary.lower_bound_yuan:" + suffix), 0.0, suffix);
        checked += 2;
      }
    }
    for (Row p : lh.read("gold.remediation_plan").where("county_code = '140105' AND school_year = 2024").collectAsList()) {
      String suffix = p.getAs("level") + ":" + p.getAs("target") + ":" + p.getAs("unit_id") + ":" + p.getAs("resource");
      assertEquals(gold(p, "add_amount"), value(f, "remediation_plan.add_amount:" + suffix), 0.0, suffix);
      assertEquals(gold(p, "cost_yuan"), value(f, "remediation_plan.cost_yuan:" + suffix), 0.0, suffix);
      checked += 2;
    }
    assertTrue(checked >= 4, "plan figures checked: " + checked);
    // The outlook: 2025 forecasts the students of now (350), so its case is today's: the same verdict and cost.
    Row quality = goldRow("gold.remediation_summary", "county_code = '140105' AND school_year = 2024 AND level = 'primary' AND target = 'quality'");
    assertEquals(String.valueOf(quality.<Boolean>getAs("meets_now")), v.get("balance_outlook.meets:primary:quality:2025"));
    assertEquals(gold(quality, "cost_yuan"), value(f, "balance_outlook.cost_yuan:primary:quality:2025"), 0.0);
    // 2026 doubles every unit's students: each CV is unchanged, so basic is judged as now; every value per
    // student halves, so quality fails and costs more than now.
    Row basic = goldRow("gold.remediation_summary", "county_code = '140105' AND school_year = 2024 AND level = 'primary' AND target = 'basic'");
    assertEquals(String.valueOf(basic.<Boolean>getAs("meets_now")), v.get("balance_outlook.meets:primary:basic:2026"));
    assertEquals("false", v.get("balance_outlook.meets:primary:quality:2026"));
    assertTrue(value(f, "balance_outlook.cost_yuan:primary:quality:2026") > gold(quality, "cost_yuan"));
    // The province: the quality cost of every county, summed.
    Map<String, String[]> p = figures(provinceDom);
    double sum = 0;
    for (Row s : lh.read("gold.remediation_summary").where("school_year = 2024 AND target = 'quality'").collectAsList()) sum += gold(s, "cost_yuan");
    assertEquals(sum, value(p, "remediation_summary.cost_yuan:province:quality"), 1e-6);
  }

  @Test
  @Order(3)
  void aMissedIncreaseShowsByHowMuchAndANullItsReason() throws IOException {
    Path html = ReportFiles.write(CountyReport.build(new GoldReader(lh, null), ReportFixture.YINGZE, 2024), OUT, false).get(0);
    String dom = browser.dumpDom(html);
    assertEquals("", consoleErrors(dom));
    Map<String, String[]> f = figures(dom);
    // 21,420 / 21,000 − 1 = 0.02 against revenue +0.04: missed by 2 points, 21,000 × 1.04 − 21,420 = 420.
    assertEquals(0.02, value(f, "three_increases.education_appropriation_growth"), 1e-12);
    assertEquals(-0.02, value(f, "three_increases.appropriation_growth_margin"), 1e-12);
    assertEquals(420.0, value(f, "three_increases.education_appropriation_shortfall"), 1e-9);
    assertEquals("420.0", f.get("three_increases.education_appropriation_shortfall")[1]);
    assertEquals("false", verdicts(dom).get("three_increases.appropriation_outpaces_revenue"));
    // 迎泽区 has no rural school: its rural value is null, shown with the table's reason, never as 0.
    Map<String, String> nulls = nulls(dom);
    String reason = nulls.get("urban_rural_gap.rural_value:primary:books_per_student");
    assertNotNull(reason, "null rural value shown; nulls: " + nulls.keySet());
    assertTrue(reason.contains("no_units"), reason);
    assertFalse(f.containsKey("urban_rural_gap.rural_value:primary:books_per_student"));
  }

  /** The visible text of every table cell, tags and attributes stripped. */
  static List<String> cellTexts(String dom) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(dom);
    while (m.find()) out.add(m.group(1).replaceAll("<[^>]+>", " ").strip());
    return out;
  }

  @Test
  @Order(3)
  void noCellShowsAReasonCodeAndEveryNotMetNamesItsRule() throws IOException {
    String yingze = browser.dumpDom(ReportFiles.write(CountyReport.build(new GoldReader(lh, null), ReportFixture.YINGZE, 2024),
        OUT, false).get(0));
    int missed = 0;
    for (String dom : List.of(countyDom, yingze, provinceDom)) {
      for (String text : cellTexts(dom)) {
        for (String code : Reasons.WORDS.keySet()) assertFalse(text.contains(code), "a reason code in a cell: " + text);
        assertFalse(text.contains("no_row_in_"), text);
      }
      Matcher m = Pattern.compile("class=\"verdict missed\"[^>]*>([^<]*)(<small class=\"rule\">([^<]*)</small>)?").matcher(dom);
      while (m.find()) {
        missed++;
        assertNotNull(m.group(3), "a not met without its rule: " + m.group());
        assertFalse(m.group(3).isBlank(), m.group());
      }
    }
    assertTrue(missed >= 3, "not-met verdicts seen: " + missed);
    // 迎泽区's missed increase 1 names the rule and both growths; the reasons of its blanks are said in words.
    assertTrue(yingze.contains("增长一：拨款增长 2.00% 未高于经常性收入增长 4.00%"), "rule of increase 1");
    assertTrue(yingze.contains("没有乡村学校，无法计算乡村与城区之比"), "a blank's reason in words");
  }

  @Test
  @Order(8)
  void everyCountyOfAYearInOneRunWithAnIndex() throws IOException {
    Path all = OUT.resolve("all");
    assertEquals(0, Main.run(new String[] {"report", "--county", "all", "--year", "2024", "--out", all.toString(),
        "--lakehouse", lh.root()}));
    String index = Files.readString(all.resolve("index-2024.html"), StandardCharsets.UTF_8);
    assertTrue(index.contains("<a href=\"county-140105-2024.html\">小店区（140105）</a>"), index);
    assertTrue(index.contains("<a href=\"county-140106-2024.html\">迎泽区（140106）</a>"), index);
    assertTrue(Files.readString(all.resolve("county-140106-2024.html")).contains("迎泽区义务教育均衡发展自评报告数据"));
  }

  // ---- the province report ----

  @Test
  @Order(4)
  void provinceReportRendersWithoutErrorsAndItsFiguresEqualGold() {
    assertEquals("", consoleErrors(provinceDom));
    // funding: appropriation and revenue by month against last year, fiscal years; dropouts and rotations;
    // counties meeting; two rankings
    assertChartsDrawn(provinceDom, 7);
    // Each month of 2024 against the same month of 2023: 1,750 + 1,700 = 3,450 against 1,600 + 1,600 = 3,200.
    assertTrue(provinceDom.contains("{\"name\":\"2023年 last year\",\"values\":[3200.0,3200.0,3200.0,3200.0,3200.0,3200.0,"
        + "3200.0,3200.0,3200.0,3200.0,3200.0,3200.0]},{\"name\":\"2024年 this year\",\"values\":[3450.0,"), "months against last year");
    // December 2024 judges fiscal 2023 and says why: fiscal 2024's final accounts are known from 2025-08.
    assertTrue(provinceDom.contains("the final accounts of fiscal 2024 are taken as known from 2025-08, so this month judges fiscal 2023"));
    Map<String, String[]> f = figures(provinceDom);
    Row dec = goldRow("gold.province_monthly", "province_code = '140000' AND year = 2024 AND month = 12");
    for (String c : List.of("education_appropriation_ytd_10k_yuan", "education_appropriation_ytd_growth",
        "recurrent_revenue_ytd_10k_yuan", "dropouts_ytd", "rotations_ytd", "counties", "counties_meeting_basic",
        "counties_meeting_three_increases", "counties_three_increases_judged")) {
      assertEquals(gold(dec, c), value(f, "province_monthly." + c), 0.0, c);
    }
    // 12 × (1,750 + 1,700) = 41,400 against 12 × (1,600 + 1,600) = 38,400: +7.8125%.
    assertEquals(41400.0, value(f, "province_monthly.education_appropriation_ytd_10k_yuan"), 1e-9);
    assertEquals("41,400.0", f.get("province_monthly.education_appropriation_ytd_10k_yuan")[1]);
    assertEquals(38400.0, value(f, "province_monthly.prior_education_appropriation_ytd_10k_yuan"), 1e-6);
    assertEquals("7.81%", f.get("province_monthly.education_appropriation_ytd_growth")[1]);
    // Dropouts in 2024: 2 (March) + 1 (October) + 3 (November); rotations: four teachers left a school.
    assertEquals(6.0, value(f, "province_monthly.dropouts_ytd"), 0.0);
    assertEquals(4.0, value(f, "province_monthly.rotations_ytd"), 0.0);
    // Fiscal 2023 judged in December 2024 (final accounts known from August): both counties +5% vs +4%.
    assertEquals(2.0, value(f, "province_monthly.counties_meeting_three_increases"), 0.0);
    // The ranking shows each county's composite CV as gold has it.
    Row basic = goldRow("gold.county_balance_basic", "county_code = '140105' AND school_year = 2024 AND level = 'primary'");
    assertEquals(gold(basic, "composite_cv"), value(f, "county_balance_basic.composite_cv:primary:140105"), 0.0);
  }

  // ---- versions, print, page mechanics ----

  @Test
  @Order(5)
  void theReportStatesTheVersionItReadAndAsOfReproducesIt() throws IOException {
    String page = Files.readString(countyHtml, StandardCharsets.UTF_8);
    assertTrue(page.contains("data-run-id=\"1\""), "run 1 of ops.runs");
    for (String t : List.of("gold.county_balance_basic", "gold.three_increases", "gold.trends")) {
      assertTrue(page.contains("data-table=\"" + t + "\" data-version=\"" + lh.version(t) + "\""), t);
    }
    // A correction of 小店区's 2024 appropriation (22,050 → 21,000: growth 0) is run 2.
    lh.overwrite("gold.three_increases", ThreeIncreases.compute(ReportFixture.funding(21000.0, 21420.0), TestSpark.settings()));
    RunLog.record(lh, "correction", "", new Timestamp(System.currentTimeMillis()));
    Path now = OUT.resolve("now");
    Path then = OUT.resolve("then");
    assertEquals(0, Main.run(new String[] {"report", "--county", "140105", "--year", "2024", "--out", now.toString(),
        "--lakehouse", lh.root()}));
    assertEquals(0, Main.run(new String[] {"report", "--county", "140105", "--year", "2024", "--out", then.toString(),
        "--lakehouse", lh.root(), "--as-of", "1"}));
    Map<String, String[]> fNow = figures(Files.readString(now.resolve("county-140105-2024.html")));
    Map<String, String[]> fThen = figures(Files.readString(then.resolve("county-140105-2024.html")));
    assertEquals(0.0, value(fNow, "three_increases.education_appropriation_growth"), 1e-12);
    assertEquals(0.05, value(fThen, "three_increases.education_appropriation_growth"), 1e-12);
    assertTrue(Files.readString(now.resolve("county-140105-2024.html")).contains("data-run-id=\"2\""));
    assertTrue(Files.readString(then.resolve("county-140105-2024.html")).contains("data-run-id=\"1\""));
  }

  @Test
  @Order(6)
  void pdfIsPrintedByChromium() throws IOException {
    List<Path> files = ReportFiles.write(ProvinceReport.build(new GoldReader(lh, null), 2024, 12, "14"), OUT.resolve("pdf"),
        true);
    assertEquals(2, files.size());
    byte[] pdf = Files.readAllBytes(files.get(1));
    assertEquals("%PDF", new String(pdf, 0, 4, StandardCharsets.US_ASCII));
    assertTrue(pdf.length > 10_000, "a PDF of several pages: " + pdf.length + " bytes");
  }

  /**
   * Both reports printed to A4 by Chromium: within their page budgets (county 8, province 6), no
   * blank page (each page rendered by pdftoppm, a screenshot kept, has ink and text on it), and no page that
   * ends with a section heading (pdftotext of each page: its last line is not a heading).
   */
  @Test
  @Order(7)
  void bothReportsPrintToA4WithinTheirPageBudgetsWithNoBlankPageOrOrphanHeading() throws Exception {
    Path dir = OUT.resolve("print");
    Path county = ReportFiles.write(CountyReport.build(new GoldReader(lh, null), ReportFixture.XIAODIAN, 2024), dir, true).get(1);
    Path province = ReportFiles.write(ProvinceReport.build(new GoldReader(lh, null), 2024, 12, null), dir, true).get(1);
    for (Object[] c : new Object[][] {{county, 8, "county", countyDom}, {province, 6, "province", provinceDom}}) {
      Path pdf = (Path) c[0];
      List<Path> pages = PrintedPages.screenshots(pdf, SHOTS, c[2] + "-page");
      assertTrue(pages.size() >= 2 && pages.size() <= (Integer) c[1], c[2] + " report pages: " + pages.size());
      assertEquals(pages.size(), PrintedPages.count(pdf), "pdftoppm renders every page the PDF declares");
      // Not blank: ink on the page (a blank one has none; a line of text is ~0.03%) and text on it.
      for (int i = 1; i <= pages.size(); i++) {
        double ink = PrintedPages.inkShare(pages.get(i - 1));
        assertTrue(ink > 0.0002, pages.get(i - 1) + " is blank: ink " + ink);
        assertFalse(PrintedPages.lastLine(pdf, i).isEmpty(), c[2] + " page " + i + " has no text");
      }
      List<String> headings = new ArrayList<>();
      Matcher m = Pattern.compile("<h2>([^<]+)<").matcher((String) c[3]);
      while (m.find()) headings.add(m.group(1).strip());
      assertTrue(headings.size() >= 4, "headings " + headings);
      for (int i = 1; i <= pages.size(); i++) {
        String last = PrintedPages.lastLine(pdf, i);
        for (String h : headings) assertFalse(last.startsWith(h), c[2] + " page " + i + " ends with the heading " + h);
      }
    }
  }

  @Test
  void theErrorSinkCatchesAChartThatFails() throws IOException {
    // A chart whose container is missing: the page must report it, or the tests above prove nothing.
    Report broken = new Report("broken", "t", "s", new Report.Provenance(null, null, Map.of()), List.of(
        new Report.Section("s", "一", "one", List.of(new Report.Chart("chart-x", "x", "bar", List.of("a"),
            List.of(new Report.Series("s", List.of(1.0))), null, null)))));
    String page = HtmlReport.render(broken).replace("id=\"chart-x\"", "id=\"elsewhere\"");
    Path html = OUT.resolve("broken.html");
    Files.createDirectories(OUT);
    Files.writeString(html, page);
    assertTrue(consoleErrors(browser.dumpDom(html)).contains("chart-x"));
  }

  @Test
  void valuesPlacedInHtmlAreEscaped() {
    Report r = new Report("x", "<b>\"&'", "s", new Report.Provenance(null, null, Map.of()), List.of(
        new Report.Section("s", "<i>", "one", List.of(new Report.Table(null, List.of("a"),
            List.of(List.of("</td><script>alert(1)</script>"))),
            new Report.Chart("c", "</script>", "bar", List.of("<"), List.of(), null, null)))));
    String page = HtmlReport.render(r);
    assertTrue(page.contains("&lt;b&gt;&quot;&amp;&#39;"));
    assertTrue(page.contains("&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertFalse(page.contains("<b>"));
    assertTrue(page.contains("\"title\":\"\\u003c/script\\u003e\""), "JSON in the page cannot close its script");
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, Main.run(new String[] {"report"}));
    assertEquals(2, Main.run(new String[] {"report", "--county", "140105", "--out", "x"}));
    assertEquals(2, Main.run(new String[] {"report", "--county", "140105", "--year", "2024", "--month", "2024-12",
        "--out", "x"}));
    assertEquals(2, Main.run(new String[] {"report", "--month", "2024-13", "--out", "x"}));
  }
}
