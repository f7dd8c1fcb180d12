package dev.alertkit.event;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of a provider's report about a message: one event per delivery report a
 * {@link dev.alertkit.DeliveryTracker} was given (by a webhook handler after it verified the request, or by a fake),
 * and one per webhook request a handler rejected before reading any report (bad signature or timestamp, malformed or
 * oversized body, wrong method). Carries no ids and no payload: it exists so that rejections and duplicates, which
 * never reach {@link DeliveryUpdated}, can be counted.
 *
 * @param at when, on the tracker's clock
 * @param provider the provider name the report carried (e.g. {@code twilio-sms}), or for a rejected request the
 *     handler's provider family ({@code twilio}, {@code sendgrid})
 * @param result what became of it
 */
public record WebhookReceived(Instant at, String provider, Result result) implements AlertEvent {

  /** What became of a report or request. */
  public enum Result {
    /** A verified report that matched a tracked attempt (whether or not it moved the status). */
    VERIFIED,
    /** The request was rejected before any report in it was read (answered 4xx). */
    REJECTED,
    /** A report seen before (a provider's retry), ignored. */
    DUPLICATE,
    /** A verified report that matched no tracked attempt (unknown message id, evicted, or not ours). */
    UNCORRELATED,
    /**
     * A verified acknowledgement that was not applied: no tracked attempt matches it, or it came later than the
     * acknowledgement horizon after the attempt was sent (e.g. a replayed "press 1").
     */
    REFUSED
  }

  /**
   * Validates.
   *
   * @param at when
   * @param provider the provider name
   * @param result what became of it
   * @throws NullPointerException when a value is null
   */
  public WebhookReceived {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(result, "result");
  }
}
