package edubalance.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The parts a delivery's CSV files are parsed in, so that one large file keeps every core busy.
 * A file larger than a part is cut into byte ranges that start at a line start; the line its part
 * starts on is counted beforehand, so a quarantined row still names its file and line.
 *
 * <p>A cut is only safe where no record can span it and every part reads as the whole file would.
 * One look at the bytes (a Spark job, each task one range) checks both. A file is read whole, by
 * one task as before, when it holds a quote (a quoted field may hold a line end), or when a part
 * after the first holds a byte that is not printable ASCII, tab, CR or LF: only then does the
 * first part decide the file's character set ({@link CsvDecoding}) exactly as the whole file
 * would, and no later part has anything to decode or to mark.
 */
final class FileParts {
  private FileParts() {}

  /** Files smaller than this are never cut: a part costs a task and a bronze file. */
  static final long MIN_PART_BYTES = 1L << 20;

  /**
   * Bytes {@code [start, end)} of a file (end -1: to its end), whose first line is line
   * {@code lineOffset + 1} of the file; {@code first} when it holds the header.
   */
  record Part(String file, String relativeName, long start, long end, long lineOffset) implements Serializable {
    static Part whole(String file, String relativeName) {
      return new Part(file, relativeName, 0, -1, 0);
    }

    boolean first() {
      return start == 0;
    }
  }

  /** Bytes {@code [from, to)} of file number {@code file} of a plan, its range number {@code index}. */
  record Range(int file, int index, String uri, long from, long to) implements Serializable {}

  /** What one nominal range {@code [from, to)} holds, from one read of it. */
  record Scan(int index, long boundary, long breaksToBoundary, long breaks, boolean quote, boolean plain)
      implements Serializable {}

  /**
   * The bytes of a part: the total divided among the cores (so every core has a part), at most
   * {@code maxBytes}, at least {@link #MIN_PART_BYTES}.
   */
  static long partBytes(long totalBytes, int cores, long maxBytes) {
    long perCore = (totalBytes + cores - 1) / Math.max(1, cores);
    return Math.max(MIN_PART_BYTES, Math.min(maxBytes, perCore));
  }

  /**
   * The parts of {@code files} ({uri, relative name}) of the given sizes: whole files, and the
   * files larger than {@code partBytes} cut where that is safe.
   */
  static List<Part> plan(JavaSparkContext jsc, HadoopConf hadoop, List<String[]> files, List<Long> sizes, long partBytes) {
    List<Range> ranges = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      long size = sizes.get(f);
      if (size <= partBytes) continue;
      long n = (size + partBytes - 1) / partBytes;
      for (int k = 0; k < n; k++) ranges.add(new Range(f, k, files.get(f)[0], k * size / n, (k + 1) * size / n));
    }
    // One scan per range, in range order (collect keeps it): a failed scan is null.
    List<Scan> scanned = ranges.isEmpty() ? List.of()
        : jsc.parallelize(ranges, ranges.size()).map(r -> scan(r.index(), r.uri(), r.from(), r.to(), hadoop.get())).collect();
    List<Part> parts = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      List<Scan> scans = new ArrayList<>();
      for (int r = 0; r < ranges.size(); r++) if (ranges.get(r).file() == f) scans.add(scanned.get(r));
      parts.addAll(cut(files.get(f)[0], files.get(f)[1], sizes.get(f), scans));
    }
    return parts;
  }

  /**
   * The parts of one file from the scans of its nominal ranges (in order; empty: not cut): the
   * whole file when a range holds a quote, or a range after the first a byte it could not decode
   * alone, or a scan failed (the whole-file read then refuses the file with its reason).
   */
  static List<Part> cut(String file, String relativeName, long size, List<Scan> scans) {
    if (scans.size() < 2) return List.of(Part.whole(file, relativeName));
    for (Scan s : scans) {
      if (s == null || s.quote() || (s.index() > 0 && !s.plain())) return List.of(Part.whole(file, relativeName));
    }
    List<Part> parts = new ArrayList<>();
    long breaksBefore = 0;
    long start = 0;
    long lineOffset = 0;
    for (int k = 1; k <= scans.size(); k++) {
      long end = k == scans.size() ? size : scans.get(k).boundary();
      if (end > start) parts.add(new Part(file, relativeName, start, k == scans.size() ? -1 : end, lineOffset));
      breaksBefore += scans.get(k - 1).breaks();
      if (k < scans.size()) {
        start = Math.max(start, end);
        lineOffset = breaksBefore + scans.get(k).breaksToBoundary();
      }
    }
    return parts;
  }

  /**
   * One read of the bytes {@code [from, to)} of a file: where the first line starting at or after
   * {@code from} starts (after the first LF at or after {@code from - 1}; {@code from} itself for the
   * first range), the line ends (as commons-csv counts them: CR, LF or CRLF) before that point and
   * in the whole range, whether it holds a quote, and whether every byte is printable ASCII, tab,
   * CR or LF. Null when the file cannot be read: it is then read whole and refused with its reason.
   */
  static Scan scan(int index, String file, long from, long to, Configuration hadoop) {
    try (InputStream in = open(file, hadoop, Math.max(0, from - 1), -1)) {
      byte[] b = new byte[1 << 16];
      int previous = -1;
      long at = Math.max(0, from - 1);
      long boundary = from == 0 ? 0 : -1;
      long breaksToBoundary = 0;
      long breaks = 0;
      boolean quote = false;
      boolean plain = true;
      for (int n; (boundary < 0 || at < to) && (n = in.read(b)) > 0; ) {
        for (int i = 0; i < n; i++, at++) {
          int c = b[i];
          if (at >= from) {
            boolean lineEnd = c == '\r' || (c == '\n' && previous != '\r');
            if (lineEnd && boundary < 0) breaksToBoundary++;
            if (at < to) {
              if (lineEnd) breaks++;
              if (c == '"') quote = true;
              if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c > 0x7E) plain = false;
            }
          }
          if (c == '\n' && boundary < 0) boundary = at + 1;
          previous = c;
          if (boundary >= 0 && at >= to) break;
        }
      }
      // No line starts in the rest of the file: the part is empty, its range read by the one before.
      if (boundary < 0) boundary = at;
      return new Scan(index, boundary, breaksToBoundary, breaks, quote, plain);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Opens a listed file at byte {@code start}, limited to {@code length} bytes (-1: to its end). */
  static InputStream open(String file, Configuration hadoop, long start, long length) throws IOException {
    InputStream in = Delivery.open(file, hadoop);
    if (start > 0) {
      if (in instanceof org.apache.hadoop.fs.Seekable seekable) {
        seekable.seek(start);
      } else {
        in.skipNBytes(start);
      }
    }
    return length < 0 ? in : org.apache.commons.io.input.BoundedInputStream.builder().setInputStream(in).setMaxCount(length).get();
  }
}
