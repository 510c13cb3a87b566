package edubalance.jobs;

import edubalance.conf.Args;
import edubalance.conf.Settings;
import edubalance.serve.Role;
import edubalance.serve.ServeState;
import edubalance.serve.ServerIdentity;
import edubalance.serve.SqlServer;
import edubalance.serve.Users;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code jobs/serve [--host H] [--port P] [--tls-cert PEM --tls-key PEM] [--stop]}: serves the
 * lakehouse read-only over Arrow Flight SQL (see {@link SqlServer}) until stopped by
 * {@code jobs/serve --stop} or a signal (SIGTERM, Ctrl-C). It binds 127.0.0.1:8815 by default and
 * records where it listens in the lakehouse's state file ({@link ServeState}), which {@code jobs/sql}
 * and the notebooks read. {@code --add-user NAME --role ROLE} and {@code --remove-user NAME} manage
 * its users file (conf {@code serve.users.file}, by default {@code <lakehouse>/conf/serve-users});
 * with users, every client logs in. Without users it serves 127.0.0.1 alone; any other address
 * needs users and TLS.
 */
public final class ServeJob {
  static final int DEFAULT_PORT = 8815;
  static final String LOCAL_HOST = "127.0.0.1";
  private static final String USAGE = "usage: jobs/serve [--host H] [--port P] [--tls-cert PEM --tls-key PEM] [--stop]"
      + " [--lakehouse DIR] | --add-user NAME --role province|statistician|county:<code> | --remove-user NAME";

  private ServeJob() {}

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.addAll(Set.of("host", "port", "tls-cert", "tls-key", "add-user", "role", "remove-user"));
    Args args = Args.parse(argv, valued, Set.of("stop"));
    if (!args.positional().isEmpty()) throw new Args.UsageException("no arguments expected; " + USAGE);
    Settings settings = JobContext.settings(args);
    String root = args.get("lakehouse", settings.get("lakehouse"));
    if (args.get("add-user") != null || args.get("remove-user") != null) return manageUsers(args, usersFile(settings, root));
    ServeState running = ServeState.find(root);
    if (args.has("stop")) return stop(running, root);
    String host = args.get("host", LOCAL_HOST);
    int port;
    try {
      port = Integer.parseInt(args.get("port", String.valueOf(DEFAULT_PORT)));
    } catch (NumberFormatException e) {
      throw new Args.UsageException("--port takes a number, not " + args.get("port"));
    }
    Path usersFile = usersFile(settings, root);
    Users users = usersFile == null ? null : Users.load(usersFile);
    Path cert = pem(args, "tls-cert");
    Path key = pem(args, "tls-key");
    if ((cert == null) != (key == null)) throw new Args.UsageException("--tls-cert and --tls-key go together");
    boolean hasUsers = users != null && !users.isEmpty();
    if (!host.equals(LOCAL_HOST) && (!hasUsers || cert == null)) {
      throw new Args.UsageException("refusing to listen on " + host + (hasUsers ? "" : " without users (jobs/serve --add-user)")
          + (hasUsers || cert != null ? "" : " and") + (cert == null ? " without TLS (--tls-cert, --tls-key)" : "")
          + "; without both only " + LOCAL_HOST + " is served");
    }
    if (running != null && answers(running)) {
      throw new IllegalArgumentException("already serving " + root + " on " + running.host() + ":" + running.port()
          + " (pid " + running.pid() + "); jobs/serve --stop first");
    }
    SqlServer.Options options = SqlServer.Options.of(settings, hasUsers ? users : null, cert, key,
        Boolean.getBoolean(Main.VERBOSE_PROPERTY));
    int slots = Integer.parseInt(settings.get("serve.task_slots", "0").strip());
    JobContext ctx = JobContext.open("serve", args, slots > 0 ? slots : 4 * Runtime.getRuntime().availableProcessors());
    SqlServer server;
    try {
      server = SqlServer.start(ctx.lakehouse, host, port, options);
    } catch (IOException e) {
      ctx.close();
      throw new IllegalArgumentException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
    }
    ServeState state = server.state(host, ctx.lakehouse.root());
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
    String scheme = cert == null ? "grpc" : "grpc+tls";
    System.err.println("serve: " + ctx.lakehouse.root() + " read-only on " + scheme + "://" + host + ":" + server.port()
        + " (Arrow Flight SQL; JDBC jdbc:arrow-flight-sql://" + host + ":" + server.port()
        + (cert == null ? "?useEncryption=false" : "?useEncryption=true&tlsRootCerts=" + cert.toAbsolutePath())
        + (hasUsers ? "; " + "users of " + usersFile : "; no users: this machine only")
        + "), pid " + state.pid() + "; stop with jobs/serve --stop");
    try {
      server.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** conf {@code serve.users.file}, else {@code <lakehouse>/conf/serve-users} for a local lakehouse; null for a remote one without it. */
  static Path usersFile(Settings settings, String lakehouse) {
    String configured = settings.get("serve.users.file", "").strip();
    if (!configured.isEmpty()) return Path.of(configured);
    if (lakehouse.startsWith("file:")) return Path.of(URI.create(lakehouse)).resolve("conf").resolve("serve-users");
    if (lakehouse.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) return null;
    return Path.of(lakehouse).toAbsolutePath().normalize().resolve("conf").resolve("serve-users");
  }

  private static Path pem(Args args, String option) {
    if (args.get(option) == null) return null;
    Path p = Path.of(args.get(option));
    if (!Files.isReadable(p)) throw new Args.UsageException("--" + option + " " + p + ": no such readable file");
    return p;
  }

  private static int manageUsers(Args args, Path file) {
    if (file == null) throw new Args.UsageException("a lakehouse that is not a local directory needs conf serve.users.file");
    Users users = Users.load(file);
    if (args.get("remove-user") != null) {
      String name = args.get("remove-user");
      if (!users.remove(name)) throw new IllegalArgumentException("no user " + name + " in " + file);
      System.err.println("serve: removed user " + name + " from " + file);
      return 0;
    }
    if (args.get("role") == null) throw new Args.UsageException("--add-user needs --role province|statistician|county:<code>");
    Role role;
    try {
      role = Role.parse(args.get("role"));
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
    char[] password = readPassword(args.get("add-user"));
    try {
      users.put(args.get("add-user"), role, password);
    } finally {
      Arrays.fill(password, '\0');
    }
    System.err.println("serve: user " + args.get("add-user") + " (" + role + ") in " + file
        + "; a running server takes it at the next login");
    return 0;
  }

  /** The password from the terminal (asked twice, not echoed) or, with no terminal, the first line of stdin. */
  private static char[] readPassword(String user) {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("password for %s: ", user);
      char[] again = console.readPassword("again: ");
      if (first == null || !Arrays.equals(first, again)) throw new IllegalArgumentException("the two passwords differ");
      return first;
    }
    try {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) throw new IllegalArgumentException("no password on stdin");
      return line.toCharArray();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the password from stdin: " + e.getMessage());
    }
  }

  /** Whether the server of the state file answers for it (it knows its nonce and runs as its pid). */
  private static boolean answers(ServeState state) {
    try (var allocator = new org.apache.arrow.memory.RootAllocator();
        var client = org.apache.arrow.flight.FlightGrpcUtils.createFlightClient(allocator,
            ServerIdentity.clientBuilder(allocator, state).build().build())) {
      return ServerIdentity.verify(client, state);
    } catch (Exception e) {
      return false;
    }
  }

  /** The process's command line: /proc's whole one where there is /proc (the JDK's may be cut short), else the JDK's. */
  private static String commandLine(long pid) {
    Path proc = Path.of("/proc", String.valueOf(pid), "cmdline");
    try {
      if (Files.isReadable(proc)) return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      // gone meanwhile, or not ours to read: the JDK's view below
    }
    return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
  }

  private static int stop(ServeState running, String root) {
    if (running == null) {
      System.err.println("serve: no server runs for " + root);
      return 0;
    }
    // Signal only a process that is this lakehouse's server: it answers for the state file's secret
    // and pid, and it is a jobs/serve JVM (a stale file's pid may belong to anything by now).
    Optional<ProcessHandle> process = ProcessHandle.of(running.pid());
    boolean isServe = process.isPresent() && commandLine(running.pid()).contains("edubalance");
    if (!isServe || !answers(running)) {
      throw new IllegalStateException("the state file " + ServeState.file(root) + " names pid " + running.pid()
          + " on " + running.host() + ":" + running.port() + ", which is not a server of this lakehouse ("
          + (isServe ? "it does not answer for the file's secret" : "not a jobs/serve process") + "); nothing signalled"
          + " (remove the file if no server runs)");
    }
    process.get().destroy(); // SIGTERM: the server's shutdown hook stops it cleanly
    try {
      process.get().onExit().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the server (pid " + running.pid() + ") did not stop within 60 s");
    }
    System.err.println("serve: stopped the server on " + running.host() + ":" + running.port() + " (pid " + running.pid() + ")");
    return 0;
  }
}
