package edubalance.jobs;

import edubalance.serve.ReadOnlyGuard;
import edubalance.serve.ResultPrinter;
import edubalance.serve.SparkArrow;
import edubalance.serve.SqlCommand;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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

  public static int run(String[] argv) {
    SqlCommand cmd = SqlCommand.parse(argv);
    try (JobContext ctx = JobContext.open("sql", cmd.args());
        BufferAllocator allocator = new RootAllocator()) {
      Dataset<Row> result = ReadOnlyGuard.query(ctx.lakehouse, ctx.spark, cmd.statement(), cmd.asOf());
      ResultPrinter printer = new ResultPrinter(cmd.format(), System.out);
      SparkArrow.stream(result, allocator, root -> { }, printer::batch);
      printer.finish();
    } catch (ReadOnlyGuard.Refused e) {
      throw new Args.UsageException(e.getMessage());
    } catch (Exception e) {
      // A wrong table or column: Spark's first line says which (Scala throws this checked exception unchecked).
      if (e instanceof AnalysisException) throw new IllegalArgumentException(e.getMessage().split("\n")[0]);
      if (e instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e);
    }
    return 0;
  }
}
