package edubalance.serve;

import edubalance.jobs.Args;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The thin {@code jobs/sql}: sends the statement to the {@code jobs/serve} of the lakehouse and prints
 * the answer as the embedded job would (same {@link ResultPrinter}). It runs on a classpath with
 * Arrow Flight and none of Spark, in a small JVM. Exit status as every job (0, 2 usage or refused,
 * 1 failure), and {@value #NO_SERVER} when no server answers for the lakehouse (or {@code --as-of} or
 * {@code --master} asks for the engine itself): jobs/_run then runs the embedded job.
 */
public final class SqlClient {
  public static final int NO_SERVER = 3;

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
    ServeState state = ServeState.find(cmd.lakehouse());
    if (state == null) return NO_SERVER;
    // The client's own event loop, ended before the JVM exits: gRPC's shared one outlives a closed
    // channel by a second, and HotSpot's exit waits 0.3 s for threads still in native code (its
    // poll), a quarter of a served jobs/sql (docs/BENCHMARKS.md).
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightGrpcUtils.createFlightClient(allocator,
            ServerIdentity.clientBuilder(allocator, state).build()
                .eventLoopGroup(loop).channelType(NioSocketChannel.class).build())) {
      // A stale or forged state file: no statement (nor password) goes to whatever listens there.
      if (!ServerIdentity.verify(client, state)) {
        System.err.println("sql: the server named by " + ServeState.file(cmd.lakehouse()) + " does not answer for this"
            + " lakehouse (stale state file?); running the statement here instead");
        return NO_SERVER;
      }
      List<CallOption> call = new ArrayList<>(List.of(CallOptions.timeout(1, TimeUnit.DAYS)));
      Credentials login = Credentials.find();
      if (login != null) client.authenticateBasicToken(login.user(), login.password()).ifPresent(call::add);
      CallOption[] options = call.toArray(CallOption[]::new);
      FlightInfo info = client.getInfo(FlightDescriptor.command(cmd.statement().getBytes(StandardCharsets.UTF_8)), options);
      ResultPrinter printer = new ResultPrinter(cmd.format(), System.out);
      try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), options)) {
        while (stream.next()) printer.batch(stream.getRoot());
      }
      printer.finish();
      return 0;
    } catch (FlightRuntimeException e) {
      if (e.status().code() == FlightStatusCode.UNAVAILABLE) return NO_SERVER; // it stopped meanwhile
      if (e.status().code() == FlightStatusCode.UNAUTHENTICATED) {
        System.err.println("sql: " + e.status().description() + " (" + Credentials.HOW + ")");
        return 2;
      }
      System.err.println("sql: " + e.status().description());
      return e.status().code() == FlightStatusCode.UNAUTHORIZED ? 2 : 1;
    } catch (IllegalArgumentException e) {
      System.err.println("sql: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("sql: " + e);
      return 1;
    } finally {
      loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
