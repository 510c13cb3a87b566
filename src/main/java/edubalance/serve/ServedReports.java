package edubalance.serve;

import edubalance.conf.Settings;
import edubalance.conf.Args;
import edubalance.lakehouse.Lakehouse;
import edubalance.report.GoldReader;
import edubalance.report.ReportFiles;
import edubalance.report.ReportPages;
import edubalance.report.ReportRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reports rendered by {@code jobs/serve} for the thin {@code jobs/report} ({@link ReportClient}): the
 * client sends the options naming the report ({@link ReportRequest#argv}, NUL-separated) in the
 * {@value #ACTION} action; the server renders the pages in its warm session, from the same gold
 * tables and with the same code as the embedded job, and answers one result per page (its name, a
 * line feed, 1 or 0 for printable, a line feed, its HTML). The client writes the files.
 *
 * <p>A role reads reports as it reads tables: {@code province} and {@code statistician} any report
 * (both read every gold table and the division names); {@code county:<code>} its own county's
 * report alone, not another county's, not {@code --county all}, not the province's month.
 */
public final class ServedReports {
  private ServedReports() {}

  static final String ACTION = "edubalance.report";

  /** The pages rendered (each as sent) and the tables they were read from. */
  record Rendered(List<byte[]> pages, Set<String> tables) {}

  static byte[] request(ReportRequest request) {
    return String.join("\0", request.argv()).getBytes(StandardCharsets.UTF_8);
  }

  static Rendered render(Lakehouse lakehouse, Settings settings, Role role, byte[] body, GoldReader.TableSource tables) {
    String[] argv = new String(body, StandardCharsets.UTF_8).split("\0");
    ReportRequest request = ReportRequest.parse(Args.parse(argv, Set.copyOf(ReportRequest.OPTIONS), Set.of()), "jobs/report");
    check(role, request);
    GoldReader gold = new GoldReader(lakehouse, request.asOf(), settings, tables);
    List<byte[]> pages = new ArrayList<>();
    for (ReportFiles.Page p : ReportPages.of(gold, request)) pages.add(encode(p));
    return new Rendered(pages, new TreeSet<>(gold.provenance().tableVersions().keySet()));
  }

  static void check(Role role, ReportRequest request) {
    if (role.kind() != Role.Kind.COUNTY) return;
    if (request.isProvince()) throw new Access.Denied(role + ": the province report is not readable by this role");
    if (!role.county().equals(request.county())) {
      throw new Access.Denied(role + ": the report of " + (request.allCounties() ? "every county" : "county " + request.county())
          + " is not readable by this role");
    }
  }

  static byte[] encode(ReportFiles.Page page) {
    return (page.name() + "\n" + (page.printable() ? "1" : "0") + "\n" + page.html()).getBytes(StandardCharsets.UTF_8);
  }

  static ReportFiles.Page decode(byte[] result) {
    String s = new String(result, StandardCharsets.UTF_8);
    int a = s.indexOf('\n');
    int b = s.indexOf('\n', a + 1);
    String name = s.substring(0, a);
    // The name becomes a file in the client's --out: nothing but a plain name.
    if (!name.matches("[\\w.-]+") || name.startsWith(".")) throw new IllegalArgumentException("the server sent a page named '" + name + "'");
    return new ReportFiles.Page(name, s.substring(b + 1), s.charAt(a + 1) == '1');
  }
}
