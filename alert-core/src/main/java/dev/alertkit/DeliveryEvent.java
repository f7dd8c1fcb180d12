package dev.alertkit;

import dev.alertkit.cost.Money;
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
 * @param price what the provider charged for the message, when it says so (Twilio {@code Price}/{@code PriceUnit},
 *     as a positive amount)
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
    Instant occurredAt,
    Optional<Money> price) {

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
   * @param price what the provider charged, when it says so
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
    Objects.requireNonNull(price, "price");
  }

  /**
   * An event without a price.
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
  public DeliveryEvent(Optional<String> alertId, Optional<String> recipientId, Optional<String> attemptId, Optional<Channel> channel,
      String provider, String providerMessageId, DeliveryStatus status, String rawStatus, Optional<String> errorCode,
      Optional<String> reason, Instant occurredAt) {
    this(alertId, recipientId, attemptId, channel, provider, providerMessageId, status, rawStatus, errorCode, reason, occurredAt,
        Optional.empty());
  }

  /**
   * A copy with a price.
   *
   * @param charged what the provider charged
   * @return the copy
   * @throws NullPointerException when charged is null
   */
  public DeliveryEvent withPrice(Money charged) {
    return new DeliveryEvent(alertId, recipientId, attemptId, channel, provider, providerMessageId, status, rawStatus, errorCode, reason,
        occurredAt, Optional.of(charged));
  }

  /** @return whether the event was matched to an alert we sent */
  public boolean isCorrelated() {
    return alertId.isPresent();
  }
}
