package dev.alertkit;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The delivery status of one alert for one recipient, summarised over every tracked attempt (SMS, call, email,
 * failovers): {@link #best()} is the most favourable status any attempt reached.
 *
 * <p>Favourability, best first: ACKNOWLEDGED, READ, COMPLETED, ANSWERED, DELIVERED, SENT, RINGING, DEFERRED,
 * QUEUED, UNKNOWN, BUSY, NO_ANSWER, UNDELIVERED, FAILED. So one delivered SMS beats a failed call, and an attempt
 * still in flight beats one that failed.
 *
 * @param alertId the alert's id
 * @param recipientId the recipient's id
 * @param best the most favourable status over the attempts
 * @param attempts every tracked attempt for this recipient, in no particular order
 */
public record RecipientStatus(String alertId, String recipientId, DeliveryStatus best, List<DeliveryState> attempts) {

  private static final List<DeliveryStatus> FAVOURABILITY = List.of(
      DeliveryStatus.ACKNOWLEDGED, DeliveryStatus.READ, DeliveryStatus.COMPLETED, DeliveryStatus.ANSWERED,
      DeliveryStatus.DELIVERED, DeliveryStatus.SENT, DeliveryStatus.RINGING, DeliveryStatus.DEFERRED,
      DeliveryStatus.QUEUED, DeliveryStatus.UNKNOWN, DeliveryStatus.BUSY, DeliveryStatus.NO_ANSWER,
      DeliveryStatus.UNDELIVERED, DeliveryStatus.FAILED);

  /**
   * Validates and copies.
   *
   * @param alertId the alert id
   * @param recipientId the recipient id
   * @param best the most favourable status
   * @param attempts the attempts, at least one
   * @throws NullPointerException when a value is null
   * @throws IllegalArgumentException when there is no attempt
   */
  public RecipientStatus {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(best, "best");
    attempts = List.copyOf(attempts);
    if (attempts.isEmpty()) {
      throw new IllegalArgumentException("a RecipientStatus summarises at least one attempt");
    }
  }

  /**
   * Summarises attempts.
   *
   * @param alertId the alert's id
   * @param recipientId the recipient's id
   * @param attempts at least one attempt
   * @return the summary
   * @throws IllegalArgumentException when there is no attempt
   * @throws NullPointerException when a value is null
   */
  public static RecipientStatus of(String alertId, String recipientId, List<DeliveryState> attempts) {
    DeliveryStatus best = attempts.stream()
        .map(DeliveryState::status)
        .min(Comparator.comparingInt(FAVOURABILITY::indexOf))
        .orElseThrow(() -> new IllegalArgumentException("a RecipientStatus summarises at least one attempt"));
    return new RecipientStatus(alertId, recipientId, best, attempts);
  }

  /** @return whether some attempt reached the person (delivered, read, answered, completed or acknowledged) */
  public boolean isReached() {
    return FAVOURABILITY.indexOf(best) <= FAVOURABILITY.indexOf(DeliveryStatus.DELIVERED);
  }

  /** @return whether the person acknowledged the alert (pressed 1 on a call) */
  public boolean isAcknowledged() {
    return best == DeliveryStatus.ACKNOWLEDGED;
  }

  /** @return whether every attempt is in a terminal status, so nothing more is expected */
  public boolean isFinal() {
    return attempts.stream().allMatch(a -> a.status().isTerminal());
  }
}
