package edubalance.metrics;

import edubalance.conf.Settings;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A yearly gold model computed from the units of calculation alone (gold.school_indicators, docs/METHODS.md §1). */
interface UnitsModel extends GoldModel {
  @Override
  default String yearColumn() {
    return "school_year";
  }

  @Override
  default List<String> inputs() {
    return List.of(SchoolIndicators.TABLE);
  }

  @Override
  default Dataset<Row> compute(Inputs in, Settings settings) {
    return fromUnits(in.get(SchoolIndicators.TABLE), settings);
  }

  /** The table's rows from gold.school_indicators. */
  Dataset<Row> fromUnits(Dataset<Row> schoolIndicators, Settings settings);
}
