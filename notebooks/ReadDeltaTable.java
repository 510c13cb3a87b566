import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.*;
import io.delta.kernel.utils.CloseableIterator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a lakehouse table with no Spark at all: Delta Kernel (io.delta:delta-kernel-api/-defaults
 * 4.2.0, the Delta release the project writes with; mvn package copies them to target/delta-kernel).
 *
 * <p>java -cp 'target/delta-kernel/*' notebooks/ReadDeltaTable.java lakehouse/gold/county_balance_basic
 * prints the latest version of the table as CSV (header, then rows; map and array columns as "…").
 */
public class ReadDeltaTable {
  public static void main(String[] args) throws Exception {
    Engine engine = DefaultEngine.create(new Configuration());
    Snapshot snapshot = Table.forPath(engine, java.nio.file.Path.of(args[0]).toAbsolutePath().toString())
        .getLatestSnapshot(engine);
    StructType schema = snapshot.getSchema();
    System.out.println(String.join(",", schema.fieldNames()));
    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    StructType readSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            Row file = fileRows.next();
            CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
                .readParquetFiles(Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(file)),
                    readSchema, Optional.empty())
                .map(r -> r.getData());
            try (CloseableIterator<FilteredColumnarBatch> data = Scan.transformPhysicalData(engine, scanState, file, physical)) {
              while (data.hasNext()) print(data.next());
            }
          }
        }
      }
    }
  }

  /** Prints the rows of a batch its selection vector keeps (deletion vectors drop the others). */
  static void print(FilteredColumnarBatch batch) {
    ColumnarBatch b = batch.getData();
    Optional<ColumnVector> selected = batch.getSelectionVector();
    for (int r = 0; r < b.getSize(); r++) {
      if (selected.isPresent() && (selected.get().isNullAt(r) || !selected.get().getBoolean(r))) continue;
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < b.getSchema().length(); c++) {
        if (c > 0) line.append(',');
        line.append(value(b.getColumnVector(c), r));
      }
      System.out.println(line);
    }
  }

  static String value(ColumnVector v, int r) {
    if (v.isNullAt(r)) return "";
    DataType t = v.getDataType();
    if (t instanceof StringType) {
      String s = v.getString(r);
      return s.matches(".*[,\"\\n].*") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
    if (t instanceof IntegerType) return String.valueOf(v.getInt(r));
    if (t instanceof LongType) return String.valueOf(v.getLong(r));
    if (t instanceof ShortType) return String.valueOf(v.getShort(r));
    if (t instanceof ByteType) return String.valueOf(v.getByte(r));
    if (t instanceof DoubleType) return String.valueOf(v.getDouble(r));
    if (t instanceof FloatType) return String.valueOf(v.getFloat(r));
    if (t instanceof BooleanType) return String.valueOf(v.getBoolean(r));
    if (t instanceof DecimalType) return v.getDecimal(r).toPlainString();
    if (t instanceof DateType) return LocalDate.ofEpochDay(v.getInt(r)).toString();
    if (t instanceof TimestampType) return Instant.EPOCH.plus(v.getLong(r), ChronoUnit.MICROS).toString();
    return "…";
  }
}
