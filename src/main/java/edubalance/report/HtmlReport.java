package edubalance.report;

import edubalance.text.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Report} as one self-contained HTML page: the template, styles, ECharts (from the
 * {@code org.webjars.npm:echarts} jar on the classpath) and the chart data are all inlined, so the
 * page opens offline. Every value placed in HTML is escaped; every figure carries
 * {@code data-figure} (its gold column) and {@code data-value} (the exact value) so it can be
 * checked against the table it came from.
 */
public final class HtmlReport {
  private HtmlReport() {}

  static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

  public static String render(Report report) {
    StringBuilder body = new StringBuilder();
    body.append("<header><h1>").append(esc(report.title())).append("</h1><p class=\"subtitle\">")
        .append(esc(report.subtitle())).append("</p>");
    provenance(body, report.provenance());
    body.append("</header>\n");
    StringBuilder charts = new StringBuilder();
    for (Report.Section s : report.sections()) {
      body.append("<section id=\"").append(esc(s.id())).append("\"><h2>").append(esc(s.heading()))
          .append("<span class=\"en\">").append(esc(s.headingEn())).append("</span></h2>\n");
      for (Report.Block b : s.blocks()) {
        if (b instanceof Report.Note n) {
          body.append("<p class=\"note\">").append(esc(n.text())).append("</p>\n");
        } else if (b instanceof Report.Table t) {
          table(body, t);
        } else if (b instanceof Report.Chart c) {
          body.append("<div class=\"chart\" id=\"").append(esc(c.id())).append("\" data-chart=\"")
              .append(esc(c.id())).append("\"></div>\n");
          if (charts.length() > 0) charts.append(',');
          chartJson(charts, c);
        }
      }
      body.append("</section>\n");
    }
    String data = "{\"charts\":[" + charts + "]}";
    return resource("report/report.html")
        .replace("{{title}}", esc(report.title()))
        .replace("{{capture}}", scriptSafe(resource("report/capture.js")))
        .replace("{{style}}", resource("report/report.css"))
        .replace("{{echarts}}", scriptSafe(resource(ECHARTS)))
        .replace("{{draw}}", scriptSafe(resource("report/draw.js")))
        .replace("{{data}}", data)
        .replace("{{body}}", body.toString());
  }

  private static void provenance(StringBuilder out, Report.Provenance p) {
    out.append("<p class=\"provenance\" id=\"provenance\" data-run-id=\"")
        .append(p.runId() == null ? "" : p.runId()).append("\">数据版本 lakehouse version: ")
        .append(p.runId() == null ? "no run recorded in ops.runs" : "run " + p.runId() + " of ops.runs")
        .append(p.asOf() == null ? "" : esc(" (--as-of " + p.asOf() + ")")).append("; tables read: ");
    boolean first = true;
    for (Map.Entry<String, Long> e : p.tableVersions().entrySet()) {
      if (!first) out.append(", ");
      first = false;
      out.append("<code data-table=\"").append(esc(e.getKey())).append("\" data-version=\"").append(e.getValue())
          .append("\">").append(esc(e.getKey())).append(" v").append(e.getValue()).append("</code>");
    }
    out.append(". Reproduce: <code>").append(esc("jobs/report ... --as-of " + (p.runId() == null ? "RUN" : p.runId())))
        .append("</code></p>");
  }

  private static void table(StringBuilder out, Report.Table t) {
    out.append("<table>");
    if (t.caption() != null) out.append("<caption>").append(heading(t.caption())).append("</caption>");
    out.append("<thead><tr>");
    for (String c : t.columns()) out.append("<th>").append(heading(c)).append("</th>");
    out.append("</tr></thead><tbody>\n");
    for (List<Object> row : t.rows()) {
      out.append("<tr>");
      for (Object cell : row) cell(out, cell);
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n");
  }

  /** "中文 | english_column": the English part in a quieter style beside the Chinese. */
  private static String heading(String text) {
    int split = text.indexOf(" | ");
    if (split < 0) return esc(text);
    return esc(text.substring(0, split)) + "<span class=\"en\">" + esc(text.substring(split + 3)) + "</span>";
  }

  private static void cell(StringBuilder out, Object cell) {
    if (cell instanceof Figure f) {
      if (f.value() == null) {
        out.append("<td class=\"num null\" data-figure=\"").append(esc(f.name())).append("\" data-null-reason=\"")
            .append(esc(f.reason())).append("\">—<small>").append(esc(f.reason())).append("</small></td>");
      } else {
        out.append("<td class=\"num\" data-figure=\"").append(esc(f.name())).append("\" data-value=\"")
            .append(f.value()).append("\">").append(esc(f.text())).append("</td>");
      }
    } else if (cell instanceof Verdict v) {
      String cls = v.met() == null ? "unjudged" : v.met() ? "met" : "missed";
      out.append("<td class=\"verdict ").append(cls).append("\" data-verdict=\"").append(esc(v.name()))
          .append("\" data-value=\"").append(v.met() == null ? "null" : v.met()).append("\">").append(esc(v.text()));
      if (v.reason() != null) out.append("<small>").append(esc(v.reason())).append("</small>");
      out.append("</td>");
    } else {
      out.append("<td>").append(heading(cell == null ? "" : cell.toString())).append("</td>");
    }
  }

  private static void chartJson(StringBuilder out, Report.Chart c) {
    out.append("{\"id\":").append(Json.quoteForScript(c.id())).append(",\"title\":").append(Json.quoteForScript(c.title()))
        .append(",\"kind\":").append(Json.quoteForScript(c.kind())).append(",\"categories\":[");
    for (int i = 0; i < c.categories().size(); i++) out.append(i > 0 ? "," : "").append(Json.quoteForScript(c.categories().get(i)));
    out.append("],\"series\":[");
    for (int i = 0; i < c.series().size(); i++) {
      Report.Series s = c.series().get(i);
      out.append(i > 0 ? "," : "").append("{\"name\":").append(Json.quoteForScript(s.name())).append(",\"values\":[");
      for (int j = 0; j < s.values().size(); j++) {
        Double v = s.values().get(j);
        out.append(j > 0 ? "," : "").append(v == null || v.isNaN() || v.isInfinite() ? "null" : v.toString());
      }
      out.append("]}");
    }
    out.append("],\"threshold\":").append(c.threshold() == null ? "null" : c.threshold().toString())
        .append(",\"thresholdLabel\":").append(Json.quoteForScript(c.thresholdLabel() == null ? "" : c.thresholdLabel())).append('}');
  }

  /** Text and attribute values: the five characters that HTML gives meaning to. */
  static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  /** A script inlined in the page must not contain its own end tag. */
  private static String scriptSafe(String js) {
    return js.replace("</script", "<\\/script");
  }

  static String resource(String name) {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " is not on the classpath (the build ships it)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
