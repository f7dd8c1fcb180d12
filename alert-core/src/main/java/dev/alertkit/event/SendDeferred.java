package dev.alertkit.event;

import dev.alertkit.Alert;
import dev.alertkit.Recipient;
import java.time.Instant;
import java.util.Objects;

/**
 * A recipient's send was deferred (quiet hours) and will be made at {@code until}.
 *
 * @param at when
 * @param alert the alert
 * @param recipient the recipient
 * @param until when the send is due
 * @param reason why it waits
 */
public record SendDeferred(Instant at, Alert alert, Recipient recipient, Instant until, String reason) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param alert the alert
   * @param recipient the recipient
   * @param until when the send is due
   * @param reason why it waits
   * @throws NullPointerException when a value is null
   */
  public SendDeferred {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(reason, "reason");
  }
}
