package edubalance.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import edubalance.report.CountyReport;
import edubalance.report.GoldReader;
import edubalance.report.ProvinceReport;
import edubalance.report.ReportFiles;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * {@code jobs/report}: a report people read, as one self-contained HTML page (and a PDF with
 * {@code --pdf}), from the gold tables of one lakehouse version (the latest, or {@code --as-of}).
 * <ul>
 *   <li>{@code --month YYYY-MM [--province CODE] --out DIR}: the province's monthly report;</li>
 *   <li>{@code --county CODE --year YYYY --out DIR}: a county's self-evaluation figures; {@code --county all}
 *       every county's, with an index page.</li>
 * </ul>
 * docs/REPORTS.md describes both.
 */
public final class ReportJob {
  private ReportJob() {}

  static final String USAGE = "usage: jobs/report --month YYYY-MM [--province CODE] --out DIR | --county CODE|all --year YYYY "
      + "--out DIR, then [--pdf] [--as-of RUN|TIMESTAMP] [--lakehouse DIR] [--conf FILE] [--master URL]";

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.addAll(List.of("month", "province", "county", "year", "out", "as-of"));
    Args args = Args.parse(argv, valued, Set.of("pdf"));
    if (!args.positional().isEmpty()) {
      throw new Args.UsageException("unexpected argument " + args.positional().get(0) + "; " + USAGE);
    }
    Which which = Which.parse(args, USAGE);
    boolean province = which.month() != null;
    int[] ym = which.month();
    int year = which.year();
    if (!args.has("out")) throw new Args.UsageException("--out DIR is required; " + USAGE);
    Path out = Path.of(args.get("out"));
    boolean pdf = args.has("pdf");
    try (JobContext ctx = JobContext.open("report", args)) {
      GoldReader gold = new GoldReader(ctx.lakehouse, args.get("as-of"), ctx.settings);
      List<Path> files = province
          ? writeProvince(gold, ym[0], ym[1], args.get("province"), out, pdf)
          : args.get("county").equals("all") ? writeAllCounties(gold, year, out, pdf)
          : writeCounty(gold, args.get("county"), year, out, pdf);
      for (Path f : files) System.out.println(f);
    }
    return 0;
  }

  /**
   * The report the arguments name, for jobs/report and jobs/export: the province's month
   * ({@code --month YYYY-MM [--province CODE]}) or a county's school year ({@code --county CODE --year YYYY}).
   *
   * @param month {year, month} of a province report, null for a county report
   */
  record Which(int[] month, String province, String county, int year) {
    static Which parse(Args args, String usage) {
      boolean province = args.has("month");
      if (province == args.has("county")) throw new Args.UsageException("give either --month or --county; " + usage);
      if (province && args.has("year")) throw new Args.UsageException("--year goes with --county; " + usage);
      if (!province && args.has("province")) throw new Args.UsageException("--province goes with --month; " + usage);
      return province ? new Which(RollupJob.parseMonth(args.get("month")), args.get("province"), null, 0)
          : new Which(null, null, args.get("county"), parseYear(args.get("year")));
    }

    edubalance.report.Report build(GoldReader gold) {
      return month != null ? ProvinceReport.build(gold, month[0], month[1], province) : CountyReport.build(gold, county, year);
    }
  }

  static int parseYear(String s) {
    if (s == null) throw new Args.UsageException("--year is required with --county; " + USAGE);
    if (!s.matches("\\d{4}")) throw new Args.UsageException("--year must be a school year YYYY, not " + s);
    return Integer.parseInt(s);
  }

  static List<Path> writeProvince(GoldReader gold, int year, int month, String province, Path out, boolean pdf) {
    return ReportFiles.write(ProvinceReport.build(gold, year, month, province), out, pdf);
  }

  static List<Path> writeCounty(GoldReader gold, String county, int year, Path out, boolean pdf) {
    return ReportFiles.write(CountyReport.build(gold, county, year), out, pdf);
  }

  /**
   * {@code --county all}: the report of every county with basic-balance figures in the year, in one
   * session and from one lakehouse version (the same reader, its versions pinned at the first read),
   * and {@code index-<year>.html} linking them by name. Returns the index, then the reports.
   */
  static List<Path> writeAllCounties(GoldReader gold, int year, Path out, boolean pdf) {
    List<String> counties = gold.read("gold.county_balance_basic").where(col("school_year").equalTo(year))
        .select("county_code").distinct().orderBy("county_code").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    if (counties.isEmpty()) {
      throw new IllegalArgumentException("gold.county_balance_basic has no county in school year " + year + ": no report to write");
    }
    java.util.Map<String, String> names = gold.names(counties);
    List<Path> files = new java.util.ArrayList<>();
    List<String[]> links = new java.util.ArrayList<>();
    for (String county : counties) {
      List<Path> written = writeCounty(gold, county, year, out, pdf);
      files.addAll(written);
      links.add(new String[] {written.get(0).getFileName().toString(), names.getOrDefault(county, county) + "（" + county + "）"});
    }
    Path index = out.resolve("index-" + year + ".html");
    try {
      java.nio.file.Files.writeString(index, edubalance.report.HtmlReport.index(
          year + "学年 县级自评报告数据 county self-evaluation figures, school year " + year,
          counties.size() + " 个县 counties", links), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + index + ": " + e.getMessage(), e);
    }
    files.add(0, index);
    return files;
  }

  /**
   * jobs/pipeline's reports of what it just built: the province report of the month rolled up, and
   * the county report of the first county with basic-balance figures in the latest school year,
   * under conf {@code reports.dir}. Prints their paths.
   */
  static void pipelineReports(JobContext ctx, Integer yearMonth) {
    Path out = Path.of(ctx.settings.get("reports.dir", "./reports"));
    GoldReader gold = new GoldReader(ctx.lakehouse, null, ctx.settings);
    if (yearMonth != null && gold.has("gold.province_monthly")) {
      for (Row p : gold.read("gold.province_monthly").where(col("year").equalTo(yearMonth / 100)
          .and(col("month").equalTo(yearMonth % 100))).select("province_code").distinct().collectAsList()) {
        print(writeProvince(new GoldReader(ctx.lakehouse, null, ctx.settings), yearMonth / 100, yearMonth % 100, p.getString(0), out, false));
      }
    }
    if (gold.has("gold.county_balance_basic")) {
      Row latest = gold.read("gold.county_balance_basic").agg(max("school_year")).first();
      if (!latest.isNullAt(0)) {
        int year = latest.getInt(0);
        Row county = gold.read("gold.county_balance_basic").where(col("school_year").equalTo(year))
            .agg(org.apache.spark.sql.functions.min("county_code")).first();
        print(writeCounty(new GoldReader(ctx.lakehouse, null, ctx.settings), county.getString(0), year, out, false));
      }
    }
  }

  private static void print(List<Path> files) {
    for (Path f : files) System.out.println("pipeline: report " + f.toAbsolutePath().normalize());
  }
}
