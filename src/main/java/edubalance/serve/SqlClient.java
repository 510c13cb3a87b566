package edubalance.serve;

import edubalance.conf.Args;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;

/**
 * The thin {@code jobs/sql}: sends the statement to the {@code jobs/serve} of the lakehouse and prints
 * the answer as the embedded job would (same {@link ResultPrinter}). It runs on a classpath with
 * Arrow Flight and none of Spark, in a small JVM. Exit status as every job (0, 2 usage or refused,
 * 1 failure), and {@value #NO_SERVER} when no server answers for the lakehouse (or {@code --as-of} or
 * {@code --master} asks for the engine itself): jobs/_run then runs the embedded job.
 */
public final class SqlClient {
  public static final int NO_SERVER = ServerCall.NO_SERVER;

  private SqlClient() {}

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  static int run(String[] argv) {
    SqlCommand cmd;
    try {
      cmd = SqlCommand.parse(argv);
    } catch (Args.UsageException | IllegalArgumentException e) {
      return NO_SERVER; // the embedded job reports it, in its own words
    }
    if (cmd.asOf() != null || cmd.args().get("master") != null) return NO_SERVER;
    return ServerCall.run("sql", cmd.lakehouse(), (client, options) -> {
      FlightInfo info = client.getInfo(FlightDescriptor.command(cmd.statement().getBytes(StandardCharsets.UTF_8)), options);
      ResultPrinter printer = new ResultPrinter(cmd.format(), System.out);
      try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), options)) {
        while (stream.next()) printer.batch(stream.getRoot());
      }
      printer.finish();
      return 0;
    });
  }
}
