package edubalance.jobs;

import edubalance.conf.Args;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.SparkSessions;
import edubalance.serve.ReadOnlyGuard;
import edubalance.serve.ResultPrinter;
import edubalance.serve.SparkArrow;
import edubalance.serve.SqlCommand;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code jobs/sql [--format csv|table|json] [--as-of RUN|TIMESTAMP] "STATEMENT" | --file FILE}: one
 * read-only statement against the lakehouse (see {@link ReadOnlyGuard}), embedded: it opens only the
 * tables the statement names. When {@code jobs/serve} runs for the lakehouse, jobs/_run sends the
 * statement there instead ({@link edubalance.serve.SqlClient}) and this class is not loaded. Only the
 * result goes to stdout; logs go to stderr. {@code --file} reads the statement from a UTF-8 file, so
 * saved queries (notebooks/*.sql) run as they are.
 */
public final class SqlJob {
  private SqlJob() {}

  /** Set by jobs/_run in the run that makes jobs/sql's class archive (the classes it loads, for the runs after it). */
  static final String MAKING_CLASS_ARCHIVE = "edubalance.making.class.archive";

  public static int run(String[] argv) {
    SqlCommand cmd = SqlCommand.parse(argv);
    try (JobContext ctx = JobContext.open("sql", cmd.args());
        BufferAllocator allocator = new RootAllocator()) {
      ReadOnlyGuard.Reads reads = ReadOnlyGuard.check(ctx.spark, cmd.statement());
      SparkSession session = SparkSessions.forQueries(ctx.spark, cmd.asOf() == null && !reads.timeTravel());
      Dataset<Row> result = ReadOnlyGuard.query(ctx.lakehouse, session, cmd.statement(), cmd.asOf(), reads);
      ResultPrinter printer = new ResultPrinter(cmd.format(), System.out);
      SparkArrow.stream(result, allocator, root -> { }, printer::batch);
      printer.finish();
      System.out.flush();
      if (Boolean.getBoolean(MAKING_CLASS_ARCHIVE)) readATable(ctx.lakehouse, SparkSessions.forQueries(ctx.spark, true));
    } catch (ReadOnlyGuard.Refused e) {
      throw new Args.UsageException(e.getMessage());
    } catch (Exception e) {
      // A wrong table or column: Spark's first line says which (Scala throws this checked exception unchecked).
      if (e instanceof AnalysisException) throw new IllegalArgumentException(ReadOnlyGuard.firstLines(e.getMessage()));
      if (e instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e);
    }
    return 0;
  }

  /**
   * In the run that makes the class archive, after the answer: reads the first table of gold, else
   * silver, else ops, as a query would (a scan, an aggregate, a sort), so the archive holds Delta's,
   * Parquet's and the planner's classes whatever the statement was: after an archive made by a
   * {@code SELECT 1} alone, a gold query took about 1.5 s more (docs/BENCHMARKS.md).
   * Best effort: the answer is printed already, and a failure here only leaves the archive thinner.
   */
  private static void readATable(Lakehouse lakehouse, SparkSession session) {
    for (String layer : List.of("gold", "silver", "ops")) {
      for (String table : lakehouse.tablesIn(layer)) {
        String name = layer + "." + table;
        try {
          lakehouse.register(List.of(name), null);
          session.sql("SELECT count(*) FROM " + name).collectAsList();
          session.sql("SELECT * FROM " + name + " ORDER BY 1 DESC LIMIT 10").collectAsList();
        } catch (RuntimeException e) {
          // not a table a query reads as a whole (a map in its first column): the archive is made all the same
        }
        return;
      }
    }
  }
}
