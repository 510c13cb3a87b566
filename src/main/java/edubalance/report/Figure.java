package edubalance.report;

import java.util.Locale;

/**
 * One number of a report as read from a gold table: its name (the gold column, used as the page's
 * {@code data-figure} so a test can read it back), its value, or the reason it is null. A null is
 * shown with its reason, never as 0.
 *
 * @param name the gold column (with its level or year when one table gives several, e.g. {@code cv_books:primary})
 * @param value the value, null when the table has none
 * @param reason why it is null (the table's reason column), null when it has a value
 * @param kind how the value is written
 */
public record Figure(String name, Double value, String reason, Kind kind) {

  /** How a value is written. */
  public enum Kind {
    /** a fraction written as a percentage with two decimals: 0.0513 → 5.13% */
    PERCENT,
    /** a coefficient or ratio, four decimals: 0.3477 */
    COEFFICIENT,
    /** an amount with one decimal and thousands separators: 21,000.0 */
    AMOUNT,
    /** a whole count: 1,234 */
    COUNT,
    /** a per-student value, two decimals */
    VALUE,
    /** percentage points, two decimals with a sign: −2.00 pp */
    POINTS
  }

  public static Figure of(String name, Object value, String reason, Kind kind) {
    Double v = value == null ? null : ((Number) value).doubleValue();
    if (v != null && v.isNaN()) v = null;
    return new Figure(name, v, v == null ? (reason == null || reason.isBlank() ? "not_in_gold_table" : reason) : null,
        kind);
  }

  /** The value as the page shows it; "—" when it is null (the section says why). */
  public String text() {
    if (value == null) return "—";
    return format(value, kind);
  }

  /** A value written as its kind says, a rounded zero never signed ("-0.00" is "0.00"). */
  public static String format(double value, Kind kind) {
    String s = switch (kind) {
      case PERCENT -> String.format(Locale.ROOT, "%.2f%%", value * 100);
      case COEFFICIENT -> String.format(Locale.ROOT, "%.4f", value);
      case AMOUNT -> String.format(Locale.ROOT, "%,.1f", value);
      case COUNT -> String.format(Locale.ROOT, "%,d", Math.round(value));
      case VALUE -> String.format(Locale.ROOT, "%,.2f", value);
      case POINTS -> String.format(Locale.ROOT, "%+.2f pp", value * 100);
    };
    // Only digits 0 after the sign: the value rounds to zero, which has no sign.
    return s.matches("[-+][0.,]+( pp|%)?") ? s.substring(1) : s;
  }
}
