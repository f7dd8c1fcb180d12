package dev.alertkit.internal;

import dev.alertkit.spi.DispatchJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DispatchJournal} in memory, bounded: it keeps the most recent {@code maxDispatches} dispatches (oldest
 * dropped first). Not durable; it makes a resumed dispatch in the same process (a submission run again by its timer)
 * behave as a durable one would, and serves tests.
 */
public final class InMemoryDispatchJournal implements DispatchJournal {
  private final int maxDispatches;
  private final Map<String, Entry> dispatches;

  private static final class Entry {
    final Map<String, AttemptMark> marks = new LinkedHashMap<>();
    final Map<String, String> reports = new LinkedHashMap<>();
  }

  /**
   * @param maxDispatches how many dispatches to keep, at least 1
   * @throws IllegalArgumentException when maxDispatches is below 1
   */
  public InMemoryDispatchJournal(int maxDispatches) {
    if (maxDispatches < 1) {
      throw new IllegalArgumentException("maxDispatches must be at least 1 (was " + maxDispatches + ")");
    }
    this.maxDispatches = maxDispatches;
    this.dispatches = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > InMemoryDispatchJournal.this.maxDispatches;
      }
    };
  }

  @Override
  public synchronized void mark(String dispatchId, List<AttemptMark> marks) {
    Entry e = dispatches.computeIfAbsent(dispatchId, k -> new Entry());
    for (AttemptMark m : marks) {
      e.marks.put(m.attemptId(), m);
    }
  }

  @Override
  public synchronized void finish(String dispatchId, Map<String, String> reports, Instant at) {
    dispatches.computeIfAbsent(dispatchId, k -> new Entry()).reports.putAll(reports);
  }

  @Override
  public synchronized Recorded read(String dispatchId) {
    Entry e = dispatches.get(dispatchId);
    if (e == null) {
      return new Recorded(List.of(), Map.of());
    }
    return new Recorded(new ArrayList<>(e.marks.values()), e.reports);
  }
}
