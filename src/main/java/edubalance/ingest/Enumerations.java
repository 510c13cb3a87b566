package edubalance.ingest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The contract's enumerations: each accepted spelling (English code or Chinese label, matched
 * case-insensitively after trimming) mapped to the English code stored in silver.
 */
public final class Enumerations {
  private Enumerations() {}

  public static final Map<String, String> SCHOOL_TYPE = of(
      "primary", "小学", "junior", "初中", "nine_year", "九年一贯制学校",
      "complete_secondary", "完全中学", "twelve_year", "十二年一贯制学校",
      "teaching_point", "教学点", "special", "特殊教育学校", "senior", "高中");

  /** NBS urban–rural classification code (统计用城乡划分代码) → urban / town / rural. */
  public static final Map<String, String> URBAN_RURAL_CODE = Map.of(
      "111", "urban", "112", "urban", "121", "town", "122", "town", "123", "town",
      "210", "rural", "220", "rural");

  /** The codes themselves, for validation: silver keeps the code and derives the group. */
  public static final Map<String, String> URBAN_RURAL_CODES = Map.of(
      "111", "111", "112", "112", "121", "121", "122", "122", "123", "123", "210", "210", "220", "220");

  public static final Map<String, String> OWNERSHIP = of("public", "公办", "private", "民办");

  public static final Map<String, String> LEVEL = of("primary", "小学", "junior", "初中", "senior", "高中");

  public static final Map<String, String> DEGREE = of(
      "postgraduate", "研究生", "bachelor", "本科", "associate", "专科",
      "secondary", "中专", "high_school_or_below", "高中及以下");

  public static final Map<String, String> TITLE = of(
      "senior_professor", "正高级", "senior", "高级", "first", "一级",
      "second", "二级", "third", "三级", "none", "未定级");

  public static final Map<String, String> SUBJECT = of(
      "chinese", "语文", "math", "数学", "english", "英语", "pe", "体育", "music", "音乐",
      "art", "美术", "it", "信息技术", "science", "科学", "other", "其他");

  public static final Map<String, String> FLOW_TYPE = of(
      "rotation", "交流轮岗", "support", "支教", "transfer", "调动", "hire", "招聘",
      "retire", "退休", "leave", "离职");

  public static final Map<String, String> CHANGE_TYPE = of(
      "transfer_in", "转入", "transfer_out", "转出", "dropout", "辍学", "suspend", "休学", "resume", "复学");

  /** true/false, 1/0, 是/否. */
  public static final Map<String, String> BOOLEAN = Map.of(
      "true", "true", "1", "true", "是", "true", "false", "false", "0", "false", "否", "false");

  /**
   * Pairs (code, label) → a lookup accepting both, both keyed in lower case: the ingest lower-cases
   * the text it looks up, so a label with a Latin letter (A级) must be keyed as a级 to match.
   */
  static Map<String, String> of(String... codeLabelPairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < codeLabelPairs.length; i += 2) {
      m.put(codeLabelPairs[i].toLowerCase(Locale.ROOT), codeLabelPairs[i]);
      m.put(codeLabelPairs[i + 1].toLowerCase(Locale.ROOT), codeLabelPairs[i]);
    }
    return m;
  }
}
