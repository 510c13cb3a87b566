package edubalance.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.translate;
import static org.apache.spark.sql.functions.when;

import edubalance.conf.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The checks one row can fail on its own (docs/DELIVERY.md, "Where every row ends up"), as Spark
 * expressions over the bronze strings: each column is normalised (full-width digits, thousands
 * separators, surrounding space), parsed to its silver type, and every failed check adds a
 * machine-readable reason {@code <rule>:<column>} to the row's {@code reasons}; then the spec's
 * checks across columns.
 *
 * <p>Reasons: {@code missing_column} (the file's header lacks a required column),
 * {@code missing} (required value empty), {@code unparseable}, {@code unknown_value} (not in the
 * enumeration), {@code bad_code} (wrong shape of a code), {@code negative}, {@code out_of_range},
 * {@code malformed_row} (wrong number of fields), and the reasons of the spec's
 * {@link DatasetSpec.Rule}s ({@code students_without_classes}), {@code undecodable} (a line not valid in the
 * encoding declared in conf), {@code control_byte} (a NUL or other control byte text never holds).
 */
public final class RowRules {
  private RowRules() {}

  /** Prefix of a column's typed value in the checked rows ({@code typed_students}). */
  static final String TYPED = "typed_";

  private static final String FULL_WIDTH = "０１２３４５６７８９，．－＋";
  private static final String HALF_WIDTH = "0123456789,.-+";

  /** Trimmed (ASCII and ideographic space), full-width digits folded to ASCII, empty → null. */
  static Column normalised(String column) {
    Column raw = col("`" + column + "`");
    // translate walks a value character by character through a map: only a value with a byte
    // outside ASCII (where full-width characters are) needs it.
    Column folded = when(functions.octet_length(raw).equalTo(functions.length(raw)), raw)
        .otherwise(translate(raw, FULL_WIDTH, HALF_WIDTH));
    // trim of a character set, not a regular expression: this runs on every value of a delivery.
    Column trimmed = functions.trim(folded, " \t\n\u000B\f\r\u3000");
    return when(trimmed.equalTo(lit("")), lit(null).cast("string")).otherwise(trimmed);
  }

  /** The typed value of a column from its normalised text {@code n}, null when empty or unparseable. */
  static Column parsed(ColumnSpec c, Column n) {
    // A thousands separator only between groups of three digits: "1,234" is 1234, "2,3,7" does not parse.
    Column number = when(functions.not(n.contains(",")), n)
        .when(n.rlike("^[+-]?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?$"), functions.replace(n, lit(","), lit("")));
    return switch (c.kind()) {
      case STRING, CODE -> n;
      case INT, COUNT -> number.try_cast("int");
      case AMOUNT -> {
        Column d = number.try_cast("double");
        yield when(isnan(d).or(functions.abs(d).equalTo(Double.POSITIVE_INFINITY)), lit(null).cast("double"))
            .otherwise(d);
      }
      case DATE -> when(n.rlike("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), n.try_cast("date"));
      case BOOLEAN -> functions.try_element_at(lookup(c.enumeration()), lower(n)).cast("boolean");
      case ENUM -> functions.try_element_at(lookup(c.enumeration()), lower(n));
    };
  }

  static Column lookup(Map<String, String> m) {
    List<Column> keys = new ArrayList<>();
    List<Column> values = new ArrayList<>();
    m.forEach((k, v) -> {
      keys.add(lit(k));
      values.add(lit(v));
    });
    return map_from_arrays(array(keys.toArray(Column[]::new)), array(values.toArray(Column[]::new)));
  }

  /** Reasons this column gives, from its normalised text {@code n} and typed value {@code v}. */
  static List<Column> reasons(ColumnSpec c, Column n, Column v) {
    String name = c.name();
    List<Column> out = new ArrayList<>();
    if (c.required()) {
      out.add(when(functions.array_contains(col("_missing_columns"), name), lit("missing_column:" + name)));
      out.add(when(n.isNull().and(functions.not(functions.array_contains(col("_missing_columns"), name))),
          lit("missing:" + name)));
    }
    String unparsed = switch (c.kind()) {
      case ENUM, BOOLEAN -> "unknown_value:";
      case CODE -> "bad_code:";
      default -> "unparseable:";
    };
    Column bad = c.kind() == ColumnSpec.Kind.CODE ? n.isNotNull().and(functions.not(n.rlike(c.shape())))
        : n.isNotNull().and(v.isNull());
    out.add(when(bad, lit(unparsed + name)));
    if (c.kind() == ColumnSpec.Kind.COUNT || c.kind() == ColumnSpec.Kind.AMOUNT) {
      out.add(when(v.lt(0), lit("negative:" + name)));
    }
    if (c.kind() == ColumnSpec.Kind.INT) {
      out.add(when(v.lt(c.min()).or(v.gt(c.max())), lit("out_of_range:" + name)));
    }
    return out;
  }

  /**
   * Bronze rows with their typed columns (named {@code typed_<column>}) and {@code reasons}, the
   * list of checks each row fails (empty when it passes every row-level check). Normalising,
   * parsing and checking are separate projections so each value is normalised and parsed once.
   */
  public static Dataset<Row> apply(Dataset<Row> bronze, DatasetSpec spec, Settings settings) {
    List<Column> normal = new ArrayList<>();
    normal.add(col("*"));
    for (ColumnSpec c : spec.columns()) normal.add(normalised(c.name()).as("_n_" + c.name()));

    List<Column> typed = new ArrayList<>();
    typed.add(col("*"));
    for (ColumnSpec c : spec.columns()) {
      Column n = col("_n_" + c.name());
      Column v = parsed(c, n);
      if (c.defaultValue() != null) {
        v = when(n.isNull(), lit(c.defaultValue()).cast(c.kind() == ColumnSpec.Kind.BOOLEAN ? "boolean" : "string"))
            .otherwise(v);
      }
      typed.add(v.as(TYPED + c.name()));
    }

    List<Column> checks = new ArrayList<>();
    // A line the decoder marked says why (CsvDecoding#badLine); any other malformed row has the wrong width.
    checks.add(when(col("_malformed").startsWith("undecodable:"), lit("undecodable"))
        .when(col("_malformed").startsWith("control_byte:"), lit("control_byte"))
        .when(col("_malformed").isNotNull(), lit("malformed_row")));
    for (ColumnSpec c : spec.columns()) {
      checks.addAll(reasons(c, col("_n_" + c.name()), col(TYPED + c.name())));
    }
    DatasetSpec.RowValues row = new DatasetSpec.RowValues(spec, settings);
    for (DatasetSpec.Rule rule : spec.rules()) checks.add(when(rule.when().of(row), lit(rule.reason())));
    List<Column> out = new ArrayList<>();
    out.add(col("*"));
    // concat_ws skips nulls and compiles to Java; a lambda filter over the array would not.
    Column joined = functions.concat_ws(";", checks.toArray(Column[]::new));
    out.add(when(joined.equalTo(""), functions.array().cast("array<string>"))
        .otherwise(functions.split(joined, ";")).as("reasons"));
    Dataset<Row> result = bronze.select(normal.toArray(Column[]::new)).select(typed.toArray(Column[]::new))
        .select(out.toArray(Column[]::new));
    for (ColumnSpec c : spec.columns()) result = result.drop("_n_" + c.name());
    return result;
  }
}
