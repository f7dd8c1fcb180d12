package dev.alertkit.internal;

import dev.alertkit.spi.AlertStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The default {@link AlertStateStore}: in memory, thread-safe, bounded (least recently seen keys go first). Each
 * operation is a few field updates under the store's monitor; nothing blocks there.
 */
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

  /**
   * Rules 1 to 4 of the {@link AlertStateStore} contract: whether a new occurrence may claim a key in this state.
   *
   * @param prev the state, or null
   * @param now the time
   * @param window the dedup window
   * @param repeat the repeat interval, if any
   * @return whether it is claimable
   */
  public static boolean claimable(DedupState prev, Instant now, Duration window, Optional<Duration> repeat) {
    if (prev == null || Duration.between(prev.lastSeen(), now).compareTo(window) > 0) {
      return true;
    }
    if (prev.inFlight()) {
      return Duration.between(prev.claimedAt(), now).compareTo(window) > 0;
    }
    return prev.lastSent().isEmpty()
        || repeat.isPresent() && Duration.between(prev.lastSent().get(), now).compareTo(repeat.get()) >= 0;
  }

  @Override
  public synchronized Claim claim(String dedupKey, String alertId, Instant now, Duration window, Optional<Duration> repeatInterval) {
    DedupState prev = states.get(dedupKey);
    boolean resumed = prev != null && prev.inFlight() && prev.alertId().equals(alertId);
    if (resumed || claimable(prev, now, window, repeatInterval)) {
      DedupState next = new DedupState(alertId, now, now, prev == null ? Optional.empty() : prev.lastSent(), true, 0);
      states.put(dedupKey, next);
      return new Claim(true, next);
    }
    DedupState next = new DedupState(prev.alertId(), prev.claimedAt(), now, prev.lastSent(), prev.inFlight(), prev.suppressed() + 1);
    states.put(dedupKey, next);
    return new Claim(false, next);
  }

  @Override
  public synchronized void complete(String dedupKey, String alertId, Instant sentAt) {
    DedupState s = states.get(dedupKey);
    if (s != null && s.alertId().equals(alertId)) {
      states.put(dedupKey, new DedupState(alertId, s.claimedAt(), s.lastSeen(), Optional.of(sentAt), false, s.suppressed()));
    }
  }

  @Override
  public synchronized void release(String dedupKey, String alertId) {
    DedupState s = states.get(dedupKey);
    if (s != null && s.alertId().equals(alertId)) {
      states.put(dedupKey, new DedupState(alertId, s.claimedAt(), s.lastSeen(), Optional.empty(), false, s.suppressed()));
    }
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
