package edubalance.serve;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * One call of a thin client ({@code jobs/sql}, {@code jobs/report}) to the {@code jobs/serve} of a
 * lakehouse, on a classpath with Arrow Flight and none of Spark: finds the server's state file,
 * makes sure the server answers for it ({@link ServerIdentity}: a stale or forged file gets no
 * statement and no password), logs in from the environment or the user file ({@link Credentials}),
 * and maps what goes wrong to the jobs' exit statuses: 0, 2 usage or refused, 1 failure, and
 * {@value #NO_SERVER} when no server answers (jobs/_run then runs the embedded job).
 */
final class ServerCall {
  static final int NO_SERVER = 3;

  private ServerCall() {}

  /** What the client does with a verified, logged-in server; returns the exit status. */
  interface Body {
    int run(FlightClient client, CallOption[] options) throws Exception;
  }

  static int run(String job, String lakehouse, Body body) {
    ServeState state = ServeState.find(lakehouse);
    if (state == null) return NO_SERVER;
    // The client's own event loop, ended before the JVM exits: gRPC's shared one outlives a closed
    // channel by a second, and HotSpot's exit waits 0.3 s for threads still in native code (its
    // poll), a quarter of a served jobs/sql (docs/BENCHMARKS.md).
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightGrpcUtils.createFlightClient(allocator,
            ServerIdentity.clientBuilder(allocator, state).build()
                .eventLoopGroup(loop).channelType(NioSocketChannel.class).build())) {
      if (!ServerIdentity.verify(client, state)) {
        System.err.println(job + ": the server named by " + ServeState.file(lakehouse) + " does not answer for this"
            + " lakehouse (stale state file?); running here instead");
        return NO_SERVER;
      }
      List<CallOption> call = new ArrayList<>(List.of(CallOptions.timeout(1, TimeUnit.DAYS)));
      Credentials login = Credentials.find();
      if (login != null) client.authenticateBasicToken(login.user(), login.password()).ifPresent(call::add);
      return body.run(client, call.toArray(CallOption[]::new));
    } catch (FlightRuntimeException e) {
      if (e.status().code() == FlightStatusCode.UNAVAILABLE) return NO_SERVER; // it stopped meanwhile
      if (e.status().code() == FlightStatusCode.UNAUTHENTICATED) {
        System.err.println(job + ": " + e.status().description() + " (" + Credentials.HOW + ")");
        return 2;
      }
      System.err.println(job + ": " + e.status().description());
      FlightStatusCode code = e.status().code();
      return code == FlightStatusCode.UNAUTHORIZED || code == FlightStatusCode.INVALID_ARGUMENT && "report".equals(job) ? 2 : 1;
    } catch (IllegalArgumentException e) {
      System.err.println(job + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println(job + ": " + e);
      return 1;
    } finally {
      loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
