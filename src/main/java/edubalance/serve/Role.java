package edubalance.serve;

/**
 * What a user of {@code jobs/serve} may read (README, "Serving an office"): {@code province} every
 * layer; {@code statistician} gold and silver, the silver tables of persons only aggregated and
 * never by the person's id; {@code county:<6-digit code>} the gold rows of that county and the
 * province-level aggregates, nothing else. {@code county} is null except for a county role.
 */
public record Role(Kind kind, String county) {
  public enum Kind { PROVINCE, STATISTICIAN, COUNTY }

  /** Everything, as a server without users serves its one local user. */
  public static final Role PROVINCE = new Role(Kind.PROVINCE, null);

  /** {@code province}, {@code statistician} or {@code county:140105}; anything else is refused with one line. */
  public static Role parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.equals("province")) return PROVINCE;
    if (t.equals("statistician")) return new Role(Kind.STATISTICIAN, null);
    if (t.matches("county:\\d{6}")) return new Role(Kind.COUNTY, t.substring("county:".length()));
    throw new IllegalArgumentException("role must be province, statistician or county:<6-digit county code>, not '" + t + "'");
  }

  @Override
  public String toString() {
    return kind == Kind.COUNTY ? "county:" + county : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
