package edubalance.serve;

import edubalance.lakehouse.Lakehouse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.RelationTimeTravel;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedNamespace;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableOrView;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.PlanExpression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.execution.command.SetCommand;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The statisticians' read-only rule, for {@code jobs/sql} and {@code jobs/serve} alike: a statement
 * runs only when Spark's own parser makes of it a query that reads lakehouse tables
 * ({@code <layer>.<table>}, layer one of {@link Lakehouse#LAYERS}), or a DESCRIBE / SHOW of them.
 * Writes (DML, DDL, RESTORE, VACUUM, OPTIMIZE, CACHE, INSERT … DIRECTORY), SET of anything but
 * {@link #SETTABLE}, path-based sources ({@code text.`/etc/hostname`}), table-valued functions other
 * than the generators and {@code reflect}/{@code java_method} are refused. Writes happen only
 * through the jobs.
 *
 * <p>The plan is checked against an allow-list of node kinds, so a statement kind Spark adds later
 * is refused until someone decides it is a read.
 */
public final class ReadOnlyGuard {
  private ReadOnlyGuard() {}

  /** Plan nodes a query is made of (parsed, unresolved plans). */
  private static final Set<String> QUERY_NODES = Set.of(
      "Project", "Filter", "Aggregate", "Sort", "Join", "LateralJoin", "SubqueryAlias", "UnresolvedRelation",
      "UnresolvedWith", "Union", "Distinct", "Deduplicate", "GlobalLimit", "LocalLimit", "Offset", "Tail",
      "WithWindowDefinition", "Window", "OneRowRelation", "LocalRelation", "UnresolvedInlineTable", "Generate",
      "Pivot", "Unpivot", "Except", "Intersect", "RepartitionByExpression", "Repartition", "RebalancePartitions",
      "Sample", "UnresolvedHint", "UnresolvedSubqueryColumnAliases", "RelationTimeTravel",
      "UnresolvedTableValuedFunction", "UnresolvedTVFAliases", "UnresolvedHaving", "Range", "Expand",
      "UnresolvedTableOrView", "UnresolvedTable", "UnresolvedNamespace", "CurrentNamespace",
      "UnresolvedRelationWithSchema");

  /** Statements that only show the catalog: DESCRIBE and SHOW of lakehouse tables. */
  private static final Set<String> SHOW_NODES = Set.of(
      "DescribeRelation", "DescribeColumn", "ShowTables", "ShowNamespaces", "ShowColumns",
      "ShowTableProperties", "DescribeNamespace");

  /** Table-valued functions that read no data source: the generators and {@code range}. */
  private static final Set<String> GENERATORS = Set.of("range", "explode", "explode_outer", "inline",
      "inline_outer", "posexplode", "posexplode_outer", "stack", "json_tuple", "variant_explode",
      "variant_explode_outer");

  /** Functions that run arbitrary Java. */
  private static final Set<String> FORBIDDEN_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");

  /** Functions that tell the server's files or the account it runs as. */
  private static final Set<String> PRIVATE_FUNCTIONS = Set.of("input_file_name", "input_file_block_start",
      "input_file_block_length", "current_user", "user", "session_user");

  /** The only settings a statement may change: how timestamps print. */
  static final Set<String> SETTABLE = Set.of("spark.sql.session.timeZone");

  /**
   * What an accepted statement reads: the tables it names ({@code layer.table}) and the layers whose
   * whole list it shows (SHOW TABLES IN gold); {@code isSet}: the statement is a SET;
   * {@code timeTravel}: it reads a table at a version or time of its own ({@code VERSION AS OF},
   * {@code TIMESTAMP AS OF}).
   */
  public record Reads(Set<String> tables, Set<String> layers, boolean isSet, boolean timeTravel) {}

  /** A statement the read-only rule refuses; the message is one line, for the user. */
  public static final class Refused extends IllegalArgumentException {
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * The one way a statistician's statement runs, embedded or served: checked by {@link #check},
   * then only the tables it reads registered (at {@code asOf}, or latest when null), then planned in
   * {@code session}. Returns the unexecuted result.
   */
  public static Dataset<Row> query(Lakehouse lakehouse, SparkSession session, String sql, String asOf) {
    return query(lakehouse, session, sql, asOf, check(session, sql));
  }

  /** {@link #query} of a statement {@link #check} has accepted already, as {@code reads}. */
  public static Dataset<Row> query(Lakehouse lakehouse, SparkSession session, String sql, String asOf, Reads reads) {
    Set<String> tables = new TreeSet<>(reads.tables());
    for (String layer : reads.layers()) {
      for (String t : lakehouse.tablesIn(layer)) tables.add(layer + "." + t);
    }
    lakehouse.register(tables, asOf);
    return session.sql(sql);
  }

  /**
   * Parses {@code sql} with the session's parser (Delta's statements included) and returns what it
   * reads, or throws {@link Refused}. A syntax error is an IllegalArgumentException with Spark's first line.
   */
  public static Reads check(SparkSession spark, String sql) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
      throw new IllegalArgumentException(firstLines(e.getMessage()), e);
    }
    String node = plan.getClass().getSimpleName();
    if (plan instanceof SetCommand set) {
      checkSet(set);
      return new Reads(Set.of(), Set.of(), true, false);
    }
    if (!QUERY_NODES.contains(node) && !SHOW_NODES.contains(node)) {
      throw refused(sql, node);
    }
    Set<String> tables = new TreeSet<>();
    Set<String> layers = new TreeSet<>();
    Set<String> ctes = new TreeSet<>();
    List<List<String>> named = new ArrayList<>();
    boolean timeTravel = false;
    Deque<LogicalPlan> todo = new ArrayDeque<>();
    todo.push(plan);
    while (!todo.isEmpty()) {
      LogicalPlan p = todo.pop();
      String kind = p.getClass().getSimpleName();
      if (p != plan && !QUERY_NODES.contains(kind)) throw refused(sql, kind);
      if (p instanceof RelationTimeTravel) timeTravel = true;
      if (p instanceof UnresolvedRelation r) named.add(CollectionConverters.asJava(r.multipartIdentifier()));
      if (p instanceof UnresolvedTableOrView t) named.add(CollectionConverters.asJava(t.multipartIdentifier()));
      if (p instanceof UnresolvedTable t) named.add(CollectionConverters.asJava(t.multipartIdentifier()));
      if (p instanceof UnresolvedNamespace ns) layers.add(layerOf(CollectionConverters.asJava(ns.multipartIdentifier())));
      if (p instanceof UnresolvedWith with) {
        for (scala.Product cte : CollectionConverters.asJava(with.cteRelations())) {
          ctes.add(((String) cte.productElement(0)).toLowerCase(Locale.ROOT));
        }
      }
      if (p instanceof UnresolvedTableValuedFunction tvf) {
        List<String> name = CollectionConverters.asJava(tvf.name());
        String fn = name.get(name.size() - 1).toLowerCase(Locale.ROOT);
        if (name.size() > 1 || !GENERATORS.contains(fn)) {
          throw new Refused("read-only: only the lakehouse's tables can be read, table function "
              + String.join(".", name) + " is refused");
        }
      }
      for (LogicalPlan child : CollectionConverters.asJava(p.children())) todo.push(child);
      for (Object inner : CollectionConverters.asJava(p.innerChildren())) {
        if (inner instanceof LogicalPlan lp) todo.push(lp);
      }
      for (Expression e : CollectionConverters.asJava(p.expressions())) checkExpression(e, todo);
    }
    for (List<String> name : named) {
      if (name.size() == 1 && ctes.contains(name.get(0).toLowerCase(Locale.ROOT))) continue;
      tables.add(tableOf(name));
    }
    return new Reads(tables, layers, false, timeTravel);
  }

  /** Walks an expression tree: refuses Java calls, queues the plans of subqueries. */
  private static void checkExpression(Expression e, Deque<LogicalPlan> plans) {
    Deque<Expression> todo = new ArrayDeque<>();
    todo.push(e);
    while (!todo.isEmpty()) {
      Expression x = todo.pop();
      if (x instanceof UnresolvedFunction f) {
        List<String> name = CollectionConverters.asJava(f.nameParts());
        String fn = name.get(name.size() - 1).toLowerCase(Locale.ROOT);
        if (FORBIDDEN_FUNCTIONS.contains(fn)) {
          throw new Refused("read-only: " + fn + "() runs Java code and is refused");
        }
        if (PRIVATE_FUNCTIONS.contains(fn)) {
          throw new Refused("read-only: " + fn + "() tells the server's files or account and is refused");
        }
      }
      // The hidden _metadata column holds each row's file path on the server.
      if (x instanceof org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute a
          && CollectionConverters.asJava(a.nameParts()).stream().anyMatch(n -> n.equalsIgnoreCase("_metadata"))) {
        throw new Refused("read-only: _metadata tells the server's files and is refused");
      }
      // IDENTIFIER('…') names a function or table only at analysis, out of this check's sight.
      if (x.getClass().getSimpleName().equals("ExpressionWithUnresolvedIdentifier")) {
        throw new Refused("read-only: IDENTIFIER(...) is refused; name tables and functions directly");
      }
      if (x instanceof PlanExpression<?> sub && sub.plan() instanceof LogicalPlan lp) plans.push(lp);
      for (Expression child : CollectionConverters.asJava(x.children())) todo.push(child);
    }
  }

  /**
   * SET of {@link #SETTABLE}, or SET of it without a value (which shows it). Plain SET, SET -v and
   * SET of another key without a value list the session's settings (the driver's host, port and
   * JVM options, any spark.hadoop.* secret), so they are refused as well.
   */
  private static void checkSet(SetCommand set) {
    if (set.kv().isEmpty()) {
      throw new Refused("read-only: SET without a setting lists the server's settings and is refused; SET "
          + String.join(", ", SETTABLE) + " = <value> is allowed");
    }
    Tuple2<String, scala.Option<String>> kv = set.kv().get();
    if (!SETTABLE.contains(kv._1())) {
      throw new Refused("read-only: SET " + kv._1() + " is refused; only " + SETTABLE + " may be set or shown");
    }
  }

  /**
   * The first non-empty lines of an error message, up to the statement Spark quotes after them
   * ({@code == SQL ==}), as one line: Spark 4's parse errors start with a newline.
   */
  public static String firstLines(String message) {
    if (message == null) return "";
    List<String> kept = new ArrayList<>();
    for (String line : message.strip().split("\n")) {
      String l = line.strip();
      if (l.isEmpty() && !kept.isEmpty()) break;
      if (l.startsWith("== SQL")) break;
      if (!l.isEmpty()) kept.add(l);
    }
    String one = String.join(" ", kept);
    return one.length() > 400 ? one.substring(0, 400) + "..." : one;
  }

  /** {@code gold.trends} or {@code spark_catalog.gold.trends} → {@code gold.trends}; anything else is refused. */
  private static String tableOf(List<String> name) {
    List<String> n = name.size() == 3 && name.get(0).equalsIgnoreCase("spark_catalog") ? name.subList(1, 3) : name;
    if (n.size() != 2 || !Lakehouse.LAYERS.contains(n.get(0).toLowerCase(Locale.ROOT))
        || !n.get(1).matches("[A-Za-z0-9_]+")) {
      throw new Refused("read-only: " + String.join(".", name) + " is not a lakehouse table; name one as "
          + "<layer>.<table>, layer one of " + Lakehouse.LAYERS + " (files and paths cannot be read)");
    }
    return n.get(0).toLowerCase(Locale.ROOT) + "." + n.get(1).toLowerCase(Locale.ROOT);
  }

  private static String layerOf(List<String> name) {
    List<String> n = name.size() == 2 && name.get(0).equalsIgnoreCase("spark_catalog") ? name.subList(1, 2) : name;
    if (n.size() != 1 || !Lakehouse.LAYERS.contains(n.get(0).toLowerCase(Locale.ROOT))) {
      throw new Refused("read-only: " + String.join(".", name) + " is not a lakehouse layer " + Lakehouse.LAYERS);
    }
    return n.get(0).toLowerCase(Locale.ROOT);
  }

  private static Refused refused(String sql, String node) {
    String[] words = sql.strip().split("\\s+", 2);
    String verb = words[0].toUpperCase(Locale.ROOT);
    return new Refused("read-only: " + verb + " is refused (" + node + "); only queries run here (SELECT, WITH, "
        + "VALUES, DESCRIBE, SHOW) and writes happen only through the jobs");
  }
}
