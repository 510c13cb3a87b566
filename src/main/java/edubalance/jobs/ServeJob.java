package edubalance.jobs;

import edubalance.serve.ServeState;
import edubalance.serve.SqlServer;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code jobs/serve [--host H] [--port P] [--stop]}: serves the lakehouse read-only over Arrow Flight
 * SQL (see {@link SqlServer}) until stopped by {@code jobs/serve --stop} or a signal (SIGTERM,
 * Ctrl-C). It binds 127.0.0.1:8815 by default and records where it listens in the lakehouse's state
 * file ({@link ServeState}), which {@code jobs/sql} and the notebooks read.
 */
public final class ServeJob {
  static final int DEFAULT_PORT = 8815;

  private ServeJob() {}

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.add("host");
    valued.add("port");
    Args args = Args.parse(argv, valued, Set.of("stop"));
    if (!args.positional().isEmpty()) {
      throw new Args.UsageException("no arguments expected; usage: jobs/serve [--host H] [--port P] [--stop] [--lakehouse DIR]");
    }
    String root = args.get("lakehouse", JobContext.settings(args).get("lakehouse"));
    ServeState running = ServeState.find(root);
    if (args.has("stop")) return stop(running, root);
    if (running != null) {
      throw new IllegalArgumentException("already serving " + root + " on " + running.host() + ":" + running.port()
          + " (pid " + running.pid() + "); jobs/serve --stop first");
    }
    String host = args.get("host", "127.0.0.1");
    int port;
    try {
      port = Integer.parseInt(args.get("port", String.valueOf(DEFAULT_PORT)));
    } catch (NumberFormatException e) {
      throw new Args.UsageException("--port takes a number, not " + args.get("port"));
    }
    JobContext ctx = JobContext.open("serve", args);
    SqlServer server;
    try {
      server = SqlServer.start(ctx.lakehouse, host, port);
    } catch (java.io.IOException e) {
      ctx.close();
      throw new IllegalArgumentException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
    }
    ServeState state = new ServeState(host, server.port(), ProcessHandle.current().pid(), ctx.lakehouse.root());
    state.write(root);
    // SIGTERM and Ctrl-C run this: the port is released and the state file removed before the JVM ends.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      state.remove(root);
      try {
        server.close();
      } catch (Exception e) {
        // stopping anyway
      }
      ctx.close();
      System.err.println("serve: stopped");
    }));
    System.err.println("serve: " + ctx.lakehouse.root() + " read-only on grpc://" + host + ":" + server.port()
        + " (Arrow Flight SQL; JDBC jdbc:arrow-flight-sql://" + host + ":" + server.port()
        + "?useEncryption=false), pid " + state.pid() + "; stop with jobs/serve --stop");
    try {
      server.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static int stop(ServeState running, String root) {
    if (running == null) {
      System.err.println("serve: no server runs for " + root);
      return 0;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(running.pid());
    process.ifPresent(ProcessHandle::destroy); // SIGTERM: the server's shutdown hook stops it cleanly
    try {
      if (process.isPresent()) process.get().onExit().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the server (pid " + running.pid() + ") did not stop within 60 s");
    }
    System.err.println("serve: stopped the server on " + running.host() + ":" + running.port() + " (pid " + running.pid() + ")");
    return 0;
  }
}
