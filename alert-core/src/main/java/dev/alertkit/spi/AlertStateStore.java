package dev.alertkit.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where dedup state lives. The default keeps it in memory, bounded; implement this to share it between
 * instances (a database, Redis). Implementations must be thread-safe and {@link #update} must be atomic per key.
 */
public interface AlertStateStore {

  /**
   * The state kept per dedup key.
   *
   * @param lastSeen when an alert with this key was last raised
   * @param lastSent when an alert with this key was last sent; empty when never or when that dispatch reached
   *     nobody
   * @param suppressed how many occurrences were suppressed since the last send
   * @param lastWasSent whether the latest occurrence was sent (as opposed to suppressed)
   */
  record DedupState(Instant lastSeen, Optional<Instant> lastSent, int suppressed, boolean lastWasSent) {
    /**
     * Validates.
     *
     * @param lastSeen when an alert with this key was last raised
     * @param lastSent when it was last sent, if it was
     * @param suppressed occurrences suppressed since the last send
     * @param lastWasSent whether the latest occurrence was sent
     * @throws NullPointerException when a value is null
     */
    public DedupState {
      Objects.requireNonNull(lastSeen, "lastSeen");
      Objects.requireNonNull(lastSent, "lastSent");
    }
  }

  /**
   * Atomically replaces the state of a key.
   *
   * @param dedupKey the key
   * @param update receives the current state (null when none) and returns the new state (never null)
   * @return the new state
   */
  DedupState update(String dedupKey, UnaryOperator<DedupState> update);

  /**
   * The current state of a key.
   *
   * @param dedupKey the key
   * @return the state, if any
   */
  Optional<DedupState> get(String dedupKey);
}
