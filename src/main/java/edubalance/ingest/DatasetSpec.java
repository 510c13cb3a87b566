package edubalance.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * A dataset of the contract: its columns, key, the year column its silver table is partitioned
 * by, and how its rows are checked against the school register.
 */
public record DatasetSpec(
    String name,
    List<ColumnSpec> columns,
    List<String> key,
    String yearColumn,
    Datasets.OrphanCheck orphanCheck) implements Serializable {

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
}
