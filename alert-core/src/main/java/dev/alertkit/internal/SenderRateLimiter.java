package dev.alertkit.internal;

import dev.alertkit.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Spaces sends per key (provider name + sender) evenly on the client's clock: each send reserves the next free slot,
 * {@link RateLimit#interval()} after the previous one. A send whose slot is further away than the limit's
 * {@link RateLimit#maxWait()} reserves nothing and is refused. The caller waits for its slot on the scheduler, never
 * by blocking a thread. Thread-safe.
 */
public final class SenderRateLimiter {
  private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

  private static final class Slot {
    Instant nextFree;
  }

  /**
   * Reserves a slot.
   *
   * @param key provider name + sender
   * @param limit the limit for that key
   * @param now the time
   * @return how long to wait for the reserved slot (zero: go now), or empty when the wait would exceed the limit's
   *     maxWait (nothing reserved)
   */
  public Optional<Duration> reserve(String key, RateLimit limit, Instant now) {
    Slot slot = slots.computeIfAbsent(key, k -> new Slot());
    synchronized (slot) {
      Instant at = slot.nextFree == null || slot.nextFree.isBefore(now) ? now : slot.nextFree;
      Duration wait = Duration.between(now, at);
      if (wait.compareTo(limit.maxWait()) > 0) {
        return Optional.empty();
      }
      slot.nextFree = at.plus(limit.interval());
      return Optional.of(wait);
    }
  }

  /**
   * When the next free slot of a key begins, for messages.
   *
   * @param key the key
   * @return the instant, if the key was used
   */
  public Optional<Instant> nextFree(String key) {
    Slot slot = slots.get(key);
    if (slot == null) {
      return Optional.empty();
    }
    synchronized (slot) {
      return Optional.ofNullable(slot.nextFree);
    }
  }
}
