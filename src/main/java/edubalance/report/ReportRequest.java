package edubalance.report;

import edubalance.conf.Args;
import java.util.ArrayList;
import java.util.List;

/**
 * Which report a command line asks for, read the same way by {@code jobs/report}, {@code jobs/export}
 * and the server that renders a report for a thin client (nothing here touches Spark): the
 * province's month ({@code --month YYYY-MM [--province CODE]}) or a county's school year
 * ({@code --county CODE|all --year YYYY}), at the lakehouse version {@code --as-of} names (null: the latest).
 *
 * @param month {year, month} of a province report, null for a county report
 */
public record ReportRequest(int[] month, String province, String county, int year, String asOf) {
  /** The options that name a report (each job adds its own: --out, --pdf, --xlsx ...). */
  public static final List<String> OPTIONS = List.of("month", "province", "county", "year", "as-of");

  public static ReportRequest parse(Args args, String usage) {
    boolean province = args.has("month");
    if (province == args.has("county")) throw new Args.UsageException("give either --month or --county; " + usage);
    if (province && args.has("year")) throw new Args.UsageException("--year goes with --county; " + usage);
    if (!province && args.has("province")) throw new Args.UsageException("--province goes with --month; " + usage);
    if (province) return new ReportRequest(Args.yearMonth(args.get("month"), usage), args.get("province"), null, 0, args.get("as-of"));
    String year = args.get("year");
    if (year == null) throw new Args.UsageException("--year is required with --county; " + usage);
    if (!year.matches("\\d{4}")) throw new Args.UsageException("--year must be a school year YYYY, not " + year);
    return new ReportRequest(null, null, args.get("county"), Integer.parseInt(year), args.get("as-of"));
  }

  public boolean isProvince() {
    return month != null;
  }

  public boolean allCounties() {
    return "all".equals(county);
  }

  /** The request as the options that name it again (what a thin client sends its server). */
  public List<String> argv() {
    List<String> out = new ArrayList<>();
    if (isProvince()) {
      out.addAll(List.of("--month", String.format("%04d-%02d", month[0], month[1])));
      if (province != null) out.addAll(List.of("--province", province));
    } else {
      out.addAll(List.of("--county", county, "--year", String.valueOf(year)));
    }
    if (asOf != null) out.addAll(List.of("--as-of", asOf));
    return out;
  }
}
