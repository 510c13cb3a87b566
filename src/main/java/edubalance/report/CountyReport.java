package edubalance.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import edubalance.metrics.BasicBalance;
import edubalance.metrics.Indicator;
import edubalance.metrics.QualityBalance;
import edubalance.metrics.SchoolIndicators;
import edubalance.metrics.TeacherFlow;
import edubalance.metrics.ThreeIncreases;
import edubalance.metrics.Trends;
import edubalance.metrics.UrbanRuralGap;
import edubalance.remediation.BalanceOutlook;
import edubalance.remediation.RemediationPlan;
import edubalance.remediation.RemediationSummary;
import edubalance.report.Figure.Kind;
import edubalance.report.Report.Block;
import edubalance.report.Report.Chart;
import edubalance.report.Report.Note;
import edubalance.report.Report.Section;
import edubalance.report.Report.Series;
import edubalance.report.Report.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The quantitative part of a county's self-evaluation report (县级自评报告) for one school year
 * (and the fiscal year of the same number), in the order such reports use: basic facts, the eight
 * disparity coefficients of basic balance, the quality-balance standards, the three increases,
 * teacher exchange, the urban–rural gap and the trends. docs/REPORTS.md says where each figure
 * comes from.
 */
public final class CountyReport {
  private CountyReport() {}

  static final List<String> LEVELS = List.of("primary", "junior");
  static final Map<String, String> LEVEL_ZH = Map.of("primary", "小学", "junior", "初中");

  public static Report build(GoldReader gold, String county, int year) {
    if (!county.matches("\\d{6}")) throw new IllegalArgumentException("--county must be a 6-digit county code, not " + county);
    String name = gold.names(List.of(county)).getOrDefault(county, county);
    List<Section> sections = new ArrayList<>();
    sections.add(Readable.of(facts(gold, county, year), null));
    sections.add(Readable.of(basicBalance(gold, county, year), null));
    sections.add(Readable.of(qualityBalance(gold, county, year), null));
    sections.add(Readable.of(threeIncreases(gold, county, year), null));
    sections.add(Readable.of(teacherExchange(gold, county, year), null));
    sections.add(Readable.of(urbanRural(gold, county, year), null));
    sections.add(Readable.of(trends(gold, county, year), null));
    sections.add(Readable.of(remediation(gold, county, year), null));
    return new Report("county-" + county + "-" + year, String.format("%s义务教育均衡发展自评报告数据 %d学年", name, year),
        String.format("County self-evaluation figures, %s (%s), school year %d-%d and fiscal year %d", name, county, year,
            year + 1, year),
        gold.provenance(), sections);
  }

  private static Dataset<Row> ofCounty(GoldReader gold, String table, String county, String countyColumn) {
    return gold.read(table).where(col(countyColumn).equalTo(county));
  }

  /** The county's rows of a per-level table in one school year, by level. */
  private static Map<String, Row> byLevel(GoldReader gold, String table, String county, int year) {
    Map<String, Row> out = new LinkedHashMap<>();
    if (!gold.has(table)) return out;
    for (Row r : ofCounty(gold, table, county, "county_code").where(col("school_year").equalTo(year)).collectAsList()) {
      out.put(r.getAs("level"), r);
    }
    return out;
  }

  private static String missing(String table, int year) {
    return "no_row_in_" + table + "_for_" + year;
  }

  // ---- 1 basic facts ----

  private static Section facts(GoldReader gold, String county, int year) {
    List<Block> blocks = new ArrayList<>();
    String table = SchoolIndicators.TABLE;
    if (!gold.has(table)) {
      blocks.add(new Note(table + " is not in the lakehouse."));
      return new Section("facts", "一、基本情况", "basic facts", blocks);
    }
    Dataset<Row> units = ofCounty(gold, table, county, "county_code").where(col("school_year").equalTo(year));
    // A school counts once whatever its units (levels, or a teaching point merged under the basic rule).
    List<Row> types = units.groupBy("school_type").agg(count_distinct(col("school_id")).as("schools"))
        .orderBy("school_type").collectAsList();
    List<List<Object>> typeRows = new ArrayList<>();
    for (Row r : types) {
      typeRows.add(List.of(String.valueOf(Cells.string(r, "school_type")),
          Figure.of(Cells.name(table, "schools", Cells.string(r, "school_type")), r.getAs("schools"), null, Kind.COUNT)));
    }
    blocks.add(new Table("学校数（按类型） | schools by school_type", List.of("类型 | school_type", "学校数 | schools"), typeRows));
    Map<String, Row> levels = new LinkedHashMap<>();
    for (Row r : units.where(col("unit_rule").equalTo("basic")).groupBy("level")
        .agg(sum("students").as("students"), sum("teachers").as("teachers"), sum("classes").as("classes"))
        .collectAsList()) {
      levels.put(r.getAs("level"), r);
    }
    List<List<Object>> rows = new ArrayList<>();
    for (String level : LEVELS) {
      Row r = levels.get(level);
      String why = missing(table, year);
      rows.add(List.of(LEVEL_ZH.get(level) + " " + level,
          Cells.figure(table, r, "students", level, Kind.COUNT, null, why),
          Cells.figure(table, r, "classes", level, Kind.COUNT, null, why),
          Cells.figure(table, r, "teachers", level, Kind.COUNT, null, why)));
    }
    blocks.add(new Table("学生、班级与专任教师 | students, classes, full-time teachers (unit_rule = basic)",
        List.of("学段 | level", "在校生 | students", "班级 | classes", "专任教师 | teachers"), rows));
    return new Section("facts", "一、基本情况", "basic facts", blocks);
  }

  // ---- 2 basic balance: the eight coefficients ----

  private static Section basicBalance(GoldReader gold, String county, int year) {
    String table = BasicBalance.TABLE;
    Map<String, Row> lv = byLevel(gold, table, county, year);
    List<List<Object>> rows = new ArrayList<>();
    for (Indicator i : Indicator.BASIC_2012) {
      String column = "cv_" + i.cvName();
      List<Object> row = new ArrayList<>(List.of(indicator(i)));
      for (String level : LEVELS) {
        row.add(Cells.figure(table, lv.get(level), column, level, Kind.COEFFICIENT, "reason", missing(table, year)));
      }
      rows.add(row);
    }
    rows.add(levelRow("综合差异系数 | composite_cv", lv, "composite_cv", Kind.COEFFICIENT, table, year));
    rows.add(levelRow("标准（不高于） | threshold", lv, "threshold", Kind.COEFFICIENT, table, year));
    List<Object> meets = new ArrayList<>(List.of("是否达标 | meets_standard"));
    for (String level : LEVELS) {
      Row r = lv.get(level);
      meets.add(Cells.verdict(table, r, "meets_standard", level, "reason", missing(table, year)).because(
          above("综合差异系数 composite CV", Cells.number(r, "composite_cv"), Cells.number(r, "threshold"))));
    }
    rows.add(meets);
    rows.add(levelRow("学校数 | schools", lv, "schools", Kind.COUNT, table, year));
    rows.add(levelRow("未达学校标准的学校 | units_missing_any_school_standard", lv, "units_missing_any_school_standard",
        Kind.COUNT, table, year));
    return new Section("basic-balance", "二、基本均衡：八项指标差异系数", "basic balance, disparity coefficients (2012)", List.of(
        new Table(null, List.of("指标 | indicator", "小学 | primary", "初中 | junior"), rows),
        new Note("综合差异系数为八项之均值，不高于标准为达标 (composite CV = mean of the eight; met when ≤ the threshold). "
            + appliedThreshold(gold, county, lv, "threshold", "basic.composite_cv_max")),
        cvChart("chart-basic-cv", "八项指标差异系数 cv by indicator", lv, Indicator.BASIC_2012, null, null)));
  }

  /** "生均图书册数 | books per student": an indicator's row label from the label map. */
  static String indicator(Indicator i) {
    return Labels.heading(i.name());
  }

  /**
   * The threshold each level was judged against, as gold recorded it, and whether it is the
   * province's own (an override of the national standard in conf, read through the one lookup
   * that honours province overrides).
   */
  private static String appliedThreshold(GoldReader gold, String county, Map<String, Row> lv, String column, String key) {
    List<String> parts = new ArrayList<>();
    for (String level : LEVELS) {
      Double applied = Cells.number(lv.get(level), column);
      if (applied == null) continue;
      double national = gold.settings().getDouble(key + "." + level);
      String province = gold.settings().forProvince(county.substring(0, 2), key + "." + level);
      boolean own = province != null && Math.abs(Double.parseDouble(province) - national) > 1e-12;
      parts.add(LEVEL_ZH.get(level) + " " + Figure.format(applied, Kind.COEFFICIENT)
          + (own ? "（本省标准，国家标准 " + national + " province's threshold; national " + national + "）"
              : "（国家标准 national）"));
    }
    return parts.isEmpty() ? "" : "适用标准 threshold applied: " + String.join("; ", parts) + ".";
  }

  /** "综合差异系数 0.6832 高于标准 0.6000": the figure that exceeded its maximum, or null when unknown. */
  static String above(String what, Double value, Double max) {
    if (value == null || max == null) return null;
    return what + " " + Figure.format(value, Kind.COEFFICIENT) + " 高于标准 above the maximum " + Figure.format(max, Kind.COEFFICIENT);
  }

  /** "交流比例 12.00% 低于标准 15.00%": the figure short of its minimum, or null when it is not. */
  static String below(String what, Double value, Double min, Kind kind) {
    if (value == null || min == null || value >= min) return null;
    return what + " " + Figure.format(value, kind) + " 低于标准 below the minimum " + Figure.format(min, kind);
  }

  private static List<Object> levelRow(String label, Map<String, Row> lv, String column, Kind kind, String table, int year) {
    List<Object> row = new ArrayList<>(List.of(label));
    for (String level : LEVELS) row.add(Cells.figure(table, lv.get(level), column, level, kind, "reason", missing(table, year)));
    return row;
  }

  // ---- 3 quality balance ----

  private static Section qualityBalance(GoldReader gold, String county, int year) {
    String table = QualityBalance.TABLE;
    Map<String, Row> lv = byLevel(gold, table, county, year);
    List<List<Object>> rows = new ArrayList<>();
    for (Indicator i : Indicator.QUALITY_2017) {
      List<Object> row = new ArrayList<>(List.of(indicator(i)));
      for (String level : LEVELS) {
        Row r = lv.get(level);
        row.add(Cells.figure(table, r, "county_" + i.name(), level, Kind.VALUE, "reason", missing(table, year)));
        row.add(Cells.figure(table, r, "standard_" + i.name(), level, Kind.VALUE, "reason", missing(table, year)));
        row.add(Cells.figure(table, r, "cv_" + i.cvName(), level, Kind.COEFFICIENT, "reason", missing(table, year)));
      }
      rows.add(row);
    }
    List<String> columns = new ArrayList<>(List.of("指标 | indicator"));
    for (String level : LEVELS) {
      columns.add(LEVEL_ZH.get(level) + "县域值 | county_<indicator> " + level);
      columns.add(LEVEL_ZH.get(level) + "标准 | standard_<indicator>");
      columns.add(LEVEL_ZH.get(level) + "差异系数 | cv");
    }
    List<List<Object>> summary = new ArrayList<>();
    summary.add(levelRow("差异系数标准（不高于） | cv_threshold", lv, "cv_threshold", Kind.COEFFICIENT, table, year));
    List<Object> meetsCv = new ArrayList<>(List.of("差异系数均达标 | meets_cv"));
    List<Object> meetsQuality = new ArrayList<>(List.of("优质均衡达标 | meets_standard"));
    for (String level : LEVELS) {
      Row r = lv.get(level);
      String cvs = cvsAbove(r);
      meetsCv.add(Cells.verdict(table, r, "meets_cv", level, "reason", missing(table, year)).because(cvs));
      List<String> why = new ArrayList<>();
      if (Boolean.FALSE.equals(Cells.get(r, "meets_cv"))) why.add(cvs);
      Double schools = Cells.number(r, "schools");
      Double compliant = Cells.number(r, "schools_compliant");
      if (schools != null && compliant != null && compliant < schools) {
        why.add("达标学校 schools compliant " + Figure.format(compliant, Kind.COUNT) + " / " + Figure.format(schools, Kind.COUNT));
      }
      meetsQuality.add(Cells.verdict(table, r, "meets_standard", level, "reason", missing(table, year))
          .because(why.isEmpty() ? null : String.join("; ", why)));
    }
    summary.add(meetsCv);
    summary.add(levelRow("学校数 | schools", lv, "schools", Kind.COUNT, table, year));
    summary.add(levelRow("达标学校 | schools_compliant", lv, "schools_compliant", Kind.COUNT, table, year));
    summary.add(levelRow("无法判定的学校 | schools_compliance_unknown", lv, "schools_compliance_unknown", Kind.COUNT, table, year));
    summary.add(meetsQuality);
    summary.add(levelRow("大班额比例 | oversized_class_share", lv, "oversized_class_share", Kind.PERCENT, table, year));
    summary.add(levelRow("超大班额比例 | super_oversized_class_share", lv, "super_oversized_class_share", Kind.PERCENT, table, year));
    summary.add(levelRow("班额超标学校 | units_over_class_size", lv, "units_over_class_size", Kind.COUNT, table, year));
    summary.add(levelRow("规模超标学校 | units_over_school_size", lv, "units_over_school_size", Kind.COUNT, table, year));
    summary.add(levelRow("音乐专用教室不足 | units_short_of_music_rooms", lv, "units_short_of_music_rooms", Kind.COUNT, table, year));
    summary.add(levelRow("美术专用教室不足 | units_short_of_art_rooms", lv, "units_short_of_art_rooms", Kind.COUNT, table, year));
    return new Section("quality-balance", "三、优质均衡：资源配置标准与学校达标", "quality balance (2017)", List.of(
        new Table("七项指标 | the seven indicators", columns, rows),
        new Table("达标情况 | compliance and side conditions", List.of("项目 | item", "小学 | primary", "初中 | junior"), summary),
        new Note("优质均衡：七项差异系数均不高于标准，且每所学校达到七项标准 (every CV ≤ the threshold and every school "
            + "compliant). " + appliedThreshold(gold, county, lv, "cv_threshold", "quality.cv_max")),
        cvChart("chart-quality-cv", "七项指标差异系数 cv by indicator", lv, Indicator.QUALITY_2017,
            Cells.number(lv.get("primary"), "cv_threshold"), "小学标准 primary threshold")));
  }

  /** The CVs of these indicators by level, one bar series per level. */
  private static Chart cvChart(String id, String title, Map<String, Row> lv, List<Indicator> indicators, Double threshold,
      String thresholdLabel) {
    List<String> categories = new ArrayList<>();
    for (Indicator i : indicators) categories.add(Labels.of(i.name()).zh());
    List<Series> series = new ArrayList<>();
    for (String level : LEVELS) {
      List<Double> values = new ArrayList<>();
      for (Indicator i : indicators) values.add(Cells.number(lv.get(level), "cv_" + i.cvName()));
      series.add(new Series(LEVEL_ZH.get(level) + " " + level, values));
    }
    return new Chart(id, title, "bar", categories, series, threshold, thresholdLabel);
  }

  /** "生均体育运动场馆面积 0.5612 > 0.5000; ...": the quality CVs above the level's threshold. */
  private static String cvsAbove(Row r) {
    Double max = Cells.number(r, "cv_threshold");
    if (r == null || max == null) return null;
    List<String> out = new ArrayList<>();
    for (Indicator i : Indicator.QUALITY_2017) {
      Double cv = Cells.number(r, "cv_" + i.cvName());
      if (cv != null && cv > max) out.add(Labels.of(i.name()).zh() + " " + Figure.format(cv, Kind.COEFFICIENT));
    }
    return out.isEmpty() ? null : "差异系数高于 " + Figure.format(max, Kind.COEFFICIENT) + " CV above the threshold: "
        + String.join("、", out);
  }

  // ---- 4 three increases ----

  /**
   * Each amount of the three increases: its label, amount column, growth column, the increase it
   * counts for (1, 2, 3; 0 for revenue, the benchmark), and how it is written.
   */
  record Amount(String label, String amount, String growth, int increase, Kind kind) {}

  static final List<Amount> AMOUNTS = List.of(
      new Amount("经常性财政收入（万元） | recurrent revenue, 10k yuan", "recurrent_revenue_10k_yuan", "recurrent_revenue_growth", 0,
          Kind.AMOUNT),
      new Amount("一般公共预算教育拨款（万元） | education appropriation, 10k yuan", "education_appropriation_10k_yuan",
          "education_appropriation_growth", 1, Kind.AMOUNT),
      new Amount("小学生均一般公共预算教育事业费（元） | expenditure per primary student, yuan",
          "expenditure_per_student_primary_yuan", "expenditure_per_student_primary_growth", 2, Kind.VALUE),
      new Amount("初中生均一般公共预算教育事业费（元） | expenditure per junior student, yuan",
          "expenditure_per_student_junior_yuan", "expenditure_per_student_junior_growth", 2, Kind.VALUE),
      new Amount("小学生均公用经费（元） | public funds per primary student, yuan", "public_funds_per_student_primary_yuan",
          "public_funds_per_student_primary_growth", 3, Kind.VALUE),
      new Amount("初中生均公用经费（元） | public funds per junior student, yuan", "public_funds_per_student_junior_yuan",
          "public_funds_per_student_junior_growth", 3, Kind.VALUE),
      new Amount("教师平均工资（元） | average teacher salary, yuan", "avg_teacher_salary_yuan", "teacher_salary_growth", 3,
          Kind.VALUE));

  /** The verdict column of increase 1, 2 and 3 in gold.three_increases, and its rule in words. */
  static final List<String[]> INCREASES = List.of(
      new String[] {"appropriation_outpaces_revenue", "增长一：教育拨款增长高于经常性收入增长 | increase 1: appropriation grows faster than recurrent revenue"},
      new String[] {"expenditure_per_student_increased", "增长二：生均教育事业费逐年增长 | increase 2: expenditure per student grows at every level"},
      new String[] {"public_funds_per_student_increased", "增长三：生均公用经费与教师工资逐年增长 | increase 3: public funds per student and teacher salary grow"});

  private static Section threeIncreases(GoldReader gold, String county, int year) {
    String table = ThreeIncreases.TABLE;
    String why = "no_row_in_" + table + "_for_fiscal_year_" + year;
    Row r = null;
    if (gold.has(table)) {
      // By how much a missed increase fell short: the appropriation lacked what would have made it
      // grow as fast as revenue; a per-student amount or salary, what it lost on the year. Each
      // amount of increases 2 and 3 is judged on its own growth (> 0), so a row that grew is met.
      List<Column> cols = new ArrayList<>(List.of(col("*"), greatest(lit(0.0),
          col("prior_education_appropriation_10k_yuan").multiply(lit(1).plus(col("recurrent_revenue_growth")))
              .minus(col("education_appropriation_10k_yuan"))).as("education_appropriation_shortfall")));
      for (Amount a : AMOUNTS.subList(2, AMOUNTS.size())) {
        cols.add(greatest(lit(0.0), col("prior_" + a.amount()).minus(col(a.amount()))).as(a.amount() + "_shortfall"));
        cols.add(col(a.growth()).gt(0).as(a.growth() + "_positive"));
      }
      List<Row> rows = ofCounty(gold, table, county, "county_code")
          .where(col("fiscal_year").equalTo(year).and(col("region_level").equalTo("county")))
          .select(cols.toArray(new Column[0])).collectAsList();
      r = rows.isEmpty() ? null : rows.get(0);
    }
    List<List<Object>> rows = new ArrayList<>();
    List<String> categories = new ArrayList<>();
    List<Double> growths = new ArrayList<>();
    Double revenueGrowth = Cells.number(r, "recurrent_revenue_growth");
    Map<Integer, List<String>> missedBy = new LinkedHashMap<>();
    for (Amount a : AMOUNTS) {
      List<Object> row = new ArrayList<>();
      row.add(a.label());
      row.add(Cells.figure(table, r, "prior_" + a.amount(), null, a.kind(), "null_reason", why));
      row.add(Cells.figure(table, r, a.amount(), null, a.kind(), "null_reason", why));
      row.add(Cells.figure(table, r, a.growth(), null, Kind.PERCENT, "null_reason", why));
      Double growth = Cells.number(r, a.growth());
      String growthText = Labels.of(a.amount()).zh().replaceAll("（.*", "") + " " + (growth == null ? "—" : Figure.format(growth, Kind.PERCENT));
      Verdict v;
      if (a.increase() == 0) {
        row.add("比较基准 | the benchmark of increase 1");
        row.add("");
      } else if (a.increase() == 1) {
        v = Cells.verdict(table, r, "appropriation_outpaces_revenue", null, "null_reason", why).because(
            "增长一：拨款增长 " + (growth == null ? "—" : Figure.format(growth, Kind.PERCENT)) + " 未高于经常性收入增长 "
                + (revenueGrowth == null ? "—" : Figure.format(revenueGrowth, Kind.PERCENT))
                + " appropriation growth not above revenue growth");
        row.add(v);
        row.add(Boolean.FALSE.equals(v.met())
            ? Cells.figure(table, r, "education_appropriation_shortfall", null, Kind.AMOUNT, "null_reason", why) : "");
        if (Boolean.FALSE.equals(v.met())) missedBy.computeIfAbsent(1, k -> new ArrayList<>()).add(growthText);
      } else {
        String n = a.increase() == 2 ? "二" : "三";
        v = Cells.verdict(table, r, a.growth() + "_positive", null, "null_reason", why).because(
            "增长" + n + "：须逐年增长 must grow; 增长 growth " + (growth == null ? "—" : Figure.format(growth, Kind.PERCENT)));
        row.add(v);
        row.add(Boolean.FALSE.equals(v.met())
            ? Cells.figure(table, r, a.amount() + "_shortfall", null, a.kind(), "null_reason", why) : "");
        if (Boolean.FALSE.equals(v.met())) missedBy.computeIfAbsent(a.increase(), k -> new ArrayList<>()).add(growthText);
      }
      rows.add(row);
      categories.add(a.label().substring(0, a.label().indexOf('（')));
      growths.add(growth == null ? null : growth * 100);
    }
    List<List<Object>> verdicts = new ArrayList<>();
    verdicts.add(List.of("拨款增长 − 收入增长 | appropriation_growth_margin", Cells.figure(table, r, "appropriation_growth_margin", null,
        Kind.POINTS, "null_reason", why)));
    List<String> missedIncreases = new ArrayList<>();
    for (int k = 0; k < INCREASES.size(); k++) {
      String[] inc = INCREASES.get(k);
      Verdict v = Cells.verdict(table, r, inc[0], null, "null_reason", why);
      List<String> rowsMissed = missedBy.getOrDefault(k + 1, List.of());
      v = v.because(HtmlReport.split(inc[1])[0] + (rowsMissed.isEmpty() ? "" : "；未增长 did not grow enough: " + String.join("、", rowsMissed)));
      if (Boolean.FALSE.equals(v.met())) missedIncreases.add(HtmlReport.split(inc[1])[0].replaceAll("：.*", ""));
      verdicts.add(List.of(inc[1], v));
    }
    verdicts.add(List.of("三个增长 | all_increases_met", Cells.verdict(table, r, "all_increases_met", null, "null_reason", why)
        .because("未实现 missed: " + String.join("、", missedIncreases))));
    Double share = Cells.number(r, "education_share_of_expenditure");
    Double priorShare = Cells.number(r, "prior_education_share_of_expenditure");
    Double gdpShare = Cells.number(r, "fiscal_education_funds_share_of_gdp");
    Double salaryRatio = Cells.number(r, "teacher_salary_vs_civil_servant");
    String province2 = county.substring(0, 2);
    double gdpFloor = Double.parseDouble(gold.settings().forProvince(province2, "finance.education_funds_gdp_floor"));
    double salaryMin = Double.parseDouble(gold.settings().forProvince(province2, "finance.teacher_salary_min_ratio_to_civil_servant"));
    verdicts.add(List.of("教育支出占财政支出比例 | education_share_of_expenditure",
        Cells.figure(table, r, "education_share_of_expenditure", null, Kind.PERCENT, "null_reason", why)));
    verdicts.add(List.of("上年比例 | prior_education_share_of_expenditure",
        Cells.figure(table, r, "prior_education_share_of_expenditure", null, Kind.PERCENT, "null_reason", why)));
    verdicts.add(List.of("比例只增不减 | education_share_not_falling",
        Cells.verdict(table, r, "education_share_not_falling", null, "null_reason", why).because(
            below("教育支出比例 education share", share, priorShare, Kind.PERCENT))));
    verdicts.add(List.of("财政性教育经费占GDP比例 | fiscal_education_funds_share_of_gdp",
        Cells.figure(table, r, "fiscal_education_funds_share_of_gdp", null, Kind.PERCENT, "null_reason", why)));
    verdicts.add(List.of("不低于 " + Figure.format(gdpFloor, Kind.PERCENT) + " | education_funds_gdp_floor_met",
        Cells.verdict(table, r, "education_funds_gdp_floor_met", null, "null_reason", why).because(
            below("占GDP比例 share of GDP", gdpShare, gdpFloor, Kind.PERCENT))));
    verdicts.add(List.of("教师工资/公务员工资 | teacher_salary_vs_civil_servant",
        Cells.figure(table, r, "teacher_salary_vs_civil_servant", null, Kind.COEFFICIENT, "null_reason", why)));
    verdicts.add(List.of("不低于公务员 | teacher_salary_not_below_civil_servant",
        Cells.verdict(table, r, "teacher_salary_not_below_civil_servant", null, "null_reason", why).because(
            below("教师工资/公务员工资 salary ratio", salaryRatio, salaryMin, Kind.COEFFICIENT))));
    return new Section("three-increases", "四、三个增长与两个比例", "three increases, fiscal year " + year, List.of(
        new Table(null, List.of("项目 | item", (year - 1) + "年 | prior year", year + "年 | fiscal year " + year, "增长 | growth",
            "是否实现 | met", "差额 | shortfall"), rows),
        new Note("每项按本身增长判定：拨款增长须高于经常性收入增长（增长一），其余各项须大于零（增长二、三）。"
            + "差额：拨款为按收入增速应达而未达之数 max(0, 上年 × (1 + 收入增长) − 本年)（万元）；其余为比上年减少之数 max(0, 上年 − 本年)。"
            + " Each row is judged on its own growth: the appropriation must grow faster than recurrent revenue (increase 1), "
            + "every other amount must grow (increases 2 and 3); the shortfall is what a missed row lacked."),
        new Table("结论 | verdicts", List.of("项目 | item", "值 | value"), verdicts),
        new Chart("chart-three-growth", "增长率（%） growth, fiscal year " + year, "bar", categories,
            List.of(new Series("增长 growth", growths)), null, null, "%")));
  }

  // ---- 5 teacher exchange ----

  private static Section teacherExchange(GoldReader gold, String county, int year) {
    String table = TeacherFlow.TABLE;
    List<Row> years = gold.has(table)
        ? ofCounty(gold, table, county, "county_code").where(col("school_year").leq(year)).orderBy("school_year").collectAsList()
        : List.of();
    Row r = null;
    for (Row y : years) if (((Integer) y.getAs("school_year")) == year) r = y;
    String why = missing(table, year);
    List<List<Object>> rows = new ArrayList<>();
    for (String[] c : new String[][] {{"符合条件教师 | eligible_teachers", "eligible_teachers", "COUNT"},
        {"交流轮岗教师 | exchanged_teachers", "exchanged_teachers", "COUNT"}, {"交流比例 | exchange_rate", "exchange_rate", "PERCENT"},
        {"标准（不低于） | min_exchange_rate", "min_exchange_rate", "PERCENT"},
        {"骨干教师交流 | backbone_exchanged", "backbone_exchanged", "COUNT"},
        {"骨干教师占比 | backbone_share", "backbone_share", "PERCENT"},
        {"标准（不低于） | min_backbone_share", "min_backbone_share", "PERCENT"},
        {"城镇到乡村 | urban_to_rural", "urban_to_rural", "COUNT"}, {"乡村到城镇 | rural_to_urban", "rural_to_urban", "COUNT"}}) {
      rows.add(List.of(c[0], Cells.figure(table, r, c[1], null, Kind.valueOf(c[2]), "null_reason", why)));
    }
    List<String> short_ = new ArrayList<>();
    for (String[] c : new String[][] {{"交流比例 exchange rate", "exchange_rate", "min_exchange_rate"},
        {"骨干教师占比 backbone share", "backbone_share", "min_backbone_share"}}) {
      String b = below(c[0], Cells.number(r, c[1]), Cells.number(r, c[2]), Kind.PERCENT);
      if (b != null) short_.add(b);
    }
    rows.add(List.of("是否达标 | meets_standard", Cells.verdict(table, r, "meets_standard", null, "null_reason", why)
        .because(String.join("; ", short_))));
    List<String> labels = new ArrayList<>();
    for (Row y : years) labels.add(String.valueOf((Integer) y.getAs("school_year")));
    Double min = Cells.number(r, "min_exchange_rate");
    return new Section("teacher-exchange", "五、教师交流轮岗", "teacher exchange, school year " + year, List.of(
        new Table(null, List.of("项目 | item", "值 | value"), rows),
        new Chart("chart-exchange", "交流比例逐年（%） exchange rate by school year", "line", labels,
            List.of(new Series("交流比例 exchange rate", percent(Cells.series(years, "exchange_rate"))),
                new Series("骨干占比 backbone share", percent(Cells.series(years, "backbone_share")))),
            min == null ? null : min * 100, "标准 minimum", "%")));
  }

  /** Fractions as percentages, for a chart whose axis is in percent like its table. */
  static List<Double> percent(List<Double> fractions) {
    List<Double> out = new ArrayList<>();
    for (Double v : fractions) out.add(v == null ? null : v * 100);
    return out;
  }

  // ---- 6 urban–rural gap ----

  private static Section urbanRural(GoldReader gold, String county, int year) {
    String table = UrbanRuralGap.TABLE;
    String id = "urban-rural";
    String heading = "六、城乡差距";
    String headingEn = "urban–rural gap, school year " + year;
    Map<String, Row> rowsByKey = new LinkedHashMap<>();
    boolean townOrRural = false;
    if (gold.has(table)) {
      for (Row r : ofCounty(gold, table, county, "region_code")
          .where(col("region_level").equalTo("county").and(col("school_year").equalTo(year))).collectAsList()) {
        rowsByKey.put(r.getAs("level") + ":" + r.getAs("indicator"), r);
        townOrRural |= Cells.get(r, "town_value") != null || Cells.get(r, "rural_value") != null;
      }
    }
    if (!rowsByKey.isEmpty() && !townOrRural) {
      return new Section(id, heading, headingEn, List.of(new Note("本县（区）没有镇区和乡村学校，城乡比较不适用。"
          + "This county (district) has no town or rural schools; the urban–rural comparison does not apply.")));
    }
    String why = missing(table, year);
    List<List<Object>> rows = new ArrayList<>();
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    List<String> categories = new ArrayList<>();
    for (String level : LEVELS) ratios.put(level, new ArrayList<>());
    for (Indicator i : Indicator.ALL) {
      categories.add(Labels.of(i.name()).zh());
      for (String level : LEVELS) {
        Row r = rowsByKey.get(level + ":" + i.name());
        String key = level + ":" + i.name();
        ratios.get(level).add(Cells.number(r, "rural_to_urban_ratio"));
        if (r == null) continue; // a level the county does not have
        rows.add(List.of(indicator(i), LEVEL_ZH.get(level) + " | " + level,
            Cells.figure(table, r, "urban_value", key, Kind.VALUE, "null_reason", why),
            Cells.figure(table, r, "town_value", key, Kind.VALUE, "null_reason", why),
            Cells.figure(table, r, "rural_value", key, Kind.VALUE, "null_reason", why),
            Cells.figure(table, r, "rural_to_urban_ratio", key, Kind.COEFFICIENT, "null_reason", why),
            Cells.figure(table, r, "theil_between_share", key, Kind.PERCENT, "null_reason", why)));
      }
    }
    if (rows.isEmpty()) return new Section(id, heading, headingEn, List.of(new Note(Reasons.words(why) + ".")));
    List<Series> series = new ArrayList<>();
    for (String level : LEVELS) series.add(new Series(LEVEL_ZH.get(level) + " " + level, ratios.get(level)));
    return new Section(id, heading, headingEn, List.of(
        new Table(null, List.of("指标 | indicator", "学段 | level", "城区 | urban", "镇区 | town", "乡村 | rural",
            "乡村/城区 | rural_to_urban_ratio", "组间差距占比 | theil_between_share"), rows),
        new Chart("chart-rural-urban", "乡村与城区之比 rural_to_urban_ratio", "bar", categories, series, 1.0, "城乡持平 parity")));
  }

  // ---- 7 trends ----

  /**
   * The gap metrics of gold.trends in one matrix, an indicator a row: the latest quality-balance CV
   * and rural-to-urban ratio of each level, each with whether the gap widened on the year before.
   */
  private static Table gapMatrix(String table, Map<String, Row> gaps) {
    List<List<Object>> rows = new ArrayList<>();
    for (Indicator i : Indicator.ALL) {
      List<Object> row = new ArrayList<>(List.of(indicator(i)));
      boolean any = false;
      for (String family : List.of("quality_cv_" + i.cvName() + "_%s", "rural_to_urban_ratio:" + i.name() + ":%s")) {
        for (String level : LEVELS) {
          String metric = String.format(family, level);
          Row r = gaps.get(metric);
          any |= r != null;
          row.add(r == null ? "" : Cells.figure(table, r, "value", metric, Kind.COEFFICIENT, "null_reason", null));
          row.add(r == null || r.isNullAt(r.fieldIndex("gap_widened")) ? ""
              : (Boolean) r.getAs("gap_widened") ? "扩大 | widened" : "缩小 | narrowed");
        }
      }
      if (any) rows.add(row);
    }
    return new Table("差距指标：最新值与差距变化 | gap metrics: latest value, and whether the gap widened",
        List.of("指标 | indicator", "优质均衡差异系数 小学 | quality CV, primary", "变化 | gap", "初中 | junior", "变化 | gap",
            "乡村/城区 小学 | rural / urban, primary", "变化 | gap", "初中 | junior", "变化 | gap"), rows);
  }

  /** The trend charts: id, title, then the gold.trends metrics drawn (named from the label map). */
  static final List<String[]> TREND_CHARTS = List.of(
      new String[] {"chart-trend-cv", "综合差异系数逐年 composite CV", "composite_cv_primary", "composite_cv_junior"},
      new String[] {"chart-trend-students", "在校生逐年 students", "students_primary", "students_junior"},
      new String[] {"chart-trend-funding", "教育拨款与经常性收入（万元） funding", "education_appropriation_10k_yuan",
          "recurrent_revenue_10k_yuan"},
      new String[] {"chart-trend-per-student", "生均教育事业费（元） expenditure per student",
          "expenditure_per_student_primary_yuan", "expenditure_per_student_junior_yuan"},
      new String[] {"chart-trend-exchange", "交流比例（%） exchange rate", "exchange_rate"});

  private static Section trends(GoldReader gold, String county, int year) {
    List<Block> blocks = new ArrayList<>();
    String table = Trends.TABLE;
    if (!gold.has(table)) {
      blocks.add(new Note(table + " is not in the lakehouse."));
      return new Section("trends", "七、发展趋势", "trends", blocks);
    }
    Dataset<Row> series = ofCounty(gold, table, county, "entity_code")
        .where(col("entity_level").equalTo("county").and(col("period").leq(year)));
    // The latest value of each metric with its growth and slope.
    List<Row> latest = series.withColumn("latest", max("period").over(
            org.apache.spark.sql.expressions.Window.partitionBy("metric")))
        .where(col("period").equalTo(col("latest"))).orderBy("metric").collectAsList();
    List<List<Object>> rows = new ArrayList<>();
    Map<String, Row> gaps = new LinkedHashMap<>();
    for (Row r : latest) {
      String metric = r.getAs("metric");
      // The gap metrics (36 of them) go into one matrix below, indicator by level.
      if (metric.startsWith("quality_cv_") || metric.startsWith("rural_to_urban_ratio:")) {
        gaps.put(metric, r);
        continue;
      }
      Labels.Label label = Labels.of(metric);
      Kind kind = label.kind() == null ? Kind.VALUE : label.kind();
      // The slope is per year in the metric's unit; a share's slope is in percentage points.
      Kind slopeKind = kind == Kind.PERCENT ? Kind.POINTS : kind == Kind.COUNT ? Kind.AMOUNT : kind;
      rows.add(List.of(label.zh() + " | " + label.en(), String.valueOf((Integer) r.getAs("period")),
          Cells.figure(table, r, "value", metric, kind, "null_reason", null),
          Cells.figure(table, r, "yoy_growth", metric, Kind.PERCENT, "null_reason", null),
          Cells.figure(table, r, "cagr_3y", metric, Kind.PERCENT, "null_reason", null),
          Cells.figure(table, r, "slope_5y", metric, slopeKind, "null_reason", null),
          r.isNullAt(r.fieldIndex("gap_widened")) ? "" : (Boolean) r.getAs("gap_widened") ? "扩大 | widened" : "缩小 | narrowed"));
    }
    Set<String> charted = new java.util.TreeSet<>();
    for (String[] c : TREND_CHARTS) for (int i = 2; i < c.length; i++) charted.add(c[i]);
    List<Row> wide = series.where(col("metric").isin(charted.toArray())).groupBy("period")
        .pivot("metric", new ArrayList<>(charted)).agg(max("value")).orderBy("period").collectAsList();
    List<String> periods = new ArrayList<>();
    for (Row w : wide) periods.add(String.valueOf((Integer) w.getAs("period")));
    for (String[] c : TREND_CHARTS) {
      List<Series> s = new ArrayList<>();
      boolean percent = Labels.of(c[2]).kind() == Kind.PERCENT;
      for (int i = 2; i < c.length; i++) {
        List<Double> values = Cells.series(wide, c[i]);
        s.add(new Series(Labels.of(c[i]).zh(), percent ? percent(values) : values));
      }
      blocks.add(new Chart(c[0], c[1], "line", periods, s, null, null, percent ? "%" : null));
    }
    blocks.add(new Table("各项指标最新值与趋势 | latest value and trend of every series (gold.trends)",
        List.of("指标 | metric", "年份 | year", "值 | value", "同比 | yoy_growth", "三年复合 | cagr_3y",
            "五年斜率（每年） | slope_5y, per year", "差距 | gap"), rows));
    if (!gaps.isEmpty()) blocks.add(gapMatrix(table, gaps));
    return new Section("trends", "七、发展趋势", "trends over the years present", blocks);
  }

  // ---- 8 what it takes to pass ----

  static final Map<String, String> TARGET_ZH = Map.of("basic", "基本均衡", "quality", "优质均衡");

  /**
   * 达标路径: for each target, whether each level meets it now, the least cost of the plan that makes
   * it (with the bound no plan goes below) and the figures after; the plan school by school; and
   * the next school years with resources as they are and students as forecast (docs/METHODS.md §10).
   */
  private static Section remediation(GoldReader gold, String county, int year) {
    String id = "remediation";
    String heading = "八、达标路径";
    String headingEn = "what it takes to pass";
    String table = RemediationSummary.TABLE;
    if (!gold.has(table)) return new Section(id, heading, headingEn, List.of(new Note(table + " is not in the lakehouse.")));
    // target → level → row
    Map<String, Map<String, Row>> byTarget = new LinkedHashMap<>();
    for (Row r : ofCounty(gold, table, county, "county_code").where(col("school_year").equalTo(year)).collectAsList()) {
      byTarget.computeIfAbsent(r.getAs("target"), t -> new LinkedHashMap<>()).put(r.getAs("level"), r);
    }
    Map<String, Row> basic = byLevel(gold, BasicBalance.TABLE, county, year);
    Map<String, Row> quality = byLevel(gold, QualityBalance.TABLE, county, year);
    String why = missing(table, year);
    List<List<Object>> rows = new ArrayList<>();
    for (String target : List.of("basic", "quality")) {
      Map<String, Row> lv = byTarget.getOrDefault(target, Map.of());
      String zh = TARGET_ZH.get(target);
      List<Object> meets = new ArrayList<>(List.of(zh + "：现在是否达标 | meets_now (" + target + ")"));
      for (String level : LEVELS) {
        Row r = lv.get(level);
        meets.add(Cells.verdict(table, r, "meets_now", level + ":" + target, "null_reason", why)
            .because(target.equals("basic") ? above("综合差异系数 composite CV", Cells.number(r, "composite_cv_now"),
                Cells.number(basic.get(level), "threshold"))
                : qualityShortfall(Cells.number(r, "max_cv_now"), Cells.number(r, "units_compliant_now"),
                    Cells.number(r, "units"), Cells.number(quality.get(level), "cv_threshold"))));
      }
      rows.add(meets);
      rows.add(targetRow(zh + "：达标所需经费（元） | cost_yuan", lv, "cost_yuan", target, Kind.COUNT, why));
      rows.add(targetRow(zh + "：任何方案不低于（元） | lower_bound_yuan", lv, "lower_bound_yuan", target, Kind.COUNT, why));
      if (target.equals("basic")) {
        rows.add(targetRow(zh + "：实施后综合差异系数 | composite_cv_after", lv, "composite_cv_after", target, Kind.COEFFICIENT, why));
      } else {
        rows.add(targetRow(zh + "：实施后最大差异系数 | max_cv_after", lv, "max_cv_after", target, Kind.COEFFICIENT, why));
        rows.add(targetRow(zh + "：实施后达标学校 | units_compliant_after", lv, "units_compliant_after", target, Kind.COUNT, why));
      }
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Table("达标成本 | cost to pass", List.of("项目 | item", "小学 | primary", "初中 | junior"), rows));
    blocks.add(new Note("按单价（conf remediation.cost.*，各省可调整）计算的最低成本方案：不减少任何学校的资源，"
        + "人员、计算机、图书、教室取整数。\"任何方案不低于\"为成本下限，与方案成本相等时方案最优 (the least-cost plan at "
        + "the unit costs of conf remediation.cost.*; nothing is taken from a school; people, computers, books and "
        + "classrooms are whole; no plan costs less than the lower bound: docs/METHODS.md §10)."));
    blocks.addAll(planTables(gold, county, year));
    Block outlook = outlook(gold, county, year, basic, quality);
    if (outlook != null) blocks.add(outlook);
    return new Section(id, heading, headingEn, blocks);
  }

  private static List<Object> targetRow(String label, Map<String, Row> lv, String column, String target, Kind kind, String why) {
    List<Object> row = new ArrayList<>(List.of(label));
    for (String level : LEVELS) {
      row.add(Cells.figure(RemediationSummary.TABLE, lv.get(level), column, level + ":" + target, kind, "null_reason", why));
    }
    return row;
  }

  /** "最大差异系数 0.5400 高于标准 0.5000; 达标学校 3 / 7": why a level misses quality balance, or null. */
  private static String qualityShortfall(Double maxCv, Double compliant, Double units, Double threshold) {
    List<String> why = new ArrayList<>();
    if (maxCv != null && threshold != null && maxCv > threshold) why.add(above("最大差异系数 largest CV", maxCv, threshold));
    if (compliant != null && units != null && compliant < units) {
      why.add("达标学校 schools compliant " + Figure.format(compliant, Kind.COUNT) + " / " + Figure.format(units, Kind.COUNT));
    }
    return why.isEmpty() ? null : String.join("; ", why);
  }

  /** The plan of each target a level does not meet, school by school. */
  private static List<Block> planTables(GoldReader gold, String county, int year) {
    List<Block> out = new ArrayList<>();
    if (!gold.has(RemediationPlan.TABLE)) return out;
    List<Row> plan = ofCounty(gold, RemediationPlan.TABLE, county, "county_code").where(col("school_year").equalTo(year))
        .orderBy("target", "level", "unit_id", "resource").collectAsList();
    Map<String, String> names = gold.schoolNames(plan.stream().map(p -> p.<String>getAs("unit_id")).toList(), year);
    for (String target : List.of("basic", "quality")) {
      List<List<Object>> rows = new ArrayList<>();
      for (Row p : plan) {
        if (!p.<String>getAs("target").equals(target)) continue;
        String unit = p.getAs("unit_id");
        String resource = p.getAs("resource");
        String suffix = p.getAs("level") + ":" + target + ":" + unit + ":" + resource;
        Kind kind = Labels.has(resource) && Labels.of(resource).kind() != null ? Labels.of(resource).kind() : Kind.VALUE;
        rows.add(List.of(names.getOrDefault(unit, "") + "（" + unit + "）", LEVEL_ZH.get(p.<String>getAs("level")),
            Labels.has(resource) ? Labels.heading(resource) : resource,
            Cells.figure(RemediationPlan.TABLE, p, "current_amount", suffix, kind, null, null),
            Cells.figure(RemediationPlan.TABLE, p, "add_amount", suffix, kind, null, null),
            Cells.figure(RemediationPlan.TABLE, p, "cost_yuan", suffix, Kind.COUNT, null, null)));
      }
      if (rows.isEmpty()) continue;
      out.add(new Table(TARGET_ZH.get(target) + "达标方案（逐校） | the " + target + " plan, school by school",
          List.of("学校 | school", "学段 | level", "项目 | resource", "现有 | current_amount", "增加 | add_amount",
              "经费（元） | cost_yuan"), rows));
    }
    return out;
  }

  /** The next school years, resources as they are and students as forecast: met or not, and the plan's cost. */
  private static Block outlook(GoldReader gold, String county, int year, Map<String, Row> basic, Map<String, Row> quality) {
    String table = BalanceOutlook.TABLE;
    if (!gold.has(table)) return null;
    List<Row> all = ofCounty(gold, table, county, "county_code").where(col("base_year").equalTo(year))
        .orderBy("target", "school_year", "level").collectAsList();
    if (all.isEmpty()) return null;
    // target → school year → level → row
    Map<String, Map<Integer, Map<String, Row>>> rows = new LinkedHashMap<>();
    for (Row r : all) {
      rows.computeIfAbsent(r.getAs("target"), t -> new java.util.TreeMap<>())
          .computeIfAbsent(r.getAs("school_year"), y -> new LinkedHashMap<>()).put(r.getAs("level"), r);
    }
    List<List<Object>> out = new ArrayList<>();
    for (String target : List.of("basic", "quality")) {
      for (Map.Entry<Integer, Map<String, Row>> y : rows.getOrDefault(target, Map.of()).entrySet()) {
        List<Object> row = new ArrayList<>(List.of(TARGET_ZH.get(target) + " " + y.getKey() + "学年 | " + target + ", " + y.getKey()));
        for (String level : LEVELS) {
          Row r = y.getValue().get(level);
          String suffix = level + ":" + target + ":" + y.getKey();
          String why = "no_row_in_" + table + "_for_" + y.getKey();
          row.add(Cells.verdict(table, r, "meets", suffix, "null_reason", why).because(target.equals("basic")
              ? above("综合差异系数 composite CV", Cells.number(r, "composite_cv"), Cells.number(basic.get(level), "threshold"))
              : qualityShortfall(Cells.number(r, "max_cv"), Cells.number(r, "units_compliant"), Cells.number(r, "units"),
                  Cells.number(quality.get(level), "cv_threshold"))));
          row.add(Cells.figure(table, r, "cost_yuan", suffix, Kind.COUNT, "null_reason", why));
        }
        out.add(row);
      }
    }
    return new Table("未来三年展望（资源不变，学生按预测） | outlook: resources as now, students as forecast",
        List.of("目标与学年 | target and school year", "小学达标 | primary meets", "小学所需经费（元） | primary cost_yuan",
            "初中达标 | junior meets", "初中所需经费（元） | junior cost_yuan"), out);
  }
}
