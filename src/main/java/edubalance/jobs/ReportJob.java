package edubalance.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import edubalance.conf.Args;
import edubalance.metrics.BasicBalance;
import edubalance.report.CountyReport;
import edubalance.report.GoldReader;
import edubalance.report.ProvinceReport;
import edubalance.report.ReportPages;
import edubalance.report.ReportRequest;
import edubalance.report.ReportFiles;
import edubalance.rollup.ProvinceMonthly;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * {@code jobs/report}: a report people read, as one self-contained HTML page (and a PDF with
 * {@code --pdf}), from the gold tables of one lakehouse version (the latest, or {@code --as-of}).
 * When the lakehouse's {@code jobs/serve} runs, the launcher asks it first (the thin
 * {@link edubalance.serve.ReportClient}): the server renders the pages in its warm session and this
 * job runs only where no server answers.
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
    valued.addAll(ReportRequest.OPTIONS);
    valued.add("out");
    Args args = Args.parse(argv, valued, Set.of("pdf"));
    if (!args.positional().isEmpty()) {
      throw new Args.UsageException("unexpected argument " + args.positional().get(0) + "; " + USAGE);
    }
    ReportRequest request = ReportRequest.parse(args, USAGE);
    if (!args.has("out")) throw new Args.UsageException("--out DIR is required; " + USAGE);
    Path out = Path.of(args.get("out"));
    try (JobContext ctx = JobContext.open("report", args)) {
      GoldReader gold = new GoldReader(ctx.lakehouse, request.asOf(), ctx.settings);
      for (Path f : ReportFiles.write(ReportPages.of(gold, request), out, args.has("pdf"))) System.out.println(f);
    }
    return 0;
  }

  static List<Path> writeProvince(GoldReader gold, int year, int month, String province, Path out, boolean pdf) {
    return ReportFiles.write(ProvinceReport.build(gold, year, month, province), out, pdf);
  }

  static List<Path> writeCounty(GoldReader gold, String county, int year, Path out, boolean pdf) {
    return ReportFiles.write(CountyReport.build(gold, county, year), out, pdf);
  }

  /**
   * jobs/pipeline's reports of what it just built: the province report of the month rolled up, and
   * the county report of the first county with basic-balance figures in the latest school year,
   * under conf {@code reports.dir}. Prints their paths.
   */
  static void pipelineReports(JobContext ctx, Integer yearMonth) {
    Path out = Path.of(ctx.settings.get("reports.dir", "./reports"));
    GoldReader gold = new GoldReader(ctx.lakehouse, null, ctx.settings);
    if (yearMonth != null && gold.has(ProvinceMonthly.TABLE)) {
      for (Row p : gold.read(ProvinceMonthly.TABLE).where(col("year").equalTo(yearMonth / 100)
          .and(col("month").equalTo(yearMonth % 100))).select("province_code").distinct().collectAsList()) {
        print(writeProvince(new GoldReader(ctx.lakehouse, null, ctx.settings), yearMonth / 100, yearMonth % 100, p.getString(0), out, false));
      }
    }
    if (gold.has(BasicBalance.TABLE)) {
      Row latest = gold.read(BasicBalance.TABLE).agg(max("school_year")).first();
      if (!latest.isNullAt(0)) {
        int year = latest.getInt(0);
        Row county = gold.read(BasicBalance.TABLE).where(col("school_year").equalTo(year))
            .agg(org.apache.spark.sql.functions.min("county_code")).first();
        print(writeCounty(new GoldReader(ctx.lakehouse, null, ctx.settings), county.getString(0), year, out, false));
      }
    }
  }

  private static void print(List<Path> files) {
    for (Path f : files) System.out.println("pipeline: report " + f.toAbsolutePath().normalize());
  }
}
