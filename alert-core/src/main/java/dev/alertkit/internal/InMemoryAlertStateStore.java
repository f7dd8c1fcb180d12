package dev.alertkit.internal;

import dev.alertkit.spi.AlertStateStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The default {@link AlertStateStore}: in memory, thread-safe, bounded (least recently seen keys go first). */
public final class InMemoryAlertStateStore implements AlertStateStore {
  private final Map<String, DedupState> states;

  /**
   * Creates a store.
   *
   * @param maxKeys the most keys kept; older ones are evicted
   */
  public InMemoryAlertStateStore(int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be positive");
    }
    this.states = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, DedupState> eldest) {
        return size() > maxKeys;
      }
    };
  }

  @Override
  public synchronized DedupState update(String dedupKey, UnaryOperator<DedupState> update) {
    DedupState next = Objects.requireNonNull(update.apply(states.get(dedupKey)), "update returned null");
    states.put(dedupKey, next);
    return next;
  }

  @Override
  public synchronized Optional<DedupState> get(String dedupKey) {
    return Optional.ofNullable(states.get(dedupKey));
  }

  /** @return how many keys are kept */
  public synchronized int size() {
    return states.size();
  }
}
