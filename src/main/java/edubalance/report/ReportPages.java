package edubalance.report;

import static org.apache.spark.sql.functions.col;

import edubalance.metrics.BasicBalance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pages a {@link ReportRequest} asks for, rendered from one lakehouse version: the province's
 * month, a county's school year, or with {@code --county all} the report of every county with
 * basic-balance figures in the year, then an index page linking them. {@code jobs/report} writes them
 * itself; {@code jobs/serve} renders them for a thin {@code jobs/report} (one warm session).
 */
public final class ReportPages {
  private ReportPages() {}

  public static Report build(GoldReader gold, ReportRequest r) {
    return r.isProvince() ? ProvinceReport.build(gold, r.month()[0], r.month()[1], r.province()) : CountyReport.build(gold, r.county(), r.year());
  }

  public static List<ReportFiles.Page> of(GoldReader gold, ReportRequest r) {
    if (!r.allCounties()) return List.of(ReportFiles.Page.of(build(gold, r)));
    int year = r.year();
    List<String> counties = gold.read(BasicBalance.TABLE).where(col("school_year").equalTo(year))
        .select("county_code").distinct().orderBy("county_code").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    if (counties.isEmpty()) {
      throw new IllegalArgumentException("gold.county_balance_basic has no county in school year " + year + ": no report to write");
    }
    Map<String, String> names = gold.names(counties);
    List<ReportFiles.Page> pages = new ArrayList<>();
    List<String[]> links = new ArrayList<>();
    for (String county : counties) {
      Report report = CountyReport.build(gold, county, year);
      pages.add(ReportFiles.Page.of(report));
      links.add(new String[] {report.name() + ".html", names.getOrDefault(county, county) + "（" + county + "）"});
    }
    // The index last: written after the reports it links to.
    pages.add(new ReportFiles.Page("index-" + year, HtmlReport.index(
        year + "学年 县级自评报告数据 county self-evaluation figures, school year " + year,
        counties.size() + " 个县 counties", links), false));
    return pages;
  }
}
