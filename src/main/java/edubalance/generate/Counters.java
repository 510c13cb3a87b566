package edubalance.generate;

import java.util.concurrent.atomic.LongAdder;

/** Files and rows written per dataset, shared by the city threads. */
final class Counters {
  private final LongAdder[] rows = new LongAdder[DeliveryDataset.values().length];
  private final LongAdder[] files = new LongAdder[DeliveryDataset.values().length];

  Counters() {
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new LongAdder();
      files[i] = new LongAdder();
    }
  }

  void row(DeliveryDataset ds) {
    rows[ds.ordinal()].increment();
  }

  void file(DeliveryDataset ds) {
    files[ds.ordinal()].increment();
  }

  long rows(DeliveryDataset ds) {
    return rows[ds.ordinal()].sum();
  }

  long files(DeliveryDataset ds) {
    return files[ds.ordinal()].sum();
  }
}
