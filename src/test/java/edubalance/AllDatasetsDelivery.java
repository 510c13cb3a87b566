package edubalance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small delivery of all nine datasets, shared by the tests that run the writing jobs end to end
 * (the kill points, the monthly run): two counties of Taiyuan, school years 2023-2024, fiscal years
 * 2023-2024, monthly funding to December 2024.
 */
public final class AllDatasetsDelivery {
  private AllDatasetsDelivery() {}

  /**
   * All nine datasets, a few rows each, with a refused file (schools/z.csv, binary) and rows for
   * quarantine in schools and funding, so that every phase of those datasets writes something.
   */
  public static Path write() throws IOException {
    Path inbox = TestSpark.tempDir("kill-inbox");
    file(inbox, "divisions/d.csv", "code,name", "140000,山西省", "140100,太原市", "140105,小店区", "140106,迎泽区");
    file(inbox, "schools/s.csv", "school_year,school_id,school_name,county_code,school_type,urban_rural_code,ownership,parent_school_id",
        "2023,1401050001,一小,140105,primary,111,public,", "2023,1401050002,二小,140105,primary,220,public,",
        "2023,1401060001,三小,140106,primary,111,public,", "2024,1401050001,一小,140105,primary,111,public,",
        "2024,1401050002,二小,140105,primary,220,public,", "2024,1401060001,三小,140106,primary,111,public,",
        "2024,1401060002,四中,140106,junior,121,public,", "2024,14010600,短号,140106,primary,111,public,");
    bytes(inbox, "schools/z.csv", binary());
    file(inbox, "enrollment/e.csv", "school_year,school_id,grade,students,classes",
        "2023,1401050001,1,40,1", "2023,1401050002,1,20,1", "2023,1401060001,1,45,1",
        "2024,1401050001,1,42,1", "2024,1401050002,1,18,1", "2024,1401060001,1,44,1", "2024,1401060002,7,50,1");
    file(inbox, "resources/r.csv", "school_year,school_id,teaching_aux_area_m2,sports_area_m2,equipment_value_yuan,"
        + "computers,books,multimedia_classrooms,music_rooms,art_rooms",
        "2024,1401050001,1000,2000,300000,20,5000,2,1,1", "2024,1401050002,400,900,90000,6,1500,1,0,0",
        "2024,1401060001,1200,2500,400000,25,6000,2,1,1", "2024,1401060002,1500,3000,500000,30,8000,3,1,1");
    file(inbox, "teachers/t.csv", "school_year,teacher_id,school_id,level,degree,title,backbone,subject,years_at_school,full_time",
        "2024,T1,1401050001,primary,bachelor,first,是,math,7,", "2024,T2,1401050002,primary,associate,none,否,pe,2,",
        "2024,T3,1401060001,primary,bachelor,senior,是,chinese,9,", "2024,T4,1401060002,junior,postgraduate,first,否,art,3,");
    file(inbox, "teacher_flows/f.csv", "teacher_id,effective_date,flow_type,from_school_id,to_school_id,backbone",
        "T1,2025-03-15,rotation,1401050001,1401050002,1");
    file(inbox, "funding/f.csv", "fiscal_year,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan",
        "2023,140105,100000,20000", "2024,140105,104000,21000", "2023,140106,90000,18000", "2024,140106,93600,18360",
        "2024,1401,1,1");
    file(inbox, "funding_monthly/m.csv", "year,month,county_code,recurrent_revenue_10k_yuan,education_appropriation_10k_yuan",
        "2023,12,140105,8000,1700", "2024,11,140105,8100,1750", "2024,12,140105,8200,1800", "2024,12,140106,7000,1500");
    file(inbox, "student_changes/c.csv", "year,month,school_id,grade,change_type,students",
        "2024,12,1401050001,1,dropout,1");
    return inbox;
  }

  private static void file(Path dir, String name, String... lines) throws IOException {
    bytes(dir, name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(Path dir, String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
  }

  /** A few bytes of a compressed file named .csv: refused as binary. */
  private static byte[] binary() {
    byte[] b = new byte[512];
    for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 37 + 11);
    return b;
  }
}
