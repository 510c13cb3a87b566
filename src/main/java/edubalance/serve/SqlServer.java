package edubalance.serve;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.SparkSessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
import org.apache.arrow.flight.sql.NoOpFlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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

  private final Lakehouse lakehouse;
  private final SparkSession spark;
  /** The session every query runs in: one, so its planner and caches stay warm between statements. */
  private final SparkSession queries;
  private final BufferAllocator allocator = new RootAllocator();
  private final Map<ByteString, Dataset<Row>> planned = new ConcurrentHashMap<>();
  private final Map<ByteString, String> prepared = new ConcurrentHashMap<>();
  /** A gold table cached in memory at one of its versions (see {@link #cacheGold}). */
  private record CachedTable(long version, Dataset<Row> rows) {}

  private final Map<String, CachedTable> cachedGold = new java.util.HashMap<>();
  private FlightServer server;

  private SqlServer(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
    this.spark = lakehouse.spark();
    this.queries = SparkSessions.forQueries(spark, false);
  }

  /** Starts serving on {@code host:port} (port 0: any free port), after registering every table once. */
  public static SqlServer start(Lakehouse lakehouse, String host, int port) throws IOException {
    SqlServer s = new SqlServer(lakehouse);
    lakehouse.registerAll(null);
    // Warm-up: the first statement of a JVM loads the planner's and Delta's reading classes, and the
    // first of a gold table caches it; a user should wait for neither.
    s.plan("SELECT 1").collectAsList();
    for (String t : lakehouse.tablesIn("gold")) s.plan("SELECT count(*) FROM gold." + t).collectAsList();
    s.server = FlightServer.builder(s.allocator, Location.forGrpcInsecure(host, port), s).build().start();
    return s;
  }

  public int port() {
    return server.getPort();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() throws Exception {
    server.shutdown();
    server.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    server.close();
    planned.clear();
    allocator.close();
  }

  /** Checks, registers and plans a statement; errors as Flight statuses. */
  private Dataset<Row> plan(String sql) {
    try {
      ReadOnlyGuard.Reads reads = ReadOnlyGuard.check(queries, sql);
      if (!reads.isSet()) cacheGold(reads.tables());
      return ReadOnlyGuard.query(lakehouse, reads.isSet() ? spark.newSession() : queries, sql, null, reads);
    } catch (ReadOnlyGuard.Refused e) {
      throw CallStatus.UNAUTHORIZED.withDescription(e.getMessage()).toRuntimeException();
    } catch (Exception e) {
      throw failure(e);
    }
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
      if (had != null) had.rows().unpersist();
      cachedGold.remove(t);
      if (v < 0) continue;
      lakehouse.register(List.of(t), null);
      cachedGold.put(t, new CachedTable(v, queries.table(t).persist()));
    }
  }

  private static FlightRuntimeException failure(Exception e) {
    if (e instanceof FlightRuntimeException f) return f;
    if (e instanceof AnalysisException || e instanceof IllegalArgumentException) {
      return CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage().split("\n")[0]).toRuntimeException();
    }
    return CallStatus.INTERNAL.withDescription(String.valueOf(e)).withCause(e).toRuntimeException();
  }

  private static ByteString newHandle() {
    return ByteString.copyFromUtf8(UUID.randomUUID().toString());
  }

  private <V> void remember(Map<ByteString, V> open, ByteString handle, V value) {
    if (open.size() >= MAX_OPEN) open.clear();
    open.put(handle, value);
  }

  /** Runs a planned statement and streams its batches to the client. */
  private void stream(Dataset<Row> result, ServerStreamListener listener) {
    try {
      SparkArrow.stream(result, allocator, listener::start, root -> listener.putNext());
      listener.completed();
    } catch (Exception e) {
      listener.error(failure(e));
    }
  }

  private FlightInfo info(Dataset<Row> result, FlightDescriptor descriptor, Ticket ticket) {
    return new FlightInfo(SparkArrow.schema(result), descriptor, List.of(new FlightEndpoint(ticket)), -1, -1);
  }

  // A plain command (SQL bytes) is planned like a Flight SQL statement; Flight SQL commands go to the base class.
  @Override
  public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
    if (descriptor.isCommand() && !isFlightSql(descriptor.getCommand())) {
      return statement(new String(descriptor.getCommand(), StandardCharsets.UTF_8), descriptor);
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

  private FlightInfo statement(String sql, FlightDescriptor descriptor) {
    Dataset<Row> result = plan(sql);
    ByteString handle = newHandle();
    remember(planned, handle, result);
    Ticket ticket = new Ticket(Any.pack(TicketStatementQuery.newBuilder().setStatementHandle(handle).build()).toByteArray());
    return info(result, descriptor, ticket);
  }

  @Override
  public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    return statement(command.getQuery(), descriptor);
  }

  @Override
  public SchemaResult getSchemaStatement(CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    return new SchemaResult(SparkArrow.schema(plan(command.getQuery())));
  }

  @Override
  public void getStreamStatement(TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
    Dataset<Row> result = planned.remove(ticket.getStatementHandle());
    if (result == null) {
      listener.error(CallStatus.NOT_FOUND.withDescription("unknown or already fetched statement").toRuntimeException());
      return;
    }
    stream(result, listener);
  }

  // Prepared statements (what the JDBC driver uses for every statement): planned again at each
  // execution, so a statement prepared once still reads the latest table versions.
  @Override
  public void createPreparedStatement(ActionCreatePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    try {
      Dataset<Row> result = plan(request.getQuery());
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

  private String preparedSql(ByteString handle) {
    String sql = prepared.get(handle);
    if (sql == null) throw CallStatus.NOT_FOUND.withDescription("unknown prepared statement").toRuntimeException();
    return sql;
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    Dataset<Row> result = plan(preparedSql(command.getPreparedStatementHandle()));
    return info(result, descriptor, new Ticket(Any.pack(command).toByteArray()));
  }

  @Override
  public void getStreamPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      ServerStreamListener listener) {
    try {
      stream(plan(preparedSql(command.getPreparedStatementHandle())), listener);
    } catch (FlightRuntimeException e) {
      listener.error(e);
    }
  }

  @Override
  public void closePreparedStatement(ActionClosePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    prepared.remove(request.getPreparedStatementHandle());
    listener.onCompleted();
  }
}
