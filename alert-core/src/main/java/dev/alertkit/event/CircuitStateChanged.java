package dev.alertkit.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A provider's circuit breaker changed state.
 *
 * @param at when
 * @param provider the provider name
 * @param from the previous state
 * @param to the new state
 */
public record CircuitStateChanged(Instant at, String provider, State from, State to) implements AlertEvent {

  /** Circuit breaker states. */
  public enum State {
    /** Requests flow. */
    CLOSED,
    /** Requests fail at once without reaching the provider. */
    OPEN,
    /** A few trial requests decide whether to close again. */
    HALF_OPEN
  }

  /**
   * Validates.
   *
   * @param at when
   * @param provider the provider name
   * @param from the previous state
   * @param to the new state
   * @throws NullPointerException when a value is null
   */
  public CircuitStateChanged {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
