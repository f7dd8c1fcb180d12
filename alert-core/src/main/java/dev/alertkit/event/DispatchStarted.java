package dev.alertkit.event;

import dev.alertkit.Alert;
import java.time.Instant;
import java.util.Objects;

/**
 * Dispatch of an alert begins (once per alert; a deferred send that fires later does not start a new dispatch).
 *
 * @param at when
 * @param alert the alert
 */
public record DispatchStarted(Instant at, Alert alert) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param alert the alert
   * @throws NullPointerException when a value is null
   */
  public DispatchStarted {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
  }
}
