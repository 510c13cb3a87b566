package edubalance.report;

import edubalance.report.Figure.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A {@link Report}'s tables as an Excel workbook a county officer opens ({@code jobs/export --xlsx}):
 * a cover sheet (封面) with the title and the lakehouse version read, then one sheet per section
 * with its tables: Chinese headers (the English column beneath, grey), numbers as numbers with
 * the page's formats (percent, thousands, four-decimal coefficients), the first table's header
 * rows frozen, a blank cell's reason said under its table, and a "not met" with the rule it missed.
 * Written with fastexcel (a streaming writer: small, no POI).
 */
public final class ReportWorkbook {
  private ReportWorkbook() {}

  /** Excel's number format of each kind, as the page writes it (POINTS: a fraction shown as signed %). */
  static String format(Kind kind) {
    return switch (kind) {
      case PERCENT -> "0.00%";
      case COEFFICIENT -> "0.0000";
      case AMOUNT -> "#,##0.0";
      case COUNT -> "#,##0";
      case VALUE -> "#,##0.00";
      case POINTS -> "+0.00%;-0.00%;0.00%";
    };
  }

  public static void write(Report report, OutputStream out) throws IOException {
    Workbook wb = new Workbook(out, "edu-balance", "1.0");
    cover(wb.newWorksheet("封面 cover"), report);
    Set<String> used = new HashSet<>();
    for (Report.Section s : report.sections()) section(wb.newWorksheet(sheetName(s.heading(), used)), s);
    wb.finish();
  }

  /** A sheet name Excel takes: at most 31 characters, none of []:*?/\, unique in the workbook. */
  static String sheetName(String heading, Set<String> used) {
    String base = heading.replaceAll("[\\[\\]:*?/\\\\：]", " ").strip();
    if (base.length() > 28) base = base.substring(0, 28);
    String name = base;
    for (int i = 2; !used.add(name); i++) name = base + " " + i;
    return name;
  }

  private static void cover(Worksheet ws, Report report) {
    ws.width(0, 28);
    ws.width(1, 70);
    ws.value(0, 0, report.title());
    ws.style(0, 0).bold().fontSize(14).set();
    ws.value(1, 0, report.subtitle());
    Report.Provenance p = report.provenance();
    int r = 3;
    ws.value(r, 0, "数据版本 lakehouse version");
    ws.value(r++, 1, p.runId() == null ? "no run recorded in ops.runs" : "run " + p.runId() + " of ops.runs");
    if (p.runId() != null) {
      ws.value(r, 0, "运行号 run_id");
      ws.value(r++, 1, p.runId());
    }
    if (p.asOf() != null) {
      ws.value(r, 0, "--as-of");
      ws.value(r++, 1, p.asOf());
    }
    ws.value(r, 0, "重现 reproduce");
    ws.value(r++, 1, "jobs/export ... --as-of " + (p.runId() == null ? "RUN" : p.runId()));
    r++;
    ws.value(r, 0, "表 table");
    ws.value(r, 1, "版本 Delta version");
    ws.style(r, 0).bold().set();
    ws.style(r++, 1).bold().set();
    for (Map.Entry<String, Long> e : p.tableVersions().entrySet()) {
      ws.value(r, 0, e.getKey());
      ws.value(r++, 1, e.getValue());
    }
  }

  private static void section(Worksheet ws, Report.Section s) {
    ws.value(0, 0, s.heading());
    ws.style(0, 0).bold().fontSize(13).set();
    ws.value(1, 0, s.headingEn());
    ws.style(1, 0).fontColor("616E7C").set();
    int r = 3;
    boolean frozen = false;
    int widest = 1;
    for (Report.Block b : s.blocks()) {
      if (b instanceof Report.Note n) {
        ws.value(r++, 0, n.text());
      } else if (b instanceof Report.Blanks blanks) {
        ws.value(r++, 0, "“空白”原因 blank cells, why:");
        for (String line : blanks.sentences()) ws.value(r++, 0, "· " + line);
      } else if (b instanceof Report.Table t) {
        if (t.caption() != null) {
          ws.value(r, 0, HtmlReport.split(t.caption())[0]);
          ws.style(r++, 0).bold().set();
        }
        for (int c = 0; c < t.columns().size(); c++) {
          String[] h = HtmlReport.split(t.columns().get(c));
          ws.value(r, c, h[0]);
          ws.style(r, c).bold().fillColor("F0F4F8").wrapText(true).set();
          ws.value(r + 1, c, h[1]);
          ws.style(r + 1, c).fontColor("616E7C").fontSize(9).fillColor("F0F4F8").wrapText(true).set();
        }
        widest = Math.max(widest, t.columns().size());
        r += 2;
        // The first table's headers stay in view as the officer scrolls.
        if (!frozen) {
          ws.freezePane(0, r);
          frozen = true;
        }
        for (List<Object> row : t.rows()) {
          for (int c = 0; c < row.size(); c++) cell(ws, r, c, row.get(c));
          r++;
        }
        r++;
      }
    }
    ws.width(0, 44);
    for (int c = 1; c < widest; c++) ws.width(c, 18);
  }

  private static void cell(Worksheet ws, int r, int c, Object cell) {
    if (cell instanceof Figure f) {
      if (f.value() == null) {
        ws.value(r, c, "—");
      } else {
        ws.value(r, c, f.value());
        ws.style(r, c).format(format(f.kind())).set();
      }
    } else if (cell instanceof Verdict v) {
      String text = v.met() == null ? "无法判断" : v.met() ? "达标" : "未达标";
      if (Boolean.FALSE.equals(v.met()) && v.rule() != null && !v.rule().isBlank()) text += "：" + v.rule();
      ws.value(r, c, text);
      if (Boolean.FALSE.equals(v.met())) ws.style(r, c).fontColor("B42318").bold().set();
    } else if (cell != null && !cell.toString().isEmpty()) {
      ws.value(r, c, HtmlReport.split(cell.toString())[0]);
    }
  }
}
