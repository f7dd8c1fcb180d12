package dev.alertkit.event;

import dev.alertkit.Alert;
import dev.alertkit.Attempt;
import dev.alertkit.Recipient;
import java.time.Instant;
import java.util.Objects;

/**
 * One recipient's attempt ended: accepted by the provider, or failed with a reason. Fired once per recipient and
 * attempt, including attempts rejected before any request (compliance, bulkhead full).
 *
 * @param at when
 * @param alert the alert
 * @param recipient the recipient
 * @param attempt the attempt as it appears in the report
 */
public record AttemptFinished(Instant at, Alert alert, Recipient recipient, Attempt attempt) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param alert the alert
   * @param recipient the recipient
   * @param attempt the attempt
   * @throws NullPointerException when a value is null
   */
  public AttemptFinished {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(attempt, "attempt");
  }
}
