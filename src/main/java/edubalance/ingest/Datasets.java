package edubalance.ingest;

import static edubalance.ingest.ColumnSpec.amount;
import static edubalance.ingest.ColumnSpec.bool;
import static edubalance.ingest.ColumnSpec.code;
import static edubalance.ingest.ColumnSpec.count;
import static edubalance.ingest.ColumnSpec.date;
import static edubalance.ingest.ColumnSpec.integer;
import static edubalance.ingest.ColumnSpec.oneOf;
import static edubalance.ingest.ColumnSpec.text;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.year;

import edubalance.codes.Regions;
import edubalance.codes.SchoolYears;
import java.util.List;
import java.util.Map;

/**
 * The nine datasets of a delivery (docs/DELIVERY.md), each with its whole contract: columns and
 * what they hold, key, year partition, derived columns, checks across columns and the school
 * register its rows must name. Adding a dataset is a constant here, in {@link #ALL}.
 */
public final class Datasets {
  private Datasets() {}

  static final String COUNTY = "^[0-9]{6}$";
  static final String SCHOOL = "^[0-9]{10}$";
  static final String ANY = "^.+$";
  private static final int Y0 = 1990;
  private static final int Y1 = 2100;

  private static final String SCHOOL_YEAR = "school year, named by the calendar year it starts in (2024 = Sept 1 2024 – Aug 31 2025)";
  private static final String SCHOOL_ID = "10-digit national school identifier (学校标识码)";
  private static final String COUNTY_CODE = "6-digit GB/T 2260 code of the county-level division";
  private static final String CALENDAR_YEAR = "calendar year";
  private static final String CALENDAR_MONTH = "calendar month, 1–12";
  private static final String GRADE = "grade, 1–12 (1–9 compulsory education, 10–12 senior secondary)";

  public static final DatasetSpec DIVISIONS = DatasetSpec.of("divisions", List.of("code"), null,
      code("code", true, COUNTY).describedAs("6-digit GB/T 2260 division code (行政区划代码) of the province, a city or a county"),
      text("name", true).describedAs("the division's name"))
      .deriving("division_level", "province (code ends in 0000), city (ends in 00) or county",
          r -> SilverColumns.divisionLevel(r.get("code")));

  public static final DatasetSpec SCHOOLS = DatasetSpec.of("schools", List.of("school_year", "school_id"), "school_year",
      integer("school_year", true, Y0, Y1).describedAs("the " + SCHOOL_YEAR + " this register describes"),
      code("school_id", true, SCHOOL).describedAs(SCHOOL_ID),
      text("school_name", false).describedAs("the school's name"),
      code("county_code", true, COUNTY).describedAs(COUNTY_CODE + " the school belongs to"),
      oneOf("school_type", true, Enumerations.SCHOOL_TYPE).describedAs("primary, junior, nine_year, "
          + "complete_secondary, twelve_year, teaching_point, special or senior"),
      oneOf("urban_rural_code", true, Enumerations.URBAN_RURAL_CODES).describedAs("NBS urban–rural "
          + "classification code (统计用城乡划分代码): 111, 112 urban; 121, 122, 123 town; 210, 220 rural"),
      oneOf("ownership", false, Enumerations.OWNERSHIP).withDefault("public")
          .describedAs("public or private; public when not delivered"),
      code("parent_school_id", false, SCHOOL).describedAs("the central school a teaching point belongs to"))
      .deriving("urban_rural", "urban, town or rural: the group of urban_rural_code",
          r -> SilverColumns.urbanRural(r.get("urban_rural_code")))
      .deriving("city_code", "the prefecture city's code: the county code's first 4 digits + 00",
          r -> Regions.cityCode(r.get("county_code")))
      .deriving("province_code", "the province's code: the county code's first 2 digits + 0000",
          r -> Regions.provinceCode(r.get("county_code")));

  /**
   * A school-level row names a school of {@code silver.schools} for its school year, else it is
   * quarantined as {@code orphan_school}.
   */
  private static final DatasetSpec.Reference IN_REGISTER = new DatasetSpec.Reference(SCHOOLS,
      List.of("school_year", "school_id"), "orphan_school", Map.of());

  public static final DatasetSpec ENROLLMENT = DatasetSpec.of("enrollment",
      List.of("school_year", "school_id", "grade"), "school_year",
      integer("school_year", true, Y0, Y1).describedAs("the " + SCHOOL_YEAR + ", counted at its start"),
      code("school_id", true, SCHOOL).describedAs(SCHOOL_ID),
      integer("grade", true, 1, 12).describedAs(GRADE),
      count("students", true).describedAs("pupils enrolled in the grade"),
      count("classes", true).describedAs("classes of the grade"),
      count("classes_56_65", false).describedAs("classes of 56 to 65 pupils (large classes)"),
      count("classes_66_plus", false).describedAs("classes of 66 pupils or more (very large classes)"),
      count("migrant_students", false).describedAs("children of migrant workers among the pupils (随迁子女)"),
      count("left_behind_students", false).describedAs("left-behind children among the pupils (留守儿童)"),
      oneOf("level", false, Enumerations.LEVEL).describedAs("primary, junior or senior, when delivered"))
      .referencing(IN_REGISTER.bringing("school_county_code", "county_code"))
      .deriving("level", "primary, junior or senior: the delivered level, else from the grade and the grade "
          + "system (6-3 or 5-4, conf grades.system) of the province of the school's county",
          r -> coalesce(r.get("level"), SilverColumns.levelOfGrade(r.get("grade"), r.get("school_county_code"), r.settings())))
      .rejecting("students_without_classes", "students > 0 and classes = 0",
          r -> r.get("students").gt(0).and(r.get("classes").equalTo(0)));

  public static final DatasetSpec RESOURCES = DatasetSpec.of("resources", List.of("school_year", "school_id"), "school_year",
      integer("school_year", true, Y0, Y1).describedAs("the " + SCHOOL_YEAR + ", counted at its start"),
      code("school_id", true, SCHOOL).describedAs(SCHOOL_ID),
      amount("teaching_aux_area_m2", true).describedAs("teaching and auxiliary room area, m²"),
      amount("sports_area_m2", true).describedAs("sports ground and hall area, m²"),
      amount("equipment_value_yuan", true).describedAs("value of the teaching instruments and equipment, yuan"),
      count("computers", true).describedAs("computers"),
      count("books", true).describedAs("library books"),
      count("multimedia_classrooms", false).describedAs("networked multimedia classrooms"),
      count("music_rooms", false).describedAs("music rooms"),
      count("art_rooms", false).describedAs("art rooms"))
      .referencing(IN_REGISTER);

  public static final DatasetSpec TEACHERS = DatasetSpec.of("teachers", List.of("school_year", "teacher_id"), "school_year",
      integer("school_year", true, Y0, Y1).describedAs("the " + SCHOOL_YEAR + ", counted at its start"),
      code("teacher_id", true, ANY).describedAs("the teacher's identifier, the same across years and schools"),
      code("school_id", true, SCHOOL).describedAs("the " + SCHOOL_ID + " of the school the teacher works at"),
      oneOf("level", true, Enumerations.LEVEL).describedAs("the stage taught: primary, junior or senior"),
      oneOf("degree", true, Enumerations.DEGREE).describedAs("highest degree: postgraduate, bachelor, "
          + "associate, secondary or high_school_or_below"),
      oneOf("title", true, Enumerations.TITLE).describedAs("professional title: senior_professor, senior, "
          + "first, second, third or none"),
      bool("backbone", true).describedAs("a backbone teacher of county level or above (骨干教师)"),
      oneOf("subject", false, Enumerations.SUBJECT).describedAs("main subject: chinese, math, english, pe, "
          + "music, art, it, science or other"),
      count("years_at_school", true).describedAs("completed consecutive years at this school when the school year starts"),
      bool("full_time", false).withDefault("true").describedAs("a full-time teacher; true when not delivered"))
      .referencing(IN_REGISTER);

  public static final DatasetSpec TEACHER_FLOWS = DatasetSpec.of("teacher_flows",
      List.of("teacher_id", "effective_date", "flow_type"), "school_year",
      code("teacher_id", true, ANY).describedAs("the teacher's identifier, as in teachers"),
      date("effective_date", true).describedAs("the day the move takes effect"),
      oneOf("flow_type", true, Enumerations.FLOW_TYPE).describedAs("rotation, support, transfer, hire, retire or leave"),
      code("from_school_id", false, SCHOOL).describedAs("the school left; none for a hire"),
      code("to_school_id", false, SCHOOL).describedAs("the school joined; none for a retirement or a departure"),
      bool("backbone", false).describedAs("the teacher was a backbone teacher when moving"))
      .deriving("school_year", "the school year (Sept 1 – Aug 31) holding effective_date",
          r -> SchoolYears.of(year(r.get("effective_date")), month(r.get("effective_date"))))
      .deriving("year", "calendar year of effective_date", r -> year(r.get("effective_date")))
      .deriving("month", "calendar month of effective_date", r -> month(r.get("effective_date")));

  public static final DatasetSpec FUNDING = DatasetSpec.of("funding", List.of("fiscal_year", "county_code"), "fiscal_year",
      integer("fiscal_year", true, Y0, Y1).describedAs("fiscal year of the final accounts (决算), a calendar year"),
      code("county_code", true, COUNTY).describedAs(COUNTY_CODE),
      amount("recurrent_revenue_10k_yuan", true).describedAs("the county's recurrent fiscal revenue, 10k yuan"),
      amount("education_appropriation_10k_yuan", true).describedAs("its budgeted education appropriation, 10k yuan"),
      amount("general_expenditure_10k_yuan", false).describedAs("its general public budget expenditure, 10k yuan"),
      amount("expenditure_per_student_primary_yuan", false).describedAs("education expenditure per primary pupil, yuan"),
      amount("expenditure_per_student_junior_yuan", false).describedAs("education expenditure per junior pupil, yuan"),
      amount("public_funds_per_student_primary_yuan", false).describedAs("public funds per primary pupil, yuan"),
      amount("public_funds_per_student_junior_yuan", false).describedAs("public funds per junior pupil, yuan"),
      amount("avg_teacher_salary_yuan", false).describedAs("average teacher salary, yuan a year"),
      amount("avg_civil_servant_salary_yuan", false).describedAs("average local civil-servant salary, yuan a year"),
      amount("gdp_10k_yuan", false).describedAs("the county's GDP, 10k yuan"),
      amount("fiscal_education_funds_10k_yuan", false).describedAs("fiscal education funds, 10k yuan"));

  public static final DatasetSpec FUNDING_MONTHLY = DatasetSpec.of("funding_monthly",
      List.of("year", "month", "county_code"), "year",
      integer("year", true, Y0, Y1).describedAs(CALENDAR_YEAR),
      integer("month", true, 1, 12).describedAs(CALENDAR_MONTH),
      code("county_code", true, COUNTY).describedAs(COUNTY_CODE),
      amount("recurrent_revenue_10k_yuan", true).describedAs("the month's own recurrent fiscal revenue, 10k yuan"),
      amount("education_appropriation_10k_yuan", true).describedAs("the month's own education appropriation, 10k yuan"));

  public static final DatasetSpec STUDENT_CHANGES = DatasetSpec.of("student_changes",
      List.of("year", "month", "school_id", "grade", "change_type"), "year",
      integer("year", true, Y0, Y1).describedAs(CALENDAR_YEAR),
      integer("month", true, 1, 12).describedAs(CALENDAR_MONTH),
      code("school_id", true, SCHOOL).describedAs(SCHOOL_ID),
      integer("grade", true, 1, 12).describedAs(GRADE),
      oneOf("change_type", true, Enumerations.CHANGE_TYPE).describedAs("transfer_in, transfer_out, dropout, suspend or resume"),
      count("students", true).describedAs("pupils whose status changed so in the month"))
      .deriving("school_year", "the school year (Sept 1 – Aug 31) holding the month",
          r -> SchoolYears.of(r.get("year"), r.get("month")))
      .referencing(IN_REGISTER);

  /** In ingest order: a dataset after those its rows reference (schools before the school-level rows). */
  public static final List<DatasetSpec> ALL = List.of(DIVISIONS, SCHOOLS, ENROLLMENT, RESOURCES,
      TEACHERS, TEACHER_FLOWS, FUNDING, FUNDING_MONTHLY, STUDENT_CHANGES);

  public static DatasetSpec byName(String name) {
    for (DatasetSpec d : ALL) if (d.name().equals(name)) return d;
    throw new IllegalArgumentException("unknown dataset " + name);
  }
}
