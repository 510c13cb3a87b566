package edubalance.codes;

import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * School years (学年) named by the calendar year they start in: 2024 is Sept 1 2024 to Aug 31 2025
 * (docs/METHODS.md §9). The one place that maps a calendar date or month to its school year;
 * silver tables carry the result as {@code school_year}, which the metrics read.
 */
public final class SchoolYears {
  /** The month a school year starts in. */
  public static final int FIRST_MONTH = 9;

  private SchoolYears() {}

  /** The school year that holds a calendar year and month. */
  public static Column of(Column calendarYear, Column calendarMonth) {
    return when(calendarMonth.geq(FIRST_MONTH), calendarYear).otherwise(calendarYear.minus(1));
  }
}
