package dev.alertkit;

import dev.alertkit.event.AlertEvent;
import dev.alertkit.spi.Failure;
import java.time.Duration;

/**
 * Hears what the client does. Every method has an empty default, so implement only what you need. Methods are
 * called on the client's threads and must be quick and must not block; an exception thrown by a listener is
 * logged and otherwise ignored.
 *
 * <pre>{@code
 * AlertListener listener = new AlertListener() {
 *   @Override public void onDispatchCompleted(Alert alert, DispatchReport report) {
 *     metrics.count("alerts", report.countByOutcome());
 *   }
 * };
 * }</pre>
 */
public interface AlertListener {

  /**
   * Something happened: one method for every typed event in {@link dev.alertkit.event}.
   *
   * @param event the event
   */
  default void onEvent(AlertEvent event) {}

  /**
   * Dispatch of an alert begins.
   *
   * @param alert the alert
   */
  default void onDispatchStarted(Alert alert) {}

  /**
   * One attempt ended (accepted or failed).
   *
   * @param alert the alert
   * @param recipient the recipient
   * @param attempt the attempt
   */
  default void onAttempt(Alert alert, Recipient recipient, Attempt attempt) {}

  /**
   * A failed request will be retried after a delay.
   *
   * @param alert the alert
   * @param recipient the recipient (the first of a batch)
   * @param channel the channel
   * @param provider the provider name
   * @param failure the failure being retried
   * @param delay the wait before the next request
   */
  default void onRetryScheduled(Alert alert, Recipient recipient, Channel channel, String provider, Failure failure, Duration delay) {}

  /**
   * A failed request will not be retried although its kind allows it, and why: the retry budget of the provider is
   * spent, the provider asked to wait longer than {@code maxRetryAfter}, the retry would pass {@code maxDuration} or
   * the alert's deadline, or the circuit opened meanwhile. The same reason is appended to the failure in the report.
   *
   * @param alert the alert
   * @param recipient the recipient (the first of a batch)
   * @param channel the channel
   * @param provider the provider name
   * @param failure the failure that is not retried
   * @param reason why not
   */
  default void onRetrySkipped(Alert alert, Recipient recipient, Channel channel, String provider, Failure failure, String reason) {}

  /**
   * A request waits for its turn under the rate limit of its sender (the wait is scheduled; no thread blocks).
   *
   * @param alert the alert
   * @param recipient the recipient (the first of a batch)
   * @param channel the channel
   * @param provider the provider name
   * @param sender the rate-limited sender (the message's sender, or the provider name)
   * @param wait how long the request waits
   */
  default void onRateLimited(Alert alert, Recipient recipient, Channel channel, String provider, String sender, Duration wait) {}

  /**
   * A planned channel was skipped.
   *
   * @param alert the alert
   * @param recipient the recipient
   * @param skipped what and why
   */
  default void onSkipped(Alert alert, Recipient recipient, SkippedChannel skipped) {}

  /**
   * Every channel of a tier failed and the next tier begins.
   *
   * @param alert the alert
   * @param recipient the recipient
   * @param fromTier the tier that failed, from 0
   * @param toTier the tier that begins
   */
  default void onFallback(Alert alert, Recipient recipient, int fromTier, int toTier) {}

  /**
   * A provider's circuit breaker changed state.
   *
   * @param provider the provider name
   * @param state the new state, e.g. {@code OPEN}, {@code HALF_OPEN}, {@code CLOSED}
   */
  default void onCircuitStateChanged(String provider, String state) {}

  /**
   * Dispatch of an alert ended: every recipient has an outcome (deferred ones report again later through
   * {@link #onDeferredCompleted}).
   *
   * @param alert the alert
   * @param report the report
   */
  default void onDispatchCompleted(Alert alert, DispatchReport report) {}

  /**
   * A deferred send (quiet hours) ended with its final outcome.
   *
   * @param alert the alert
   * @param report the recipient's final report
   */
  default void onDeferredCompleted(Alert alert, RecipientReport report) {}

  /**
   * A provider reported on a message after it was accepted (delivered, failed, acknowledged...).
   *
   * @param event the event; {@link DeliveryEvent#isCorrelated()} is false for messages we do not know
   */
  default void onDeliveryEvent(DeliveryEvent event) {}
}
