package edubalance.codes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Division codes (GB/T 2260, 行政区划代码): a county's 6-digit code names its prefecture city
 * (first 4 digits + {@code 00}) and its province (first 2 + {@code 0000}). The one place that
 * derives one from the other, and that rolls county figures up to cities and provinces
 * (docs/METHODS.md §8).
 */
public final class Regions {
  /** The levels a county figure rolls up to, in this order. */
  public static final List<String> ABOVE_COUNTY = List.of("city", "province");

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

  /** The code of a county's region at {@code level}: county, city or province. */
  public static Column code(String level, Column countyCode) {
    switch (level) {
      case "city": return cityCode(countyCode);
      case "province": return provinceCode(countyCode);
      case "county": return countyCode;
      default: throw new IllegalArgumentException("no region level " + level);
    }
  }

  /**
   * County rows ({@code county_code}) rolled up to each level of {@link #ABOVE_COUNTY}: grouped by
   * the region's code (named {@code codeAs}) and {@code keys}, aggregated with {@code aggs}, the
   * level in a column {@code levelAs}; the city rows, then the province rows.
   */
  public static Dataset<Row> rollUp(Dataset<Row> counties, String codeAs, String levelAs, List<Column> keys,
      List<Column> aggs) {
    Dataset<Row> out = null;
    for (String level : ABOVE_COUNTY) {
      List<Column> by = new ArrayList<>();
      by.add(code(level, col("county_code")).as(codeAs));
      by.addAll(keys);
      Dataset<Row> rows = counties.groupBy(by.toArray(new Column[0]))
          .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
          .withColumn(levelAs, lit(level));
      out = out == null ? rows : out.unionByName(rows);
    }
    return out;
  }
}
