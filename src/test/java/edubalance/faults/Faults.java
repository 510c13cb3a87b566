package edubalance.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import edubalance.lakehouse.Lakehouse;
import org.apache.spark.sql.Row;

/** What the fault tests share: writing fixture files and reading the refusals (a job in this JVM: {@link edubalance.InProcess}). */
final class Faults {
  private Faults() {}

  static final Charset GB = Charset.forName("GB18030");
  static final String SCHOOLS = "school_year,school_id,school_name,county_code,school_type,urban_rural_code";
  static final String ENROLLMENT = "school_year,school_id,grade,students,classes";

  static Path file(Path dir, String name, String... lines) throws IOException {
    return bytes(dir, name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static Path bytes(Path dir, String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.write(p, content);
  }

  /** A few bytes of a compressed file: NUL bytes and invalid UTF-8, named .csv. */
  static byte[] binary() {
    byte[] b = new byte[512];
    for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 37 + 11);
    b[0] = 0x1f;
    b[1] = (byte) 0x8b;
    b[2] = 0;
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  /** file → reason of every refused file recorded in ops.ingest_log. */
  static Map<String, String> refused(Lakehouse lh) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : lh.read("ops.ingest_log").selectExpr("inline(refused_files)").select("file", "reason").collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }
}
