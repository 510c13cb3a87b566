package edubalance.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.ChildJvm;
import edubalance.InProcess;
import edubalance.TestSpark;
import edubalance.jobs.Main;
import edubalance.lakehouse.Lakehouse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.RootAllocator;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jobs/serve as an office runs it: a server process of its own on 127.0.0.2 (not 127.0.0.1), over
 * TLS with a throwaway certificate, with a province user, a statistician and a county user made by
 * {@code jobs/serve --add-user}; real clients (the Flight SQL JDBC driver, a plain Flight client,
 * the thin jobs/sql, pyarrow when the notebooks' Python is there) see what their role allows and
 * nothing else, the limits hold, and ops.query_log records every statement.
 */
class OfficeServerTest {
  static final String HOST = "127.0.0.2";
  static final String PASSWORD = "correct horse battery";
  static Lakehouse lh;
  static Path lakehouseDir;
  static Path cert;
  static Process server;
  static Path serverLog;
  static int port;

  @BeforeAll
  static void serve() throws Exception {
    lh = TestSpark.freshLakehouse();
    lakehouseDir = Path.of(java.net.URI.create(lh.root()));
    var spark = TestSpark.spark();
    // Version 0 of county_balance_basic: what VERSION AS OF 0 reads; version 1: the latest.
    lh.overwrite("gold.county_balance_basic", spark.sql("SELECT * FROM VALUES (2023, '140105', 0.50D), (2023, '140106', 0.70D)"
        + " AS t(school_year, county_code, composite_cv)"));
    lh.overwrite("gold.county_balance_basic", spark.sql("SELECT * FROM VALUES (2024, '140105', 0.42D), (2024, '140106', 0.61D),"
        + " (2024, '140107', 0.33D) AS t(school_year, county_code, composite_cv)"));
    lh.overwrite("gold.three_increases", spark.sql("SELECT * FROM VALUES (2024, 'county', '140105', true),"
        + " (2024, 'county', '140106', false), (2024, 'city', '140100', false), (2024, 'province', '140000', false)"
        + " AS t(fiscal_year, region_level, county_code, all_increases_met)"));
    lh.overwrite("silver.teachers", spark.sql("SELECT * FROM VALUES ('T1', 'S1', 'bachelor'), ('T2', 'S1', 'master'),"
        + " ('T3', 'S2', 'bachelor') AS t(teacher_id, school_id, degree)"));
    lh.overwrite("bronze.teachers", spark.sql("SELECT 'T1' AS teacher_id"));

    // Users through the command, each password on stdin (no terminal here).
    addUser("prov", "province");
    addUser("stat", "statistician");
    addUser("c105", "county:140105");
    addUser("gone", "province");
    assertEquals(0, InProcess.run("serve", "--lakehouse", lakehouseDir.toString(), "--remove-user", "gone").rc());
    Path users = lakehouseDir.resolve("conf/serve-users");
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
    assertFalse(Files.readString(users).contains(PASSWORD), "only hashes are kept");

    cert = throwawayCertificate(TestSpark.tempDir("tls"));
    Path conf = TestSpark.tempDir("conf").resolve("serve.properties");
    Files.writeString(conf, "serve.statement.timeout_seconds = 10\nserve.statement.max_rows = 1000\n"
        + "serve.query_log.flush_seconds = 2\nserve.user.max_concurrent_statements = 2\n");

    serverLog = TestSpark.tempDir("serve-log").resolve("stderr");
    // A server runs long: the full JIT and the parallel collector, not the quick-start options of a short job.
    List<String> command = new ArrayList<>(ChildJvm.command("serve", "--lakehouse", lakehouseDir.toString(), "--conf", conf.toString(),
        "--host", HOST, "--port", "0", "--tls-cert", cert.toString(), "--tls-key", cert.resolveSibling("key.pem").toString()));
    command.removeAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    ServeState state = null;
    while (System.nanoTime() < deadline && server.isAlive()) {
      if (Files.readString(serverLog).contains("read-only on")) {
        state = ServeState.find(lakehouseDir.toString());
        break;
      }
      Thread.sleep(200);
    }
    assertTrue(state != null, "the server did not start:\n" + Files.readString(serverLog));
    port = state.port();
    assertEquals(HOST, state.host());
    assertTrue(state.tls());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server == null) return;
    InProcess stopped = InProcess.run("serve", "--stop", "--lakehouse", lakehouseDir.toString());
    if (!server.waitFor(60, TimeUnit.SECONDS)) server.destroyForcibly();
    assertEquals(0, stopped.rc(), stopped.err());
  }

  private static void addUser(String name, String role) {
    InputStream stdin = System.in;
    System.setIn(new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
    try {
      InProcess r = InProcess.run("serve", "--lakehouse", lakehouseDir.toString(), "--add-user", name, "--role", role);
      assertEquals(0, r.rc(), r.err());
    } finally {
      System.setIn(stdin);
    }
  }

  /** A self-signed certificate for 127.0.0.2 (cert.pem) and its PKCS#8 key (key.pem), made with Bouncy Castle. */
  static Path throwawayCertificate(Path dir) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    X500Name name = new X500Name("CN=" + HOST);
    long now = System.currentTimeMillis();
    var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 60_000),
        new Date(now + 86_400_000L), name, pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, HOST)));
    var x509 = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    Path certFile = dir.resolve("cert.pem");
    try (Writer w = Files.newBufferedWriter(certFile); JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(x509);
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("key.pem")); JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
    }
    return certFile;
  }

  static String url() {
    return "jdbc:arrow-flight-sql://" + HOST + ":" + port + "?useEncryption=true&tlsRootCerts=" + cert;
  }

  static Connection connect(String user) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", PASSWORD);
    return DriverManager.getConnection(url(), p);
  }

  /** The rows of a statement, columns joined by tabs. */
  static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) cells.add(String.valueOf(rs.getObject(i)));
        out.add(String.join("\t", cells));
      }
    }
    return out;
  }

  /**
   * The rows of {@code sql} over ops.query_log once {@code expected} of them are there: the log is
   * appended every two seconds (conf of this test), so a row may take a few seconds to appear.
   */
  static List<String> logged(Connection prov, String sql, int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> r = rows(prov, sql);
    while (r.size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(500);
      r = rows(prov, sql);
    }
    if (r.size() < expected) {
      System.err.println("OfficeServerTest: " + r.size() + " of " + expected + " rows after 30 s; the server's log:\n"
          + Files.readString(serverLog));
    }
    return r;
  }

  static String refusal(Connection c, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> rows(c, sql), sql);
    return e.getMessage();
  }

  @Test
  void aServerOnAnotherAddressNeedsUsersAndTls() throws Exception {
    Lakehouse bare = TestSpark.freshLakehouse();
    InProcess noUsers = InProcess.run("serve", "--lakehouse", bare.root(), "--host", "0.0.0.0", "--port", "0");
    assertEquals(2, noUsers.rc(), noUsers.err());
    assertEquals(1, noUsers.errLines().size(), noUsers.err());
    assertTrue(noUsers.err().contains("without users") && noUsers.err().contains("without TLS"), noUsers.err());
    InProcess noTls = InProcess.run("serve", "--lakehouse", lakehouseDir.toString(), "--host", "0.0.0.0", "--port", "0");
    assertEquals(2, noTls.rc(), noTls.err());
    assertEquals(1, noTls.errLines().size(), noTls.err());
    assertTrue(noTls.err().contains("without TLS") && !noTls.err().contains("without users"), noTls.err());
  }

  @Test
  void aWrongPasswordAndAMissingTokenAreRefused() throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "prov");
    p.setProperty("password", "not the password");
    assertThrows(SQLException.class, () -> DriverManager.getConnection(url(), p).createStatement().executeQuery("SELECT 1"));
    try (var allocator = new RootAllocator();
        FlightClient client = FlightClient.builder(allocator, Location.forGrpcTls(HOST, port))
            .trustedCertificates(Files.newInputStream(cert)).build()) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> client.getInfo(FlightDescriptor.command("SELECT 1".getBytes(StandardCharsets.UTF_8))));
      assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code());
      // A client that does not trust the certificate does not get through either.
    }
    try (Connection prov = connect("prov")) {
      assertEquals(List.of("refused\tno user or token"), logged(prov, "SELECT DISTINCT outcome, reason FROM ops.query_log"
          + " WHERE statement = '(call without credentials)'", 1));
    }
    try (var allocator = new RootAllocator();
        FlightClient plain = FlightClient.builder(allocator, Location.forGrpcInsecure(HOST, port)).build()) {
      assertThrows(FlightRuntimeException.class,
          () -> plain.getInfo(FlightDescriptor.command("SELECT 1".getBytes(StandardCharsets.UTF_8))));
    }
  }

  @Test
  void aCountyUserSeesItsOwnCountyWhateverTheStatement() throws Exception {
    try (Connection c = connect("c105")) {
      assertEquals(List.of("2024\t140105\t0.42"), rows(c, "SELECT * FROM gold.county_balance_basic"));
      // A join with another county's rows: they are not there to join.
      assertEquals(List.of(), rows(c, "SELECT a.county_code, b.county_code FROM gold.county_balance_basic a"
          + " JOIN gold.county_balance_basic b ON a.school_year = b.school_year AND b.county_code = '140106'"));
      assertEquals(List.of("140105"), rows(c, "WITH t AS (SELECT * FROM gold.county_balance_basic) SELECT county_code FROM t"));
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM gold.county_balance_basic WHERE county_code IN"
          + " (SELECT county_code FROM gold.county_balance_basic WHERE county_code <> '140105')"));
      assertEquals(List.of("1"), rows(c, "SELECT (SELECT count(*) FROM gold.county_balance_basic)"));
      assertEquals(List.of("2023\t140105\t0.5"), rows(c, "SELECT * FROM gold.county_balance_basic VERSION AS OF 0"));
      // Its own county row and the province's, not another county's nor the city's.
      assertEquals(List.of("140000\tprovince", "140105\tcounty"),
          rows(c, "SELECT county_code, region_level FROM gold.three_increases ORDER BY 1"));
      for (String t : List.of("silver.teachers", "bronze.teachers")) {
        String m = refusal(c, "SELECT count(*) FROM " + t);
        assertTrue(m.contains("county:140105: " + t + " is not readable by this role"), m);
      }
      assertTrue(refusal(c, "SELECT * FROM gold.county_balance_basic, silver.teachers").contains("silver.teachers"));
      assertTrue(refusal(c, "SHOW TABLES IN silver").contains("silver layer is not readable"));
      assertTrue(refusal(c, "SELECT * FROM ops.query_log").contains("ops.query_log is not readable"));
    }
  }

  @Test
  void aStatisticianCannotListTeacherIds() throws Exception {
    try (Connection c = connect("stat")) {
      // Two bachelors (T1, T3), one master (T2).
      assertEquals(List.of("bachelor\t2", "master\t1"), rows(c, "SELECT degree, count(*) FROM silver.teachers GROUP BY 1 ORDER BY 1"));
      assertEquals(List.of("3"), rows(c, "SELECT count(*) FROM silver.teachers"));
      for (String sql : List.of("SELECT teacher_id FROM silver.teachers", "SELECT * FROM silver.teachers",
          "FROM silver.teachers", "WITH t AS (FROM silver.teachers) SELECT * FROM t",
          "SELECT max(teacher_id) FROM silver.teachers", "SELECT degree FROM silver.teachers GROUP BY degree, teacher_id",
          "SELECT 'x', 'y', 'z' UNION ALL FROM silver.teachers",
          "SELECT count(*) FROM silver.teachers WHERE teacher_id = 'T1'")) {
        String m = refusal(c, sql);
        assertTrue(m.contains("teacher_id identifies a person"), sql + ": " + m);
      }
      assertEquals(List.of("3"), rows(c, "SELECT count(DISTINCT teacher_id) FROM silver.teachers"));
      // Persons only aggregated: no statement passes a teacher's row out, with or without the id.
      for (String sql : List.of("SELECT degree FROM silver.teachers", "SELECT DISTINCT school_id, degree FROM silver.teachers",
          "SELECT degree, count(*) OVER () FROM silver.teachers", "WITH t AS (SELECT degree FROM silver.teachers) SELECT * FROM t",
          "SELECT * FROM gold.county_balance_basic WHERE county_code IN (SELECT school_id FROM silver.teachers)",
          "SELECT (SELECT degree FROM silver.teachers LIMIT 1)")) {
        String m = refusal(c, sql);
        assertTrue(m.contains("silver.teachers is about persons and readable only aggregated"), sql + ": " + m);
      }
      // Aggregated where it is used: through a CTE, a derived table (S1 has 2 teachers, S2 1: 1.5 a school), a subquery.
      assertEquals(List.of("S1\t2", "S2\t1"), rows(c, "WITH t AS (SELECT school_id, degree FROM silver.teachers)"
          + " SELECT school_id, count(*) FROM t GROUP BY 1 ORDER BY 1"));
      assertEquals(List.of("1.5"), rows(c, "SELECT avg(n) FROM (SELECT school_id, count(*) AS n FROM silver.teachers GROUP BY 1)"));
      assertEquals(List.of("3"), rows(c, "SELECT count(*) FROM gold.county_balance_basic"
          + " WHERE EXISTS (SELECT 1 FROM silver.teachers WHERE degree = 'master')"));
      assertTrue(refusal(c, "SELECT * FROM bronze.teachers").contains("bronze.teachers is not readable"));
      assertEquals(List.of("3"), rows(c, "SELECT count(*) FROM gold.county_balance_basic"));
    }
  }

  @Test
  void aHeavyQueryIsCancelledAtTheLimitWhileAnotherUsersSmallOneAnswers() throws Exception {
    try (Connection heavy = connect("stat"); Connection small = connect("prov")) {
      long b0 = System.nanoTime();
      assertEquals(List.of("3"), rows(small, "SELECT count(*) FROM gold.county_balance_basic"));
      double alone = (System.nanoTime() - b0) / 1e9;
      long t0 = System.nanoTime();
      CompletableFuture<String> cross = CompletableFuture.supplyAsync(() -> {
        try {
          return "answered " + rows(heavy, "SELECT count(*) FROM range(100000000) CROSS JOIN range(1000000)");
        } catch (SQLException e) {
          return e.getMessage();
        }
      });
      Thread.sleep(2000); // the cross join is running
      long s0 = System.nanoTime();
      assertEquals(List.of("3"), rows(small, "SELECT count(*) FROM gold.county_balance_basic"));
      double smallSeconds = (System.nanoTime() - s0) / 1e9;
      assertFalse(cross.isDone(), "the small query answered while the heavy one still ran");
      String heavyOutcome = cross.get(3, TimeUnit.MINUTES);
      double heavySeconds = (System.nanoTime() - t0) / 1e9;
      System.err.printf("OfficeServerTest: small query %.2f s alone, %.2f s while the cross join ran; cross join ended"
          + " after %.1f s%n", alone, smallSeconds, heavySeconds);
      assertTrue(heavyOutcome.contains("cancelled: the statement ran longer than 10 s"), heavyOutcome);
      // Cancelled at the limit, not run to its end (minutes): the limit plus planning and the cancellation.
      assertTrue(heavySeconds < 60, "cross join ended after " + heavySeconds + " s");
      String rowCap = refusal(small, "SELECT id FROM range(5000)");
      assertTrue(rowCap.contains("more than 1000 rows"), rowCap);
    }
  }

  @Test
  void defectsOfTheIssueAreFixed() throws Exception {
    try (Connection c = connect("prov")) {
      String syntax = refusal(c, "SELEC 1");
      assertTrue(syntax.contains("PARSE_SYNTAX_ERROR") && syntax.contains("'SELEC'"), syntax);
      for (String sql : List.of("SET", "SET -v", "SET spark.driver.host")) {
        assertTrue(refusal(c, sql).contains("read-only: SET"), sql);
      }
      assertTrue(refusal(c, "SELECT input_file_name() FROM gold.county_balance_basic").contains("input_file_name() tells"));
      assertTrue(refusal(c, "SELECT _metadata.file_path FROM gold.county_balance_basic").contains("_metadata tells"));
      assertTrue(refusal(c, "SELECT current_user()").contains("current_user() tells"));
      String nested = "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000);
      refusal(c, nested);
    }
    // One line per failed statement in the server's log, no stack trace (the server runs without --verbose).
    String log = Files.readString(serverLog);
    assertFalse(log.contains("\tat "), log.length() > 4000 ? log.substring(0, 4000) : log);
  }

  @Test
  void theThinSqlClientLogsInFromTheEnvironmentOverTls() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", "target/flight-client/*:target/classes",
        "edubalance.serve.SqlClient", "--lakehouse", lakehouseDir.toString(), "SELECT county_code FROM gold.county_balance_basic"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("EDU_BALANCE_USER", "c105");
    pb.environment().put("EDU_BALANCE_PASSWORD", PASSWORD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), err);
    assertEquals("county_code\n140105\n", out);
    pb.environment().remove("EDU_BALANCE_USER");
    pb.environment().put("EDU_BALANCE_CREDENTIALS", "/nonexistent/credentials");
    Process none = pb.start();
    String noneErr = new String(none.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, none.waitFor(), noneErr);
  }

  @Test
  void aCountyGetsItsOwnReportFromTheServerAndNoOtherCountys() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dslf4j.internal.verbosity=ERROR", "-cp",
        "target/flight-client/*:target/classes", "edubalance.serve.ReportClient", "--lakehouse", lakehouseDir.toString(), "--county", "140106", "--year", "2024",
        "--out", "target/office-report-refused");
    pb.environment().put("EDU_BALANCE_USER", "c105");
    pb.environment().put("EDU_BALANCE_PASSWORD", PASSWORD);
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.waitFor(), err);
    assertEquals("report: county:140105: the report of county 140106 is not readable by this role\n", err);
    assertTrue(Files.notExists(Path.of("target/office-report-refused")));
    try (Connection prov = connect("prov")) {
      assertEquals(List.of("c105\tcounty:140105\trefused\tnull"), logged(prov, "SELECT user_name, role, outcome, rows_returned"
          + " FROM ops.query_log WHERE statement LIKE '(report) %--county%140106%'", 1));
    }
  }

  @Test
  void pyarrowLogsInWithABasicTokenOverTls() throws Exception {
    String python = System.getenv("EDU_BALANCE_PYTHON");
    org.junit.jupiter.api.Assumptions.assumeTrue(python != null, "needs the notebooks' Python (EDU_BALANCE_PYTHON)");
    String script = "import pyarrow.flight as fl, sys\n"
        + "c = fl.FlightClient('grpc+tls://" + HOST + ":" + port + "', tls_root_certs=open(sys.argv[1], 'rb').read())\n"
        + "token = c.authenticate_basic_token('c105', sys.argv[2])\n"
        + "o = fl.FlightCallOptions(headers=[token])\n"
        + "i = c.get_flight_info(fl.FlightDescriptor.for_command('SELECT county_code FROM gold.county_balance_basic'), o)\n"
        + "print(list(c.do_get(i.endpoints[0].ticket, o).read_all().column(0).to_pylist()))\n";
    Process p = new ProcessBuilder(python, "-c", script, cert.toString(), PASSWORD).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    assertEquals("['140105']", out);
  }

  /**
   * Two heavy statements of one user run, a third is refused at the cap (2 in this server's conf);
   * the client of the first goes away and its query is cancelled then, the second at the time limit.
   */
  @Test
  void aUsersStatementsAreCappedAndAClientThatGoesAwayCancelsItsQuery() throws Exception {
    String heavy = "SELECT count(*) FROM range(100000000) CROSS JOIN range(1000000) -- cap ";
    try (var allocator = new RootAllocator();
        FlightClient client = FlightClient.builder(allocator, Location.forGrpcTls(HOST, port))
            .trustedCertificates(Files.newInputStream(cert)).build()) {
      var login = client.authenticateBasicToken("stat", PASSWORD).orElseThrow();
      List<org.apache.arrow.flight.FlightStream> streams = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        var info = client.getInfo(FlightDescriptor.command((heavy + i).getBytes(StandardCharsets.UTF_8)), login);
        streams.add(client.getStream(info.getEndpoints().get(0).getTicket(), login));
      }
      Thread.sleep(2000); // both run
      var third = client.getInfo(FlightDescriptor.command((heavy + 3).getBytes(StandardCharsets.UTF_8)), login);
      try (var refused = client.getStream(third.getEndpoints().get(0).getTicket(), login)) {
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, refused::next);
        assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, e.status().code());
        assertTrue(e.getMessage().contains("already 2 statements running for this user"), e.getMessage());
      }
      streams.get(0).cancel("the client goes away", null);
      FlightRuntimeException limit = assertThrows(FlightRuntimeException.class, streams.get(1)::next);
      assertTrue(limit.getMessage().contains("ran longer than 10 s"), limit.getMessage());
      for (var s : streams) {
        try {
          s.close();
        } catch (Exception closedAlready) {
          // a cancelled stream may throw its cancellation again on close
        }
      }
    }
    try (Connection prov = connect("prov")) {
      Map<String, String> seen = new java.util.HashMap<>();
      for (String r : logged(prov, "SELECT statement, outcome, reason, duration_ms FROM ops.query_log"
          + " WHERE statement LIKE 'SELECT count(*) FROM range%-- cap %'", 3)) {
        String[] f = r.split("\t");
        seen.put(f[0].substring(f[0].length() - 1), f[1] + "|" + f[2] + "|" + f[3]);
      }
      assertEquals(3, seen.size(), seen.toString());
      String[] gone = seen.get("1").split("\\|");
      assertEquals("cancelled|cancelled: the client went away", gone[0] + "|" + gone[1]);
      // Cancelled when its client went away (about 2 s in), not at the 10 s limit.
      assertTrue(Long.parseLong(gone[2]) < 9000, seen.get("1"));
      assertTrue(seen.get("2").startsWith("cancelled|cancelled: the statement ran longer than 10 s"), seen.get("2"));
      assertTrue(seen.get("3").startsWith("refused|already 2 statements running for this user"), seen.get("3"));
    }
  }

  /**
   * A state file naming the office server's own pid and port but not its secret (forged, or stale
   * after a restart), or a live process that is no server: {@code --stop} signals nothing and says
   * so in one line, and the server goes on answering.
   */
  @Test
  void aStaleOrForgedStateFileIsNotTrusted() throws Exception {
    Path other = TestSpark.tempDir("forged-lakehouse");
    Process bystander = new ProcessBuilder("sleep", "300").start();
    try {
      ServeState real = ServeState.find(lakehouseDir.toString());
      for (long pid : List.of(real.pid(), bystander.pid())) {
        new ServeState(HOST, port, pid, other.toString(), "0".repeat(64), cert.toString()).write(other.toString());
        InProcess stop = InProcess.run("serve", "--stop", "--lakehouse", other.toString());
        assertEquals(1, stop.rc(), stop.err());
        assertEquals(1, stop.errLines().size(), stop.err());
        assertTrue(stop.err().contains("which is not a server of this lakehouse") && stop.err().contains("nothing signalled"),
            stop.err());
      }
      assertTrue(bystander.isAlive() && server.isAlive());
      try (Connection c = connect("prov")) {
        assertEquals(List.of("3"), rows(c, "SELECT count(*) FROM gold.county_balance_basic"));
      }
    } finally {
      bystander.destroyForcibly();
    }
  }

  /** JUnit's order of tests is not fixed: the history is checked for what this test itself sent. */
  @Test
  void theHistoryRecordsEveryStatementWithItsOutcome() throws Exception {
    try (Connection county = connect("c105"); Connection stat = connect("stat"); Connection prov = connect("prov")) {
      rows(county, "SELECT county_code FROM gold.county_balance_basic WHERE school_year = 2024 -- history ok");
      refusal(stat, "SELECT teacher_id FROM silver.teachers -- history refused");
      refusal(prov, "SELECT no_such_column FROM gold.county_balance_basic -- history failed");
      Properties wrong = new Properties();
      wrong.setProperty("user", "history-intruder");
      wrong.setProperty("password", "guessed password");
      assertThrows(SQLException.class, () -> DriverManager.getConnection(url(), wrong).createStatement().executeQuery("SELECT 1"));
      Map<String, String> seen = new java.util.HashMap<>();
      for (String r : logged(prov, "SELECT statement, user_name, role, outcome, array_join(tables_read, ','), rows_returned"
          + " FROM ops.query_log WHERE statement LIKE '%-- history %' AND statement NOT LIKE '%ops.query_log%'", 3)) {
        String[] f = r.split("\t");
        seen.put(f[0].substring(f[0].indexOf("-- history ") + 11), String.join("|", java.util.Arrays.copyOfRange(f, 1, f.length)));
      }
      assertEquals("c105|county:140105|ok|gold.county_balance_basic|1", seen.get("ok"));
      assertEquals("stat|statistician|refused|null|null", seen.get("refused"));
      assertEquals("prov|province|failed|null|null", seen.get("failed"));
      assertEquals(List.of("none\trefused\twrong user or password"), logged(prov, "SELECT DISTINCT role, outcome, reason"
          + " FROM ops.query_log WHERE statement = '(login)' AND user_name = 'history-intruder'", 1));
    }
  }
}
