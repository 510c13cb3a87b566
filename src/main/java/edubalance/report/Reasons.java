package edubalance.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gold tables' null reasons (null_reason, reason: {@code "column:code; ..."} or a bare code) said
 * in words for a reader (空白原因): a report shows a blank cell as "—" and says once, under the
 * section, why its cells are blank; the codes stay in the page's {@code data-null-reason} for a
 * statistician.
 */
final class Reasons {
  private Reasons() {}

  /** A code's sentence, Chinese then English; the code itself is the key (the part after the last ':'). */
  static final Map<String, String> WORDS = Map.ofEntries(
      Map.entry("no_units", "没有此类学校 there are no schools of this kind"),
      Map.entry("no_rural_units", "没有乡村学校，无法计算乡村与城区之比 no rural schools, so no rural-to-urban ratio"),
      Map.entry("no_urban_units", "没有城区学校，无法计算乡村与城区之比 no urban schools, so no rural-to-urban ratio"),
      Map.entry("urban_value_zero", "城区值为零，无法计算比值 the urban value is zero, so no ratio"),
      Map.entry("missing_value", "有学校缺少该项数据 a school's value is missing"),
      Map.entry("zero_mean", "均值为零，差异系数无意义 the mean is zero, so a CV is undefined"),
      Map.entry("zero_median", "中位数为零 the median is zero"),
      Map.entry("mean_zero", "均值为零，泰尔指数无意义 the mean is zero, so no Theil index"),
      Map.entry("theil_zero", "学校间没有差异，组间占比无意义 no disparity at all, so no between-group share"),
      Map.entry("no_prior_year", "缺上一年数据，无法计算增长 the prior year is missing, so no growth"),
      Map.entry("county_set_changed", "县的范围与上年不同，不可比 the set of counties changed, not comparable"),
      Map.entry("not_supplied", "未报送 not supplied"),
      Map.entry("not_supplied_by_every_county", "并非每县都报送 not supplied by every county"),
      Map.entry("no_level_supplied", "各学段均未报送 no level supplied"),
      Map.entry("not_additive", "不可加总，只在县级计算 not additive: county level only"),
      Map.entry("prior_share_unknown", "上年比例未知 last year's share is unknown"),
      Map.entry("no_eligible_teachers", "没有符合交流条件的教师 no teacher eligible for exchange"),
      Map.entry("no_exchanged_teachers", "没有交流教师 no teacher exchanged"),
      Map.entry("flows_with_no_known_school_or_teacher", "交流记录的学校或教师未知 flows naming no known school or teacher"),
      Map.entry("not_judged", "无法判断 cannot be judged"),
      Map.entry("bounds", "职称、学历、骨干的可调人数不足，无可行方案 no plan within the teachers who can be promoted, upgraded or designated"),
      Map.entry("not_converged", "求解未收敛 the solver stopped before a plan"),
      Map.entry("not_in_gold_table", "表中无此值 not in the gold table"));

  /** The words of one entry ({@code column:code} or {@code code}); an unknown code is shown as it is. */
  static String words(String entry) {
    String e = entry.strip();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("no_row_in_(gold\\.\\w+?)_for_(?:fiscal_year_)?(\\d{4})").matcher(e);
    if (m.matches()) return m.group(1) + " 没有 " + m.group(2) + " 年的数据 has no row for " + m.group(2);
    int colon = e.lastIndexOf(':');
    String code = colon < 0 ? e : e.substring(colon + 1).strip();
    String subject = colon < 0 ? null : e.substring(0, colon).strip();
    String words = WORDS.getOrDefault(code, code);
    if (subject == null) return words;
    return subjectLabel(subject) + "：" + words;
  }

  /** "town" → "镇区 town", "cv_books" → its label, else the column name as it is. */
  private static String subjectLabel(String subject) {
    if (Labels.has(subject)) {
      Labels.Label l = Labels.of(subject);
      return l.zh() + " " + l.en();
    }
    return subject;
  }

  /** Every distinct reason entry of these reason texts, in words, in order of first appearance. */
  static List<String> sentences(List<String> reasons) {
    Set<String> out = new LinkedHashSet<>();
    for (String r : reasons) {
      if (r == null || r.isBlank()) continue;
      for (String part : r.split(";\\s*")) if (!part.isBlank()) out.add(words(part));
    }
    return new ArrayList<>(out);
  }
}
