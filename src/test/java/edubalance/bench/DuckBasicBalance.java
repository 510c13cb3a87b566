package edubalance.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The DuckDB reference of {@code jobs/bench --compare}: the eight basic-balance coefficients
 * computed from a delivery's CSV by {@code bench/basic_balance.duckdb.sql}, in-process, timed;
 * optionally checked against gold.county_balance_basic exported as CSV.
 *
 * <pre>DuckBasicBalance INBOX OUT.csv [GOLD.csv]</pre>
 *
 * Prints {@code duckdb: N county-level rows in S s} and, with GOLD.csv, {@code duckdb vs gold: ...}
 * with the largest absolute difference of any coefficient; exit 1 when it exceeds {@link #TOLERANCE}
 * or the two disagree on which rows or which nulls there are.
 */
public final class DuckBasicBalance {
  private DuckBasicBalance() {}

  static final double TOLERANCE = 1e-6;
  static final String[] COEFFICIENTS = {"cv_teaching_aux_area", "cv_sports_area", "cv_equipment_value",
      "cv_computers", "cv_books", "cv_teachers", "cv_qualified_teachers", "cv_titled_teachers"};

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: DuckBasicBalance INBOX OUT.csv [GOLD.csv]");
      System.exit(2);
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      long start = System.nanoTime();
      long rows = compute(s, Path.of(args[0]));
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "duckdb: %d county-level rows in %.2f s%n", rows, seconds);
      s.execute("COPY (SELECT * FROM result ORDER BY ALL) TO '" + quoted(args[1]) + "' (HEADER)");
      if (args.length == 3) {
        Comparison c = compareWithGold(s, Path.of(args[2]));
        System.out.println("duckdb vs gold: " + c);
        if (!c.agrees()) System.exit(1);
      }
    }
  }

  /** Runs the reference script on a delivery into the table {@code result}; returns its rows. */
  public static long compute(Statement duck, Path inbox) throws SQLException, IOException {
    String script;
    try (InputStream in = DuckBasicBalance.class.getResourceAsStream("/bench/basic_balance.duckdb.sql")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${INBOX}", quoted(inbox.toAbsolutePath().toString()));
    }
    StringBuilder sql = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) sql.append(line).append('\n');
    }
    for (String statement : sql.toString().split(";\\s*\n")) {
      if (statement.isBlank()) continue;
      long start = System.nanoTime();
      duck.execute(statement);
      System.err.printf(Locale.ROOT, "duckdb: %s: %.2f s%n", statement.strip().lines().findFirst().orElse(""),
          (System.nanoTime() - start) / 1e9);
    }
    try (ResultSet r = duck.executeQuery("SELECT count(*) FROM result")) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * How the DuckDB result in table {@code result} compares with gold rows (a CSV with at least the
   * keys, schools, students and the eight coefficients, as {@code jobs/sql --format csv} writes it).
   */
  public static Comparison compareWithGold(Statement duck, Path goldCsv) throws SQLException {
    // Typed here: a coefficient column null throughout would otherwise be read as text.
    StringBuilder types = new StringBuilder("{'county_code': 'VARCHAR', 'schools': 'BIGINT', 'students': 'BIGINT'");
    for (String c : COEFFICIENTS) types.append(", '").append(c).append("': 'DOUBLE'");
    duck.execute("CREATE OR REPLACE TABLE gold AS SELECT * FROM read_csv('" + quoted(goldCsv.toAbsolutePath().toString())
        + "', header = true, types = " + types + "})");
    StringBuilder diff = new StringBuilder("greatest(0");
    StringBuilder nulls = new StringBuilder("0");
    for (String c : COEFFICIENTS) {
      diff.append(", coalesce(abs(d.").append(c).append(" - g.").append(c).append("), 0)");
      nulls.append(" + CASE WHEN (d.").append(c).append(" IS NULL) <> (g.").append(c).append(" IS NULL) THEN 1 ELSE 0 END");
    }
    diff.append(")");
    String sql = "SELECT count(*) FILTER (WHERE d.county_code IS NOT NULL AND g.county_code IS NOT NULL),"
        + " count(*) FILTER (WHERE g.county_code IS NULL), count(*) FILTER (WHERE d.county_code IS NULL),"
        + " coalesce(max(" + diff + "), 0), coalesce(sum(" + nulls + "), 0),"
        + " count(*) FILTER (WHERE d.schools <> g.schools OR d.students <> g.students)"
        + " FROM result d FULL JOIN gold g USING (school_year, county_code, level)";
    try (ResultSet r = duck.executeQuery(sql)) {
      r.next();
      return new Comparison(r.getLong(1), r.getLong(2), r.getLong(3), r.getDouble(4), r.getLong(5), r.getLong(6));
    }
  }

  /**
   * @param matched county-level rows in both
   * @param onlyDuck rows DuckDB has and gold lacks
   * @param onlyGold rows gold has and DuckDB lacks
   * @param maxDifference the largest absolute difference of a coefficient both have
   * @param nullMismatches coefficients null on one side only
   * @param countMismatches rows whose units or students differ
   */
  public record Comparison(long matched, long onlyDuck, long onlyGold, double maxDifference, long nullMismatches,
      long countMismatches) {
    public boolean agrees() {
      return matched > 0 && onlyDuck == 0 && onlyGold == 0 && nullMismatches == 0 && countMismatches == 0
          && maxDifference <= TOLERANCE;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d rows matched, %d only in DuckDB, %d only in gold, largest difference %.3g,"
          + " %d null mismatches, %d unit or student count mismatches: %s", matched, onlyDuck, onlyGold, maxDifference,
          nullMismatches, countMismatches, agrees() ? "agree" : "DISAGREE");
    }
  }

  private static String quoted(String path) {
    return path.replace("'", "''");
  }
}
