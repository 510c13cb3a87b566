package edubalance.ingest;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small delivery with one bad row of every kind docs/DELIVERY.md names, in UTF-8, UTF-8 with
 * BOM and GB18030 files. The expected fate of every row is listed beside it; tests assert those.
 */
public final class MessyDelivery {
  private MessyDelivery() {}

  public static void write(Path dir) throws IOException {
    // schools: 8 rows read; 4 accepted (one of them an identical duplicate, collapsed), 4 quarantined... see below.
    file(dir, "schools/a.csv", StandardCharsets.UTF_8, false,
        "School_Year , SCHOOL_ID,school_name,county_code,school_type,urban_rural_code,ownership,parent_school_id,principal",
        "2024,1400000001,一小,140105,小学,111,,,张三",          // ok, Chinese label, extra column
        "2024,1400000003,三小,14010,primary,111,,,",            // bad_code:county_code
        "2024,1400000004,四小,140105,college,111,,,",           // unknown_value:school_type
        "2024,1400000005,五小,140105,primary,999,,,",           // unknown_value:urban_rural_code
        "2024,1400000007,七小,140105,primary,210,,,");          // conflicting_duplicate (with b.csv)
    file(dir, "schools/sub/b.csv", Charset.forName("GB18030"), false,
        "school_year,school_id,school_name,county_code,school_type,urban_rural_code,ownership,parent_school_id",
        "２０２４,1400000002,二中,140105,九年一贯制学校,210,民办,",  // ok: full-width year, GB18030, labels
        "2024,1400000001,一小,140105,primary,111,public,",      // identical to a.csv row 1 once typed: collapsed
        "2024,1400000007,七小,140105,junior,210,,");            // conflicting_duplicate
    // enrollment: 9 rows read; 2 accepted.
    file(dir, "enrollment/e.csv", StandardCharsets.UTF_8, true,
        "school_year,school_id,grade,students,classes,classes_56_65",
        "2024,1400000001,1,\"1,234\",30,2",                     // ok, thousands separator
        "2024,1400000001,2,-5,3,",                              // negative:students
        "2024,1400000001,3,40,0,",                              // students_without_classes
        "2024,1400000099,1,40,1,",                              // orphan_school
        "2024,1400000001,,40,1,",                               // missing:grade
        "2024,1400000001,13,40,1,",                             // out_of_range:grade
        "2024,1400000002,7,abc,1,",                             // unparseable:students
        "2024,1400000002,8,４５,１,0,extra",                    // malformed_row (7 fields)
        "2024,1400000002,9,45,1,0");                            // ok: level junior from grade 9
    // teachers: the header lacks 'degree': the file is refused, both rows quarantined.
    file(dir, "teachers/t.csv", StandardCharsets.UTF_8, false,
        "school_year,teacher_id,school_id,level,title,backbone,years_at_school",
        "2024,T0001,1400000001,primary,first,是,7",
        "2024,T0002,1400000001,primary,second,否,2");
    // teacher_flows: 3 read, 1 accepted.
    file(dir, "teacher_flows/f.csv", StandardCharsets.UTF_8, false,
        "teacher_id,effective_date,flow_type,from_school_id,to_school_id,backbone",
        "T0001,2024-09-01,交流轮岗,1400000001,1400000002,1",     // ok
        "T0002,2024-02-30,rotation,1400000001,1400000002,0",    // unparseable:effective_date
        "T0003,2024-09-01,promotion,1400000001,1400000002,0");  // unknown_value:flow_type
    // funding: 2 read, 1 accepted.
    file(dir, "funding/2024.csv", StandardCharsets.UTF_8, false,
        "fiscal_year,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan",
        "2024,140105,\"104,000\",21000.5",                      // ok
        "2024,140106,-1,20000");                                // negative:recurrent_revenue_10k_yuan
  }

  private static void file(Path dir, String name, Charset cs, boolean bom, String... lines) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    byte[] body = (String.join("\r\n", lines) + "\r\n").getBytes(cs);
    byte[] out = body;
    if (bom) {
      out = new byte[body.length + 3];
      out[0] = (byte) 0xEF;
      out[1] = (byte) 0xBB;
      out[2] = (byte) 0xBF;
      System.arraycopy(body, 0, out, 3, body.length);
    }
    Files.write(p, out);
  }
}
