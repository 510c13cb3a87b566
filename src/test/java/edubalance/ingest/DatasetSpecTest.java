package edubalance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The specs are consistent, complete and documented; no data is ingested here. */
class DatasetSpecTest {

  /** An empty frame with the columns a spec's checked rows have: typed values, brought columns, lineage. */
  private static Dataset<Row> checkedRows(DatasetSpec spec) {
    StructType s = new StructType();
    for (ColumnSpec c : spec.columns()) s = s.add(RowRules.TYPED + c.name(), c.silverType());
    for (DatasetSpec.Reference r : spec.references()) {
      for (var b : r.brings().entrySet()) s = s.add(RowRules.TYPED + b.getKey(), r.dataset().column(b.getValue()).silverType());
    }
    s = s.add("reasons", DataTypes.createArrayType(DataTypes.StringType)).add("_delivery_id", DataTypes.StringType)
        .add("_source_file", DataTypes.StringType).add("_line", DataTypes.LongType);
    return TestSpark.spark().createDataFrame(List.of(), s);
  }

  @Test
  void everyDerivedColumnRuleAndKeyReadsOnlyWhatItsSpecDeclares() {
    for (DatasetSpec spec : Datasets.ALL) {
      DatasetSpec.RowValues row = new DatasetSpec.RowValues(spec, TestSpark.settings());
      Dataset<Row> silver = checkedRows(spec).select(SilverColumns.of(spec, TestSpark.settings()));
      List<String> expected = new ArrayList<>(spec.silverColumns());
      expected.addAll(List.of("_delivery_id", "_source_file", "_line"));
      assertEquals(expected, List.of(silver.columns()), spec.name());
      List<Column> checks = new ArrayList<>();
      for (DatasetSpec.Rule r : spec.rules()) checks.add(r.when().of(row));
      for (DatasetSpec.Reference r : spec.references()) for (String k : r.key()) checks.add(row.get(k));
      if (!checks.isEmpty()) checkedRows(spec).select(checks.toArray(Column[]::new)).schema();
      if (spec.yearColumn() != null) {
        assertEquals(DataTypes.IntegerType, silver.schema().apply(spec.yearColumn()).dataType(), spec.name());
      }
      for (String k : spec.key()) assertTrue(spec.columnNames().contains(k), spec.name() + " key " + k);
    }
  }

  @Test
  void aColumnOfAnotherDatasetIsReadableOnlyWhenAReferenceBringsIt() {
    DatasetSpec withoutCounty = DatasetSpec.of("enrollment", Datasets.ENROLLMENT.key(), "school_year",
        Datasets.ENROLLMENT.columns().toArray(ColumnSpec[]::new));
    DatasetSpec.RowValues row = new DatasetSpec.RowValues(withoutCounty, TestSpark.settings());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> row.get("school_county_code"));
    assertEquals("enrollment declares no column school_county_code", e.getMessage());
    // Enrollment's spec brings it from the register, for the level of a grade.
    assertEquals(List.of("school_county_code"), Datasets.ENROLLMENT.broughtColumns());
    assertEquals("county_code", Datasets.ENROLLMENT.references().get(0).brings().get("school_county_code"));
  }

  @Test
  void aDatasetIsIngestedAfterTheDatasetsItsRowsReference() {
    for (int i = 0; i < Datasets.ALL.size(); i++) {
      for (DatasetSpec.Reference r : Datasets.ALL.get(i).references()) {
        assertTrue(Datasets.ALL.indexOf(r.dataset()) < i, Datasets.ALL.get(i).name() + " before " + r.dataset().name());
        for (String k : r.key()) r.dataset().column(k);
      }
    }
  }

  @Test
  void everyColumnIsDescribed() {
    for (DatasetSpec spec : Datasets.ALL) {
      for (ColumnSpec c : spec.columns()) {
        assertTrue(c.description() != null && !c.description().isBlank(), spec.name() + "." + c.name());
      }
      for (String c : spec.silverColumns()) assertFalse(spec.describe(c).isBlank(), spec.name() + "." + c);
      for (DatasetSpec.Rule r : spec.rules()) assertFalse(r.description().isBlank(), r.reason());
    }
  }

  /** docs/DELIVERY.md lists each dataset's columns, codes and reasons; docs/SILVER.md each silver table's columns. */
  @Test
  void theDocsListEveryColumnOfTheSpecs() throws IOException {
    String delivery = Files.readString(Path.of("docs/DELIVERY.md"), StandardCharsets.UTF_8);
    String silver = Files.readString(Path.of("docs/SILVER.md"), StandardCharsets.UTF_8);
    for (DatasetSpec spec : Datasets.ALL) {
      String deliveryRow = line(delivery, "| " + spec.name() + " |");
      for (String c : spec.columnNames()) assertTrue(deliveryRow.matches(".*\\b" + c + "\\b.*"), spec.name() + "." + c + " in DELIVERY.md");
      for (ColumnSpec c : spec.columns()) {
        if (c.kind() != ColumnSpec.Kind.ENUM) continue;
        for (String code : c.enumeration().values()) assertTrue(delivery.contains(code), spec.name() + "." + c.name() + " " + code);
      }
      for (DatasetSpec.Rule r : spec.rules()) assertTrue(delivery.contains("`" + r.reason() + "`"), r.reason());
      for (DatasetSpec.Reference r : spec.references()) assertTrue(delivery.contains("`" + r.reason() + "`"), r.reason());
      String silverRow = line(silver, "| `silver." + spec.name() + "` |");
      for (String c : spec.silverColumns()) assertTrue(silverRow.matches(".*\\b" + c + "\\b.*"), spec.name() + "." + c + " in SILVER.md");
    }
  }

  private static String line(String doc, String prefix) {
    return doc.lines().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix));
  }
}
