package edubalance.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import edubalance.conf.ProvinceColumns;
import edubalance.conf.Settings;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Columns silver adds to the delivered ones (docs/SILVER.md): the groups and parents a code
 * implies, defaults the contract states, and the school year a dated row belongs to.
 */
final class SilverColumns {
  private SilverColumns() {}

  /** The school year (starting Sept 1) that holds a calendar year and month. */
  static Column schoolYearOf(Column calendarYear, Column calendarMonth) {
    return when(calendarMonth.geq(9), calendarYear).otherwise(calendarYear.minus(1));
  }

  /** The derived columns of a dataset, appended after its delivered ones. */
  static Dataset<Row> derive(Dataset<Row> typed, DatasetSpec spec, Settings settings) {
    switch (spec.name()) {
      case "divisions":
        return typed.withColumn("division_level",
            when(col("code").endsWith("0000"), lit("province"))
                .when(col("code").endsWith("00"), lit("city")).otherwise(lit("county")));
      case "schools":
        return typed
            .withColumn("urban_rural", functions.try_element_at(RowRules.lookup(Enumerations.URBAN_RURAL_CODE), col("urban_rural_code")))
            .withColumn("city_code", concat(substring(col("county_code"), 1, 4), lit("00")))
            .withColumn("province_code", concat(substring(col("county_code"), 1, 2), lit("0000")));
      case "enrollment":
        return typed.withColumn("level", coalesce(col("level"), levelOfGrade(col("grade"), col("_county_code"), settings)));
      case "teacher_flows":
        return typed
            .withColumn("school_year", schoolYearOf(year(col("effective_date")), month(col("effective_date"))))
            .withColumn("year", year(col("effective_date")))
            .withColumn("month", month(col("effective_date")));
      case "student_changes":
        return typed.withColumn("school_year", schoolYearOf(col("year"), col("month")));
      default:
        return typed;
    }
  }

  /** Names of the derived columns, in order. */
  static List<String> derivedColumns(DatasetSpec spec) {
    return switch (spec.name()) {
      case "divisions" -> List.of("division_level");
      case "schools" -> List.of("urban_rural", "city_code", "province_code");
      case "teacher_flows" -> List.of("school_year", "year", "month");
      case "student_changes" -> List.of("school_year");
      default -> List.of();
    };
  }

  /**
   * The level of a grade: 10–12 senior; 1–6 primary and 7–9 junior under the 6-3 system, 1–5 and
   * 6–9 under 5-4, per the province's {@code grades.system} in conf.
   */
  static Column levelOfGrade(Column grade, Column countyCode, Settings settings) {
    Column system = ProvinceColumns.stringValue(settings, "grades.system", ProvinceColumns.province2(countyCode));
    Column lastPrimary = when(system.equalTo("5-4"), lit(5)).otherwise(lit(6));
    return when(grade.geq(10), lit("senior")).when(grade.leq(lastPrimary), lit("primary")).otherwise(lit("junior"));
  }
}
