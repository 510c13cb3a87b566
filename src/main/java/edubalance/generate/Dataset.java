package edubalance.generate;

/** The nine datasets of a delivery with the contract's column names (docs/CONTRACT.md §2), in order. */
public enum Dataset {
  DIVISIONS("code", "name"),
  SCHOOLS("school_year", "school_id", "school_name", "county_code", "school_type", "urban_rural_code",
      "ownership", "parent_school_id"),
  ENROLLMENT("school_year", "school_id", "grade", "students", "classes", "classes_56_65",
      "classes_66_plus", "migrant_students", "left_behind_students", "level"),
  RESOURCES("school_year", "school_id", "teaching_aux_area_m2", "sports_area_m2",
      "equipment_value_yuan", "computers", "books", "multimedia_classrooms", "music_rooms", "art_rooms"),
  TEACHERS("school_year", "teacher_id", "school_id", "level", "degree", "title", "backbone", "subject",
      "years_at_school", "full_time"),
  TEACHER_FLOWS("teacher_id", "effective_date", "flow_type", "from_school_id", "to_school_id",
      "backbone"),
  FUNDING("fiscal_year", "county_code", "recurrent_revenue_10k_yuan",
      "education_appropriation_10k_yuan", "general_expenditure_10k_yuan",
      "expenditure_per_student_primary_yuan", "expenditure_per_student_junior_yuan",
      "public_funds_per_student_primary_yuan", "public_funds_per_student_junior_yuan",
      "avg_teacher_salary_yuan", "avg_civil_servant_salary_yuan", "gdp_10k_yuan",
      "fiscal_education_funds_10k_yuan"),
  FUNDING_MONTHLY("year", "month", "county_code", "recurrent_revenue_10k_yuan",
      "education_appropriation_10k_yuan"),
  STUDENT_CHANGES("year", "month", "school_id", "grade", "change_type", "students");

  private final String[] header;

  Dataset(String... header) {
    this.header = header;
  }

  /** The dataset's directory name in a delivery ({@code teacher_flows}). */
  public String dirName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public String[] header() {
    return header.clone();
  }
}
