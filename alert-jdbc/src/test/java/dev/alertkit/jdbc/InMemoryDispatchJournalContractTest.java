package dev.alertkit.jdbc;

import dev.alertkit.internal.InMemoryDispatchJournal;
import dev.alertkit.spi.DispatchJournal;

/** The journal contract against alert-core's in-memory journal, the reference the JDBC journal must match. */
class InMemoryDispatchJournalContractTest extends DispatchJournalContract {
  private final DispatchJournal journal = new InMemoryDispatchJournal(1_000);

  @Override
  DispatchJournal journal() {
    return journal;
  }
}
