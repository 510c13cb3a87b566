package edubalance.metrics;

import java.util.List;

/**
 * The eleven indicators of a unit (docs/METHODS.md §2): each is a resource total of the unit divided by
 * its students, times {@code scale} (1 per student, 100 per hundred students). Declared once here
 * and used by every metric family, so an indicator means the same everywhere.
 *
 * @param name the indicator column in gold.school_indicators, e.g. {@code books_per_student}
 * @param total the column of gold.school_indicators holding the unit's total, e.g. {@code books}
 * @param scale 1 or 100
 * @param cvName the suffix of its disparity coefficient column, e.g. {@code books} → {@code cv_books}
 */
public record Indicator(String name, String total, double scale, String cvName, String description) {

  public static final Indicator TEACHING_AUX_AREA = new Indicator("teaching_aux_area_per_student",
      "teaching_aux_area_m2", 1, "teaching_aux_area", "teaching and auxiliary room area per student (生均教学及辅助用房面积), m²");
  public static final Indicator SPORTS_AREA = new Indicator("sports_area_per_student",
      "sports_area_m2", 1, "sports_area", "sports ground and hall area per student (生均体育运动场馆面积), m²");
  public static final Indicator EQUIPMENT_VALUE = new Indicator("equipment_value_per_student",
      "equipment_value_yuan", 1, "equipment_value", "teaching equipment value per student (生均教学仪器设备值), yuan");
  public static final Indicator COMPUTERS = new Indicator("computers_per_100",
      "computers", 100, "computers", "computers per 100 students (每百名学生拥有计算机台数)");
  public static final Indicator BOOKS = new Indicator("books_per_student",
      "books", 1, "books", "books per student (生均图书册数)");
  public static final Indicator TEACHERS = new Indicator("teachers_per_100",
      "teachers", 100, "teachers", "full-time teachers per 100 students (师生比)");
  public static final Indicator QUALIFIED_TEACHERS = new Indicator("qualified_teachers_per_100",
      "qualified_teachers", 100, "qualified_teachers",
      "teachers above the required degree per 100 students (高于规定学历教师数): associate+ primary, bachelor+ junior");
  public static final Indicator TITLED_TEACHERS = new Indicator("titled_teachers_per_100",
      "titled_teachers", 100, "titled_teachers", "teachers titled first grade or higher per 100 students (中级及以上专业技术职务教师数)");
  public static final Indicator BACKBONE_TEACHERS = new Indicator("backbone_teachers_per_100",
      "backbone_teachers", 100, "backbone_teachers", "county-level or higher backbone teachers per 100 students (县级以上骨干教师数)");
  public static final Indicator PE_ART_TEACHERS = new Indicator("pe_art_teachers_per_100",
      "pe_art_teachers", 100, "pe_art_teachers", "full-time PE, music and art teachers per 100 students (体育、艺术专任教师数)");
  public static final Indicator MULTIMEDIA_CLASSROOMS = new Indicator("multimedia_classrooms_per_100",
      "multimedia_classrooms", 100, "multimedia_classrooms", "networked multimedia classrooms per 100 students (网络多媒体教室数)");

  /** All indicators, in the order of gold.school_indicators. */
  public static final List<Indicator> ALL = List.of(TEACHING_AUX_AREA, SPORTS_AREA, EQUIPMENT_VALUE,
      COMPUTERS, BOOKS, TEACHERS, QUALIFIED_TEACHERS, TITLED_TEACHERS, BACKBONE_TEACHERS,
      PE_ART_TEACHERS, MULTIMEDIA_CLASSROOMS);

  /** The eight of basic balance (2012), in the order of gold.county_balance_basic. */
  public static final List<Indicator> BASIC_2012 = List.of(TEACHING_AUX_AREA, SPORTS_AREA,
      EQUIPMENT_VALUE, COMPUTERS, BOOKS, TEACHERS, QUALIFIED_TEACHERS, TITLED_TEACHERS);

  /** The seven of quality balance (2017), in the order of gold.county_balance_quality. */
  public static final List<Indicator> QUALITY_2017 = List.of(QUALIFIED_TEACHERS, BACKBONE_TEACHERS,
      PE_ART_TEACHERS, TEACHING_AUX_AREA, SPORTS_AREA, EQUIPMENT_VALUE, MULTIMEDIA_CLASSROOMS);

  public static Indicator byName(String name) {
    for (Indicator i : ALL) if (i.name.equals(name)) return i;
    throw new IllegalArgumentException("unknown indicator " + name);
  }
}
