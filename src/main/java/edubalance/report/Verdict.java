package edubalance.report;

/**
 * A met / not met verdict of a gold table (a boolean column), or why there is none.
 *
 * @param name the gold column, e.g. {@code meets_standard:primary}
 * @param met the verdict, null when it cannot be judged
 * @param reason why it is null
 * @param rule the rule and the figure that decided it, in words (e.g. "综合差异系数 0.6832 > 标准 0.6000"):
 *     shown beside a "not met" so the reader sees which rule was missed and by what
 */
public record Verdict(String name, Boolean met, String reason, String rule) {
  public static Verdict of(String name, Object met, String reason) {
    Boolean m = (Boolean) met;
    return new Verdict(name, m, m == null ? (reason == null || reason.isBlank() ? "not_judged" : reason) : null, null);
  }

  /** The same verdict, with the rule and figure that decided it. */
  public Verdict because(String rule) {
    return new Verdict(name, met, reason, rule);
  }

  public String text() {
    return met == null ? "无法判断 not judged" : met ? "达标 met" : "未达标 not met";
  }
}
