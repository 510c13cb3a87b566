package edubalance.serve;

import edubalance.conf.Settings;
import edubalance.conf.Args;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@code jobs/sql}, read the same way by the embedded job and by the thin
 * client (which has no Spark on its classpath, so nothing here touches Spark).
 */
public record SqlCommand(Args args, String statement, String format, String asOf, String lakehouse) {
  static final String USAGE = "usage: jobs/sql [--format csv|table|json] [--as-of RUN|TIMESTAMP] [--lakehouse DIR] "
      + "\"STATEMENT\" | --file FILE";

  /** {@code --lakehouse}, {@code --conf}, {@code --master} (JobContext's common options), and jobs/sql's own. */
  private static final Set<String> VALUED = Set.of("lakehouse", "conf", "master", "format", "as-of", "file");

  public static SqlCommand parse(String[] argv) {
    Args args = Args.parse(argv, VALUED, Set.of());
    if (args.positional().size() + (args.get("file") == null ? 0 : 1) != 1) {
      throw new Args.UsageException("give exactly one SQL statement, quoted, or --file FILE; " + USAGE);
    }
    String statement = args.get("file") == null ? args.positional().get(0) : readStatement(args.get("file"));
    String format = args.get("format", "csv");
    if (!List.of("csv", "table", "json").contains(format)) {
      throw new Args.UsageException("--format must be csv, table or json, not " + format);
    }
    return new SqlCommand(args, statement, format, args.get("as-of"), lakehouse(args));
  }

  /** The lakehouse a job's options name: {@code --lakehouse}, else conf's (JobContext's settings, read without it). */
  static String lakehouse(Args args) {
    if (args.get("lakehouse") != null) return args.get("lakehouse");
    Path home = Paths.get(System.getProperty("edubalance.home", "."));
    Path override = args.get("conf") == null ? null : Paths.get(args.get("conf"));
    return Settings.load(home.resolve("conf"), override).get("lakehouse");
  }

  private static String readStatement(String file) {
    try {
      // A trailing semicolon is habit in saved queries; Spark's parser takes one statement without it.
      return Files.readString(Path.of(file)).strip().replaceAll(";$", "");
    } catch (IOException e) {
      throw new Args.UsageException("cannot read the statement in --file " + file + ": " + e.getMessage());
    }
  }
}
