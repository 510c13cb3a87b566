package edubalance.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.InProcess;
import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jobs/serve in this JVM on a free port: plain Flight and Flight SQL clients, the JDBC driver and the
 * thin jobs/sql get answers; writes are refused and change nothing; a version committed after a
 * query is read by the next one; and the README's JDBC and Delta Kernel commands run as written.
 */
class SqlServerTest {
  static Lakehouse lh;
  static SqlServer server;
  static BufferAllocator allocator;
  static FlightClient client;

  @BeforeAll
  static void serve() throws Exception {
    lh = TestSpark.freshLakehouse();
    var spark = TestSpark.spark();
    lh.overwrite("gold.county_balance_basic", spark.sql("SELECT * FROM VALUES"
        + " (2024, '140105', 'primary', 0.42D), (2024, '140106', 'primary', 0.61D), (2023, '140105', 'primary', 0.50D)"
        + " AS t(school_year, county_code, level, composite_cv)"));
    server = SqlServer.start(lh, "127.0.0.1", 0);
    allocator = new RootAllocator();
    client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    server.close();
    allocator.close();
  }

  /** The rows of a result as tab-joined text, through {@link ResultPrinter}'s text of each value. */
  static List<String> rows(FlightStream stream) {
    List<String> out = new ArrayList<>();
    while (stream.next()) {
      VectorSchemaRoot root = stream.getRoot();
      for (int r = 0; r < root.getRowCount(); r++) {
        List<String> cells = new ArrayList<>();
        for (var v : root.getFieldVectors()) cells.add(v.isNull(r) ? "null" : ResultPrinter.text(v, r));
        out.add(String.join("\t", cells));
      }
    }
    return out;
  }

  static List<String> plain(String sql) throws Exception {
    FlightInfo info = client.getInfo(FlightDescriptor.command(sql.getBytes(StandardCharsets.UTF_8)));
    try (FlightStream s = client.getStream(info.getEndpoints().get(0).getTicket())) {
      return rows(s);
    }
  }

  @Test
  void aPlainFlightCommandOfSqlBytesIsAnswered() throws Exception {
    // (0.42 + 0.61) / 2 = 0.515
    assertEquals(List.of("2024\t0.515"), plain("SELECT school_year, round(avg(composite_cv), 3) FROM gold.county_balance_basic"
        + " WHERE school_year = 2024 GROUP BY school_year"));
  }

  @Test
  void flightSqlStatementsAndPreparedStatementsAreAnswered() throws Exception {
    FlightSqlClient sql = new FlightSqlClient(client);
    FlightInfo info = sql.execute("SELECT county_code FROM gold.county_balance_basic WHERE composite_cv > 0.45 ORDER BY 1");
    try (FlightStream s = sql.getStream(info.getEndpoints().get(0).getTicket())) {
      assertEquals(List.of("140105", "140106"), rows(s));
    }
    try (FlightSqlClient.PreparedStatement p = sql.prepare("SELECT count(*) FROM gold.county_balance_basic")) {
      for (int twice = 0; twice < 2; twice++) {
        FlightInfo pi = p.execute();
        try (FlightStream s = sql.getStream(pi.getEndpoints().get(0).getTicket())) {
          assertEquals(List.of("3"), rows(s));
        }
      }
    }
  }

  @Test
  void writesAreRefusedWithTheGuardsMessageAndChangeNothing() {
    // ops.query_log grows meanwhile (the server logs every statement): the lakehouse's other tables must not.
    Map<String, Long> before = new java.util.TreeMap<>(lh.currentVersions());
    before.remove("ops.query_log");
    FlightSqlClient sql = new FlightSqlClient(client);
    for (String write : List.of("DELETE FROM gold.county_balance_basic", "DROP TABLE gold.county_balance_basic",
        "INSERT INTO gold.county_balance_basic VALUES (2025, 'x', 'primary', 0.1)",
        "SELECT * FROM text.`/etc/hostname`")) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> sql.execute(write), write);
      assertEquals(FlightStatusCode.UNAUTHORIZED, e.status().code(), write);
      assertTrue(e.status().description().startsWith("read-only: "), e.status().description());
      FlightRuntimeException p = assertThrows(FlightRuntimeException.class, () -> sql.prepare(write), write);
      assertEquals(FlightStatusCode.UNAUTHORIZED, p.status().code(), write);
    }
    FlightRuntimeException missing = assertThrows(FlightRuntimeException.class, () -> plain("SELECT * FROM gold.nothing"));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, missing.status().code());
    Map<String, Long> after = new java.util.TreeMap<>(lh.currentVersions());
    after.remove("ops.query_log");
    assertEquals(before, after);
  }

  @Test
  void aVersionCommittedByAnotherSessionIsReadByTheNextQuery() throws Exception {
    Lakehouse other = new Lakehouse(TestSpark.spark().newSession(), lh.root());
    other.overwrite("gold.trends_served", TestSpark.spark().sql("SELECT 1 AS v"));
    assertEquals(List.of("1"), plain("SELECT v FROM gold.trends_served"));
    other.overwrite("gold.trends_served", TestSpark.spark().sql("SELECT 2 AS v"));
    assertEquals(List.of("2"), plain("SELECT v FROM gold.trends_served"));
  }

  @Test
  void theThinSqlClientPrintsWhatTheEmbeddedJobPrints() throws Exception {
    server.state("127.0.0.1", lh.root()).write(lh.root());
    InProcess printed;
    try {
      printed = InProcess.capture(() -> {
        assertEquals(0, SqlClient.run(new String[] {"--lakehouse", lh.root(),
            "SELECT county_code, composite_cv FROM gold.county_balance_basic WHERE school_year = 2024 ORDER BY 1"}));
        assertEquals(2, SqlClient.run(new String[] {"--lakehouse", lh.root(), "DELETE FROM gold.county_balance_basic"}));
        // --as-of needs the engine itself: the embedded job answers.
        return SqlClient.run(new String[] {"--lakehouse", lh.root(), "--as-of", "1", "SELECT 1"});
      });
    } finally {
      ServeState.find(lh.root()).remove(lh.root());
    }
    assertEquals(SqlClient.NO_SERVER, printed.rc());
    assertEquals("county_code,composite_cv\n140105,0.42\n140106,0.61\n", printed.out());
    assertTrue(printed.err().startsWith("sql: read-only: DELETE is refused"), printed.err());
    assertEquals(SqlClient.NO_SERVER, SqlClient.run(new String[] {"--lakehouse", lh.root(), "SELECT 1"}));
  }

  @Test
  void theReadmesJdbcCommandRunsAsWritten() throws Exception {
    String out = ReadmeCommand.run(ReadmeCommand.line("java --add-opens=java.base/java.nio=ALL-UNNAMED -cp 'target/jdbc-driver/*'"),
        Map.of(" 8815 ", " " + server.port() + " "), ReadmeCommand.javaOnPath());
    // The README asks for the 2024 counties by composite CV, highest first.
    assertEquals(List.of("county_code\tcomposite_cv", "140106\t0.61", "140105\t0.42"), out.lines().toList());
  }

  @Test
  void theReadmesDeltaKernelCommandReadsATableWithoutSpark() throws Exception {
    String out = ReadmeCommand.run(ReadmeCommand.line("java -cp 'target/delta-kernel/*' notebooks/ReadDeltaTable.java"),
        Map.of(" lakehouse/", " " + java.nio.file.Path.of(java.net.URI.create(lh.root())) + "/"), ReadmeCommand.javaOnPath());
    List<String> lines = out.lines().toList();
    assertEquals("school_year,county_code,level,composite_cv", lines.get(0));
    assertEquals(List.of("2023,140105,primary,0.5", "2024,140105,primary,0.42", "2024,140106,primary,0.61"),
        lines.subList(1, lines.size()).stream().sorted().toList());
  }
}
