package edubalance.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
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
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one CSV file of a dataset into bronze rows: the contract's columns as raw strings (null
 * when the file has no such column), the other columns in {@code _extra}, and where each row came
 * from. Runs inside Spark tasks, one file at a time, streaming.
 */
final class CsvRows {
  private CsvRows() {}

  static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

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

  static Iterator<Row> read(DatasetSpec spec, String file, String relativeName, String declaredEncoding,
      Configuration hadoop, String deliveryId, java.sql.Timestamp ingestedAt) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(hadoop);
    BufferedInputStream in = CsvDecoding.buffered(fs.open(path));
    Charset charset = CsvDecoding.detect(in, declaredEncoding);
    Reader reader = new InputStreamReader(in, charset);
    CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
    Iterator<CSVRecord> records = parser.iterator();
    if (!records.hasNext()) {
      parser.close();
      return java.util.Collections.emptyIterator();
    }
    CSVRecord header = records.next();
    List<String> names = new ArrayList<>();
    for (String h : header) names.add(headerName(h));
    List<String> columns = spec.columnNames();
    int[] position = new int[columns.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      position[i] = names.indexOf(columns.get(i));
      if (position[i] < 0 && spec.requiredColumns().contains(columns.get(i))) missing.add(columns.get(i));
    }
    List<Integer> extraPositions = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) if (!columns.contains(names.get(j))) extraPositions.add(j);
    String encoding = charset.name();
    Object missingSeq = scala.jdk.javaapi.CollectionConverters.asScala(missing).toSeq();

    return new Iterator<>() {
      Row next = advance();

      private Row advance() {
        long lineBefore = parser.getCurrentLineNumber();
        if (!records.hasNext()) {
          try {
            parser.close();
          } catch (IOException e) {
            // Nothing more to read; closing is best effort.
          }
          return null;
        }
        CSVRecord r = records.next();
        Object[] values = new Object[columns.size() + 8];
        for (int i = 0; i < columns.size(); i++) {
          values[i] = position[i] >= 0 && position[i] < r.size() ? r.get(position[i]) : null;
        }
        Map<String, String> extra = new HashMap<>();
        for (int j : extraPositions) if (j < r.size()) extra.put(names.get(j), r.get(j));
        int k = columns.size();
        values[k] = scala.jdk.javaapi.CollectionConverters.asScala(extra);
        values[k + 1] = missingSeq;
        values[k + 2] = r.size() == names.size() ? null
            : "expected " + names.size() + " fields, found " + r.size();
        values[k + 3] = relativeName;
        values[k + 4] = lineBefore + 1;
        values[k + 5] = encoding;
        values[k + 6] = deliveryId;
        values[k + 7] = ingestedAt;
        return RowFactory.create(values);
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
}
