package edubalance.generate;

import java.util.concurrent.atomic.LongAdder;

/** Rows written per dataset, shared by the city threads. */
final class Counters {
  private final LongAdder[] rows = new LongAdder[DeliveryDataset.values().length];

  Counters() {
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new LongAdder();
    }
  }

  void row(DeliveryDataset ds) {
    rows[ds.ordinal()].increment();
  }

  long rows(DeliveryDataset ds) {
    return rows[ds.ordinal()].sum();
  }
}
