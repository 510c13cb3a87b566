package edubalance.serve;

import edubalance.lakehouse.Lakehouse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.expressions.OuterReference;
import org.apache.spark.sql.catalyst.expressions.PlanExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.Count;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationDef;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationRef;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.WithCTE;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractPartialFunction;

/**
 * A role's rule, enforced on Spark's analysed plan: the tables a statement actually reads (whatever
 * names, joins, CTEs, subqueries or {@code VERSION AS OF} led there), each relation recognised by
 * its Delta table's location. A relation the role may not read refuses the statement with one line
 * naming it; a county user's relations of gold tables are wrapped in a filter on that county (and
 * the province-level rows), so every row it can reach is its own county's. A statistician never
 * sees a person's id: a statement that refers to one, or passes one out, is refused (see
 * {@link #checkPersonIds}), and the tables of persons are read only aggregated
 * ({@link #checkAggregated}). The read-only rule ({@link ReadOnlyGuard}) has run before this.
 */
public final class Access {
  private Access() {}

  /** Silver tables about persons (the issue names them): a statistician reads them only aggregated, never a person's id. */
  static final Set<String> PERSON_TABLES = Set.of("silver.teachers", "silver.teacher_flows", "silver.student_changes");
  /** Columns that identify a person, in any table. */
  static final Set<String> PERSON_IDS = Set.of("teacher_id", "student_id", "person_id", "id_number");

  /** Leaves of a plan that read no table. */
  private static final Set<String> TABLELESS_LEAVES = Set.of("LocalRelation", "Range", "OneRowRelation",
      "CTERelationRef", "LocalTableScan", "ResolvedInlineTable");

  /** Nodes through which a person's id may pass unread (they neither compute from it nor rename it). */
  private static final Set<String> PASS_THROUGH = Set.of("SubqueryAlias", "Filter", "Sort", "Join", "GlobalLimit",
      "LocalLimit", "Offset", "Sample", "LogicalRelation", "DataSourceV2Relation", "ResolvedHint", "Window", "Generate");

  private static final Set<String> SET_OPERATIONS = Set.of("Union", "Intersect", "Except");

  /** A statement the role may not run; the message is one line naming what it reads. */
  public static final class Denied extends IllegalArgumentException {
    Denied(String message) {
      super(message);
    }
  }

  /** A statement's result as the role may see it, and the tables it reads. */
  public record Checked(Dataset<Row> result, Set<String> tables) {}

  /** Refuses a table or layer named in the statement's text that the role may never read (a first, clear check). */
  public static void checkNames(Role role, ReadOnlyGuard.Reads reads) {
    for (String layer : reads.layers()) {
      if (!layerAllowed(role, layer)) throw new Denied(role + ": the " + layer + " layer is not readable by this role");
    }
    for (String table : reads.tables()) {
      String layer = table.substring(0, table.indexOf('.'));
      if (!layerAllowed(role, layer)) throw new Denied(role + ": " + table + " is not readable by this role");
    }
  }

  static boolean layerAllowed(Role role, String layer) {
    return switch (role.kind()) {
      case PROVINCE -> true;
      case STATISTICIAN -> layer.equals("gold") || layer.equals("silver");
      case COUNTY -> layer.equals("gold");
    };
  }

  /** Checks the analysed plan of {@code result} against the role; returns the result the role may see. */
  public static Checked check(Lakehouse lakehouse, Role role, Dataset<Row> result) {
    LogicalPlan plan = result.queryExecution().analyzed();
    String root = normalised(lakehouse.root());
    Set<String> tables = new TreeSet<>();
    Set<ExprId> personIds = new HashSet<>();
    Map<LogicalPlan, String> personRelations = new java.util.IdentityHashMap<>();
    Map<LogicalPlan, Expression> countyFilters = new java.util.IdentityHashMap<>();
    for (LogicalPlan p : nodes(plan)) {
      String kind = p.getClass().getSimpleName();
      if (!p.children().isEmpty()) continue;
      String path = locationOf(p);
      if (path == null) {
        if (TABLELESS_LEAVES.contains(kind) || role.kind() == Role.Kind.PROVINCE) continue;
        throw new Denied(role + ": the statement reads a source that is not a lakehouse table (" + kind + ")");
      }
      String table = tableAt(root, normalised(path));
      if (table == null) {
        if (role.kind() == Role.Kind.PROVINCE) continue;
        throw new Denied(role + ": the statement reads files that are not a lakehouse table");
      }
      tables.add(table);
      String layer = table.substring(0, table.indexOf('.'));
      if (!layerAllowed(role, layer)) throw new Denied(role + ": " + table + " is not readable by this role");
      if (role.kind() == Role.Kind.STATISTICIAN && PERSON_TABLES.contains(table)) personRelations.put(p, table);
      if (role.kind() == Role.Kind.STATISTICIAN && (PERSON_TABLES.contains(table) || layer.equals("silver"))) {
        for (Attribute a : CollectionConverters.asJava(p.output())) {
          if (PERSON_IDS.contains(a.name().toLowerCase(Locale.ROOT))) personIds.add(a.exprId());
        }
      }
      if (role.kind() == Role.Kind.COUNTY) countyFilters.put(p, countyPredicate(table, p, role.county()));
    }
    if (!personIds.isEmpty()) checkPersonIds(plan, personIds);
    if (!personRelations.isEmpty()) checkAggregated(plan, false, personRelations, cteDefinitions(plan), 0);
    if (countyFilters.isEmpty()) return new Checked(result, tables);
    LogicalPlan filtered = plan.transformUpWithSubqueries(new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
      @Override
      public boolean isDefinedAt(LogicalPlan p) {
        return countyFilters.containsKey(p);
      }

      @Override
      public <A1 extends LogicalPlan, B1> B1 applyOrElse(A1 p, scala.Function1<A1, B1> otherwise) {
        Expression predicate = countyFilters.get(p);
        @SuppressWarnings("unchecked")
        B1 out = predicate == null ? otherwise.apply(p) : (B1) new Filter(predicate, p);
        return out;
      }
    });
    org.apache.spark.sql.classic.SparkSession session = (org.apache.spark.sql.classic.SparkSession) result.sparkSession();
    return new Checked(org.apache.spark.sql.classic.Dataset.ofRows(session, filtered), tables);
  }

  /**
   * The rows of a gold table a county user sees: with a level column ({@code region_level},
   * {@code entity_level}) the county's own rows and the province's; otherwise the rows whose
   * {@code county_code} is the county. A gold table with neither is refused.
   */
  private static Expression countyPredicate(String table, LogicalPlan relation, String county) {
    Attribute level = column(relation, "region_level", "entity_level");
    Attribute code = column(relation, "region_code", "entity_code", "county_code");
    if (code == null) throw new Denied("county:" + county + ": " + table + " has no county column and is not readable by this role");
    Expression own = new EqualTo(code, Literal.create(county, code.dataType()));
    if (level == null) return own;
    return new Or(new EqualTo(level, Literal.create("province", level.dataType())),
        new And(new EqualTo(level, Literal.create("county", level.dataType())), own));
  }

  private static Attribute column(LogicalPlan relation, String... names) {
    for (String n : names) {
      for (Attribute a : CollectionConverters.asJava(relation.output())) {
        if (a.name().equalsIgnoreCase(n)) return a;
      }
    }
    return null;
  }

  /**
   * A statistician's statement over a person table: the person's id may be neither read by any
   * expression (projected, grouped, filtered, joined on, passed to a function other than
   * {@code count}) nor passed out of a node that renames or combines columns (a CTE, a union, a
   * projection), nor be in the result. So no id value leaves the server, and a statement that asks
   * for one gets a line saying why; the other columns read as usual.
   */
  static void checkPersonIds(LogicalPlan plan, Set<ExprId> ids) {
    for (AttributeReference a : attributes(plan.output())) {
      if (ids.contains(a.exprId())) throw personId(a);
    }
    for (LogicalPlan p : nodes(plan)) {
      String kind = p.getClass().getSimpleName();
      if (!PASS_THROUGH.contains(kind)) {
        for (AttributeReference a : attributes(p.output())) {
          if (ids.contains(a.exprId())) throw personId(a);
        }
      }
      // A set operation's output takes its first child's names: an id of another child would pass unnamed.
      if (SET_OPERATIONS.contains(kind)) {
        for (LogicalPlan child : CollectionConverters.asJava(p.children())) {
          for (AttributeReference a : attributes(child.output())) {
            if (ids.contains(a.exprId())) throw personId(a);
          }
        }
      }
      // A leaf's expressions are its own output (a relation's columns): nothing reads them there.
      if (p.children().isEmpty()) continue;
      for (Expression e : CollectionConverters.asJava(p.expressions())) {
        for (AttributeReference a : referencedOutsideCount(e)) {
          if (ids.contains(a.exprId())) throw personId(a);
        }
      }
    }
  }

  /**
   * A statistician reads a person table only aggregated: between each of its relations and the
   * statement's result there is an aggregation ({@code GROUP BY}, {@code count}, {@code avg}, …),
   * so no row of one person leaves the server. A subquery is judged where it is used (inside an
   * aggregated part of the plan it is aggregated too), a CTE where it is referenced. Grouped
   * results are not suppressed however small a group is (README, "Serving an office").
   */
  static void checkAggregated(LogicalPlan p, boolean aggregated, Map<LogicalPlan, String> personRelations,
      Map<Long, LogicalPlan> ctes, int depth) {
    if (depth > 200) throw new Denied("statistician: the statement nests its CTEs too deeply to be checked");
    String table = personRelations.get(p);
    if (table != null && !aggregated) {
      throw new Denied("statistician: " + table + " is about persons and readable only aggregated (GROUP BY, count, avg, ...),"
          + " not row by row");
    }
    for (Expression e : CollectionConverters.asJava(p.expressions())) {
      for (LogicalPlan sub : subqueries(e)) checkAggregated(sub, aggregated, personRelations, ctes, depth + 1);
    }
    if (p instanceof CTERelationRef ref) {
      LogicalPlan def = ctes.get(ref.cteId());
      if (def != null) checkAggregated(def, aggregated, personRelations, ctes, depth + 1);
      return;
    }
    if (p instanceof WithCTE w) {
      checkAggregated(w.plan(), aggregated, personRelations, ctes, depth + 1);
      return;
    }
    boolean below = aggregated || p instanceof Aggregate;
    for (LogicalPlan c : CollectionConverters.asJava(p.children())) checkAggregated(c, below, personRelations, ctes, depth + 1);
  }

  /** The plans of a statement's CTEs by id, wherever they are defined. */
  private static Map<Long, LogicalPlan> cteDefinitions(LogicalPlan plan) {
    Map<Long, LogicalPlan> out = new java.util.HashMap<>();
    for (LogicalPlan p : nodes(plan)) {
      if (p instanceof CTERelationDef d) out.put(d.id(), d.child());
    }
    return out;
  }

  /** The plans of the subqueries in an expression (outermost ones; theirs are found when they are walked). */
  private static List<LogicalPlan> subqueries(Expression root) {
    List<LogicalPlan> out = new ArrayList<>();
    Deque<Expression> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Expression x = todo.pop();
      if (x instanceof PlanExpression<?> sub && sub.plan() instanceof LogicalPlan lp) {
        out.add(lp);
        continue;
      }
      for (Expression c : CollectionConverters.asJava(x.children())) todo.push(c);
    }
    return out;
  }

  private static Denied personId(AttributeReference a) {
    return new Denied("statistician: " + a.name() + " identifies a person and is not readable by this role; "
        + "count rows or name the other columns");
  }

  private static List<AttributeReference> attributes(scala.collection.Seq<? extends Expression> exprs) {
    List<AttributeReference> out = new ArrayList<>();
    for (Expression e : CollectionConverters.asJava(exprs)) {
      if (e instanceof AttributeReference a) out.add(a);
    }
    return out;
  }

  /** Attribute references in an expression, outer references included, except the arguments of {@code count}. */
  private static List<AttributeReference> referencedOutsideCount(Expression root) {
    List<AttributeReference> out = new ArrayList<>();
    Deque<Expression> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Expression x = todo.pop();
      if (x instanceof Count) continue;
      if (x instanceof AttributeReference a) out.add(a);
      if (x instanceof OuterReference o) todo.push((Expression) o.e());
      for (Expression c : CollectionConverters.asJava(x.children())) todo.push(c);
    }
    return out;
  }

  /** Every node of a plan and of its subqueries' plans. */
  static List<LogicalPlan> nodes(LogicalPlan plan) {
    List<LogicalPlan> out = new ArrayList<>();
    Deque<LogicalPlan> todo = new ArrayDeque<>();
    todo.push(plan);
    while (!todo.isEmpty()) {
      LogicalPlan p = todo.pop();
      out.add(p);
      for (LogicalPlan c : CollectionConverters.asJava(p.children())) todo.push(c);
      for (Expression e : CollectionConverters.asJava(p.expressions())) {
        Deque<Expression> ex = new ArrayDeque<>();
        ex.push(e);
        while (!ex.isEmpty()) {
          Expression x = ex.pop();
          if (x instanceof PlanExpression<?> sub && sub.plan() instanceof LogicalPlan lp) todo.push(lp);
          for (Expression c : CollectionConverters.asJava(x.children())) ex.push(c);
        }
      }
    }
    return out;
  }

  /** The location of a table relation (Delta's log-based file index, or a v2 table's path); null for other leaves. */
  private static String locationOf(LogicalPlan leaf) {
    if (leaf instanceof LogicalRelation lr && lr.relation() instanceof HadoopFsRelation fs) {
      List<Path> roots = CollectionConverters.asJava(fs.location().rootPaths());
      return roots.isEmpty() ? "" : roots.get(0).toString();
    }
    if (leaf instanceof DataSourceV2Relation v2) {
      String location = v2.table().properties().get("location");
      if (location != null) return location;
      if (v2.table() instanceof org.apache.spark.sql.delta.catalog.DeltaTableV2 d) return d.path().toString();
      return "";
    }
    if (leaf instanceof LogicalRelation) return "";
    return null;
  }

  /** {@code <root>/<layer>/<table>} → {@code layer.table}; null for any other path. */
  private static String tableAt(String root, String path) {
    if (!path.startsWith(root + "/")) return null;
    String[] rest = path.substring(root.length() + 1).split("/");
    if (rest.length != 2 || !Lakehouse.LAYERS.contains(rest[0])) return null;
    return rest[0] + "." + rest[1];
  }

  private static String normalised(String path) {
    String p = new Path(path).toUri().normalize().getPath();
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
