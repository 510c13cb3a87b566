package edubalance.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.report.Figure.Kind;
import edubalance.report.Report.Chart;
import edubalance.report.Report.Note;
import edubalance.report.Report.Section;
import edubalance.report.Report.Series;
import edubalance.report.Report.Table;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The rules that make a section readable, on hand-made sections (no Spark). */
@Tag("fast") // no Spark: jobs/test --fast
class ReadableTest {

  static Section section(List<Object> row, Chart chart) {
    return new Section("s", "一、节", "section", List.of(new Table(null, List.of("项目 | item", "值 | value"), List.of(row)), chart));
  }

  static Chart bars(Double... values) {
    return new Chart("c", "t", "bar", List.of("a", "b"), List.of(new Series("s", Arrays.asList(values))), null, null);
  }

  @Test
  void aSectionWithNoValueIsOneLineWithNoTableOrChart() {
    Section s = Readable.of(section(List.of("x", Figure.of("t.v", null, "rural_to_urban_ratio:no_rural_units", Kind.VALUE)),
        bars(null, null)), null);
    assertEquals(1, s.blocks().size(), "one line: " + s.blocks());
    String line = ((Note) s.blocks().get(0)).text();
    assertTrue(line.startsWith("本节无数据 nothing to show: "), line);
    assertTrue(line.contains("没有乡村学校"), "the reason in words: " + line);
  }

  @Test
  void blankCellsAreExplainedOnceInWordsAndAnEmptyChartIsLeftOut() {
    Section s = Readable.of(new Section("s", "一", "one", List.of(new Table(null, List.of("a", "b", "c"), List.of(
        List.of("x", Figure.of("t.v", 1.0, null, Kind.VALUE), Figure.of("t.w", null, "town:no_units", Kind.VALUE)),
        List.of("y", Figure.of("t.v", null, "town:no_units", Kind.VALUE), Figure.of("t.w", null, "no_prior_year", Kind.VALUE)))),
        bars(null, null), new Chart("l", "t", "line", List.of("2023", "2024"), List.of(new Series("s", Arrays.asList(1.0, null))),
            null, null))), null);
    assertEquals(2, s.blocks().size(), "the table and its reasons; both charts left out: " + s.blocks());
    assertEquals(List.of("镇区 town：没有此类学校 there are no schools of this kind",
        "缺上一年数据，无法计算增长 the prior year is missing, so no growth"), ((Report.Blanks) s.blocks().get(1)).sentences());
  }

  @Test
  void numbersAreWrittenAsTheirKindAndZeroHasNoSign() {
    assertEquals("6,963", Figure.format(6963.0, Kind.COUNT));
    assertEquals("0.00", Figure.format(-0.001, Kind.VALUE));
    assertEquals("0.0000", Figure.format(-0.00001, Kind.COEFFICIENT));
    assertEquals("0.00 pp", Figure.format(-0.00001, Kind.POINTS));
    assertEquals("0.00%", Figure.format(-0.00001, Kind.PERCENT));
    assertEquals("-2.00 pp", Figure.format(-0.02, Kind.POINTS));
    assertEquals("-0.01", Figure.format(-0.01, Kind.VALUE));
    assertEquals("4.12%", Figure.format(0.0412, Kind.PERCENT));
  }

  @Test
  void theLabelMapNamesTheMetricsOfTheReports() {
    assertEquals("小学在校生", Labels.of("students_primary").zh());
    assertEquals(Kind.COUNT, Labels.of("students_primary").kind());
    assertEquals(Kind.PERCENT, Labels.of("exchange_rate").kind());
    assertEquals("初中县级以上骨干教师数差异系数（优质均衡）", Labels.of("quality_cv_backbone_teachers_junior").zh());
    for (String[] chart : CountyReport.TREND_CHARTS) {
      for (int i = 2; i < chart.length; i++) assertTrue(Labels.has(chart[i]), chart[i]);
    }
  }
}
