package edubalance.ingest;

import edubalance.conf.Settings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * A dataset's whole contract, declared as data in {@link Datasets}: its delivered columns (types,
 * checks, descriptions), its key, the year column its silver table is partitioned by, the columns
 * silver derives from each row, the checks across columns, and what its rows need from another
 * dataset (a school must be in the register). {@link Ingestor}, {@link RowRules} and
 * {@link SilverColumns} read it and hold nothing dataset-specific; the generator writes its headers.
 */
public record DatasetSpec(
    String name,
    List<ColumnSpec> columns,
    List<String> key,
    String yearColumn,
    List<Derived> derived,
    List<Rule> rules,
    List<Reference> references) implements Serializable {

  /** A dataset of delivered columns only; add to it with {@link #deriving}, {@link #rejecting}, {@link #referencing}. */
  public static DatasetSpec of(String name, List<String> key, String yearColumn, ColumnSpec... columns) {
    return new DatasetSpec(name, List.of(columns), key, yearColumn, List.of(), List.of(), List.of());
  }

  /**
   * An expression over one row's values, written with the names silver gives them (see
   * {@link RowValues}); serializable because the spec travels to the tasks that parse files.
   */
  @FunctionalInterface
  public interface RowExpression extends Serializable {
    Column of(RowValues row);
  }

  /**
   * A column silver computes from the row: appended after the delivered columns, or, when it
   * bears a delivered column's name, filling that column (an enrollment row's {@code level}).
   */
  public record Derived(String name, String description, RowExpression value) implements Serializable {}

  /** A check across columns: a row for which {@code when} holds is quarantined with {@code reason}. */
  public record Rule(String reason, String description, RowExpression when) implements Serializable {}

  /**
   * The dataset's rows must name a row of {@code dataset}'s silver table: the row's {@code key}
   * columns (delivered or derived) equal that table's columns of the same names, else the row is
   * quarantined with {@code reason}. {@code brings} maps a name the row's expressions may read to
   * the column of that table it takes (the only way a row sees another dataset's values).
   */
  public record Reference(DatasetSpec dataset, List<String> key, String reason, Map<String, String> brings)
      implements Serializable {
    public Reference {
      brings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(brings));
    }

    /** The same reference, also bringing {@code column} of the referenced table as {@code as}. */
    public Reference bringing(String as, String column) {
      Map<String, String> more = new LinkedHashMap<>(brings);
      more.put(as, column);
      return new Reference(dataset, key, reason, more);
    }
  }

  /**
   * A row's values while it is checked and turned into silver: delivered columns typed (named
   * {@code typed_<column>} by {@link RowRules}), columns brought by a {@link Reference}, and
   * derived columns computed from those. Reading any other name fails when the plan is built: a
   * dataset's expressions see only what its spec declares.
   */
  public record RowValues(DatasetSpec spec, Settings settings) {
    public Column get(String column) {
      if (spec.columnNames().contains(column) || spec.broughtColumns().contains(column)) {
        return functions.col(RowRules.TYPED + column);
      }
      for (Derived d : spec.derived()) if (d.name().equals(column)) return d.value().of(this);
      throw new IllegalArgumentException(spec.name() + " declares no column " + column);
    }
  }

  public DatasetSpec deriving(String column, String description, RowExpression value) {
    List<Derived> more = new ArrayList<>(derived);
    more.add(new Derived(column, description, value));
    return new DatasetSpec(name, columns, key, yearColumn, List.copyOf(more), rules, references);
  }

  public DatasetSpec rejecting(String reason, String description, RowExpression when) {
    List<Rule> more = new ArrayList<>(rules);
    more.add(new Rule(reason, description, when));
    return new DatasetSpec(name, columns, key, yearColumn, derived, List.copyOf(more), references);
  }

  public DatasetSpec referencing(Reference reference) {
    List<Reference> more = new ArrayList<>(references);
    more.add(reference);
    return new DatasetSpec(name, columns, key, yearColumn, derived, rules, List.copyOf(more));
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  public ColumnSpec column(String name) {
    for (ColumnSpec c : columns) if (c.name().equals(name)) return c;
    throw new IllegalArgumentException(this.name + " has no column " + name);
  }

  public List<String> requiredColumns() {
    return columns.stream().filter(ColumnSpec::required).map(ColumnSpec::name).toList();
  }

  public List<String> nonKeyColumns() {
    return columns.stream().map(ColumnSpec::name).filter(c -> !key.contains(c)).toList();
  }

  /** The derived columns silver appends after the delivered ones, in order (not those filling a delivered column). */
  public List<String> derivedColumns() {
    return derived.stream().map(Derived::name).filter(c -> !columnNames().contains(c)).toList();
  }

  /** The silver table's data columns: delivered, then derived. */
  public List<String> silverColumns() {
    List<String> out = new ArrayList<>(columnNames());
    out.addAll(derivedColumns());
    return out;
  }

  /** Names the row's expressions read from other datasets' tables, over all references. */
  public List<String> broughtColumns() {
    return references.stream().flatMap(r -> r.brings().keySet().stream()).toList();
  }

  /** The silver value of a column: its derivation if silver derives or fills it, else the typed delivered value. */
  public Column silverValue(String column, RowValues row) {
    for (Derived d : derived) if (d.name().equals(column)) return d.value().of(row);
    return row.get(column);
  }

  /** The comment of a silver column: its derivation's description, else the delivered column's. */
  public String describe(String column) {
    for (Derived d : derived) if (d.name().equals(column)) return d.description();
    return column(column).description();
  }
}
