package edubalance.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import edubalance.metrics.Indicator;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    sections.add(facts(gold, county, year));
    sections.add(basicBalance(gold, county, year));
    sections.add(qualityBalance(gold, county, year));
    sections.add(threeIncreases(gold, county, year));
    sections.add(teacherExchange(gold, county, year));
    sections.add(urbanRural(gold, county, year));
    sections.add(trends(gold, county, year));
    return new Report("county-" + county + "-" + year, String.format("%s义务教育均衡发展自评报告数据 %d学年", name, year),
        String.format("County self-evaluation figures, %s (%s), school year %d-%d and fiscal year %d", name, county, year,
            year + 1, year),
        gold.provenance(), sections);
  }

  /** "books per student (生均图书册数)" → "生均图书册数". */
  static String chinese(Indicator i) {
    Matcher m = Pattern.compile("\\(([^)]*\\p{IsHan}[^)]*)\\)").matcher(i.description());
    return m.find() ? m.group(1) : i.name();
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
    String table = "gold.school_indicators";
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
    String table = "gold.county_balance_basic";
    Map<String, Row> lv = byLevel(gold, table, county, year);
    List<List<Object>> rows = new ArrayList<>();
    for (Indicator i : Indicator.BASIC_2012) {
      String column = "cv_" + i.cvName();
      List<Object> row = new ArrayList<>(List.of(chinese(i) + " | " + column));
      for (String level : LEVELS) {
        row.add(Cells.figure(table, lv.get(level), column, level, Kind.COEFFICIENT, "reason", missing(table, year)));
      }
      rows.add(row);
    }
    rows.add(levelRow("综合差异系数 | composite_cv", lv, "composite_cv", Kind.COEFFICIENT, table, year));
    rows.add(levelRow("标准（不高于） | threshold", lv, "threshold", Kind.COEFFICIENT, table, year));
    List<Object> meets = new ArrayList<>(List.of("是否达标 | meets_standard"));
    for (String level : LEVELS) meets.add(Cells.verdict(table, lv.get(level), "meets_standard", level, "reason", missing(table, year)));
    rows.add(meets);
    rows.add(levelRow("学校数 | schools", lv, "schools", Kind.COUNT, table, year));
    rows.add(levelRow("未达学校标准的学校 | units_missing_any_school_standard", lv, "units_missing_any_school_standard",
        Kind.COUNT, table, year));
    return new Section("basic-balance", "二、基本均衡：八项指标差异系数", "basic balance, disparity coefficients (2012)", List.of(
        new Table(null, List.of("指标 | indicator", "小学 | primary", "初中 | junior"), rows),
        new Note("Composite CV = mean of the eight; met when composite_cv ≤ threshold (0.65 primary, 0.55 junior "
            + "nationally, conf basic.composite_cv_max). A CV is null when a school's value is missing (reason shown)."),
        cvChart("chart-basic-cv", "八项指标差异系数 cv by indicator", lv, Indicator.BASIC_2012, null, null)));
  }

  private static List<Object> levelRow(String label, Map<String, Row> lv, String column, Kind kind, String table, int year) {
    List<Object> row = new ArrayList<>(List.of(label));
    for (String level : LEVELS) row.add(Cells.figure(table, lv.get(level), column, level, kind, "reason", missing(table, year)));
    return row;
  }

  // ---- 3 quality balance ----

  private static Section qualityBalance(GoldReader gold, String county, int year) {
    String table = "gold.county_balance_quality";
    Map<String, Row> lv = byLevel(gold, table, county, year);
    List<List<Object>> rows = new ArrayList<>();
    for (Indicator i : Indicator.QUALITY_2017) {
      List<Object> row = new ArrayList<>(List.of(chinese(i) + " | " + i.name()));
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
    summary.add(verdictRow("差异系数均达标 | meets_cv", lv, "meets_cv", table, year));
    summary.add(levelRow("学校数 | schools", lv, "schools", Kind.COUNT, table, year));
    summary.add(levelRow("达标学校 | schools_compliant", lv, "schools_compliant", Kind.COUNT, table, year));
    summary.add(levelRow("无法判定的学校 | schools_compliance_unknown", lv, "schools_compliance_unknown", Kind.COUNT, table, year));
    summary.add(verdictRow("优质均衡达标 | meets_standard", lv, "meets_standard", table, year));
    summary.add(levelRow("大班额比例 | oversized_class_share", lv, "oversized_class_share", Kind.PERCENT, table, year));
    summary.add(levelRow("超大班额比例 | super_oversized_class_share", lv, "super_oversized_class_share", Kind.PERCENT, table, year));
    summary.add(levelRow("班额超标学校 | units_over_class_size", lv, "units_over_class_size", Kind.COUNT, table, year));
    summary.add(levelRow("规模超标学校 | units_over_school_size", lv, "units_over_school_size", Kind.COUNT, table, year));
    summary.add(levelRow("音乐专用教室不足 | units_short_of_music_rooms", lv, "units_short_of_music_rooms", Kind.COUNT, table, year));
    summary.add(levelRow("美术专用教室不足 | units_short_of_art_rooms", lv, "units_short_of_art_rooms", Kind.COUNT, table, year));
    return new Section("quality-balance", "三、优质均衡：资源配置标准与学校达标", "quality balance (2017)", List.of(
        new Table("七项指标 | the seven indicators", columns, rows),
        new Table("达标情况 | compliance and side conditions", List.of("项目 | item", "小学 | primary", "初中 | junior"), summary),
        cvChart("chart-quality-cv", "七项指标差异系数 cv by indicator", lv, Indicator.QUALITY_2017,
            Cells.number(lv.get("primary"), "cv_threshold"), "小学标准 primary threshold")));
  }

  /** The CVs of these indicators by level, one bar series per level. */
  private static Chart cvChart(String id, String title, Map<String, Row> lv, List<Indicator> indicators, Double threshold,
      String thresholdLabel) {
    List<String> categories = new ArrayList<>();
    for (Indicator i : indicators) categories.add(chinese(i));
    List<Series> series = new ArrayList<>();
    for (String level : LEVELS) {
      List<Double> values = new ArrayList<>();
      for (Indicator i : indicators) values.add(Cells.number(lv.get(level), "cv_" + i.cvName()));
      series.add(new Series(LEVEL_ZH.get(level) + " " + level, values));
    }
    return new Chart(id, title, "bar", categories, series, threshold, thresholdLabel);
  }

  private static List<Object> verdictRow(String label, Map<String, Row> lv, String column, String table, int year) {
    List<Object> row = new ArrayList<>(List.of(label));
    for (String level : LEVELS) row.add(Cells.verdict(table, lv.get(level), column, level, "reason", missing(table, year)));
    return row;
  }

  // ---- 4 three increases ----

  /** Each amount of the three increases: its label, amount column, growth column, the verdict it counts for. */
  record Amount(String label, String amount, String growth, String verdict, Kind kind) {}

  static final List<Amount> AMOUNTS = List.of(
      new Amount("经常性财政收入（万元） | recurrent_revenue_10k_yuan", "recurrent_revenue_10k_yuan", "recurrent_revenue_growth",
          null, Kind.AMOUNT),
      new Amount("一般公共预算教育拨款（万元） | education_appropriation_10k_yuan", "education_appropriation_10k_yuan",
          "education_appropriation_growth", "appropriation_outpaces_revenue", Kind.AMOUNT),
      new Amount("小学生均一般公共预算教育事业费（元） | expenditure_per_student_primary_yuan",
          "expenditure_per_student_primary_yuan", "expenditure_per_student_primary_growth", "expenditure_per_student_increased",
          Kind.VALUE),
      new Amount("初中生均一般公共预算教育事业费（元） | expenditure_per_student_junior_yuan",
          "expenditure_per_student_junior_yuan", "expenditure_per_student_junior_growth", "expenditure_per_student_increased",
          Kind.VALUE),
      new Amount("小学生均公用经费（元） | public_funds_per_student_primary_yuan", "public_funds_per_student_primary_yuan",
          "public_funds_per_student_primary_growth", "public_funds_per_student_increased", Kind.VALUE),
      new Amount("初中生均公用经费（元） | public_funds_per_student_junior_yuan", "public_funds_per_student_junior_yuan",
          "public_funds_per_student_junior_growth", "public_funds_per_student_increased", Kind.VALUE),
      new Amount("教师平均工资（元） | avg_teacher_salary_yuan", "avg_teacher_salary_yuan", "teacher_salary_growth",
          "public_funds_per_student_increased", Kind.VALUE));

  private static Section threeIncreases(GoldReader gold, String county, int year) {
    String table = "gold.three_increases";
    String why = "no_row_in_" + table + "_for_fiscal_year_" + year;
    Row r = null;
    if (gold.has(table)) {
      // By how much a missed increase fell short: the appropriation lacked what would have made it
      // grow as fast as revenue; a per-student amount or salary, what it lost on the year.
      List<Column> cols = new ArrayList<>(List.of(col("*"), greatest(lit(0.0),
          col("prior_education_appropriation_10k_yuan").multiply(lit(1).plus(col("recurrent_revenue_growth")))
              .minus(col("education_appropriation_10k_yuan"))).as("education_appropriation_shortfall")));
      for (Amount a : AMOUNTS.subList(2, AMOUNTS.size())) {
        cols.add(greatest(lit(0.0), col("prior_" + a.amount()).minus(col(a.amount()))).as(a.amount() + "_shortfall"));
      }
      List<Row> rows = ofCounty(gold, table, county, "county_code")
          .where(col("fiscal_year").equalTo(year).and(col("region_level").equalTo("county")))
          .select(cols.toArray(new Column[0])).collectAsList();
      r = rows.isEmpty() ? null : rows.get(0);
    }
    List<List<Object>> rows = new ArrayList<>();
    List<String> categories = new ArrayList<>();
    List<Double> growths = new ArrayList<>();
    for (Amount a : AMOUNTS) {
      List<Object> row = new ArrayList<>();
      row.add(a.label());
      row.add(Cells.figure(table, r, "prior_" + a.amount(), null, a.kind(), "null_reason", why));
      row.add(Cells.figure(table, r, a.amount(), null, a.kind(), "null_reason", why));
      row.add(Cells.figure(table, r, a.growth(), null, Kind.PERCENT, "null_reason", why));
      row.add(a.verdict() == null ? "（比较基准 the benchmark）" : Cells.verdict(table, r, a.verdict(), null, "null_reason", why));
      if (a.verdict() == null) {
        row.add("");
      } else if (a.amount().equals("education_appropriation_10k_yuan")) {
        row.add(Cells.figure(table, r, "education_appropriation_shortfall", null, Kind.AMOUNT, "null_reason", why));
      } else {
        row.add(Cells.figure(table, r, a.amount() + "_shortfall", null, a.kind(), "null_reason", why));
      }
      rows.add(row);
      categories.add(a.label().substring(0, a.label().indexOf('（')));
      growths.add(Cells.number(r, a.growth()));
    }
    List<List<Object>> verdicts = List.of(
        List.of("拨款增长 − 收入增长 | appropriation_growth_margin", Cells.figure(table, r, "appropriation_growth_margin", null,
            Kind.POINTS, "null_reason", why)),
        List.of("增长一：拨款增长高于经常性收入增长 | appropriation_outpaces_revenue",
            Cells.verdict(table, r, "appropriation_outpaces_revenue", null, "null_reason", why)),
        List.of("增长二：生均教育事业费逐年增长 | expenditure_per_student_increased",
            Cells.verdict(table, r, "expenditure_per_student_increased", null, "null_reason", why)),
        List.of("增长三：生均公用经费与教师工资逐年增长 | public_funds_per_student_increased",
            Cells.verdict(table, r, "public_funds_per_student_increased", null, "null_reason", why)),
        List.of("三个增长 | all_increases_met", Cells.verdict(table, r, "all_increases_met", null, "null_reason", why)),
        List.of("教育支出占财政支出比例 | education_share_of_expenditure",
            Cells.figure(table, r, "education_share_of_expenditure", null, Kind.PERCENT, "null_reason", why)),
        List.of("上年比例 | prior_education_share_of_expenditure",
            Cells.figure(table, r, "prior_education_share_of_expenditure", null, Kind.PERCENT, "null_reason", why)),
        List.of("比例只增不减 | education_share_not_falling",
            Cells.verdict(table, r, "education_share_not_falling", null, "null_reason", why)),
        List.of("财政性教育经费占GDP比例 | fiscal_education_funds_share_of_gdp",
            Cells.figure(table, r, "fiscal_education_funds_share_of_gdp", null, Kind.PERCENT, "null_reason", why)),
        List.of("不低于4% | education_funds_gdp_floor_met", Cells.verdict(table, r, "education_funds_gdp_floor_met", null, "null_reason", why)),
        List.of("教师工资/公务员工资 | teacher_salary_vs_civil_servant",
            Cells.figure(table, r, "teacher_salary_vs_civil_servant", null, Kind.COEFFICIENT, "null_reason", why)),
        List.of("不低于公务员 | teacher_salary_not_below_civil_servant",
            Cells.verdict(table, r, "teacher_salary_not_below_civil_servant", null, "null_reason", why)));
    return new Section("three-increases", "四、三个增长与两个比例", "three increases, fiscal year " + year, List.of(
        new Table(null, List.of("项目 | item", (year - 1) + "年 | prior_<amount>", year + "年 | <amount>", "增长 | growth",
            "是否实现 | met", "差额 | shortfall"), rows),
        new Note("差额 shortfall: for the appropriation, what it lacked to grow as fast as recurrent revenue, "
            + "max(0, prior × (1 + revenue growth) − this year), 10k yuan; for a per-student amount or the salary, what it "
            + "fell on the year, max(0, prior − this year). Increases 2 and 3 need growth > 0 at every level supplied."),
        new Table("结论 | verdicts", List.of("项目 | item", "值 | value"), verdicts),
        new Chart("chart-three-growth", "增长率 growth, fiscal year " + year, "bar", categories,
            List.of(new Series("增长 growth", growths)), 0.0, "零增长 zero")));
  }

  // ---- 5 teacher exchange ----

  private static Section teacherExchange(GoldReader gold, String county, int year) {
    String table = "gold.teacher_flow";
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
    rows.add(List.of("是否达标 | meets_standard", Cells.verdict(table, r, "meets_standard", null, "null_reason", why)));
    List<String> labels = new ArrayList<>();
    for (Row y : years) labels.add(String.valueOf((Integer) y.getAs("school_year")));
    return new Section("teacher-exchange", "五、教师交流轮岗", "teacher exchange, school year " + year, List.of(
        new Table(null, List.of("项目 | item", "值 | value"), rows),
        new Chart("chart-exchange", "交流比例逐年 exchange_rate by school year", "line", labels,
            List.of(new Series("交流比例 exchange rate", Cells.series(years, "exchange_rate")),
                new Series("骨干占比 backbone share", Cells.series(years, "backbone_share"))),
            Cells.number(r, "min_exchange_rate"), "交流比例标准 minimum")));
  }

  // ---- 6 urban–rural gap ----

  private static Section urbanRural(GoldReader gold, String county, int year) {
    String table = "gold.urban_rural_gap";
    Map<String, Row> rowsByKey = new LinkedHashMap<>();
    if (gold.has(table)) {
      for (Row r : ofCounty(gold, table, county, "region_code")
          .where(col("region_level").equalTo("county").and(col("school_year").equalTo(year))).collectAsList()) {
        rowsByKey.put(r.getAs("level") + ":" + r.getAs("indicator"), r);
      }
    }
    String why = missing(table, year);
    List<List<Object>> rows = new ArrayList<>();
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    List<String> categories = new ArrayList<>();
    for (String level : LEVELS) ratios.put(level, new ArrayList<>());
    for (Indicator i : Indicator.ALL) {
      categories.add(chinese(i));
      for (String level : LEVELS) {
        Row r = rowsByKey.get(level + ":" + i.name());
        String key = level + ":" + i.name();
        rows.add(List.of(chinese(i) + " | " + i.name(), LEVEL_ZH.get(level) + " " + level,
            Cells.figure(table, r, "urban_value", key, Kind.VALUE, "null_reason", why),
            Cells.figure(table, r, "town_value", key, Kind.VALUE, "null_reason", why),
            Cells.figure(table, r, "rural_value", key, Kind.VALUE, "null_reason", why),
            Cells.figure(table, r, "rural_to_urban_ratio", key, Kind.COEFFICIENT, "null_reason", why),
            Cells.figure(table, r, "theil_between_share", key, Kind.PERCENT, "null_reason", why)));
        ratios.get(level).add(Cells.number(r, "rural_to_urban_ratio"));
      }
    }
    List<Series> series = new ArrayList<>();
    for (String level : LEVELS) series.add(new Series(LEVEL_ZH.get(level) + " " + level, ratios.get(level)));
    return new Section("urban-rural", "六、城乡差距", "urban–rural gap, school year " + year, List.of(
        new Table(null, List.of("指标 | indicator", "学段 | level", "城区 | urban_value", "镇区 | town_value", "乡村 | rural_value",
            "乡村/城区 | rural_to_urban_ratio", "组间差距占比 | theil_between_share"), rows),
        new Chart("chart-rural-urban", "乡村与城区之比 rural_to_urban_ratio", "bar", categories, series, 1.0, "城乡持平 parity")));
  }

  // ---- 7 trends ----

  static final List<String[]> TREND_CHARTS = List.of(
      new String[] {"chart-trend-cv", "综合差异系数逐年 composite CV", "composite_cv_primary", "composite_cv_junior"},
      new String[] {"chart-trend-students", "在校生逐年 students", "students_primary", "students_junior"},
      new String[] {"chart-trend-funding", "教育拨款与经常性收入（万元） funding", "education_appropriation_10k_yuan",
          "recurrent_revenue_10k_yuan"},
      new String[] {"chart-trend-per-student", "生均教育事业费（元） expenditure per student",
          "expenditure_per_student_primary_yuan", "expenditure_per_student_junior_yuan"},
      new String[] {"chart-trend-exchange", "交流比例 exchange rate", "exchange_rate"});

  private static Section trends(GoldReader gold, String county, int year) {
    List<Block> blocks = new ArrayList<>();
    String table = "gold.trends";
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
    for (Row r : latest) {
      String metric = r.getAs("metric");
      rows.add(List.of(metric, String.valueOf((Integer) r.getAs("period")),
          Cells.figure(table, r, "value", metric, Kind.VALUE, "null_reason", null),
          Cells.figure(table, r, "yoy_growth", metric, Kind.PERCENT, "null_reason", null),
          Cells.figure(table, r, "cagr_3y", metric, Kind.PERCENT, "null_reason", null),
          Cells.figure(table, r, "slope_5y", metric, Kind.VALUE, "null_reason", null),
          r.isNullAt(r.fieldIndex("gap_widened")) ? "" : (Boolean) r.getAs("gap_widened") ? "扩大 widened" : "缩小 narrowed"));
    }
    Set<String> charted = new java.util.TreeSet<>();
    for (String[] c : TREND_CHARTS) for (int i = 2; i < c.length; i++) charted.add(c[i]);
    List<Row> wide = series.where(col("metric").isin(charted.toArray())).groupBy("period")
        .pivot("metric", new ArrayList<>(charted)).agg(max("value")).orderBy("period").collectAsList();
    List<String> periods = new ArrayList<>();
    for (Row w : wide) periods.add(String.valueOf((Integer) w.getAs("period")));
    for (String[] c : TREND_CHARTS) {
      List<Series> s = new ArrayList<>();
      for (int i = 2; i < c.length; i++) s.add(new Series(c[i], Cells.series(wide, c[i])));
      blocks.add(new Chart(c[0], c[1], "line", periods, s, null, null));
    }
    blocks.add(new Table("各项指标最新值与趋势 | latest value and trend of every series (gold.trends)",
        List.of("指标 | metric", "年份 | period", "值 | value", "同比 | yoy_growth", "三年复合 | cagr_3y",
            "五年斜率 | slope_5y", "差距 | gap_widened"), rows));
    return new Section("trends", "七、发展趋势", "trends over the years present", blocks);
  }
}
