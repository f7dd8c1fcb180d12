package dev.alertkit.event;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A failed request will be sent again after {@code delay}.
 *
 * @param at when
 * @param alert the alert
 * @param channel the channel
 * @param provider the provider name
 * @param recipients every recipient of the request
 * @param failure the failure being retried
 * @param delay the wait before the next request
 */
public record RetryScheduled(Instant at, Alert alert, Channel channel, String provider, List<Recipient> recipients,
    Failure failure, Duration delay) implements AlertEvent {
  /**
   * Validates and copies.
   *
   * @param at when
   * @param alert the alert
   * @param channel the channel
   * @param provider the provider name
   * @param recipients every recipient of the request
   * @param failure the failure being retried
   * @param delay the wait before the next request
   * @throws NullPointerException when a value is null
   * @throws IllegalArgumentException when recipients is empty
   */
  public RetryScheduled {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(provider, "provider");
    recipients = Events.nonEmpty(recipients, "recipients");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(delay, "delay");
  }
}
