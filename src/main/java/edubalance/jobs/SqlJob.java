package edubalance.jobs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code jobs/sql [--format csv|table|json] [--as-of RUN|TIMESTAMP] "STATEMENT" | --file FILE}: one
 * statement against the lakehouse, with bronze, silver, quarantine, gold and ops registered. Only the
 * result goes to stdout; logs go to stderr. {@code --file} reads the statement from a UTF-8 file, so
 * saved queries (notebooks/*.sql) run as they are.
 */
public final class SqlJob {
  private SqlJob() {}

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.add("format");
    valued.add("as-of");
    valued.add("file");
    Args args = Args.parse(argv, valued, Set.of());
    if (args.positional().size() + (args.get("file") == null ? 0 : 1) != 1) {
      throw new Args.UsageException("give exactly one SQL statement, quoted, or --file FILE; usage: jobs/sql "
          + "[--format csv|table|json] [--as-of RUN|TIMESTAMP] [--lakehouse DIR] \"STATEMENT\" | --file FILE");
    }
    String statement = args.get("file") == null ? args.positional().get(0) : readStatement(args.get("file"));
    String format = args.get("format", "csv");
    if (!List.of("csv", "table", "json").contains(format)) {
      throw new Args.UsageException("--format must be csv, table or json, not " + format);
    }
    try (JobContext ctx = JobContext.open("sql", args)) {
      ctx.lakehouse.registerAll(args.get("as-of"));
      try {
        print(ctx.spark.sql(statement), format);
      } catch (Exception e) {
        // Scala throws AnalysisException (a wrong table or column, a syntax error) unchecked.
        if (e instanceof org.apache.spark.sql.AnalysisException) {
          throw new IllegalArgumentException(e.getMessage().split("\n")[0]);
        }
        throw e;
      }
    }
    return 0;
  }

  private static String readStatement(String file) {
    try {
      // A trailing semicolon is habit in saved queries; Spark's parser takes one statement without it.
      return java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip().replaceAll(";$", "");
    } catch (java.io.IOException e) {
      throw new Args.UsageException("cannot read the statement in --file " + file + ": " + e.getMessage());
    }
  }

  static void print(Dataset<Row> result, String format) {
    switch (format) {
      case "table" -> result.show(Integer.MAX_VALUE, false);
      case "json" -> {
        for (String line : result.toJSON().collectAsList()) System.out.println(line);
      }
      default -> {
        try {
          CSVPrinter p = new CSVPrinter(System.out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
          p.printRecord((Object[]) result.columns());
          for (Row r : result.collectAsList()) {
            Object[] v = new Object[r.length()];
            for (int i = 0; i < v.length; i++) v[i] = r.isNullAt(i) ? "" : r.get(i);
            p.printRecord(v);
          }
          p.flush();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
  }
}
