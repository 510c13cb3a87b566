package edubalance.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import edubalance.codes.Regions;
import edubalance.conf.Settings;
import edubalance.metrics.BasicBalance;
import edubalance.metrics.QualityBalance;
import edubalance.metrics.ThreeIncreases;
import edubalance.metrics.Trends;
import edubalance.report.Figure.Kind;
import edubalance.report.Report.Chart;
import edubalance.report.Report.Note;
import edubalance.report.Report.Section;
import edubalance.report.Report.Series;
import edubalance.report.Report.Table;
import edubalance.rollup.ProvinceMonthly;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import edubalance.remediation.BalanceOutlook;
import edubalance.remediation.RemediationSummary;
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

  static final String MONTHLY = ProvinceMonthly.TABLE;

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

    String judged = judgedYears(gold.settings(), code, year, month, schoolYear, fiscalYear);
    List<Section> sections = new ArrayList<>();
    sections.add(Readable.of(funding(row, months, monthlyFunding(gold, code, year, month), yearly(gold, code), year), null));
    sections.add(Readable.of(studentsAndTeachers(row, months), null));
    sections.add(Readable.of(balance(row, months, counties, names, schoolYear, fiscalYear, judged), null));
    sections.add(Readable.of(ranking(counties, names, schoolYear), null));
    if (schoolYear != null && gold.has(RemediationSummary.TABLE)) sections.add(Readable.of(costToPass(gold, code, schoolYear), null));
    String title = String.format("%s义务教育均衡发展月度报告 %04d年%d月", provinceName, year, month);
    String subtitle = String.format("Province monthly report, %s (%s), %04d-%02d. %s", provinceName, code, year, month, judged);
    return new Report(String.format("province-%s-%04d-%02d", code, year, month), title, subtitle, gold.provenance(), sections);
  }

  /**
   * Which school and fiscal year the month judges, and why (METHODS §9): a school year's statistics
   * are known from month {@code rollup.school_year_known_month}, a fiscal year's final accounts (决算)
   * only from month {@code rollup.final_accounts_known_month} of the year after it (the province's
   * own month when conf overrides it), so in most months the fiscal year just ended is not yet judged.
   */
  static String judgedYears(Settings settings, String province, int year, int month, Integer schoolYear, Integer fiscalYear) {
    int knownMonth = (int) Double.parseDouble(settings.forProvince(province.substring(0, 2), "rollup.final_accounts_known_month"));
    int known = edubalance.rollup.ProvinceMonthly.knownFiscalYear(year, month, knownMonth);
    StringBuilder b = new StringBuilder();
    b.append("评判 judged: 学年 school year ").append(schoolYear == null ? "—" : schoolYear)
        .append("，财政年度 fiscal year ").append(fiscalYear == null ? "—" : fiscalYear).append(". ");
    b.append(String.format("%d 年度决算自 %d 年 %d 月起视为已知，故本月按 %d 年度评判三个增长 (the final accounts of fiscal %d "
        + "are taken as known from %d-%02d, so this month judges fiscal %d)", known + 1, known + 2, knownMonth, known, known + 1,
        known + 2, knownMonth, known));
    if (fiscalYear != null && fiscalYear != known) {
      b.append(String.format("; %d 年度尚无数据，用最近的 %d 年度 (fiscal %d is not in gold.three_increases: the latest earlier one)",
          known, fiscalYear, known));
    }
    return b.append('.').toString();
  }

  /**
   * The province's appropriation and recurrent revenue month by month, months 1..m of this year and
   * of last year (silver.funding_monthly, the rollup's own input): a row per (year, month).
   */
  static List<Row> monthlyFunding(GoldReader gold, String province, int year, int month) {
    String table = "silver.funding_monthly";
    if (!gold.has(table)) return List.of();
    return gold.read(table)
        .where(col("year").isin(year - 1, year).and(col("month").between(1, month))
            .and(Regions.provinceCode(col("county_code")).equalTo(province)))
        .groupBy("year", "month")
        .agg(org.apache.spark.sql.functions.sum("education_appropriation_10k_yuan").as("education_appropriation_10k_yuan"),
            org.apache.spark.sql.functions.sum("recurrent_revenue_10k_yuan").as("recurrent_revenue_10k_yuan"))
        .orderBy("year", "month").collectAsList();
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
    if (schoolYear != null && gold.has(BasicBalance.TABLE)) {
      out = gold.read(BasicBalance.TABLE)
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
    if (schoolYear != null && gold.has(QualityBalance.TABLE)) {
      Dataset<Row> q = gold.read(QualityBalance.TABLE)
          .where(col("school_year").equalTo(schoolYear).and(col("province_code").equalTo(province)))
          .groupBy("county_code").agg(min(coalesce(col("meets_standard"), lit(false))).as("quality_met"),
              concat_ws("; ", expr("collect_list(concat(level, ': ', reason))")).as("quality_reason"),
              // The rule each level missed, with its figures: the CVs against their threshold, the schools compliant.
              concat_ws("; ", expr("collect_list(CASE WHEN NOT coalesce(meets_standard, false) THEN concat("
                  + "CASE level WHEN 'primary' THEN '小学' ELSE '初中' END, "
                  + "CASE WHEN NOT meets_cv THEN concat(' 差异系数高于 CV above ', format_number(cv_threshold, 2)) ELSE '' END, "
                  + "' 达标学校 schools compliant ', schools_compliant, '/', schools) END)")).as("quality_rule"));
      out = fullJoin(out, q);
    }
    if (fiscalYear != null && gold.has(ThreeIncreases.TABLE)) {
      Dataset<Row> t = gold.read(ThreeIncreases.TABLE)
          .where(col("fiscal_year").equalTo(fiscalYear).and(col("region_level").equalTo("county"))
              .and(Regions.provinceCode(col("county_code")).equalTo(province)))
          .select(col("county_code"), col("all_increases_met").as("three_met"),
              col("appropriation_growth_margin"), col("null_reason").as("three_reason"),
              concat_ws("、", when(not(col("appropriation_outpaces_revenue")), lit("增长一 increase 1")),
                  when(not(col("expenditure_per_student_increased")), lit("增长二 increase 2")),
                  when(not(col("public_funds_per_student_increased")), lit("增长三 increase 3"))).as("three_rule"));
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
    if (!gold.has(Trends.TABLE)) return List.of();
    return gold.read(Trends.TABLE)
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

  private static Section funding(Row r, List<Row> months, List<Row> monthly, List<Row> yearly, int year) {
    List<List<Object>> rows = List.of(
        List.of("教育经费拨款 | education appropriation", f(r, "prior_education_appropriation_ytd_10k_yuan", Kind.AMOUNT),
            f(r, "education_appropriation_ytd_10k_yuan", Kind.AMOUNT), f(r, "education_appropriation_ytd_growth", Kind.PERCENT)),
        List.of("经常性财政收入 | recurrent revenue", f(r, "prior_recurrent_revenue_ytd_10k_yuan", Kind.AMOUNT),
            f(r, "recurrent_revenue_ytd_10k_yuan", Kind.AMOUNT), f(r, "recurrent_revenue_ytd_growth", Kind.PERCENT)));
    List<Report.Block> blocks = new ArrayList<>();
    blocks.add(new Table("年初至今（万元） | year to date, 10k yuan",
        List.of("项目 | item", "上年同期 | last year, same months", "本年累计 | this year", "增长 | growth"), rows));
    blocks.add(new Note("上年同期 = 本年累计 / (1 + 增长) (last year = ytd / (1 + growth)); 增长须两年 1 至本月每月均有报送 "
        + "(growth needs every month reported in both years). 本年已报送月数 months reported this year: "
        + f(r, "months_reported", Kind.COUNT).text() + "."));
    // Each month of the year so far against the same month of last year.
    List<String> labels = new ArrayList<>();
    List<Double>[] byYear = monthSeries(monthly, year);
    for (int m = 1; m <= byYear[0].size(); m++) labels.add(m + "月");
    blocks.add(new Chart("chart-funding-months", "教育经费拨款逐月：本年与上年同月（万元） appropriation by month", "bar", labels,
        List.of(new Series((year - 1) + "年 last year", byYear[1]), new Series(year + "年 this year", byYear[0])), null, null));
    blocks.add(new Chart("chart-revenue-months", "经常性财政收入逐月：本年与上年同月（万元） recurrent revenue by month", "bar", labels,
        List.of(new Series((year - 1) + "年 last year", byYear[3]), new Series(year + "年 this year", byYear[2])), null, null));
    if (!yearly.isEmpty()) {
      List<String> years = new ArrayList<>();
      for (Row y : yearly) years.add(String.valueOf(Cells.get(y, "period")));
      blocks.add(new Chart("chart-funding-years", "全省决算逐年（万元） fiscal years", "line", years,
          List.of(new Series("教育经费拨款 appropriation", Cells.series(yearly, "education_appropriation_10k_yuan")),
              new Series("经常性财政收入 recurrent revenue", Cells.series(yearly, "recurrent_revenue_10k_yuan"))), null, null));
    }
    return new Section("funding", "一、教育经费", "funding, year to date", blocks);
  }

  /** Months 1..m: {appropriation this year, last year, revenue this year, last year}, a gap where a month is missing. */
  @SuppressWarnings("unchecked")
  private static List<Double>[] monthSeries(List<Row> monthly, int year) {
    int last = 0;
    for (Row m : monthly) last = Math.max(last, (Integer) Cells.get(m, "month"));
    List<Double>[] out = new List[4];
    for (int i = 0; i < 4; i++) out[i] = new ArrayList<>(java.util.Collections.nCopies(last, (Double) null));
    for (Row m : monthly) {
      int at = (Integer) Cells.get(m, "month") - 1;
      int offset = ((Integer) Cells.get(m, "year")) == year ? 0 : 1;
      out[offset].set(at, Cells.number(m, "education_appropriation_10k_yuan"));
      out[2 + offset].set(at, Cells.number(m, "recurrent_revenue_10k_yuan"));
    }
    return out;
  }

  /** A chart of the months rolled up, or, with fewer than two, a line saying how to get one. */
  private static Report.Block byMonth(Chart chart, List<Row> months) {
    if (months.size() >= 2) return chart;
    return new Note("逐月图需至少两个月的汇总；目前只汇总了 " + String.join("、", monthLabels(months))
        + " (a chart by month needs two months rolled up: run jobs/rollup --month for the earlier months).");
  }

  private static Section studentsAndTeachers(Row r, List<Row> months) {
    Table table = new Table(null, List.of("项目 | item", "年初至今 | year to date"), List.of(
        List.of("辍学学生 | dropouts_ytd", f(r, "dropouts_ytd", Kind.COUNT)),
        List.of("交流轮岗教师（含支教） | rotations_ytd", f(r, "rotations_ytd", Kind.COUNT))));
    Report.Block chart = byMonth(new Chart("chart-dropouts-rotations", "辍学与交流轮岗（年初至今） by month", "bar", monthLabels(months),
        List.of(new Series("辍学学生 dropouts", Cells.series(months, "dropouts_ytd")),
            new Series("交流轮岗教师 rotations", Cells.series(months, "rotations_ytd"))), null, null), months);
    return new Section("students-teachers", "二、学生辍学与教师交流", "dropouts and teacher rotations",
        List.of(table, chart));
  }

  private static Section balance(Row r, List<Row> months, List<Row> counties, Map<String, String> names,
      Integer schoolYear, Integer fiscalYear, String judged) {
    List<Report.Block> blocks = new ArrayList<>();
    blocks.add(new Note(judged));
    blocks.add(new Table(null, List.of("项目 | item", "县数 | counties"), List.of(
        List.of("有基本均衡结论的县 | counties (school year " + schoolYear + ")", f(r, "counties", Kind.COUNT)),
        List.of("基本均衡达标 | counties_meeting_basic", f(r, "counties_meeting_basic", Kind.COUNT)),
        List.of("优质均衡达标 | counties_meeting_quality", f(r, "counties_meeting_quality", Kind.COUNT)),
        List.of("三个增长已判定 | counties_three_increases_judged (fiscal year " + fiscalYear + ")",
            f(r, "counties_three_increases_judged", Kind.COUNT)),
        List.of("三个增长全部实现 | counties_meeting_three_increases", f(r, "counties_meeting_three_increases", Kind.COUNT)))));
    blocks.add(byMonth(new Chart("chart-counties-meeting", "达标县数 counties meeting, by month", "bar", monthLabels(months),
        List.of(new Series("基本均衡 basic", Cells.series(months, "counties_meeting_basic")),
            new Series("优质均衡 quality", Cells.series(months, "counties_meeting_quality")),
            new Series("三个增长 three increases", Cells.series(months, "counties_meeting_three_increases"))), null, null), months));
    List<List<Object>> missing = new ArrayList<>();
    for (Row c : counties) {
      Boolean basic = (Boolean) Cells.get(c, "basic_met");
      Boolean quality = (Boolean) Cells.get(c, "quality_met");
      Boolean three = (Boolean) Cells.get(c, "three_met");
      if (Boolean.TRUE.equals(basic) && Boolean.TRUE.equals(quality) && Boolean.TRUE.equals(three)) continue;
      String code = c.getString(0);
      missing.add(List.of(code, names.getOrDefault(code, ""),
          Verdict.of(Cells.name(BasicBalance.TABLE, "meets_standard", "every_level:" + code), basic, Cells.string(c, "basic_reason"))
              .because(basicRule(c)),
          Verdict.of(Cells.name(QualityBalance.TABLE, "meets_standard", "every_level:" + code), quality, Cells.string(c, "quality_reason"))
              .because(Cells.string(c, "quality_rule")),
          Verdict.of(Cells.name(ThreeIncreases.TABLE, "all_increases_met", code), three, Cells.string(c, "three_reason"))
              .because(threeRule(c)),
          Figure.of(Cells.name(ThreeIncreases.TABLE, "appropriation_growth_margin", code), Cells.get(c, "appropriation_growth_margin"),
              Cells.string(c, "three_reason"), Kind.POINTS)));
    }
    blocks.add(new Table("未全部达标的县 | counties not meeting every standard", List.of("代码 | county_code", "县 | county",
        "基本均衡 | basic (every level)", "优质均衡 | quality (every level)", "三个增长 | all_increases_met",
        "拨款增长 − 收入增长 | appropriation_growth_margin"), missing));
    blocks.add(new Note("A county meets basic (quality) balance when every level it has meets the standard; a verdict that "
        + "cannot be judged counts as not met, as in gold.province_monthly."));
    return new Section("balance", "三、均衡发展与三个增长达标情况", "counties meeting the standards", blocks);
  }

  /** "综合差异系数 小学 0.7012 高于标准 0.6000": each level whose composite CV exceeds its threshold. */
  private static String basicRule(Row c) {
    List<String> out = new ArrayList<>();
    for (String level : CountyReport.LEVELS) {
      String a = CountyReport.above(CountyReport.LEVEL_ZH.get(level) + "综合差异系数 composite CV",
          Cells.number(c, "composite_cv_" + level), Cells.number(c, "threshold_" + level));
      Double cv = Cells.number(c, "composite_cv_" + level);
      Double max = Cells.number(c, "threshold_" + level);
      if (a != null && cv > max) out.add(a);
    }
    return out.isEmpty() ? "未判定的学段按未达标计 a level not judged counts as not met" : String.join("; ", out);
  }

  /** "未实现 missed: 增长一 increase 1 (拨款增长 − 收入增长 −2.00 pp)". */
  private static String threeRule(Row c) {
    String missed = Cells.string(c, "three_rule");
    Double margin = Cells.number(c, "appropriation_growth_margin");
    return "未实现 missed: " + (missed == null || missed.isEmpty() ? "—" : missed)
        + (margin == null ? "" : " (拨款增长 − 收入增长 margin " + Figure.format(margin, Kind.POINTS) + ")");
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
          Figure.of(Cells.name(BasicBalance.TABLE, "composite_cv", "primary:" + code), Cells.get(c, "composite_cv_primary"), Cells.string(c, "basic_reason"), Kind.COEFFICIENT),
          Figure.of(Cells.name(BasicBalance.TABLE, "composite_cv", "junior:" + code), Cells.get(c, "composite_cv_junior"), Cells.string(c, "basic_reason"), Kind.COEFFICIENT),
          Verdict.of(Cells.name(BasicBalance.TABLE, "meets_standard", "every_level:" + code), Cells.get(c, "basic_met"), Cells.string(c, "basic_reason"))));
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

  /**
   * 达标成本与预警: what it costs to bring every county of the province to each target in the school
   * year judged (the sum of the counties' least-cost plans, docs/METHODS.md §10), and the counties
   * that meet a target now but, resources as they are and students as forecast, will not within
   * the outlook's years (gold.balance_outlook).
   */
  static Section costToPass(GoldReader gold, String province, int schoolYear) {
    String table = RemediationSummary.TABLE;
    Dataset<Row> summary = gold.read(table).where(col("province_code").equalTo(province).and(col("school_year").equalTo(schoolYear)));
    // Per county and target first (a county meets a target when every level does), then per target.
    Dataset<Row> perCounty = summary.groupBy("county_code", "target").agg(
        org.apache.spark.sql.functions.bool_and(org.apache.spark.sql.functions.coalesce(col("meets_now"), lit(false))).as("meets"),
        org.apache.spark.sql.functions.sum("cost_yuan").as("cost_yuan"),
        org.apache.spark.sql.functions.sum("lower_bound_yuan").as("lower_bound_yuan"),
        org.apache.spark.sql.functions.count(col("cost_yuan")).equalTo(org.apache.spark.sql.functions.count(lit(1))).as("planned"));
    Map<String, Row> byTarget = new java.util.LinkedHashMap<>();
    for (Row r : perCounty.groupBy("target").agg(
            org.apache.spark.sql.functions.count(lit(1)).as("counties"),
            org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col("meets"), 0).otherwise(1)).as("counties_failing"),
            org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col("planned"), col("cost_yuan"))).as("cost_yuan"),
            org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col("planned"), col("lower_bound_yuan"))).as("lower_bound_yuan"),
            org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col("planned"), 0).otherwise(1)).as("counties_without_plan"))
        .collectAsList()) {
      byTarget.put(r.getAs("target"), r);
    }
    List<List<Object>> rows = new ArrayList<>();
    for (String target : List.of("basic", "quality")) {
      Row r = byTarget.get(target);
      String label = CountyReport.TARGET_ZH.get(target) + " | " + target;
      String why = "no_row_in_" + table + "_for_" + schoolYear;
      rows.add(List.of(label,
          Cells.figure(table, r, "counties_failing", "province:" + target, Kind.COUNT, null, why),
          Cells.figure(table, r, "cost_yuan", "province:" + target, Kind.COUNT, null, why),
          Cells.figure(table, r, "lower_bound_yuan", "province:" + target, Kind.COUNT, null, why),
          Cells.figure(table, r, "counties_without_plan", "province:" + target, Kind.COUNT, null, why)));
    }
    List<Report.Block> blocks = new ArrayList<>();
    blocks.add(new Table("全省达标所需经费 | the province's cost to bring every county to each target, school year " + schoolYear,
        List.of("目标 | target", "未达标县 | counties failing", "所需经费（元） | cost_yuan", "任何方案不低于（元） | lower_bound_yuan",
            "无方案的县 | counties without a plan"), rows));
    blocks.add(new Note("各县最低成本方案之和，按 conf remediation.cost.* 单价；一县的各学段均达标方为达标；无方案的县不计入 "
        + "(the sum of the counties' least-cost plans at the unit costs of conf remediation.cost.*; a county meets a target "
        + "when every level does; counties without a plan are not in the sum; docs/METHODS.md §10)."));
    if (gold.has(BalanceOutlook.TABLE)) {
      Dataset<Row> failing = gold.read(BalanceOutlook.TABLE)
          .where(col("province_code").equalTo(province).and(col("base_year").equalTo(schoolYear)).and(col("meets").equalTo(false)))
          .groupBy("county_code", "target").agg(org.apache.spark.sql.functions.min("school_year").as("fails_from"));
      List<Row> atRisk = perCounty.where(col("meets")).join(failing, new String[] {"county_code", "target"}, "inner")
          .orderBy("fails_from", "target", "county_code").collectAsList();
      Map<String, String> names = gold.names(atRisk.stream().map(r -> r.<String>getAs("county_code")).toList());
      List<List<Object>> risk = new ArrayList<>();
      for (Row r : atRisk) {
        String county = r.getAs("county_code");
        risk.add(List.of(county, names.getOrDefault(county, ""), CountyReport.TARGET_ZH.get(r.<String>getAs("target")) + " | " + r.getAs("target"),
            String.valueOf(r.<Integer>getAs("fails_from"))));
      }
      if (risk.isEmpty()) {
        blocks.add(new Note("三年内没有现已达标而将不达标的县 (no county that meets a target now fails it within the outlook's years)."));
      } else {
        blocks.add(new Table("三年内可能不达标的县（资源不变，学生按预测） | counties at risk within three years: meeting a target now, "
            + "failing it as students are forecast with resources as they are",
            List.of("代码 | county_code", "县 | county", "目标 | target", "首个不达标学年 | fails from school year"), risk));
      }
    }
    return new Section("cost-to-pass", "五、达标成本与预警", "cost to pass and early warning", blocks);
  }
}
