package dev.alertkit.event;

import dev.alertkit.Alert;
import dev.alertkit.Recipient;
import dev.alertkit.SkippedChannel;
import java.time.Instant;
import java.util.Objects;

/**
 * A planned channel was not tried for a recipient, and why (no address, opted out, quiet hours, no provider...).
 *
 * @param at when
 * @param alert the alert
 * @param recipient the recipient
 * @param skipped the channel, its tier and the reason
 */
public record ChannelSkipped(Instant at, Alert alert, Recipient recipient, SkippedChannel skipped) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param alert the alert
   * @param recipient the recipient
   * @param skipped the channel, its tier and the reason
   * @throws NullPointerException when a value is null
   */
  public ChannelSkipped {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(skipped, "skipped");
  }
}
