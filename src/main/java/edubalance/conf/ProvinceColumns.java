package edubalance.conf;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * A conf value as a column that depends on the row's province: {@link Settings#forProvince} for
 * every province that overrides the key, the national value otherwise. Lets one whole-table
 * expression judge the counties of several provinces, each against its own standard.
 */
public final class ProvinceColumns {
  /** The compulsory levels a unit can have (docs/METHODS.md §1). */
  public static final List<String> LEVELS = List.of("primary", "junior");

  private ProvinceColumns() {}

  /** {@code key} as a DOUBLE column per province; null where neither the province nor the nation sets it. */
  public static Column doubleValue(Settings settings, String key, Column province2) {
    String national = settings.get(key, null);
    Column c = national == null ? lit(null).cast(DataTypes.DoubleType) : lit(Double.parseDouble(national));
    for (String p : settings.provincesWithOverrides()) {
      String own = national != null ? settings.forProvince(p, key) : settings.all().get("province." + p + "." + key);
      if (own != null && !own.equals(national)) {
        c = when(province2.equalTo(p), lit(Double.parseDouble(own))).otherwise(c);
      }
    }
    return c;
  }

  /** {@code key} as a STRING column per province. */
  public static Column stringValue(Settings settings, String key, Column province2) {
    Column c = lit(settings.get(key));
    for (String p : settings.provincesWithOverrides()) {
      String own = settings.forProvince(p, key);
      if (!own.equals(settings.get(key))) c = when(province2.equalTo(p), lit(own)).otherwise(c);
    }
    return c;
  }

  /** {@code key} as a BOOLEAN column per province ({@code true}/{@code false}). */
  public static Column booleanValue(Settings settings, String key, Column province2) {
    Column c = lit(Boolean.parseBoolean(settings.get(key)));
    for (String p : settings.provincesWithOverrides()) {
      String own = settings.forProvince(p, key);
      if (!own.equals(settings.get(key))) c = when(province2.equalTo(p), lit(Boolean.parseBoolean(own))).otherwise(c);
    }
    return c;
  }

  /** {@code <prefix>.<level>} per province and the row's level (primary/junior); null for other levels. */
  public static Column byLevel(Settings settings, String prefix, Column province2, Column level) {
    Column c = lit(null).cast(DataTypes.DoubleType);
    for (String l : LEVELS) {
      c = when(level.equalTo(l), doubleValue(settings, prefix + "." + l, province2)).otherwise(c);
    }
    return c;
  }
}
