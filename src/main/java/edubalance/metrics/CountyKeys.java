package edubalance.metrics;

import static org.apache.spark.sql.functions.col;

import edubalance.codes.Regions;
import edubalance.lakehouse.Described;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/** The leading columns of the county balance tables (one row per school year, county and level), described once. */
final class CountyKeys {
  private CountyKeys() {}

  /** school_year, county_code, level and the county's province_code, with their comments; a list to add to. */
  static List<Column> described() {
    return new ArrayList<>(List.of(
        Described.as(col("school_year"), "school_year", "school year by its starting calendar year"),
        Described.as(col("county_code"), "county_code", "6-digit county code"),
        Described.as(col("level"), "level", "primary or junior"),
        Described.as(Regions.provinceCode(col("county_code")), "province_code",
            "6-digit province code of the county")));
  }
}
