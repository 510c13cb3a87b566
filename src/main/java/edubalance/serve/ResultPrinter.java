package edubalance.serve;

import static edubalance.text.Json.quote;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Prints a result, given as Arrow record batches, the way {@code jobs/sql} shows it: {@code csv}
 * (a header row, then rows), {@code json} (one object per line) or {@code table} (aligned columns
 * for a terminal). Map, struct and array values print as JSON in every format. Used by the embedded
 * engine and by the thin client alike, so both print the same; it needs Arrow only, not Spark.
 */
public final class ResultPrinter {
  private final String format;
  private final PrintStream out;
  private CSVPrinter csv;
  private String[] header;
  private final List<String[]> tableRows = new ArrayList<>();

  public ResultPrinter(String format, PrintStream out) {
    this.format = format;
    this.out = out;
  }

  /** Prints (csv, json) or keeps (table, whose widths need every row) the rows of one batch. */
  public void batch(VectorSchemaRoot root) {
    List<FieldVector> columns = root.getFieldVectors();
    if (header == null) header = columns.stream().map(v -> v.getField().getName()).toArray(String[]::new);
    try {
      if (format.equals("csv") && csv == null) {
        csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
        csv.printRecord((Object[]) header);
      }
      for (int row = 0; row < root.getRowCount(); row++) {
        switch (format) {
          case "json" -> {
            StringBuilder line = new StringBuilder("{");
            for (int c = 0; c < columns.size(); c++) {
              if (columns.get(c).isNull(row)) continue; // as Spark's toJSON: a null field is left out
              if (line.length() > 1) line.append(',');
              quote(header[c], line).append(':');
              json(columns.get(c), row, line);
            }
            out.println(line.append('}'));
          }
          case "table" -> {
            String[] cells = new String[columns.size()];
            for (int c = 0; c < cells.length; c++) {
              cells[c] = columns.get(c).isNull(row) ? "NULL" : printable(text(columns.get(c), row));
            }
            tableRows.add(cells);
          }
          default -> {
            Object[] cells = new Object[columns.size()];
            for (int c = 0; c < cells.length; c++) cells[c] = columns.get(c).isNull(row) ? "" : text(columns.get(c), row);
            csv.printRecord(cells);
          }
        }
      }
      if (csv != null) csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends the output: the table is drawn now that every width is known. */
  public void finish() {
    if (format.equals("table") && header != null) {
      String[] names = new String[header.length];
      for (int c = 0; c < names.length; c++) names[c] = printable(header[c]);
      int[] width = new int[names.length];
      for (int c = 0; c < names.length; c++) width[c] = displayWidth(names[c]);
      for (String[] r : tableRows) {
        for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], displayWidth(r[c]));
      }
      StringBuilder rule = new StringBuilder("+");
      for (int w : width) rule.append("-".repeat(w)).append('+');
      out.println(rule);
      out.println(line(names, width));
      out.println(rule);
      for (String[] r : tableRows) out.println(line(r, width));
      out.println(rule);
    }
    out.flush();
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int c = 0; c < cells.length; c++) {
      b.append(cells[c]).append(" ".repeat(width[c] - displayWidth(cells[c]))).append('|');
    }
    return b.toString();
  }

  /**
   * A value as text for a terminal: escape sequences ({@code ESC [ … m}, OSC titles) and every other
   * control character are removed, so a value stored in a table cannot drive the terminal.
   */
  static String printable(String s) {
    return s.replaceAll("\u001B\\[[0-?]*[ -/]*[@-~]", "")
        .replaceAll("\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)?", "")
        .replaceAll("[\\p{Cc}\\p{Cf}&&[^\u200D]]", "");
  }

  /** Columns a character takes in a terminal: two for East Asian wide and full-width characters. */
  static int displayWidth(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      boolean wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
          || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
          || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
      w += wide ? 2 : 1;
    }
    return w;
  }

  /** A non-null value as csv and table show it: plain text for scalars, JSON for maps, structs and arrays. */
  static String text(FieldVector v, int i) {
    if (v instanceof ListVector || v instanceof StructVector) {
      return json(v, i, new StringBuilder()).toString();
    }
    Object scalar = scalar(v, i);
    return scalar instanceof BigDecimal d ? d.toPlainString() : String.valueOf(scalar);
  }

  /** A scalar value as a Java value whose toString is how it prints. */
  private static Object scalar(FieldVector v, int i) {
    if (v instanceof VarCharVector s) return new String(s.get(i), StandardCharsets.UTF_8);
    if (v instanceof LargeVarCharVector s) return new String(s.get(i), StandardCharsets.UTF_8);
    if (v instanceof DateDayVector d) return LocalDate.ofEpochDay(d.get(i));
    if (v instanceof TimeStampMicroTZVector t) {
      ZoneId zone = ZoneId.of(((ArrowType.Timestamp) t.getField().getType()).getTimezone());
      return timestamp(LocalDateTime.ofInstant(Instant.EPOCH.plus(t.get(i), ChronoUnit.MICROS), zone));
    }
    if (v instanceof TimeStampMicroVector t) {
      return timestamp(LocalDateTime.ofInstant(Instant.EPOCH.plus(t.get(i), ChronoUnit.MICROS), ZoneOffset.UTC));
    }
    if (v instanceof VarBinaryVector b) return Base64.getEncoder().encodeToString(b.get(i));
    if (v instanceof DecimalVector d) return d.getObject(i);
    return v.getObject(i);
  }

  /** {@code 2025-03-31 18:00:00}, with the fraction of a second only when there is one. */
  private static String timestamp(LocalDateTime t) {
    String s = SECONDS.format(t);
    return t.getNano() == 0 ? s : s + String.format(".%06d", t.getNano() / 1000).replaceAll("0+$", "");
  }

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Appends the JSON of a non-null value: maps as objects, structs as objects, arrays as arrays. */
  static StringBuilder json(FieldVector v, int i, StringBuilder b) {
    if (v instanceof MapVector m) {
      StructVector entries = (StructVector) m.getDataVector();
      FieldVector keys = (FieldVector) entries.getChildrenFromFields().get(0);
      FieldVector values = (FieldVector) entries.getChildrenFromFields().get(1);
      b.append('{');
      for (int e = m.getElementStartIndex(i); e < m.getElementEndIndex(i); e++) {
        if (e > m.getElementStartIndex(i)) b.append(',');
        quote(text(keys, e), b).append(':');
        value(values, e, b);
      }
      return b.append('}');
    }
    if (v instanceof ListVector l) {
      FieldVector items = l.getDataVector();
      b.append('[');
      for (int e = l.getElementStartIndex(i); e < l.getElementEndIndex(i); e++) {
        if (e > l.getElementStartIndex(i)) b.append(',');
        value(items, e, b);
      }
      return b.append(']');
    }
    if (v instanceof StructVector s) {
      b.append('{');
      List<FieldVector> fields = s.getChildrenFromFields();
      for (int f = 0; f < fields.size(); f++) {
        if (f > 0) b.append(',');
        quote(fields.get(f).getField().getName(), b).append(':');
        value(fields.get(f), i, b);
      }
      return b.append('}');
    }
    Object x = scalar(v, i);
    if (v instanceof BitVector || v instanceof BaseIntVector || v instanceof DecimalVector) {
      return b.append(x instanceof BigDecimal d ? d.toPlainString() : x.toString());
    }
    if (v instanceof FloatingPointVector) {
      double d = ((Number) x).doubleValue();
      // JSON has no NaN or infinity: they go as strings, as Spark's toJSON writes them.
      return Double.isFinite(d) ? b.append(x) : quote(x.toString(), b);
    }
    return quote(x.toString(), b);
  }

  private static void value(FieldVector v, int i, StringBuilder b) {
    if (v.isNull(i)) b.append("null");
    else json(v, i, b);
  }
}
