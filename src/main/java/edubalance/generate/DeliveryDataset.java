package edubalance.generate;

import edubalance.ingest.DatasetSpec;
import edubalance.ingest.Datasets;

/**
 * The nine datasets of a delivery as the generator names them, in order: a view of
 * {@link Datasets}, whose specs give the directory and the header (docs/DELIVERY.md).
 */
public enum DeliveryDataset {
  DIVISIONS(Datasets.DIVISIONS),
  SCHOOLS(Datasets.SCHOOLS),
  ENROLLMENT(Datasets.ENROLLMENT),
  RESOURCES(Datasets.RESOURCES),
  TEACHERS(Datasets.TEACHERS),
  TEACHER_FLOWS(Datasets.TEACHER_FLOWS),
  FUNDING(Datasets.FUNDING),
  FUNDING_MONTHLY(Datasets.FUNDING_MONTHLY),
  STUDENT_CHANGES(Datasets.STUDENT_CHANGES);

  private final DatasetSpec spec;

  DeliveryDataset(DatasetSpec spec) {
    this.spec = spec;
  }

  /** The dataset's directory name in a delivery ({@code teacher_flows}). */
  public String dirName() {
    return spec.name();
  }

  /** The contract's columns, in the order the generator writes its values. */
  public String[] header() {
    return spec.columnNames().toArray(String[]::new);
  }

  /** How many values a row has: one per column of the header. */
  public int width() {
    return spec.columns().size();
  }
}
