package dev.alertkit.event;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Failure;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A failed request will not be sent again although its kind allows it, and why (retry budget spent, the provider
 * asked to wait too long, the deadline or {@code maxDuration} would pass, the circuit opened).
 *
 * @param at when
 * @param alert the alert
 * @param channel the channel
 * @param provider the provider name
 * @param recipients every recipient of the request
 * @param failure the failure that is not retried
 * @param reason why not
 */
public record RetrySkipped(Instant at, Alert alert, Channel channel, String provider, List<Recipient> recipients,
    Failure failure, String reason) implements AlertEvent {
  /**
   * Validates and copies.
   *
   * @param at when
   * @param alert the alert
   * @param channel the channel
   * @param provider the provider name
   * @param recipients every recipient of the request
   * @param failure the failure that is not retried
   * @param reason why not
   * @throws NullPointerException when a value is null
   * @throws IllegalArgumentException when recipients is empty
   */
  public RetrySkipped {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(provider, "provider");
    recipients = Events.nonEmpty(recipients, "recipients");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(reason, "reason");
  }
}
