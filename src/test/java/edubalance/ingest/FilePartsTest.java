package edubalance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file cut into byte ranges reads as the whole file does: the same rows, each at the same line,
 * whatever line ends it uses; and a file whose cut could change what is read is not cut.
 */
@Tag("fast") // no Spark: jobs/test --fast
class FilePartsTest {
  private static final DatasetSpec TEACHERS = Datasets.byName("teachers");
  private static final Configuration HADOOP = new Configuration();

  @TempDir Path dir;

  /**
   * 3,000 rows with LF, CRLF and lone-CR line ends, blank lines, a row with a field too many and a
   * Chinese subject in the first part: cut into ranges of 1,000 bytes, every row comes out once,
   * with the values and line of the whole-file read (the line is what a quarantine row names).
   */
  @Test
  void aFileCutAnywhereReadsAsTheWholeFile() throws Exception {
    StringBuilder csv = new StringBuilder("school_year,teacher_id,school_id,level,degree,title,backbone,subject,years_at_school,full_time\n");
    csv.append("2024,T0,1409020001,primary,bachelor,first,false,语文课,3,true\n");
    for (int i = 1; i < 3000; i++) {
      String end = i % 7 == 0 ? "\r\n" : i % 11 == 0 ? "\r" : "\n";
      if (i % 13 == 0) csv.append("\r\n"); // a blank line: skipped, but counted (CRLF: never joins a lone CR before it)
      csv.append("2024,T").append(i).append(",1409020001,primary,bachelor,first,false,math,3,true");
      if (i == 2500) csv.append(",extra"); // expected 10 fields, found 11: quarantined at its line
      csv.append(end);
    }
    Path file = dir.resolve("teachers.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    String uri = file.toUri().toString();
    long size = Files.size(file);

    List<FileParts.Scan> scans = scans(uri, size, 1000);
    List<FileParts.Part> parts = FileParts.cut(uri, "teachers/teachers.csv", size, scans);
    assertTrue(parts.size() > 100, "cut into " + parts.size() + " parts");

    List<Row> whole = rows(FileParts.Part.whole(uri, "teachers/teachers.csv"));
    List<Row> cut = new ArrayList<>();
    for (FileParts.Part p : parts) cut.addAll(rows(p));
    assertEquals(3000, whole.size());
    assertEquals(whole.size(), cut.size(), "rows of the whole file and of its parts");
    for (int r = 0; r < whole.size(); r++) assertEquals(whole.get(r), cut.get(r), "row " + r);

    // Lines worked out from the text: row i (1-based after the header) is on line 2 + i - 1 plus
    // the blank lines before it, one per multiple of 13 up to i - 1 (a lone CR ends a line too).
    int i = 2500;
    long line = 2 + i + i / 13; // header line 1, row 0 line 2, row i after i rows and i/13 blanks
    Row r = cut.get(i);
    assertEquals("T2500", r.getString(TEACHERS.columnNames().indexOf("teacher_id")));
    int k = TEACHERS.columnNames().size();
    assertEquals(line, r.getLong(k + 4));
    assertEquals("expected 10 fields, found 11", r.getString(k + 2));
  }

  /** A quote anywhere, or a byte past ASCII in a later part, keeps the file whole. */
  @Test
  void aFileWhoseCutCouldChangeItsReadingIsReadWhole() throws Exception {
    String header = "school_year,teacher_id,school_id,level,degree,title,backbone,subject,years_at_school,full_time\n";
    StringBuilder plain = new StringBuilder(header);
    for (int i = 0; i < 500; i++) plain.append("2024,T").append(i).append(",1409020001,primary,bachelor,first,false,math,3,true\n");
    assertTrue(cutInto(plain + "", 1000) > 1);
    assertEquals(1, cutInto(plain + "2024,T9,1409020001,primary,bachelor,first,false,\"math,\nart\",3,true\n", 1000));
    assertEquals(1, cutInto(plain + "2024,T9,1409020001,primary,bachelor,first,false,语文,3,true\n", 1000));
    assertEquals(1, cutInto(plain + "2024,T9,1409020001,primary,bachelor,first,false,m\0ath,3,true\n", 1000));
    // Past ASCII in the first part only: the first part decides the character set, as the whole file would.
    assertTrue(cutInto(header + "2024,T9,1409020001,primary,bachelor,first,false,语文,3,true\n" + plain.substring(header.length()), 1000) > 1);
  }

  private int cutInto(String text, long partBytes) throws Exception {
    Path file = Files.createTempFile(dir, "t", ".csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    String uri = file.toUri().toString();
    return FileParts.cut(uri, "t.csv", Files.size(file), scans(uri, Files.size(file), partBytes)).size();
  }

  /** The scans {@link FileParts#plan} runs as a Spark job, one range after the other. */
  private static List<FileParts.Scan> scans(String uri, long size, long partBytes) {
    long n = (size + partBytes - 1) / partBytes;
    List<FileParts.Scan> out = new ArrayList<>();
    for (int k = 0; k < n; k++) out.add(FileParts.scan(k, uri, k * size / n, (k + 1) * size / n, HADOOP));
    return out;
  }

  private static List<Row> rows(FileParts.Part p) {
    List<Row> out = new ArrayList<>();
    Iterator<Row> it = CsvRows.read(TEACHERS, p, "auto", HADOOP, "d1", null);
    it.forEachRemaining(out::add);
    return out;
  }
}
