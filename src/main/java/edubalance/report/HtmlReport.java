package edubalance.report;

import edubalance.text.Json;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Report} as one self-contained HTML page through the FreeMarker template
 * {@code report/report.ftlh}: the styles, ECharts (from the {@code org.webjars.npm:echarts} jar on
 * the classpath) and the chart data are inlined, so the page opens offline. The template escapes
 * every value (HTML output format); every figure carries {@code data-figure} (its gold column) and
 * {@code data-value} (the exact value) so it can be checked against the table it came from.
 */
public final class HtmlReport {
  private HtmlReport() {}

  static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

  private static final Configuration TEMPLATES = templates();

  private static Configuration templates() {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setClassLoaderForTemplateLoading(HtmlReport.class.getClassLoader(), "report");
    c.setDefaultEncoding("UTF-8");
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    return c;
  }

  /** A table cell as the template shows it. */
  public record Cell(String type, String css, String name, String value, String text, String en, String note) {}

  /** A table as the template shows it: caption and headings split into Chinese and English. */
  public record TableView(String[] caption, List<String[]> columns, List<List<Cell>> rows) {}

  /** A block of a section as the template shows it: exactly one of its parts is set. */
  public record BlockView(TableView table, String chart, String note, List<String> blanks) {}

  public record SectionView(String id, String heading, String headingEn, List<BlockView> blocks) {}

  public static String render(Report report) {
    List<SectionView> sections = new ArrayList<>();
    StringBuilder charts = new StringBuilder();
    for (Report.Section s : report.sections()) {
      List<BlockView> blocks = new ArrayList<>();
      for (Report.Block b : s.blocks()) {
        if (b instanceof Report.Note n) {
          blocks.add(new BlockView(null, null, n.text(), null));
        } else if (b instanceof Report.Blanks r) {
          blocks.add(new BlockView(null, null, null, r.sentences()));
        } else if (b instanceof Report.Table t) {
          blocks.add(new BlockView(table(t), null, null, null));
        } else if (b instanceof Report.Chart c) {
          blocks.add(new BlockView(null, c.id(), null, null));
          if (charts.length() > 0) charts.append(',');
          chartJson(charts, c);
        }
      }
      sections.add(new SectionView(s.id(), s.heading(), s.headingEn(), blocks));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("title", report.title());
    model.put("subtitle", report.subtitle());
    model.put("provenance", report.provenance());
    model.put("reproduce", "jobs/report ... --as-of " + (report.provenance().runId() == null ? "RUN" : report.provenance().runId()));
    model.put("sections", sections);
    model.put("capture", scriptSafe(resource("report/capture.js")));
    model.put("style", resource("report/report.css"));
    model.put("echarts", scriptSafe(resource(ECHARTS)));
    model.put("draw", scriptSafe(resource("report/draw.js")));
    model.put("data", "{\"charts\":[" + charts + "]}");
    return process("report.ftlh", model);
  }

  /** The index page of several reports ({@code jobs/report --county all}): title, then (file, label) links. */
  public static String index(String title, String subtitle, List<String[]> links) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", title);
    model.put("subtitle", subtitle);
    model.put("links", links);
    model.put("style", resource("report/report.css"));
    return process("index.ftlh", model);
  }

  private static String process(String template, Map<String, Object> model) {
    try {
      Template t = TEMPLATES.getTemplate(template);
      StringWriter out = new StringWriter();
      t.process(model, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the template " + template + ": " + e.getMessage(), e);
    } catch (TemplateException e) {
      throw new IllegalStateException("template " + template + " failed: " + e.getMessage(), e);
    }
  }

  private static TableView table(Report.Table t) {
    List<String[]> columns = new ArrayList<>();
    for (String c : t.columns()) columns.add(split(c));
    List<List<Cell>> rows = new ArrayList<>();
    for (List<Object> row : t.rows()) {
      List<Cell> cells = new ArrayList<>();
      for (Object cell : row) cells.add(cell(cell));
      rows.add(cells);
    }
    return new TableView(t.caption() == null ? null : split(t.caption()), columns, rows);
  }

  /** "中文 | english_column" → {中文, english_column}; no " | " → {text, ""}. */
  public static String[] split(String text) {
    int at = text.indexOf(" | ");
    return at < 0 ? new String[] {text, ""} : new String[] {text.substring(0, at), text.substring(at + 3)};
  }

  private static Cell cell(Object cell) {
    if (cell instanceof Figure f) {
      return f.value() == null
          ? new Cell("blank", "num null", f.name(), null, "—", "", f.reason())
          : new Cell("figure", "num", f.name(), String.valueOf(f.value()), f.text(), "", null);
    }
    if (cell instanceof Verdict v) {
      String cls = v.met() == null ? "unjudged" : v.met() ? "met" : "missed";
      // A "not met" says which rule, by which figure; a verdict that cannot be judged points to the blanks note.
      return new Cell("verdict", "verdict " + cls, v.name(), v.met() == null ? "null" : String.valueOf(v.met()), v.text(), "",
          Boolean.FALSE.equals(v.met()) ? v.rule() : null);
    }
    String[] parts = split(cell == null ? "" : cell.toString());
    return new Cell("text", "", null, null, parts[0], parts[1], null);
  }

  private static void chartJson(StringBuilder out, Report.Chart c) {
    out.append("{\"id\":").append(Json.quoteForScript(c.id())).append(",\"title\":").append(Json.quoteForScript(c.title()))
        .append(",\"kind\":").append(Json.quoteForScript(c.kind()))
        .append(",\"unit\":").append(Json.quoteForScript(c.unit() == null ? "" : c.unit())).append(",\"categories\":[");
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
