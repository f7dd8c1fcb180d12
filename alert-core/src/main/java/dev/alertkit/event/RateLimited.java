package dev.alertkit.event;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request waits for its turn under the rate limit of its sender (the wait is scheduled; no thread blocks).
 *
 * @param at when
 * @param alert the alert
 * @param channel the channel
 * @param provider the provider name
 * @param recipients every recipient of the request
 * @param sender the rate-limited sender (the message's sender, or the provider name)
 * @param delay how long the request waits
 */
public record RateLimited(Instant at, Alert alert, Channel channel, String provider, List<Recipient> recipients,
    String sender, Duration delay) implements AlertEvent {
  /**
   * Validates and copies.
   *
   * @param at when
   * @param alert the alert
   * @param channel the channel
   * @param provider the provider name
   * @param recipients every recipient of the request
   * @param sender the rate-limited sender
   * @param delay how long the request waits
   * @throws NullPointerException when a value is null
   * @throws IllegalArgumentException when recipients is empty
   */
  public RateLimited {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(provider, "provider");
    recipients = Events.nonEmpty(recipients, "recipients");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(delay, "delay");
  }
}
