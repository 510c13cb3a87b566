package edubalance.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import edubalance.codes.Regions;
import edubalance.report.Figure.Kind;
import edubalance.report.Report.Chart;
import edubalance.report.Report.Note;
import edubalance.report.Report.Section;
import edubalance.report.Report.Series;
import edubalance.report.Report.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The province's monthly report (省级月度报告) of one month: the row of gold.province_monthly with
 * the months before it for the trends, the province's yearly series of gold.trends, and the
 * counties behind the counts (gold.county_balance_basic, gold.county_balance_quality,
 * gold.three_increases of the school and fiscal year the month judged). docs/REPORTS.md says where
 * each figure comes from.
 */
public final class ProvinceReport {
  private ProvinceReport() {}

  static final String MONTHLY = "gold.province_monthly";

  public static Report build(GoldReader gold, int year, int month, String province) {
    Dataset<Row> monthly = gold.read(MONTHLY);
    Column ym = col("year").multiply(100).plus(col("month"));
    int thisMonth = year * 100 + month;
    Dataset<Row> ofMonth = monthly.where(ym.equalTo(thisMonth));
    List<String> provinces = ofMonth.select("province_code").distinct().orderBy("province_code").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList();
    String code = chooseProvince(provinces, province, year, month);

    // The twelve months up to this one that were rolled up, for the trends; the prior-year
    // year-to-date amounts follow from each growth: ytd / (1 + growth).
    List<Row> months = monthly.where(col("province_code").equalTo(code)
            .and(ym.gt(thisMonth - 100)).and(ym.leq(thisMonth)))
        .withColumn("prior_education_appropriation_ytd_10k_yuan",
            col("education_appropriation_ytd_10k_yuan").divide(lit(1).plus(col("education_appropriation_ytd_growth"))))
        .withColumn("prior_recurrent_revenue_ytd_10k_yuan",
            col("recurrent_revenue_ytd_10k_yuan").divide(lit(1).plus(col("recurrent_revenue_ytd_growth"))))
        .orderBy("year", "month").collectAsList();
    Row row = months.get(months.size() - 1);
    Integer schoolYear = (Integer) Cells.get(row, "school_year");
    Integer fiscalYear = (Integer) Cells.get(row, "fiscal_year");
    List<Row> counties = counties(gold, code, schoolYear, fiscalYear);

    TreeSet<String> codes = new TreeSet<>(List.of(code));
    for (Row c : counties) codes.add(c.getString(0));
    Map<String, String> names = gold.names(codes);
    String provinceName = names.getOrDefault(code, code);

    List<Section> sections = new ArrayList<>();
    sections.add(funding(row, months, yearly(gold, code)));
    sections.add(studentsAndTeachers(row, months));
    sections.add(balance(row, months, counties, names, schoolYear, fiscalYear));
    sections.add(ranking(counties, names, schoolYear));
    String title = String.format("%s义务教育均衡发展月度报告 %04d年%d月", provinceName, year, month);
    String subtitle = String.format("Province monthly report, %s (%s), %04d-%02d; judged: school year %s, fiscal year %s",
        provinceName, code, year, month, schoolYear == null ? "none" : schoolYear, fiscalYear == null ? "none" : fiscalYear);
    return new Report(String.format("province-%s-%04d-%02d", code, year, month), title, subtitle, gold.provenance(), sections);
  }

  private static String chooseProvince(List<String> provinces, String asked, int year, int month) {
    String m = String.format("%04d-%02d", year, month);
    if (provinces.isEmpty()) {
      throw new IllegalArgumentException(MONTHLY + " has no row for " + m + ": run jobs/rollup --month " + m + " first");
    }
    if (asked == null) {
      if (provinces.size() > 1) {
        throw new IllegalArgumentException(MONTHLY + " has " + provinces.size() + " provinces for " + m
            + ": choose one with --province, one of " + provinces);
      }
      return provinces.get(0);
    }
    String code = asked.length() == 2 ? asked + "0000" : asked;
    if (!provinces.contains(code)) {
      throw new IllegalArgumentException("--province " + asked + ": no row in " + MONTHLY + " for " + m
          + "; provinces present: " + provinces);
    }
    return code;
  }

  /**
   * One row per county of the province with a verdict in the years judged: basic balance (every
   * level met; a null verdict is not met, as the rollup counts it), its composite CVs, quality
   * balance and the three increases.
   */
  static List<Row> counties(GoldReader gold, String province, Integer schoolYear, Integer fiscalYear) {
    Dataset<Row> out = null;
    if (schoolYear != null && gold.has("gold.county_balance_basic")) {
      out = gold.read("gold.county_balance_basic")
          .where(col("school_year").equalTo(schoolYear).and(col("province_code").equalTo(province)))
          .groupBy("county_code").agg(
              min(coalesce(col("meets_standard"), lit(false))).as("basic_met"),
              max(when(col("level").equalTo("primary"), col("composite_cv"))).as("composite_cv_primary"),
              max(when(col("level").equalTo("junior"), col("composite_cv"))).as("composite_cv_junior"),
              max(when(col("level").equalTo("primary"), col("threshold"))).as("threshold_primary"),
              max(when(col("level").equalTo("junior"), col("threshold"))).as("threshold_junior"),
              max(col("composite_cv").minus(col("threshold"))).as("composite_cv_over_threshold"),
              concat_ws("; ", expr("collect_list(concat(level, ': ', reason))")).as("basic_reason"));
    }
    if (schoolYear != null && gold.has("gold.county_balance_quality")) {
      Dataset<Row> q = gold.read("gold.county_balance_quality")
          .where(col("school_year").equalTo(schoolYear).and(col("province_code").equalTo(province)))
          .groupBy("county_code").agg(min(coalesce(col("meets_standard"), lit(false))).as("quality_met"),
              concat_ws("; ", expr("collect_list(concat(level, ': ', reason))")).as("quality_reason"));
      out = fullJoin(out, q);
    }
    if (fiscalYear != null && gold.has("gold.three_increases")) {
      Dataset<Row> t = gold.read("gold.three_increases")
          .where(col("fiscal_year").equalTo(fiscalYear).and(col("region_level").equalTo("county"))
              .and(Regions.provinceCode(col("county_code")).equalTo(province)))
          .select(col("county_code"), col("all_increases_met").as("three_met"),
              col("appropriation_growth_margin"), col("null_reason").as("three_reason"));
      out = fullJoin(out, t);
    }
    if (out == null) return List.of();
    // Most balanced first; counties without a composite CV last.
    Column order = List.of(out.columns()).contains("composite_cv_over_threshold")
        ? col("composite_cv_over_threshold").asc_nulls_last() : lit(0);
    return out.orderBy(order, col("county_code")).collectAsList();
  }

  /** The two per-county tables side by side, a county present in either kept. */
  private static Dataset<Row> fullJoin(Dataset<Row> left, Dataset<Row> right) {
    if (left == null) return right;
    List<Column> cols = new ArrayList<>();
    cols.add(coalesce(left.col("county_code"), right.col("county_code")).as("county_code"));
    for (String c : left.columns()) if (!c.equals("county_code")) cols.add(left.col(c));
    for (String c : right.columns()) if (!c.equals("county_code")) cols.add(right.col(c));
    return left.join(right, left.col("county_code").equalTo(right.col("county_code")), "full")
        .select(cols.toArray(new Column[0]));
  }

  private static List<Row> yearly(GoldReader gold, String province) {
    if (!gold.has("gold.trends")) return List.of();
    return gold.read("gold.trends")
        .where(col("entity_code").equalTo(province).and(col("entity_level").equalTo("province"))
            .and(col("metric").isin("education_appropriation_10k_yuan", "recurrent_revenue_10k_yuan")))
        .groupBy("period").pivot("metric", List.of("education_appropriation_10k_yuan", "recurrent_revenue_10k_yuan"))
        .agg(max("value")).orderBy("period").collectAsList();
  }

  private static List<String> monthLabels(List<Row> months) {
    List<String> out = new ArrayList<>();
    for (Row r : months) out.add(String.format("%04d-%02d", (Integer) Cells.get(r, "year"), (Integer) Cells.get(r, "month")));
    return out;
  }

  private static Figure f(Row r, String column, Kind kind) {
    return Cells.figure(MONTHLY, r, column, null, kind, "null_reason", "no_row");
  }

  private static Section funding(Row r, List<Row> months, List<Row> yearly) {
    List<List<Object>> rows = List.of(
        List.of("教育经费拨款 | education_appropriation_ytd_10k_yuan", f(r, "prior_education_appropriation_ytd_10k_yuan", Kind.AMOUNT),
            f(r, "education_appropriation_ytd_10k_yuan", Kind.AMOUNT), f(r, "education_appropriation_ytd_growth", Kind.PERCENT)),
        List.of("经常性财政收入 | recurrent_revenue_ytd_10k_yuan", f(r, "prior_recurrent_revenue_ytd_10k_yuan", Kind.AMOUNT),
            f(r, "recurrent_revenue_ytd_10k_yuan", Kind.AMOUNT), f(r, "recurrent_revenue_ytd_growth", Kind.PERCENT)));
    List<Report.Block> blocks = new ArrayList<>();
    blocks.add(new Table("年初至今（万元） | year to date, 10k yuan",
        List.of("项目 | item", "上年同期 | prior year, same months", "本年累计 | this year", "增长 | growth"), rows));
    blocks.add(new Note("上年同期 = 本年累计 / (1 + 增长) (prior = ytd / (1 + growth)); growth is null unless every month "
        + "1..m is reported in both years. Months reported this year: " + f(r, "months_reported", Kind.COUNT).text() + "."));
    blocks.add(new Chart("chart-funding-ytd", "年初至今：本年与上年同期（万元）", "bar",
        List.of("教育经费拨款 appropriation", "经常性财政收入 recurrent revenue"),
        // A month not reported in both years has no prior figure: a gap in the chart (Arrays.asList keeps nulls).
        List.of(new Series("上年同期 prior year", java.util.Arrays.asList(Cells.number(r, "prior_education_appropriation_ytd_10k_yuan"),
                Cells.number(r, "prior_recurrent_revenue_ytd_10k_yuan"))),
            new Series("本年 this year", java.util.Arrays.asList(Cells.number(r, "education_appropriation_ytd_10k_yuan"),
                Cells.number(r, "recurrent_revenue_ytd_10k_yuan")))), null, null));
    blocks.add(new Chart("chart-funding-months", "逐月年初至今累计（万元） year to date by month", "line", monthLabels(months),
        List.of(new Series("教育经费拨款 appropriation", Cells.series(months, "education_appropriation_ytd_10k_yuan")),
            new Series("经常性财政收入 recurrent revenue", Cells.series(months, "recurrent_revenue_ytd_10k_yuan"))), null, null));
    if (!yearly.isEmpty()) {
      List<String> years = new ArrayList<>();
      for (Row y : yearly) years.add(String.valueOf(Cells.get(y, "period")));
      blocks.add(new Chart("chart-funding-years", "全省决算逐年（万元） fiscal years, gold.trends", "line", years,
          List.of(new Series("教育经费拨款 appropriation", Cells.series(yearly, "education_appropriation_10k_yuan")),
              new Series("经常性财政收入 recurrent revenue", Cells.series(yearly, "recurrent_revenue_10k_yuan"))), null, null));
    }
    return new Section("funding", "一、教育经费", "funding, year to date", blocks);
  }

  private static Section studentsAndTeachers(Row r, List<Row> months) {
    Table table = new Table(null, List.of("项目 | item", "年初至今 | year to date"), List.of(
        List.of("辍学学生 | dropouts_ytd", f(r, "dropouts_ytd", Kind.COUNT)),
        List.of("交流轮岗教师（含支教） | rotations_ytd", f(r, "rotations_ytd", Kind.COUNT))));
    Chart chart = new Chart("chart-dropouts-rotations", "辍学与交流轮岗（年初至今） by month", "bar", monthLabels(months),
        List.of(new Series("辍学学生 dropouts", Cells.series(months, "dropouts_ytd")),
            new Series("交流轮岗教师 rotations", Cells.series(months, "rotations_ytd"))), null, null);
    return new Section("students-teachers", "二、学生辍学与教师交流", "dropouts and teacher rotations",
        List.of(table, chart));
  }

  private static Section balance(Row r, List<Row> months, List<Row> counties, Map<String, String> names,
      Integer schoolYear, Integer fiscalYear) {
    List<Report.Block> blocks = new ArrayList<>();
    blocks.add(new Table(null, List.of("项目 | item", "县数 | counties"), List.of(
        List.of("有基本均衡结论的县 | counties (school year " + schoolYear + ")", f(r, "counties", Kind.COUNT)),
        List.of("基本均衡达标 | counties_meeting_basic", f(r, "counties_meeting_basic", Kind.COUNT)),
        List.of("优质均衡达标 | counties_meeting_quality", f(r, "counties_meeting_quality", Kind.COUNT)),
        List.of("三个增长已判定 | counties_three_increases_judged (fiscal year " + fiscalYear + ")",
            f(r, "counties_three_increases_judged", Kind.COUNT)),
        List.of("三个增长全部实现 | counties_meeting_three_increases", f(r, "counties_meeting_three_increases", Kind.COUNT)))));
    blocks.add(new Chart("chart-counties-meeting", "达标县数 counties meeting, by month", "bar", monthLabels(months),
        List.of(new Series("基本均衡 basic", Cells.series(months, "counties_meeting_basic")),
            new Series("优质均衡 quality", Cells.series(months, "counties_meeting_quality")),
            new Series("三个增长 three increases", Cells.series(months, "counties_meeting_three_increases"))), null, null));
    List<List<Object>> missing = new ArrayList<>();
    for (Row c : counties) {
      Boolean basic = (Boolean) Cells.get(c, "basic_met");
      Boolean quality = (Boolean) Cells.get(c, "quality_met");
      Boolean three = (Boolean) Cells.get(c, "three_met");
      if (Boolean.TRUE.equals(basic) && Boolean.TRUE.equals(quality) && Boolean.TRUE.equals(three)) continue;
      String code = c.getString(0);
      missing.add(List.of(code, names.getOrDefault(code, ""),
          Verdict.of(Cells.name("gold.county_balance_basic", "meets_standard", "every_level:" + code), basic, Cells.string(c, "basic_reason")),
          Verdict.of(Cells.name("gold.county_balance_quality", "meets_standard", "every_level:" + code), quality, Cells.string(c, "quality_reason")),
          Verdict.of(Cells.name("gold.three_increases", "all_increases_met", code), three, Cells.string(c, "three_reason")),
          Figure.of(Cells.name("gold.three_increases", "appropriation_growth_margin", code), Cells.get(c, "appropriation_growth_margin"),
              Cells.string(c, "three_reason"), Kind.POINTS)));
    }
    blocks.add(new Table("未全部达标的县 | counties not meeting every standard", List.of("代码 | county_code", "县 | county",
        "基本均衡 | basic (every level)", "优质均衡 | quality (every level)", "三个增长 | all_increases_met",
        "拨款增长 − 收入增长 | appropriation_growth_margin"), missing));
    blocks.add(new Note("A county meets basic (quality) balance when every level it has meets the standard; a verdict that "
        + "cannot be judged counts as not met, as in gold.province_monthly."));
    return new Section("balance", "三、均衡发展与三个增长达标情况", "counties meeting the standards", blocks);
  }

  private static Section ranking(List<Row> counties, Map<String, String> names, Integer schoolYear) {
    List<List<Object>> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    int rank = 0;
    for (Row c : counties) {
      String code = c.getString(0);
      if (Cells.get(c, "basic_met") == null) continue; // no basic-balance row that year
      rank++;
      labels.add(names.getOrDefault(code, code));
      rows.add(List.of(String.valueOf(rank), code, names.getOrDefault(code, ""),
          Figure.of(Cells.name("gold.county_balance_basic", "composite_cv", "primary:" + code), Cells.get(c, "composite_cv_primary"), Cells.string(c, "basic_reason"), Kind.COEFFICIENT),
          Figure.of(Cells.name("gold.county_balance_basic", "composite_cv", "junior:" + code), Cells.get(c, "composite_cv_junior"), Cells.string(c, "basic_reason"), Kind.COEFFICIENT),
          Verdict.of(Cells.name("gold.county_balance_basic", "meets_standard", "every_level:" + code), Cells.get(c, "basic_met"), Cells.string(c, "basic_reason"))));
    }
    List<Report.Block> blocks = new ArrayList<>();
    blocks.add(new Note("Ranked by the composite CV's distance to its threshold (the worse level of the two), most "
        + "balanced first; counties whose composite CV is null (a CV missing) last. School year " + schoolYear + "."));
    Row first = counties.isEmpty() ? null : counties.get(0);
    blocks.add(new Chart("chart-ranking-primary", "小学综合差异系数 composite_cv, primary", "bar", labels,
        List.of(new Series("小学 primary", rankedSeries(counties, "composite_cv_primary"))),
        Cells.number(first, "threshold_primary"), "标准 threshold"));
    blocks.add(new Chart("chart-ranking-junior", "初中综合差异系数 composite_cv, junior", "bar", labels,
        List.of(new Series("初中 junior", rankedSeries(counties, "composite_cv_junior"))),
        Cells.number(first, "threshold_junior"), "标准 threshold"));
    blocks.add(new Table(null, List.of("名次 | rank", "代码 | county_code", "县 | county", "小学 | composite_cv primary",
        "初中 | composite_cv junior", "基本均衡 | basic"), rows));
    return new Section("ranking", "四、县域排名（基本均衡综合差异系数）", "county ranking by composite CV", blocks);
  }

  private static List<Double> rankedSeries(List<Row> counties, String column) {
    List<Row> judged = new ArrayList<>();
    for (Row c : counties) if (Cells.get(c, "basic_met") != null) judged.add(c);
    return Cells.series(judged, column);
  }
}
