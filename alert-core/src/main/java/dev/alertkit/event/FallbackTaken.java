package dev.alertkit.event;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every channel of a tier failed for a recipient and the next tier begins.
 *
 * @param at when
 * @param alert the alert
 * @param recipient the recipient
 * @param fromTier the tier that failed, from 0
 * @param toTier the tier that begins
 * @param channels the channels of the tier that begins
 */
public record FallbackTaken(Instant at, Alert alert, Recipient recipient, int fromTier, int toTier, List<Channel> channels)
    implements AlertEvent {
  /**
   * Validates and copies.
   *
   * @param at when
   * @param alert the alert
   * @param recipient the recipient
   * @param fromTier the tier that failed
   * @param toTier the tier that begins
   * @param channels the channels of the tier that begins
   * @throws NullPointerException when a value is null
   * @throws IllegalArgumentException when channels is empty
   */
  public FallbackTaken {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(recipient, "recipient");
    channels = Events.nonEmpty(channels, "channels");
  }
}
