package dev.alertkit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@link DeliveryTracker} knows about one attempt: who it was for, which provider took it, and its
 * delivery status, which only ever moves forward (see {@link DeliveryStatus#canMoveTo}).
 *
 * @param attemptId our attempt id ({@link Attempt#attemptId()})
 * @param alertId the alert's id
 * @param recipientId the recipient's id
 * @param channel the channel
 * @param provider the provider's name, e.g. {@code "twilio-sms"}
 * @param providerMessageId the provider's message id (Twilio SID, SendGrid X-Message-Id), when known
 * @param status the current normalised status
 * @param rawStatus the provider's status string that set {@link #status()} (the initial status when no event has
 *     moved it yet)
 * @param errorCode the provider's error code that came with the current status, when any
 * @param reason a human-readable reason that came with the current status, when any
 * @param updatedAt when the current status happened (the event's time), or when the attempt was registered
 * @param registered whether the client registered this attempt; false while the state exists only because a
 *     webhook carrying our correlation ids arrived before the client recorded the attempt
 * @param sentAt when the attempt was sent (the provider accepted it), or, for a state a webhook created before the
 *     client registered the attempt, that webhook's time; acknowledgements older than the tracker's
 *     acknowledgement horizon after it are not applied
 */
public record DeliveryState(
    String attemptId,
    String alertId,
    String recipientId,
    Channel channel,
    String provider,
    Optional<String> providerMessageId,
    DeliveryStatus status,
    String rawStatus,
    Optional<String> errorCode,
    Optional<String> reason,
    Instant updatedAt,
    boolean registered,
    Instant sentAt) {

  /**
   * Validates.
   *
   * @param attemptId our attempt id
   * @param alertId the alert id
   * @param recipientId the recipient id
   * @param channel the channel
   * @param provider the provider name
   * @param providerMessageId the provider message id, when known
   * @param status the current status
   * @param rawStatus the raw status that set it
   * @param errorCode the error code, when any
   * @param reason the reason, when any
   * @param updatedAt when the status happened
   * @param registered whether the client registered the attempt
   * @param sentAt when the attempt was sent (the provider accepted it), or, for a state a webhook created before the client registered the attempt, that webhook's time; acknowledgements older than the tracker's acknowledgement horizon after it are not applied
   * @throws NullPointerException when a value is null
   */
  public DeliveryState {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(rawStatus, "rawStatus");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(sentAt, "sentAt");
  }

  /**
   * A state whose attempt was sent when its current status happened ({@code sentAt = updatedAt}): for stores written
   * before {@link #sentAt()} existed.
   *
   * @param attemptId our attempt id
   * @param alertId the alert's id
   * @param recipientId the recipient's id
   * @param channel the channel
   * @param provider the provider's name
   * @param providerMessageId the provider's message id, when known
   * @param status the current normalised status
   * @param rawStatus the provider's status string
   * @param errorCode the provider's error code, when any
   * @param reason a human-readable reason, when any
   * @param updatedAt when the current status happened
   * @param registered whether the client registered this attempt
   * @throws NullPointerException when a value is null
   */
  public DeliveryState(String attemptId, String alertId, String recipientId, Channel channel, String provider,
      Optional<String> providerMessageId, DeliveryStatus status, String rawStatus, Optional<String> errorCode,
      Optional<String> reason, Instant updatedAt, boolean registered) {
    this(attemptId, alertId, recipientId, channel, provider, providerMessageId, status, rawStatus, errorCode, reason,
        updatedAt, registered, updatedAt);
  }

  @Override
  public String toString() {
    return "DeliveryState{" + attemptId + " alert=" + alertId + " recipient=" + recipientId + " " + channel + " via "
        + provider + providerMessageId.map(id -> " id=" + id).orElse("") + ": " + status + " (" + rawStatus + ")"
        + errorCode.map(c -> " error=" + c).orElse("") + (registered ? "" : " unregistered") + "}";
  }
}
