package dev.alertkit.incident;

import dev.alertkit.Channel;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A person the incident paged over one channel at one step: what a reply or a keypress must match to acknowledge.
 *
 * @param recipientId the recipient's id
 * @param channel the channel
 * @param address where it went (E.164 phone number for SMS, voice and WhatsApp; email address)
 * @param round the round (0-based)
 * @param step the step (0-based)
 * @param alertId the id of the alert the step sent to this person over this channel (press 1 and status callbacks
 *     carry it)
 * @param replyCode the person's acknowledgement code for this incident (the same in every notification of the
 *     incident to this person)
 * @param at when it was recorded, just before the request to the provider
 */
public record Notification(String recipientId, Channel channel, String address, int round, int step, String alertId,
    String replyCode, Instant at) {
  /**
   * Validates.
   *
   * @param recipientId the recipient
   * @param channel the channel
   * @param address the address
   * @param round the round
   * @param step the step
   * @param alertId the alert id
   * @param replyCode the code
   * @param at when
   * @throws NullPointerException when a value is null
   */
  public Notification {
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(replyCode, "replyCode");
    Objects.requireNonNull(at, "at");
  }

  /** @return the address without a {@code whatsapp:} prefix, for matching an inbound sender */
  public Optional<String> phone() {
    return channel == Channel.EMAIL ? Optional.empty() : Optional.of(address);
  }

  @Override
  public String toString() {
    return "Notification{" + recipientId + " via " + channel + " at step " + (step + 1) + ", alert " + alertId + "}";
  }
}
