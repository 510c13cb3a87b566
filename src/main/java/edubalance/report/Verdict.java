package edubalance.report;

/**
 * A met / not met verdict of a gold table (a boolean column), or why there is none.
 *
 * @param name the gold column, e.g. {@code meets_standard:primary}
 * @param met the verdict, null when it cannot be judged
 * @param reason why it is null
 */
public record Verdict(String name, Boolean met, String reason) {
  public static Verdict of(String name, Object met, String reason) {
    Boolean m = (Boolean) met;
    return new Verdict(name, m, m == null ? (reason == null || reason.isBlank() ? "not_judged" : reason) : null);
  }

  public String text() {
    return met == null ? "无法判断 not judged" : met ? "达标 met" : "未达标 not met";
  }
}
