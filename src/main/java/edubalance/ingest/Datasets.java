package edubalance.ingest;

import static edubalance.ingest.ColumnSpec.amount;
import static edubalance.ingest.ColumnSpec.bool;
import static edubalance.ingest.ColumnSpec.code;
import static edubalance.ingest.ColumnSpec.count;
import static edubalance.ingest.ColumnSpec.date;
import static edubalance.ingest.ColumnSpec.integer;
import static edubalance.ingest.ColumnSpec.oneOf;
import static edubalance.ingest.ColumnSpec.text;

import java.util.List;
import java.util.Map;

/**
 * The nine datasets of a delivery (docs/CONTRACT.md §2), declared as data: columns, key, year
 * partition and whether rows must name a school known for their school year.
 */
public final class Datasets {
  private Datasets() {}

  static final String COUNTY = "^[0-9]{6}$";
  static final String SCHOOL = "^[0-9]{10}$";
  static final String ANY = "^.+$";
  private static final int Y0 = 1990;
  private static final int Y1 = 2100;

  public static final DatasetSpec DIVISIONS = new DatasetSpec("divisions",
      List.of(code("code", true, COUNTY), text("name", true)),
      List.of("code"), null, OrphanCheck.NONE);

  public static final DatasetSpec SCHOOLS = new DatasetSpec("schools",
      List.of(integer("school_year", true, Y0, Y1), code("school_id", true, SCHOOL),
          text("school_name", false), code("county_code", true, COUNTY),
          oneOf("school_type", true, Enumerations.SCHOOL_TYPE),
          oneOf("urban_rural_code", true, Enumerations.URBAN_RURAL_CODES),
          oneOf("ownership", false, Enumerations.OWNERSHIP).withDefault("public"),
          code("parent_school_id", false, SCHOOL)),
      List.of("school_year", "school_id"), "school_year", OrphanCheck.NONE);

  public static final DatasetSpec ENROLLMENT = new DatasetSpec("enrollment",
      List.of(integer("school_year", true, Y0, Y1), code("school_id", true, SCHOOL),
          integer("grade", true, 1, 12), count("students", true), count("classes", true),
          count("classes_56_65", false), count("classes_66_plus", false),
          count("migrant_students", false), count("left_behind_students", false),
          oneOf("level", false, Enumerations.LEVEL)),
      List.of("school_year", "school_id", "grade"), "school_year", OrphanCheck.SCHOOL_YEAR);

  public static final DatasetSpec RESOURCES = new DatasetSpec("resources",
      List.of(integer("school_year", true, Y0, Y1), code("school_id", true, SCHOOL),
          amount("teaching_aux_area_m2", true), amount("sports_area_m2", true),
          amount("equipment_value_yuan", true), count("computers", true), count("books", true),
          count("multimedia_classrooms", false), count("music_rooms", false), count("art_rooms", false)),
      List.of("school_year", "school_id"), "school_year", OrphanCheck.SCHOOL_YEAR);

  public static final DatasetSpec TEACHERS = new DatasetSpec("teachers",
      List.of(integer("school_year", true, Y0, Y1), code("teacher_id", true, ANY),
          code("school_id", true, SCHOOL), oneOf("level", true, Enumerations.LEVEL),
          oneOf("degree", true, Enumerations.DEGREE), oneOf("title", true, Enumerations.TITLE),
          bool("backbone", true), oneOf("subject", false, Enumerations.SUBJECT),
          count("years_at_school", true), bool("full_time", false).withDefault("true")),
      List.of("school_year", "teacher_id"), "school_year", OrphanCheck.SCHOOL_YEAR);

  public static final DatasetSpec TEACHER_FLOWS = new DatasetSpec("teacher_flows",
      List.of(code("teacher_id", true, ANY), date("effective_date", true),
          oneOf("flow_type", true, Enumerations.FLOW_TYPE),
          code("from_school_id", false, SCHOOL), code("to_school_id", false, SCHOOL),
          bool("backbone", false)),
      List.of("teacher_id", "effective_date", "flow_type"), "school_year", OrphanCheck.NONE);

  public static final DatasetSpec FUNDING = new DatasetSpec("funding",
      List.of(integer("fiscal_year", true, Y0, Y1), code("county_code", true, COUNTY),
          amount("recurrent_revenue_10k_yuan", true), amount("education_appropriation_10k_yuan", true),
          amount("general_expenditure_10k_yuan", false),
          amount("expenditure_per_student_primary_yuan", false),
          amount("expenditure_per_student_junior_yuan", false),
          amount("public_funds_per_student_primary_yuan", false),
          amount("public_funds_per_student_junior_yuan", false),
          amount("avg_teacher_salary_yuan", false), amount("avg_civil_servant_salary_yuan", false),
          amount("gdp_10k_yuan", false), amount("fiscal_education_funds_10k_yuan", false)),
      List.of("fiscal_year", "county_code"), "fiscal_year", OrphanCheck.NONE);

  public static final DatasetSpec FUNDING_MONTHLY = new DatasetSpec("funding_monthly",
      List.of(integer("year", true, Y0, Y1), integer("month", true, 1, 12), code("county_code", true, COUNTY),
          amount("recurrent_revenue_10k_yuan", true), amount("education_appropriation_10k_yuan", true)),
      List.of("year", "month", "county_code"), "year", OrphanCheck.NONE);

  public static final DatasetSpec STUDENT_CHANGES = new DatasetSpec("student_changes",
      List.of(integer("year", true, Y0, Y1), integer("month", true, 1, 12), code("school_id", true, SCHOOL),
          integer("grade", true, 1, 12), oneOf("change_type", true, Enumerations.CHANGE_TYPE),
          count("students", true)),
      List.of("year", "month", "school_id", "grade", "change_type"), "year", OrphanCheck.MONTH);

  /** In ingest order: schools first, since other school-level rows are checked against it. */
  public static final List<DatasetSpec> ALL = List.of(DIVISIONS, SCHOOLS, ENROLLMENT, RESOURCES,
      TEACHERS, TEACHER_FLOWS, FUNDING, FUNDING_MONTHLY, STUDENT_CHANGES);

  public static DatasetSpec byName(String name) {
    for (DatasetSpec d : ALL) if (d.name().equals(name)) return d;
    throw new IllegalArgumentException("unknown dataset " + name);
  }

  /** How a row proves its school exists. */
  public enum OrphanCheck {
    NONE,
    /** school_id must be in silver.schools for the row's school_year. */
    SCHOOL_YEAR,
    /** school_id must be in silver.schools for the school year holding (year, month). */
    MONTH
  }

}
