package dev.alertkit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's report about one message after it was accepted (from a verified webhook or a fake).
 *
 * @param alertId the alert, when correlated
 * @param recipientId the recipient, when correlated
 * @param attemptId our attempt id, when correlated
 * @param channel the channel, when known
 * @param provider the provider name
 * @param providerMessageId the provider's message id
 * @param status the normalised status
 * @param rawStatus the provider's status string as received
 * @param errorCode the provider's error code, when the status is a failure
 * @param reason a human-readable reason, when given
 * @param occurredAt when the provider says it happened, or when we received it
 */
public record DeliveryEvent(
    Optional<String> alertId,
    Optional<String> recipientId,
    Optional<String> attemptId,
    Optional<Channel> channel,
    String provider,
    String providerMessageId,
    DeliveryStatus status,
    String rawStatus,
    Optional<String> errorCode,
    Optional<String> reason,
    Instant occurredAt) {

  /**
   * Validates.
   *
   * @param alertId the alert, when correlated
   * @param recipientId the recipient, when correlated
   * @param attemptId our attempt id, when correlated
   * @param channel the channel, when known
   * @param provider the provider name
   * @param providerMessageId the provider's message id
   * @param status the normalised status
   * @param rawStatus the provider's status string as received
   * @param errorCode the provider's error code, when the status is a failure
   * @param reason a human-readable reason, when given
   * @param occurredAt when the provider says it happened, or when we received it
   * @throws NullPointerException when a value is null
   */
  public DeliveryEvent {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(rawStatus, "rawStatus");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /** @return whether the event was matched to an alert we sent */
  public boolean isCorrelated() {
    return alertId.isPresent();
  }
}
