package edubalance.ingest;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One column of a dataset as the contract declares it: its silver type, the checks that send a
 * row to quarantine, and what it holds ({@code description}: the comment of its silver and
 * quarantine columns). Declared as data in {@link Datasets}, checked in {@link RowRules}.
 */
public record ColumnSpec(
    String name,
    Kind kind,
    boolean required,
    Map<String, String> enumeration,
    String shape,
    Integer min,
    Integer max,
    String defaultValue,
    String description) implements Serializable {

  /** The same column with the value the contract gives an empty cell ({@code ownership} missing = public). */
  public ColumnSpec withDefault(String value) {
    return new ColumnSpec(name, kind, required, enumeration, shape, min, max, value, description);
  }

  /** The same column with what it holds, its unit and its codes: the comment of its table columns. */
  public ColumnSpec describedAs(String text) {
    return new ColumnSpec(name, kind, required, enumeration, shape, min, max, defaultValue, text);
  }

  /** Silver types. Counts are INT, areas and money DOUBLE, codes STRING. */
  public enum Kind { STRING, CODE, INT, COUNT, AMOUNT, BOOLEAN, ENUM, DATE }

  /** The type of the column in silver (what {@link RowRules#parsed} yields). */
  public DataType silverType() {
    return switch (kind) {
      case STRING, CODE, ENUM -> DataTypes.StringType;
      case INT, COUNT -> DataTypes.IntegerType;
      case AMOUNT -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case DATE -> DataTypes.DateType;
    };
  }

  public static ColumnSpec code(String name, boolean required, String regex) {
    return new ColumnSpec(name, Kind.CODE, required, null, regex, null, null, null, null);
  }

  public static ColumnSpec text(String name, boolean required) {
    return new ColumnSpec(name, Kind.STRING, required, null, null, null, null, null, null);
  }

  /** An integer in [min, max] (a year, a grade, a month). */
  public static ColumnSpec integer(String name, boolean required, int min, int max) {
    return new ColumnSpec(name, Kind.INT, required, null, null, min, max, null, null);
  }

  /** A non-negative whole number of things. */
  public static ColumnSpec count(String name, boolean required) {
    return new ColumnSpec(name, Kind.COUNT, required, null, null, null, null, null, null);
  }

  /** A non-negative area or amount of money. */
  public static ColumnSpec amount(String name, boolean required) {
    return new ColumnSpec(name, Kind.AMOUNT, required, null, null, null, null, null, null);
  }

  public static ColumnSpec bool(String name, boolean required) {
    return new ColumnSpec(name, Kind.BOOLEAN, required, Enumerations.BOOLEAN, null, null, null, null, null);
  }

  public static ColumnSpec oneOf(String name, boolean required, Map<String, String> values) {
    return new ColumnSpec(name, Kind.ENUM, required, values, null, null, null, null, null);
  }

  public static ColumnSpec date(String name, boolean required) {
    return new ColumnSpec(name, Kind.DATE, required, null, null, null, null, null, null);
  }
}
