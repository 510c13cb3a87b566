package edubalance.codes;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;

import org.apache.spark.sql.Column;

/**
 * Division codes (GB/T 2260, 行政区划代码): a county's 6-digit code names its prefecture city
 * (first 4 digits + {@code 00}) and its province (first 2 + {@code 0000}). The one place that
 * derives one from the other.
 */
public final class Regions {
  private Regions() {}

  /** The 2-digit province prefix of a 6-digit county code, the key of provincial conf overrides. */
  public static Column province2(Column countyCode) {
    return substring(countyCode, 1, 2);
  }

  /** The province's 6-digit code ({@code 140522} → {@code 140000}). */
  public static Column provinceCode(Column countyCode) {
    return concat(province2(countyCode), lit("0000"));
  }

  /** The prefecture city's 6-digit code ({@code 140522} → {@code 140500}). */
  public static Column cityCode(Column countyCode) {
    return concat(substring(countyCode, 1, 4), lit("00"));
  }
}
