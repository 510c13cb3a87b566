package edubalance.generate;

import java.util.concurrent.atomic.LongAdder;

/** Files and rows written per dataset, shared by the city threads. */
final class Counters {
  private final LongAdder[] rows = new LongAdder[Dataset.values().length];
  private final LongAdder[] files = new LongAdder[Dataset.values().length];

  Counters() {
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new LongAdder();
      files[i] = new LongAdder();
    }
  }

  void row(Dataset ds) {
    rows[ds.ordinal()].increment();
  }

  void file(Dataset ds) {
    files[ds.ordinal()].increment();
  }

  long rows(Dataset ds) {
    return rows[ds.ordinal()].sum();
  }

  long files(Dataset ds) {
    return files[ds.ordinal()].sum();
  }
}
