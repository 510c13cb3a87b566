package edubalance.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one CSV file of a dataset into bronze rows: the contract's columns as raw strings (null
 * when the file has no such column), the other columns in {@code _extra}, and where each row came
 * from. Runs inside Spark tasks, one file at a time, streaming, decoding with {@link CsvDecoding}.
 */
final class CsvRows {
  private CsvRows() {}

  /**
   * Empty lines are read as records and skipped here ({@link #blank}): commons-csv's own skipping
   * numbers the row after empty lines by the first of them.
   */
  static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

  /** The bronze schema of a dataset: its columns as strings, then the row's provenance. */
  static StructType bronzeSchema(DatasetSpec spec) {
    StructType s = new StructType();
    for (String c : spec.columnNames()) s = s.add(c, DataTypes.StringType);
    return s.add("_extra", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
        .add("_missing_columns", DataTypes.createArrayType(DataTypes.StringType))
        .add("_malformed", DataTypes.StringType)
        .add("_source_file", DataTypes.StringType)
        .add("_line", DataTypes.LongType)
        .add("_encoding", DataTypes.StringType)
        .add("_delivery_id", DataTypes.StringType)
        .add("_ingested_at", DataTypes.TimestampType);
  }

  /** Normalised header name: trimmed, lower case, without a stray byte-order mark. */
  static String headerName(String raw) {
    return raw.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
  }

  /** {@code _line} of the one bronze row that stands for a refused file (files start at line 1). */
  static final long REFUSED_LINE = 0;

  /**
   * The bronze rows of one file, or of one part of it ({@link FileParts}: a part after the first
   * takes the header from the file's start, and its rows' lines count from the line it starts on).
   * A file that cannot be opened, decoded or parsed (binary, mixed encodings, an unterminated
   * quote) ends with one row at {@link #REFUSED_LINE} whose {@code _malformed} is
   * {@code <reason>: <detail>}: ingest then refuses the whole file, and the rows read from it
   * before are dropped. So a bad file fails alone, in the same pass as the good.
   */
  static Iterator<Row> read(DatasetSpec spec, FileParts.Part part, String declaredEncoding,
      Configuration hadoop, String deliveryId, java.sql.Timestamp ingestedAt) {
    String file = part.file();
    String relativeName = part.relativeName();
    long lineOffset = part.lineOffset();
    int width = spec.columnNames().size() + 8;
    Object noneMissing = scala.jdk.javaapi.CollectionConverters.asScala(List.<String>of()).toSeq();
    java.util.function.BiFunction<String, String, Row> refusedRow = (reason, detail) -> {
      Object[] values = new Object[width];
      int k = spec.columnNames().size();
      values[k] = scala.jdk.javaapi.CollectionConverters.asScala(Map.<String, String>of());
      values[k + 1] = noneMissing;
      values[k + 2] = reason + ": " + detail;
      values[k + 3] = relativeName;
      values[k + 4] = REFUSED_LINE;
      values[k + 6] = deliveryId;
      values[k + 7] = ingestedAt;
      return RowFactory.create(values);
    };
    CsvDecoding decoding;
    CSVParser parser;
    Iterator<CSVRecord> records;
    CSVRecord header = null;
    try {
      if (!part.first()) {
        header = header(file, hadoop, declaredEncoding);
        if (header == null) return java.util.Collections.emptyIterator();
      }
      decoding = new CsvDecoding(FileParts.open(file, hadoop, part.start(), part.end() < 0 ? -1 : part.end() - part.start()),
          declaredEncoding);
      parser = CSVParser.builder().setReader(decoding).setFormat(FORMAT).get();
      records = parser.iterator();
      if (part.first()) {
        header = firstFilled(records);
        if (header == null) {
          parser.close();
          return java.util.Collections.emptyIterator();
        }
      }
    } catch (IOException | RuntimeException e) {
      Row refused = refusal(e, refusedRow);
      return List.of(refused).iterator();
    }
    List<String> names = new ArrayList<>();
    for (String h : header) names.add(headerName(h));
    List<String> columns = spec.columnNames();
    String repeated = repeatedColumn(names, columns);
    if (repeated != null) {
      close(parser);
      return List.of(refusedRow.apply("duplicate_column:" + repeated, "the header names " + repeated + " twice (columns "
          + (names.indexOf(repeated) + 1) + " and " + (names.lastIndexOf(repeated) + 1)
          + "); which of the two values is meant cannot be known")).iterator();
    }
    int[] position = new int[columns.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      position[i] = names.indexOf(columns.get(i));
      if (position[i] < 0 && spec.requiredColumns().contains(columns.get(i))) missing.add(columns.get(i));
    }
    List<Integer> extraPositions = new ArrayList<>();
    // Outside the contract a name may repeat (trailing commas give blank ones): each column is kept,
    // a blank one as #<column number>, a repeated one as <name>#<column number>.
    Map<Integer, String> extraNames = new HashMap<>();
    for (int j = 0; j < names.size(); j++) {
      if (columns.contains(names.get(j))) continue;
      extraPositions.add(j);
      String name = names.get(j);
      extraNames.put(j, !name.isEmpty() && names.indexOf(name) == j ? name : name + "#" + (j + 1));
    }
    Object missingSeq = scala.jdk.javaapi.CollectionConverters.asScala(missing).toSeq();
    // Most files have no column outside the contract: their rows share one empty map.
    Object noExtra = scala.jdk.javaapi.CollectionConverters.asScala(Map.<String, String>of());

    return new Iterator<>() {
      Row next = advance();

      private Row advance() {
        if (parser.isClosed()) return null;
        long lineBefore;
        CSVRecord r;
        try {
          do {
            lineBefore = parser.getCurrentLineNumber();
            if (!records.hasNext()) {
              close();
              return null;
            }
            r = records.next();
          } while (blank(r));
        } catch (RuntimeException e) {
          close();
          return refusal(e, refusedRow);
        }
        Object[] values = new Object[width];
        for (int i = 0; i < columns.size(); i++) {
          values[i] = position[i] >= 0 && position[i] < r.size() ? r.get(position[i]) : null;
        }
        int k = columns.size();
        if (extraPositions.isEmpty()) {
          values[k] = noExtra;
        } else {
          Map<String, String> extra = new HashMap<>();
          for (int j : extraPositions) if (j < r.size()) extra.put(extraNames.get(j), r.get(j));
          values[k] = scala.jdk.javaapi.CollectionConverters.asScala(extra);
        }
        values[k + 1] = missingSeq;
        String bad = decoding.badLine(lineBefore + 1, parser.getCurrentLineNumber());
        values[k + 2] = bad != null ? bad
            : r.size() == names.size() ? null : "expected " + names.size() + " fields, found " + r.size();
        values[k + 3] = relativeName;
        values[k + 4] = lineOffset + lineBefore + 1;
        values[k + 5] = decoding.charsetName();
        values[k + 6] = deliveryId;
        values[k + 7] = ingestedAt;
        return RowFactory.create(values);
      }

      private void close() {
        CsvRows.close(parser);
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Row next() {
        Row r = next;
        next = advance();
        return r;
      }
    };
  }

  /** The header record of a file (null when it has none), for a part that starts after it. */
  private static CSVRecord header(String file, Configuration hadoop, String declaredEncoding) throws IOException {
    try (CSVParser p = CSVParser.builder().setReader(new CsvDecoding(Delivery.open(file, hadoop), declaredEncoding))
        .setFormat(FORMAT).get()) {
      return firstFilled(p.iterator());
    }
  }

  /** The next record that is not an empty line, or null. */
  private static CSVRecord firstFilled(Iterator<CSVRecord> records) {
    while (records.hasNext()) {
      CSVRecord r = records.next();
      if (!blank(r)) return r;
    }
    return null;
  }

  /** An empty line: one empty field (a line of commas is a row, with fields missing). */
  private static boolean blank(CSVRecord r) {
    return r.size() == 1 && r.get(0).isEmpty();
  }

  /** A column of the contract the header names twice, or null. */
  static String repeatedColumn(List<String> header, List<String> columns) {
    for (String c : columns) if (header.indexOf(c) != header.lastIndexOf(c)) return c;
    return null;
  }

  private static void close(CSVParser parser) {
    try {
      parser.close();
    } catch (IOException e) {
      // Nothing more to read; closing is best effort.
    }
  }

  /** The refusal row for what stopped reading a file: its reason code and a one-line detail. */
  private static Row refusal(Throwable e, java.util.function.BiFunction<String, String, Row> row) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof CsvDecoding.RefusedFile)) cause = cause.getCause();
    if (cause instanceof CsvDecoding.RefusedFile refused) return row.apply(refused.reason, refused.getMessage());
    if (e instanceof java.io.UncheckedIOException || e instanceof IllegalStateException) {
      // commons-csv: an unterminated quote, a character after a closing quote...
      return row.apply("unparseable_csv", firstLine(cause.getMessage()));
    }
    return row.apply("unreadable", firstLine(cause.getClass().getSimpleName() + ": " + cause.getMessage()));
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
