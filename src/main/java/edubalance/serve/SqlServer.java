package edubalance.serve;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import edubalance.conf.Args;
import edubalance.conf.Settings;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.SparkSessions;
import edubalance.metrics.BasicBalance;
import edubalance.report.ReportRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;
import org.apache.arrow.flight.sql.NoOpFlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code jobs/serve}: one warm Spark session serving the lakehouse read-only over Arrow Flight SQL,
 * so JDBC tools (flight-sql-jdbc-driver), ADBC, notebooks and {@code jobs/sql} share it. Besides the
 * Flight SQL commands it takes a plain Flight command whose bytes are a UTF-8 SQL statement
 * ({@code FlightDescriptor.for_command(sql)} in pyarrow), for clients with Flight but no Flight SQL.
 *
 * <p>Every statement goes through {@link ReadOnlyGuard#query}: refused ones fail with
 * {@code UNAUTHORIZED} and the guard's one-line message, Spark's errors (no such table, a syntax
 * error) with {@code INVALID_ARGUMENT}. Queries run in one session of their own, apart from the
 * jobs' session and kept warm; a SET runs in a throwaway session, so one client's SET does not reach
 * another (every Flight call is a statement of its own). Tables are registered by path, so each
 * statement reads the latest version a job committed.
 */
public final class SqlServer extends NoOpFlightSqlProducer implements AutoCloseable {
  private static final String FLIGHT_SQL_TYPE = "type.googleapis.com/arrow.flight.protocol.sql.";
  /** Statements planned but not yet fetched, or prepared; bounded so careless clients cannot fill memory. */
  private static final int MAX_OPEN = 1000;

  /**
   * How the server is run: its users (null or empty: none, 127.0.0.1 alone), its TLS certificate
   * and key (PEM; null: plain gRPC), and the limits of one statement (conf {@code serve.*}).
   */
  public record Options(Users users, Path tlsCert, Path tlsKey, int statementSeconds, long maxRows,
      int maxConcurrentPerUser, int logFlushSeconds, boolean verbose, Settings settings) {
    /** No users, no TLS, conf's default limits: a statistician's own server on 127.0.0.1. */
    public static Options local() {
      return new Options(null, null, null, 120, 1_000_000, 4, 10, false, Settings.load(null));
    }

    /** The limits from conf ({@code serve.statement.timeout_seconds}, …) with these users and certificate. */
    public static Options of(Settings settings, Users users, Path tlsCert, Path tlsKey, boolean verbose) {
      return new Options(users, tlsCert, tlsKey,
          Integer.parseInt(settings.get("serve.statement.timeout_seconds", "120").strip()),
          Long.parseLong(settings.get("serve.statement.max_rows", "1000000").strip()),
          Integer.parseInt(settings.get("serve.user.max_concurrent_statements", "4").strip()),
          Integer.parseInt(settings.get("serve.query_log.flush_seconds", "10").strip()), verbose, settings);
    }

    boolean authenticated() {
      return users != null && !users.isEmpty();
    }

    public boolean tls() {
      return tlsCert != null;
    }
  }

  /** Who sent a statement: the user (null on a server without users) and the role it reads with. */
  record Caller(String user, Role role) {
    String pool() {
      return user == null ? "local" : "user:" + user;
    }
  }

  /** A statement checked and planned for its caller, with the tables its analysed plan reads. */
  private record Statement(String sql, Caller caller, Dataset<Row> result, Set<String> tables, long startedMillis) {}

  private final Lakehouse lakehouse;
  private final SparkSession spark;
  /** The session every query runs in: one, so its planner and caches stay warm between statements. */
  private final SparkSession queries;
  /**
   * The session a report's queries run in: the gold tables cached for SQL (the cache is shared by
   * the sessions of one server) and one shuffle partition, since each query reads one county's
   * rows: a sort then needs no sampling job and an aggregate one task instead of eight.
   */
  private final SparkSession reports;
  private final Options options;
  private final String nonce = ServerIdentity.newNonce();
  private final BufferAllocator allocator = new RootAllocator();
  private final Map<ByteString, Statement> planned = new ConcurrentHashMap<>();
  private final Map<ByteString, String> prepared = new ConcurrentHashMap<>();
  /** Statements running per user, each user's capped at {@link Options#maxConcurrentPerUser}. */
  private final Map<String, Semaphore> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "serve-statement-limits");
    t.setDaemon(true);
    return t;
  });
  private final QueryLog queryLog;
  /**
   * A table cached in memory at one of its versions: {@code rows} as SQL statements read it,
   * {@code forReports} the same cached rows in the reports' session, resolved once (a lookup by
   * name costs a Delta log check each time).
   */
  private record CachedTable(long version, Dataset<Row> rows, Dataset<Row> forReports) {}

  private final Map<String, CachedTable> cachedGold = new java.util.HashMap<>();
  /** Small tables every report reads beside gold: the latest run, and the names of divisions. */
  private static final Set<String> READ_BY_EVERY_REPORT = Set.of("ops.runs", "silver.divisions");
  private final Map<String, CachedTable> cachedForReports = new java.util.HashMap<>();
  /** How many cached tables have been replaced by a newer version (a report checks it did not happen while it rendered). */
  private final java.util.concurrent.atomic.AtomicLong cachedReplaced = new java.util.concurrent.atomic.AtomicLong();
  /** The server's log: stderr as it was at start (a job run in the same JVM may capture System.err meanwhile). */
  private final java.io.PrintStream log = System.err;
  private volatile Users users;
  private volatile long usersModified;
  private FlightServer server;

  private SqlServer(Lakehouse lakehouse, Options options) {
    this.lakehouse = lakehouse;
    this.spark = lakehouse.spark();
    this.queries = SparkSessions.forQueries(spark, false);
    this.reports = SparkSessions.forQueries(spark, false);
    reports.conf().set("spark.sql.shuffle.partitions", "1");
    this.options = options;
    this.users = options.users();
    this.usersModified = users == null ? 0 : modified(users.file());
    this.queryLog = new QueryLog(lakehouse, options.logFlushSeconds());
  }

  /** Starts serving on {@code host:port} (port 0: any free port) as a statistician's own server: no users, no TLS. */
  public static SqlServer start(Lakehouse lakehouse, String host, int port) throws IOException {
    return start(lakehouse, host, port, Options.local());
  }

  /** Starts serving on {@code host:port} (port 0: any free port), after registering every table once. */
  public static SqlServer start(Lakehouse lakehouse, String host, int port, Options options) throws IOException {
    SqlServer s = new SqlServer(lakehouse, options);
    lakehouse.registerAll(null);
    // Warm-up: the first statement of a JVM loads the planner's and Delta's reading classes, and the
    // first of a gold table caches it; a user should wait for neither.
    Caller warmUp = new Caller(null, Role.PROVINCE);
    s.plan("SELECT 1", warmUp, false).result().collectAsList();
    for (String t : lakehouse.tablesIn("gold")) s.plan("SELECT count(*) FROM gold." + t, warmUp, false).result().collectAsList();
    s.warmUpReports();
    Location location = options.tls() ? Location.forGrpcTls(host, port) : Location.forGrpcInsecure(host, port);
    FlightServer.Builder b = FlightServer.builder(s.allocator, location, s);
    if (options.tls()) b.useTls(options.tlsCert().toFile(), options.tlsKey().toFile());
    if (options.authenticated()) b.headerAuthenticator(s.authenticator());
    try {
      s.server = b.build().start();
    } catch (IOException | RuntimeException e) {
      s.queryLog.close();
      throw e;
    }
    return s;
  }

  /**
   * Renders one county's report, unsent, so that the first user's report finds the rendering code
   * compiled and its queries' plans warm: the first report of a fresh JVM takes several times
   * the time of the next ones (docs/BENCHMARKS.md, "Reports through the server").
   */
  private void warmUpReports() {
    if (!lakehouse.exists(BasicBalance.TABLE)) return;
    try {
      List<Row> latest = queries.sql("SELECT county_code, school_year FROM " + BasicBalance.TABLE
          + " ORDER BY school_year DESC, county_code LIMIT 1").collectAsList();
      if (latest.isEmpty()) return;
      ReportRequest county = new ReportRequest(null, null, latest.get(0).getString(0), ((Number) latest.get(0).get(1)).intValue(), null);
      ServedReports.render(lakehouse, options.settings(), Role.PROVINCE, ServedReports.request(county), this::cachedOrRead);
    } catch (Exception e) {
      // Spark's AnalysisException is a checked exception thrown unchecked: a lakehouse whose gold
      // tables a report cannot read still gets its server, and the report its one-line error later.
      logLine(null, "report warm-up skipped: " + ReadOnlyGuard.firstLines(e.getMessage()), e);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** What {@code jobs/sql}, the notebooks and {@code jobs/serve --stop} need to find and trust this server. */
  public ServeState state(String host, String lakehouseRoot) {
    return new ServeState(host, port(), ProcessHandle.current().pid(), lakehouseRoot, nonce,
        options.tls() ? options.tlsCert().toAbsolutePath().toString() : "");
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() throws Exception {
    server.shutdown();
    server.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    server.close();
    timers.shutdownNow();
    queryLog.close();
    planned.clear();
    allocator.close();
  }

  /** Appends the statements logged so far to ops.query_log now (otherwise every few seconds). */
  public void flushQueryLog() {
    queryLog.flush();
  }

  /**
   * Basic authentication exchanged for a bearer token (Flight SQL's own scheme: the JDBC driver,
   * ADBC and pyarrow's {@code authenticate_basic_token} log in this way), the identity probe
   * ({@link ServerIdentity}) admitted without a user, and every refusal logged.
   */
  private CallHeaderAuthenticator authenticator() {
    CallHeaderAuthenticator basic = new BasicCallHeaderAuthenticator((user, password) -> {
      Role role = currentUsers().check(user, password);
      if (role == null) {
        queryLog.record(System.currentTimeMillis(), user, "none", "(login)", null, null, QueryLog.Outcome.REFUSED,
            "wrong user or password");
        logLine(user, "login refused: wrong user or password", null);
        throw CallStatus.UNAUTHENTICATED.withDescription("wrong user or password").toRuntimeException();
      }
      return () -> user;
    });
    CallHeaderAuthenticator bearer = new GeneratedBearerTokenAuthenticator(basic);
    return headers -> {
      if (headers.containsKey(ServerIdentity.PROBE_HEADER)) return () -> "";
      try {
        return bearer.authenticate(headers);
      } catch (FlightRuntimeException e) {
        if (!headers.containsKey("authorization")) {
          queryLog.record(System.currentTimeMillis(), null, "none", "(call without credentials)", null, null,
              QueryLog.Outcome.REFUSED, "no user or token");
        }
        throw e;
      }
    };
  }

  /** The users file as it is now: a user added or removed while the server runs counts from the next call. */
  private Users currentUsers() {
    Users u = users;
    long m = modified(u.file());
    if (m != usersModified) {
      try {
        users = u = Users.load(u.file());
        usersModified = m;
      } catch (IllegalArgumentException e) {
        logLine(null, "users file not reloaded: " + e.getMessage(), null);
      }
    }
    return u;
  }

  private static long modified(Path file) {
    try {
      return java.nio.file.Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The caller of a Flight call; a call with no user this server knows is refused. */
  private Caller caller(CallContext context) {
    if (!options.authenticated()) return new Caller(null, Role.PROVINCE);
    String user = context.peerIdentity();
    Role role = user == null || user.isEmpty() ? null : currentUsers().roleOf(user);
    if (role == null) throw CallStatus.UNAUTHENTICATED.withDescription("log in with a user of this server").toRuntimeException();
    return new Caller(user, role);
  }

  /**
   * Checks (read-only rule, then the caller's role on the analysed plan), registers and plans a
   * statement; errors as Flight statuses, and logged when {@code logFailure} (a statement that runs
   * is logged when it ends).
   */
  private Statement plan(String sql, Caller caller, boolean logFailure) {
    long started = System.currentTimeMillis();
    try {
      ReadOnlyGuard.Reads reads = ReadOnlyGuard.check(queries, sql);
      Access.checkNames(caller.role(), reads);
      if (!reads.isSet()) cacheGold(reads.tables());
      Dataset<Row> result = ReadOnlyGuard.query(lakehouse, reads.isSet() ? spark.newSession() : queries, sql, null, reads);
      Access.Checked checked = Access.check(lakehouse, caller.role(), result);
      return new Statement(sql, caller, checked.result(), checked.tables(), started);
    } catch (ReadOnlyGuard.Refused | Access.Denied e) {
      if (logFailure) ended(sql, caller, started, null, null, QueryLog.Outcome.REFUSED, e.getMessage(), null);
      throw CallStatus.UNAUTHORIZED.withDescription(e.getMessage()).toRuntimeException();
    } catch (Throwable e) {
      FlightRuntimeException f = failure(e);
      if (logFailure) ended(sql, caller, started, null, null, QueryLog.Outcome.FAILED, f.status().description(), e);
      throw f;
    }
  }

  /** Records a statement's end in ops.query_log and, unless it went well, one line on the server's stderr. */
  private void ended(String sql, Caller caller, long started, Set<String> tables, Long rows, QueryLog.Outcome outcome,
      String reason, Throwable trace) {
    queryLog.record(started, caller.user(), caller.role().toString(), sql, tables, rows, outcome, reason);
    String kind = outcome.name().toLowerCase(java.util.Locale.ROOT);
    if (outcome != QueryLog.Outcome.OK) logLine(caller.user(), reason.startsWith(kind) ? reason : kind + ": " + reason, trace);
  }

  /** One line on stderr; the trace too with --verbose. */
  private void logLine(String user, String message, Throwable trace) {
    log.println("serve: " + (user == null ? "" : user + ": ") + message);
    if (trace != null && options.verbose()) trace.printStackTrace(log);
  }

  /**
   * Keeps each gold table a statement reads cached in memory at its latest version. Gold tables
   * are small (county figures, a row per school and level at most), and a cached one is read
   * without Delta planning its scan, which costs a Spark job per table and statement. The version
   * is checked at every statement (one listing of the table's log): a table a job has rewritten
   * since is cached again, so a statement never reads an older version than the one committed when
   * it arrived.
   */
  private synchronized void cacheGold(java.util.Set<String> tables) {
    for (String t : tables) {
      if (!t.startsWith("gold.")) continue;
      long v = lakehouse.version(t);
      CachedTable had = cachedGold.get(t);
      if (had != null && had.version() == v) continue;
      // The old version's own plan is uncached: a new lookup by name would resolve the new version.
      if (had != null) uncache(had);
      cachedGold.remove(t);
      if (v < 0) continue;
      lakehouse.register(List.of(t), null);
      Dataset<Row> rows = queries.table(t).persist();
      cachedGold.put(t, new CachedTable(v, rows, reports.catalog().isCached(t) ? reports.table(t) : rows));
    }
  }

  /**
   * A table at a version for a report: the gold table cached for SQL when it is at that version, or
   * one of the small tables every report reads, cached at the version asked (a report's many small
   * queries then scan memory, not the table's files and log); else its files.
   */
  private Dataset<Row> cachedOrRead(String table, long version) {
    Dataset<Row> cached = cached(table, version);
    return cached != null ? cached : lakehouse.read(table, version);
  }

  /** The cached copy of {@code table} at {@code version} for a report, caching it when it may be; else null. */
  private synchronized Dataset<Row> cached(String table, long version) {
    if (READ_BY_EVERY_REPORT.contains(table)) {
      CachedTable c = cachedForReports.get(table);
      if (c == null || c.version() != version) {
        if (c != null) uncache(c);
        Dataset<Row> rows = lakehouse.read(table, version).persist();
        c = new CachedTable(version, rows, rows);
        cachedForReports.put(table, c);
      }
      return c.forReports();
    }
    if (table.startsWith("gold.")) {
      CachedTable c = cachedGold.get(table);
      if (c == null || c.version() != version) {
        cacheGold(Set.of(table));
        c = cachedGold.get(table);
      }
      if (c != null && c.version() == version) return c.forReports();
    }
    return null;
  }

  /** Drops a table's cached copy; a report rendering meanwhile finds out ({@link #cachedReplaced}). */
  private void uncache(CachedTable old) {
    old.rows().unpersist();
    cachedReplaced.incrementAndGet();
  }

  private static FlightRuntimeException failure(Throwable e) {
    if (e instanceof FlightRuntimeException f) return f;
    if (e instanceof StackOverflowError) {
      return CallStatus.INVALID_ARGUMENT.withDescription("the statement is nested too deeply to be analysed").toRuntimeException();
    }
    if (e instanceof AnalysisException || e instanceof IllegalArgumentException || e instanceof Args.UsageException) {
      return CallStatus.INVALID_ARGUMENT.withDescription(ReadOnlyGuard.firstLines(e.getMessage())).toRuntimeException();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return CallStatus.INTERNAL.withDescription(root.getClass().getSimpleName() + ": " + ReadOnlyGuard.firstLines(root.getMessage()))
        .toRuntimeException();
  }

  private static ByteString newHandle() {
    return ByteString.copyFromUtf8(UUID.randomUUID().toString());
  }

  private <V> void remember(Map<ByteString, V> open, ByteString handle, V value) {
    if (open.size() >= MAX_OPEN) open.clear();
    open.put(handle, value);
  }

  /** Why a statement stopped before its end, for the client and ops.query_log. */
  private static final class Stopped extends RuntimeException {
    final CallStatus status;

    Stopped(CallStatus status, String reason) {
      super(reason, null, false, false);
      this.status = status;
    }
  }

  /**
   * Runs a planned statement and streams its batches to the client, within the limits: at most
   * {@link Options#maxConcurrentPerUser} statements of a user at once, in the user's own fair
   * scheduler pool (so one user's heavy query leaves task slots to the others'), cancelled after
   * {@link Options#statementSeconds} or when the client goes away, and at most
   * {@link Options#maxRows} rows.
   */
  private void execute(Statement st, ServerStreamListener listener) {
    Caller caller = st.caller();
    Semaphore slots = running.computeIfAbsent(caller.pool(), k -> new Semaphore(options.maxConcurrentPerUser()));
    if (!slots.tryAcquire()) {
      String reason = "already " + options.maxConcurrentPerUser() + " statements running for this user"
          + " (conf serve.user.max_concurrent_statements); wait for one to end";
      ended(st.sql(), caller, st.startedMillis(), st.tables(), null, QueryLog.Outcome.REFUSED, reason, null);
      listener.error(CallStatus.RESOURCE_EXHAUSTED.withDescription(reason).toRuntimeException());
      return;
    }
    SparkContext sc = spark.sparkContext();
    String group = "serve-" + UUID.randomUUID();
    AtomicReference<Stopped> stopped = new AtomicReference<>();
    Runnable cancel = () -> sc.cancelJobGroupAndFutureJobs(group, "jobs/serve: " + stopped.get().getMessage());
    ScheduledFuture<?> timer = timers.schedule(() -> {
      if (stopped.compareAndSet(null, new Stopped(CallStatus.TIMED_OUT, "cancelled: the statement ran longer than "
          + options.statementSeconds() + " s (conf serve.statement.timeout_seconds)"))) cancel.run();
    }, options.statementSeconds(), TimeUnit.SECONDS);
    // The call's gRPC context is cancelled at once when the client goes away; Flight's own cancel
    // handler would run only after this handler returns (gRPC serialises a call's callbacks).
    io.grpc.Context call = io.grpc.Context.current();
    io.grpc.Context.CancellationListener gone = c -> {
      if (stopped.compareAndSet(null, new Stopped(CallStatus.CANCELLED, "cancelled: the client went away"))) cancel.run();
    };
    call.addListener(gone, Runnable::run);
    long[] rows = {0};
    long maxRows = options.maxRows();
    sc.setJobGroup(group, caller.pool() + ": " + st.sql(), true);
    sc.setLocalProperty("spark.scheduler.pool", caller.pool());
    try {
      Dataset<Row> capped = st.result().limit((int) Math.min(Integer.MAX_VALUE, maxRows + 1));
      SparkArrow.stream(capped, allocator, listener::start, root -> {
        if (stopped.get() != null) throw stopped.get();
        rows[0] += root.getRowCount();
        if (rows[0] > maxRows) {
          throw new Stopped(CallStatus.RESOURCE_EXHAUSTED, "cancelled: the result has more than " + maxRows
              + " rows (conf serve.statement.max_rows); aggregate, filter or add LIMIT");
        }
        listener.putNext();
      });
      listener.completed();
      ended(st.sql(), caller, st.startedMillis(), st.tables(), rows[0], QueryLog.Outcome.OK, null, null);
    } catch (Throwable e) {
      Stopped why = e instanceof Stopped s ? s : stopped.get();
      if (why != null) {
        ended(st.sql(), caller, st.startedMillis(), st.tables(), rows[0], QueryLog.Outcome.CANCELLED, why.getMessage(), null);
        listener.error(why.status.withDescription(why.getMessage()).toRuntimeException());
      } else {
        FlightRuntimeException f = failure(e);
        ended(st.sql(), caller, st.startedMillis(), st.tables(), rows[0], QueryLog.Outcome.FAILED, f.status().description(), e);
        listener.error(f);
      }
    } finally {
      call.removeListener(gone);
      timer.cancel(false);
      sc.clearJobGroup();
      sc.setLocalProperty("spark.scheduler.pool", null);
      slots.release();
    }
  }

  private FlightInfo info(Dataset<Row> result, FlightDescriptor descriptor, Ticket ticket) {
    return new FlightInfo(SparkArrow.schema(result), descriptor, List.of(new FlightEndpoint(ticket)), -1, -1);
  }

  // A plain command (SQL bytes) is planned like a Flight SQL statement; Flight SQL commands go to the base class.
  @Override
  public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
    if (descriptor.isCommand() && !isFlightSql(descriptor.getCommand())) {
      return statement(new String(descriptor.getCommand(), StandardCharsets.UTF_8), context, descriptor);
    }
    return super.getFlightInfo(context, descriptor);
  }

  private static boolean isFlightSql(byte[] command) {
    try {
      return Any.parseFrom(command).getTypeUrl().startsWith(FLIGHT_SQL_TYPE);
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }

  private FlightInfo statement(String sql, CallContext context, FlightDescriptor descriptor) {
    Statement st = plan(sql, caller(context), true);
    ByteString handle = newHandle();
    remember(planned, handle, st);
    Ticket ticket = new Ticket(Any.pack(TicketStatementQuery.newBuilder().setStatementHandle(handle).build()).toByteArray());
    return info(st.result(), descriptor, ticket);
  }

  @Override
  public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    return statement(command.getQuery(), context, descriptor);
  }

  @Override
  public SchemaResult getSchemaStatement(CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    return new SchemaResult(SparkArrow.schema(plan(command.getQuery(), caller(context), true).result()));
  }

  @Override
  public void getStreamStatement(TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
    Statement st = planned.get(ticket.getStatementHandle());
    try {
      // Only the caller who planned a statement fetches it.
      if (st == null || !st.caller().equals(caller(context))) {
        throw CallStatus.NOT_FOUND.withDescription("unknown or already fetched statement").toRuntimeException();
      }
    } catch (FlightRuntimeException e) {
      listener.error(e);
      return;
    }
    planned.remove(ticket.getStatementHandle());
    execute(st, listener);
  }

  // Prepared statements (what the JDBC driver uses for every statement): planned again at each
  // execution, so a statement prepared once still reads the latest table versions.
  @Override
  public void createPreparedStatement(ActionCreatePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    try {
      Dataset<Row> result = plan(request.getQuery(), caller(context), true).result();
      ByteString handle = newHandle();
      remember(prepared, handle, request.getQuery());
      ActionCreatePreparedStatementResult created = ActionCreatePreparedStatementResult.newBuilder()
          .setPreparedStatementHandle(handle)
          .setDatasetSchema(ByteString.copyFrom(SparkArrow.schema(result).serializeAsMessage()))
          .build();
      listener.onNext(new Result(Any.pack(created).toByteArray()));
      listener.onCompleted();
    } catch (FlightRuntimeException e) {
      listener.onError(e);
    }
  }

  @Override
  public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
    if (ServerIdentity.ACTION.equals(action.getType())) {
      listener.onNext(new Result(ServerIdentity.answer(nonce, ProcessHandle.current().pid(), action.getBody())));
      listener.onCompleted();
      return;
    }
    Caller caller;
    try {
      caller = caller(context);
    } catch (FlightRuntimeException e) {
      listener.onError(e);
      return;
    }
    if (ServedReports.ACTION.equals(action.getType())) {
      report(caller, action.getBody(), listener);
      return;
    }
    super.doAction(context, action, listener);
  }

  /**
   * Renders the report a thin {@code jobs/report} asks for ({@link ServedReports}) in the caller's
   * pool, each page a result; recorded in ops.query_log as {@code (report) <options>}.
   */
  private void report(Caller caller, byte[] body, StreamListener<Result> listener) {
    long started = System.currentTimeMillis();
    String what = "(report) " + new String(body, StandardCharsets.UTF_8).replace('\0', ' ');
    SparkContext sc = spark.sparkContext();
    sc.setLocalProperty("spark.scheduler.pool", caller.pool());
    try {
      long replaced = cachedReplaced.get();
      ServedReports.Rendered r = ServedReports.render(lakehouse, options.settings(), caller.role(), body, this::cachedOrRead);
      // A job rewrote a cached table meanwhile: an uncached copy reads the latest version, not the
      // one the page states; rendered again from the files, at the versions then current.
      if (cachedReplaced.get() != replaced) r = ServedReports.render(lakehouse, options.settings(), caller.role(), body, lakehouse::read);
      for (byte[] page : r.pages()) listener.onNext(new Result(page));
      listener.onCompleted();
      ended(what, caller, started, r.tables(), (long) r.pages().size(), QueryLog.Outcome.OK, null, null);
    } catch (Access.Denied e) {
      ended(what, caller, started, null, null, QueryLog.Outcome.REFUSED, e.getMessage(), null);
      listener.onError(CallStatus.UNAUTHORIZED.withDescription(e.getMessage()).toRuntimeException());
    } catch (Throwable e) {
      FlightRuntimeException f = failure(e);
      ended(what, caller, started, null, null, QueryLog.Outcome.FAILED, f.status().description(), e);
      listener.onError(f);
    } finally {
      sc.setLocalProperty("spark.scheduler.pool", null);
    }
  }

  private String preparedSql(ByteString handle) {
    String sql = prepared.get(handle);
    if (sql == null) throw CallStatus.NOT_FOUND.withDescription("unknown prepared statement").toRuntimeException();
    return sql;
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    Dataset<Row> result = plan(preparedSql(command.getPreparedStatementHandle()), caller(context), true).result();
    return info(result, descriptor, new Ticket(Any.pack(command).toByteArray()));
  }

  @Override
  public void getStreamPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      ServerStreamListener listener) {
    Statement st;
    try {
      st = plan(preparedSql(command.getPreparedStatementHandle()), caller(context), true);
    } catch (FlightRuntimeException e) {
      listener.error(e);
      return;
    }
    execute(st, listener);
  }

  @Override
  public void closePreparedStatement(ActionClosePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    prepared.remove(request.getPreparedStatementHandle());
    listener.onCompleted();
  }
}
