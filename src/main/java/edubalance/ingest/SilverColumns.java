package edubalance.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import edubalance.codes.Regions;
import edubalance.conf.ProvinceColumns;
import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The columns of a silver table (docs/SILVER.md): the delivered ones typed, those the spec
 * derives (the groups and parents a code implies, the school year a dated row belongs to), then
 * lineage; each carries its description as its comment. Also the expressions the specs' derived
 * columns use that are longer than a line.
 */
final class SilverColumns {
  private SilverColumns() {}

  /** Lineage every silver table carries after its data columns, with its comment. */
  static final Map<String, String> LINEAGE = lineage();

  private static Map<String, String> lineage() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("_delivery_id", "the delivery the row last came from (ops.ingest_log.delivery_id)");
    m.put("_source_file", "its CSV file, relative to the delivery directory");
    m.put("_line", "its line in that file (the header is line 1)");
    return m;
  }

  /** The silver table's columns over checked rows (typed values, see {@link DatasetSpec.RowValues}), in order, with comments. */
  static Column[] of(DatasetSpec spec, Settings settings) {
    DatasetSpec.RowValues row = new DatasetSpec.RowValues(spec, settings);
    List<Column> cols = new ArrayList<>();
    for (String c : spec.silverColumns()) cols.add(Described.as(spec.silverValue(c, row), c, spec.describe(c)));
    LINEAGE.forEach((c, comment) -> cols.add(Described.as(col(c), c, comment)));
    return cols.toArray(Column[]::new);
  }

  /** province, city or county, from a 6-digit division code. */
  static Column divisionLevel(Column code) {
    return when(code.endsWith("0000"), lit("province")).when(code.endsWith("00"), lit("city")).otherwise(lit("county"));
  }

  /** urban, town or rural: the group of an NBS urban–rural classification code. */
  static Column urbanRural(Column urbanRuralCode) {
    return functions.try_element_at(RowRules.lookup(Enumerations.URBAN_RURAL_CODE), urbanRuralCode);
  }

  /**
   * The level of a grade: 10–12 senior; 1–6 primary and 7–9 junior under the 6-3 system, 1–5 and
   * 6–9 under 5-4, per the province's {@code grades.system} in conf.
   */
  static Column levelOfGrade(Column grade, Column countyCode, Settings settings) {
    Column system = ProvinceColumns.stringValue(settings, "grades.system", Regions.province2(countyCode));
    Column lastPrimary = when(system.equalTo("5-4"), lit(5)).otherwise(lit(6));
    return when(grade.geq(10), lit("senior")).when(grade.leq(lastPrimary), lit("primary")).otherwise(lit("junior"));
  }
}
