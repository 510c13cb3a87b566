package edubalance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Encoding decided per file on evidence: no file is decoded into mojibake. */
@Tag("fast") // no Spark: jobs/test --fast
class CsvDecodingTest {
  static final Charset GB = Charset.forName("GB18030");

  static byte[] bytes(Object... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) out.write(p instanceof byte[] b ? b : ((String) p).getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  static String readAll(CsvDecoding d) throws IOException {
    StringBuilder s = new StringBuilder();
    char[] buf = new char[7]; // small reads cross segment boundaries
    for (int n; (n = d.read(buf, 0, buf.length)) >= 0; ) s.append(buf, 0, n);
    return s.toString();
  }

  static String decode(byte[] file, String declared) throws IOException {
    try (Reader r = new CsvDecoding(new ByteArrayInputStream(file), declared)) {
      return readAll((CsvDecoding) r);
    }
  }

  @Test
  void oneEncodingPerFileIsDecodedAsWritten() throws IOException {
    String text = "name\r\n第一小学\r\n二中\r\n";
    assertEquals(text, decode(text.getBytes(StandardCharsets.UTF_8), "auto"));
    assertEquals(text, decode(text.getBytes(GB), "auto"));
    assertEquals(text, decode(bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8)), "auto"));
    // The first 100 KB are ASCII: the first Chinese line decides, not the (ASCII) head of the file.
    String ascii = "n\n" + "1\n".repeat(50_000);
    assertEquals(ascii + "第一小学\n", decode(bytes(ascii, "第一小学\n".getBytes(GB)), "auto"));
    // A line of 200,000 bytes is split at commas, never inside a character.
    String wide = "第一小学,".repeat(20_000) + "\n";
    assertEquals(wide, decode(wide.getBytes(GB), "auto"));
    assertEquals(wide, decode(wide.getBytes(StandardCharsets.UTF_8), "auto"));
  }

  @Test
  void aFileMixingUtf8AndGb18030IsRefusedWhicheverComesFirst() throws IOException {
    // Within the 1 MiB looked at to decide, the mix reads as GB18030 with a UTF-8 line in it.
    byte[] mixedHead = bytes("name\n", "第一小学\n".getBytes(StandardCharsets.UTF_8), "第二小学\n".getBytes(GB));
    CsvDecoding.RefusedFile e = assertThrows(CsvDecoding.RefusedFile.class, () -> decode(mixedHead, "auto"));
    assertEquals("mixed_encoding", e.reason);
    assertTrue(e.getMessage().startsWith("line 2 is UTF-8 Chinese"), e.getMessage());
    // 90,000 lines of UTF-8 (13 bytes each, past the 1 MiB) decide UTF-8; the GB18030 line after them is refused.
    byte[] utf8First = bytes("name\n", "第一小学\n".repeat(90_000).getBytes(StandardCharsets.UTF_8), "第二小学\n".getBytes(GB));
    e = assertThrows(CsvDecoding.RefusedFile.class, () -> decode(utf8First, "auto"));
    assertEquals("mixed_encoding", e.reason);
    assertTrue(e.getMessage().startsWith("line 90002 is not valid UTF-8"), e.getMessage());
    // GB18030 first: 第三小学 in UTF-8 is valid GB18030 too (it would decode as 绗笁灏忓), caught as UTF-8 Chinese.
    byte[] gbFirst = bytes("name\n", "第一小学\n".getBytes(GB), "第三小学\n".getBytes(StandardCharsets.UTF_8));
    e = assertThrows(CsvDecoding.RefusedFile.class, () -> decode(gbFirst, "auto"));
    assertEquals("mixed_encoding", e.reason);
    assertTrue(e.getMessage().startsWith("line 3 is UTF-8 Chinese in a file read as GB18030"), e.getMessage());
  }

  @Test
  void binaryIsRefusedAndAStrayControlByteMarksItsLineOnly() throws IOException {
    // 20 lines of "1,\1\0\n" (5 bytes, 2 of them control): 40 control bytes in 100, binary.
    CsvDecoding.RefusedFile e = assertThrows(CsvDecoding.RefusedFile.class,
        () -> decode(bytes("a,b\n", "1,\1\0\n".repeat(20).getBytes(StandardCharsets.US_ASCII)), "auto"));
    assertEquals("binary", e.reason);
    assertTrue(e.getMessage().startsWith("40 control bytes (NUL and the like) in the 104 bytes from line 1"), e.getMessage());
    // 15 stray bytes are below the 16 that make a stretch binary, whatever their share: each line is marked.
    byte[] stray = bytes("a,b\n", "1,\0\n".repeat(15).getBytes(StandardCharsets.US_ASCII), "2,x\t\u000b\f\n".getBytes(StandardCharsets.US_ASCII));
    try (CsvDecoding d = new CsvDecoding(new ByteArrayInputStream(stray), "auto")) {
      assertEquals("a,b\n" + "1,\0\n".repeat(15) + "2,x\t\u000b\f\n", readAll(d));
      assertNull(d.badLine(1, 1));
      assertEquals("control_byte: line 2 holds the control byte 0x00 (NUL), which text never does", d.badLine(2, 2));
      assertTrue(d.badLine(16, 16).startsWith("control_byte: line 16 "), d.badLine(16, 16));
      assertNull(d.badLine(17, 17)); // tab, vertical tab and form feed are white space
    }
    // One control byte in 2,000 lines of text (30,000 bytes): its line alone.
    byte[] oneNul = bytes("a,b\n", "1,一小学校\n".repeat(999).getBytes(StandardCharsets.UTF_8), "2,\u0001\n".getBytes(StandardCharsets.UTF_8),
        "3,二小学校\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
    try (CsvDecoding d = new CsvDecoding(new ByteArrayInputStream(oneNul), "auto")) {
      readAll(d);
      assertNull(d.badLine(2, 1000));
      assertEquals("control_byte: line 1001 holds the control byte 0x01, which text never does", d.badLine(1001, 1001));
      assertNull(d.badLine(1002, 2001));
    }
  }

  @Test
  void withADeclaredEncodingOnlyTheInvalidLinesAreMarked() throws IOException {
    byte[] file = bytes("a,b\r\n", "1,一小\r\n".getBytes(GB), "2,第二小学\r\n".getBytes(StandardCharsets.UTF_8),
        "3,", new byte[] {(byte) 0x81, (byte) 0x20}, "\r\n", "4,四小\r\n".getBytes(GB));
    try (CsvDecoding d = new CsvDecoding(new ByteArrayInputStream(file), "GB18030")) {
      String text = readAll(d);
      assertTrue(text.startsWith("a,b\r\n1,一小\r\n"), text);
      assertTrue(text.endsWith("4,四小\r\n"), text);
      assertNull(d.badLine(1, 2));
      assertTrue(d.badLine(3, 3).startsWith("undecodable: line 3 is UTF-8 Chinese"), d.badLine(3, 3));
      assertTrue(d.badLine(4, 4).startsWith("undecodable: line 4 is not valid GB18030"), d.badLine(4, 4));
      assertNull(d.badLine(5, 5));
    }
  }
}
