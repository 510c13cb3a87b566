import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;

/**
 * Queries jobs/serve through JDBC, as any JDBC tool (DBeaver, a BI tool, R's RJDBC) does: the Arrow
 * Flight SQL driver (org.apache.arrow:flight-sql-jdbc-driver 18.3.0, copied to target/jdbc-driver by
 * mvn package) and the URL jdbc:arrow-flight-sql://HOST:PORT?useEncryption=false.
 *
 * <p>java --add-opens=java.base/java.nio=ALL-UNNAMED -cp 'target/jdbc-driver/*' notebooks/QueryJdbc.java
 * [PORT] "SELECT ..." prints the result as tab-separated lines with a header.
 */
public class QueryJdbc {
  public static void main(String[] args) throws Exception {
    String port = args.length > 1 ? args[0] : "8815";
    String sql = args[args.length - 1];
    String url = "jdbc:arrow-flight-sql://127.0.0.1:" + port + "?useEncryption=false";
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      StringBuilder header = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) header.append(i > 1 ? "\t" : "").append(md.getColumnLabel(i));
      System.out.println(header);
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) row.append(i > 1 ? "\t" : "").append(rs.getString(i));
        System.out.println(row);
      }
    }
  }
}
