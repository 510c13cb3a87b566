package edubalance.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The CSV files of one city or county: {@code root/<dataset>/<year>/<file>.csv}, opened on first
 * use with the header row, streamed as rows are generated, closed at the end of the city or county.
 * One Sink is used by one thread only.
 */
final class Sink implements Closeable {
  /** Year of a dataset that has none (divisions): its files sit directly in the dataset directory. */
  static final int NO_YEAR = 0;

  private final Path root;
  private final String fileName;
  private final Counters counters;
  private final Map<String, CSVPrinter> open = new LinkedHashMap<>();

  Sink(Path root, String fileName, Counters counters) {
    this.root = root;
    this.fileName = fileName;
    this.counters = counters;
  }

  /** Writes one row of dataset ds into its file for year (school, fiscal or calendar year). */
  void row(DeliveryDataset ds, int year, Object... values) {
    // The header comes from the dataset's spec: a column added there must be generated here too.
    if (values.length != ds.width()) {
      throw new IllegalStateException(ds.dirName() + ": " + values.length + " values for the spec's " + ds.width() + " columns");
    }
    try {
      printer(ds, year).printRecord(values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    counters.row(ds);
  }

  private CSVPrinter printer(DeliveryDataset ds, int year) throws IOException {
    String key = ds.ordinal() + "/" + year;
    CSVPrinter p = open.get(key);
    if (p == null) {
      Path dir = year == NO_YEAR ? root.resolve(ds.dirName())
          : root.resolve(ds.dirName()).resolve(Integer.toString(year));
      Files.createDirectories(dir);
      BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
          Files.newOutputStream(dir.resolve(fileName + ".csv")), StandardCharsets.UTF_8), 1 << 16);
      p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(ds.header()).get());
      open.put(key, p);
    }
    return p;
  }

  @Override
  public void close() {
    IOException first = null;
    for (CSVPrinter p : open.values()) {
      try {
        p.close(true);
      } catch (IOException e) {
        if (first == null) first = e;
      }
    }
    open.clear();
    if (first != null) throw new UncheckedIOException(first);
  }
}
