package edubalance.report;

import edubalance.report.Report.Blanks;
import edubalance.report.Report.Block;
import edubalance.report.Report.Chart;
import edubalance.report.Report.Note;
import edubalance.report.Report.Section;
import edubalance.report.Report.Series;
import edubalance.report.Report.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes a built section fit to hand over, applied by both report builders: a chart with
 * nothing to draw is left out (a bar chart needs a value, a line chart two points of one series);
 * the reasons of the blank cells are said once, in words, under the tables; and a section with no
 * value at all is one line saying so, with no table or chart.
 */
final class Readable {
  private Readable() {}

  /**
   * The section as a reader gets it.
   *
   * @param whenEmpty the line that replaces a section with no value; null for a line made of its reasons
   */
  static Section of(Section s, String whenEmpty) {
    List<String> reasons = new ArrayList<>();
    boolean anyValue = false;
    boolean anyTable = false;
    for (Block b : s.blocks()) {
      if (!(b instanceof Table t)) continue;
      anyTable = true;
      for (List<Object> row : t.rows()) {
        for (Object cell : row) {
          if (cell instanceof Figure f) {
            if (f.value() != null) anyValue = true;
            else reasons.add(f.reason());
          } else if (cell instanceof Verdict v) {
            if (v.met() != null) anyValue = true;
            else reasons.add(v.reason());
          }
        }
      }
    }
    List<String> sentences = Reasons.sentences(reasons);
    if (anyTable && !anyValue) {
      String line = whenEmpty != null ? whenEmpty
          : "本节无数据 nothing to show: " + (sentences.isEmpty() ? "无记录 no rows" : String.join("; ", sentences)) + ".";
      return new Section(s.id(), s.heading(), s.headingEn(), List.of(new Note(line)));
    }
    List<Block> out = new ArrayList<>();
    boolean blanksPlaced = false;
    for (Block b : s.blocks()) {
      if (b instanceof Chart c && !drawable(c)) continue;
      // The reasons go right after the last table, before the notes and charts that follow it.
      out.add(b);
      if (b instanceof Table && !blanksPlaced && isLastTable(s.blocks(), b) && !sentences.isEmpty()) {
        out.add(new Blanks(sentences));
        blanksPlaced = true;
      }
    }
    return new Section(s.id(), s.heading(), s.headingEn(), out);
  }

  private static boolean isLastTable(List<Block> blocks, Block b) {
    for (int i = blocks.size() - 1; i >= 0; i--) if (blocks.get(i) instanceof Table) return blocks.get(i) == b;
    return false;
  }

  /** Whether a chart has something to draw: a value for bars, two points of one series for lines. */
  static boolean drawable(Chart c) {
    int need = c.kind().equals("line") ? 2 : 1;
    for (Series s : c.series()) {
      int n = 0;
      for (Double v : s.values()) if (v != null && !v.isNaN() && !v.isInfinite()) n++;
      if (n >= need) return true;
    }
    return false;
  }
}
