package edubalance.metrics;

import edubalance.TestSpark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Tiny silver and gold.school_indicators frames for the balance tests (schemas of docs/SILVER.md). */
final class BalanceFixtures {
  private BalanceFixtures() {}

  static StructType schema(Object... nameType) {
    List<StructField> fields = new ArrayList<>();
    for (int i = 0; i < nameType.length; i += 2) {
      fields.add(DataTypes.createStructField((String) nameType[i], (DataType) nameType[i + 1], true));
    }
    return DataTypes.createStructType(fields);
  }

  static final DataType S = DataTypes.StringType;
  static final DataType I = DataTypes.IntegerType;
  static final DataType D = DataTypes.DoubleType;
  static final DataType B = DataTypes.BooleanType;
  static final DataType L = DataTypes.LongType;

  static Dataset<Row> frame(StructType schema, List<Row> rows) {
    return TestSpark.spark().createDataFrame(rows, schema);
  }

  // ---- silver ----

  static final StructType SCHOOLS = schema("school_year", I, "school_id", S, "school_name", S,
      "county_code", S, "school_type", S, "urban_rural_code", S, "urban_rural", S, "ownership", S,
      "parent_school_id", S, "city_code", S, "province_code", S);

  static Row school(int year, String id, String county, String type, String ownership, String parent) {
    return RowFactory.create(year, id, "school " + id, county, type, "111", "urban", ownership, parent,
        county.substring(0, 4) + "00", county.substring(0, 2) + "0000");
  }

  static final StructType ENROLLMENT = schema("school_year", I, "school_id", S, "grade", I,
      "students", I, "classes", I, "classes_56_65", I, "classes_66_plus", I, "migrant_students", I,
      "level", S);

  static Row enrol(int year, String id, int grade, int students, int classes) {
    String level = grade <= 6 ? "primary" : grade <= 9 ? "junior" : "senior";
    return RowFactory.create(year, id, grade, students, classes, 0, 0, 0, level);
  }

  static final StructType RESOURCES = schema("school_year", I, "school_id", S,
      "teaching_aux_area_m2", D, "sports_area_m2", D, "equipment_value_yuan", D, "computers", I,
      "books", I, "multimedia_classrooms", I, "music_rooms", I, "art_rooms", I);

  static Row resources(int year, String id, double area, double sports, double equipment,
      int computers, int books, int multimedia, int music, int art) {
    return RowFactory.create(year, id, area, sports, equipment, computers, books, multimedia, music, art);
  }

  static final StructType TEACHERS = schema("school_year", I, "teacher_id", S, "school_id", S,
      "level", S, "degree", S, "title", S, "backbone", B, "subject", S, "years_at_school", I,
      "full_time", B);

  static Row teacher(int year, String tid, String sid, String level, String degree, String title,
      boolean backbone, String subject, boolean fullTime) {
    return RowFactory.create(year, tid, sid, level, degree, title, backbone, subject, 3, fullTime);
  }

  // ---- gold.school_indicators (the columns the county tables read) ----

  /** One unit; indicators default to 0 and are set with {@link Unit#x}. */
  static final class Unit {
    final String rule;
    final String schoolId;
    final String county;
    final String level;
    String schoolType = "primary";
    long students;
    long classes;
    Long classes5665 = 0L;
    Long classes66 = 0L;
    Double musicRooms = 10.0;
    Double artRooms = 10.0;
    final Map<String, Double> values = new LinkedHashMap<>();

    Unit(String rule, String schoolId, String county, String level, long students, long classes) {
      this.rule = rule;
      this.schoolId = schoolId;
      this.county = county;
      this.level = level;
      this.students = students;
      this.classes = classes;
      for (Indicator i : Indicator.ALL) values.put(i.name(), 0.0);
    }

    Unit x(String indicator, Double value) {
      Indicator.byName(indicator);
      values.put(indicator, value);
      return this;
    }

    Unit type(String t) {
      schoolType = t;
      return this;
    }

    Unit bigClasses(Long c5665, Long c66) {
      classes5665 = c5665;
      classes66 = c66;
      return this;
    }

    Unit rooms(Double music, Double art) {
      musicRooms = music;
      artRooms = art;
      return this;
    }
  }

  static Dataset<Row> schoolIndicators(List<Unit> units) {
    List<Object> nameType = new ArrayList<>(List.of("school_year", I, "school_id", S, "level", S,
        "unit_rule", S, "county_code", S, "school_type", S, "students", L, "classes", L,
        "classes_56_65", L, "classes_66_plus", L, "music_rooms", D, "art_rooms", D));
    for (Indicator i : Indicator.ALL) {
      nameType.add(i.name());
      nameType.add(D);
    }
    List<Row> rows = new ArrayList<>();
    for (Unit u : units) {
      List<Object> v = new ArrayList<>(List.of(2024, u.schoolId, u.level, u.rule, u.county,
          u.schoolType, u.students, u.classes));
      v.add(u.classes5665);
      v.add(u.classes66);
      v.add(u.musicRooms);
      v.add(u.artRooms);
      v.addAll(u.values.values());
      rows.add(RowFactory.create(v.toArray()));
    }
    return frame(schema(nameType.toArray()), rows);
  }
}
