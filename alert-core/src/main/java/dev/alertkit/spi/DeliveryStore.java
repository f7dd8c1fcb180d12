package dev.alertkit.spi;

import dev.alertkit.DeliveryState;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the {@link dev.alertkit.DeliveryTracker} keeps delivery state: one {@link DeliveryState} per attempt,
 * looked up by attempt id, provider message id or alert id, plus the keys of events already seen (webhook
 * deduplication). The default keeps everything in memory, bounded (the oldest attempts are evicted first); set it
 * with {@code AlertClient.builder().deliveryStore(...)} or size it with {@code deliveryStoreMaxEntries(...)}.
 * Implement this to share state between instances, e.g. when webhooks land on another node than the one that sent.
 *
 * <p>Implementations must be thread-safe, and {@link #update} must be atomic per attempt id.
 */
public interface DeliveryStore {

  /**
   * Atomically creates, replaces or keeps the state of an attempt, and keeps the provider-message-id and alert
   * indexes in step with the new state.
   *
   * @param attemptId the attempt id
   * @param update receives the current state, or null when there is none, and returns the new state; it may return
   *     the current state (no change) or, only when there was none, null to leave it absent. It must be free of
   *     side effects: a store may call it more than once
   * @return the state after the update, empty when none exists
   */
  Optional<DeliveryState> update(String attemptId, UnaryOperator<DeliveryState> update);

  /**
   * The state of an attempt.
   *
   * @param attemptId the attempt id
   * @return the state, empty when unknown or evicted
   */
  Optional<DeliveryState> get(String attemptId);

  /**
   * The attempts a provider message id belongs to: usually one; several when a provider sent one message to many
   * recipients (a SendGrid mail with several personalizations shares one X-Message-Id).
   *
   * @param providerMessageId the provider's message id
   * @return the states, possibly empty
   */
  List<DeliveryState> findByProviderMessageId(String providerMessageId);

  /**
   * Every attempt of an alert.
   *
   * @param alertId the alert id
   * @return the states, possibly empty
   */
  List<DeliveryState> findByAlert(String alertId);

  /**
   * Atomically records an event's deduplication key. The tracker calls it only after the event's {@link #update}
   * returned, so that an update that fails leaves the event retryable.
   *
   * @param dedupKey the key
   * @return true the first time a key is seen, false for a duplicate (while the key is remembered)
   */
  boolean markSeen(String dedupKey);

  /**
   * Tells, without recording anything, whether a deduplication key is remembered, so that the tracker can drop a
   * known duplicate before touching any state. Optional: the default answers false, and the tracker then relies on
   * {@link #markSeen} after the update (a status only moves forward, so processing a duplicate again changes
   * nothing).
   *
   * @param dedupKey the key
   * @return true when {@link #markSeen} recorded the key and it is still remembered
   */
  default boolean isSeen(String dedupKey) {
    return false;
  }
}
