package edubalance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RowRulesTest {
  /** Parses one value of a column spec through the same expression ingest uses. */
  private static Object parse(ColumnSpec spec, String raw) {
    Row r = TestSpark.spark().sql("SELECT " + (raw == null ? "CAST(NULL AS STRING)" : "'" + raw + "'") + " AS `"
        + spec.name() + "`").select(RowRules.parsed(spec, RowRules.normalised(spec.name()))).first();
    return r.isNullAt(0) ? null : r.get(0);
  }

  @Test
  void numbersAcceptFullWidthDigitsSeparatorsAndSpaces() {
    ColumnSpec n = ColumnSpec.count("students", true);
    assertEquals(123, parse(n, "１２３"));
    assertEquals(1234, parse(n, " 1,234 "));
    assertEquals(1234, parse(n, "１，２３４"));
    assertEquals(45, parse(n, "\u300045\u3000"));
    assertEquals(null, parse(n, "12a"));
    // A thousands separator only between groups of three: "2,3,7" is no number (it is not 237).
    assertEquals(null, parse(n, "2,3,7"));
    assertEquals(null, parse(n, "12,34"));
    assertEquals(null, parse(n, ",123"));
    assertEquals(1234567, parse(n, "1,234,567"));
    assertEquals(104000.5, parse(ColumnSpec.amount("books", true), "104,000.5"));
    assertEquals(-1234.0, parse(ColumnSpec.amount("books", true), "-1,234"));
    assertEquals(null, parse(n, ""));
    assertEquals(2.5, parse(ColumnSpec.amount("books", true), "2.5"));
    assertEquals(null, parse(ColumnSpec.amount("books", true), "NaN"));
  }

  @Test
  void booleansAndEnumerationsAcceptCodesAndChineseLabels() {
    ColumnSpec b = ColumnSpec.bool("backbone", true);
    assertEquals(true, parse(b, "是"));
    assertEquals(false, parse(b, "0"));
    assertEquals(true, parse(b, "TRUE"));
    assertEquals(null, parse(b, "maybe"));
    ColumnSpec degree = ColumnSpec.oneOf("degree", true, Enumerations.DEGREE);
    assertEquals("bachelor", parse(degree, "本科"));
    assertEquals("bachelor", parse(degree, "Bachelor"));
    assertEquals("high_school_or_below", parse(degree, "高中及以下"));
    // A label with a Latin letter matches in any case: the ingest lower-cases what it looks up.
    ColumnSpec grade = ColumnSpec.oneOf("rating", true, Enumerations.of("a_grade", "A级", "b_grade", "B级"));
    assertEquals("a_grade", parse(grade, "A级"));
    assertEquals("b_grade", parse(grade, "b级"));
    assertEquals("a_grade", parse(grade, "A_Grade"));
    assertEquals(null, parse(grade, "C级"));
  }

  @Test
  void datesMustBeIsoAndReal() {
    ColumnSpec d = ColumnSpec.date("effective_date", true);
    assertEquals(java.sql.Date.valueOf("2024-08-31"), parse(d, "2024-08-31"));
    assertEquals(null, parse(d, "2024-02-30"));
    assertEquals(null, parse(d, "31/08/2024"));
  }

  @Test
  void utf8IsRecognisedAndGb18030IsNot() {
    byte[] utf8 = "学校,小学\n".getBytes(StandardCharsets.UTF_8);
    byte[] gb = "学校,小学\n".getBytes(Charset.forName("GB18030"));
    assertTrue(CsvDecoding.isUtf8(utf8));
    assertFalse(CsvDecoding.isUtf8(gb));
    // A multi-byte character cut off by the sniff window does not make UTF-8 look invalid.
    assertTrue(CsvDecoding.isUtf8(java.util.Arrays.copyOf(utf8, 4)));
  }

  @Test
  void aFiveFourProvinceTakesGradeSixAsJunior() {
    var settings = TestSpark.settings().with(java.util.Map.of("province.37.grades.system", "5-4"));
    List<Row> rows = TestSpark.spark().sql("SELECT * FROM VALUES (6, '370102'), (6, '140105'), (5, '370102'), (10, '370102') AS t(grade, county)")
        .select(SilverColumns.levelOfGrade(org.apache.spark.sql.functions.col("grade"),
            org.apache.spark.sql.functions.col("county"), settings)).collectAsList();
    assertEquals(List.of("junior", "primary", "primary", "senior"), rows.stream().map(r -> r.getString(0)).toList());
  }
}
