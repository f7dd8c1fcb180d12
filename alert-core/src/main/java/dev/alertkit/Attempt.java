package dev.alertkit;

import dev.alertkit.cost.CostEstimate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One try to reach a recipient over a channel through a provider, as recorded in a {@link DispatchReport}.
 * Includes the attempts a compliance guard stopped before any provider was called (then {@link #provider()} is
 * the guard's name and {@link #requests()} is 0).
 *
 * @param attemptId unique id, also used in status callback correlation
 * @param channel the channel
 * @param tier the plan tier, from 0
 * @param provider the provider's (or guard's) name
 * @param to the address
 * @param accepted whether the provider took the message
 * @param providerMessageId the provider's message id, when accepted and given
 * @param providerStatus the provider's initial status, e.g. {@code queued}
 * @param failure why it failed, when not accepted
 * @param requests how many requests were made to the provider (1 plus retries; 0 when stopped before sending)
 * @param ambiguousResend whether a request was resent after an ambiguous failure (possible duplicate)
 * @param smsEncoding SMS encoding and segments, for SMS
 * @param startedAt when the attempt began
 * @param finishedAt when it ended
 * @param cost what the message was estimated to cost, when the client has prices
 *     ({@code AlertClient.builder().prices(...)}); present on every attempt that reached a provider, absent on one a
 *     compliance guard stopped. Whether it may have been charged: {@link #mayHaveBeenCharged()}
 */
public record Attempt(
    String attemptId,
    Channel channel,
    int tier,
    String provider,
    String to,
    boolean accepted,
    Optional<String> providerMessageId,
    Optional<String> providerStatus,
    Optional<Failure> failure,
    int requests,
    boolean ambiguousResend,
    Optional<SmsEncoding> smsEncoding,
    Instant startedAt,
    Instant finishedAt,
    Optional<CostEstimate> cost) {

  /**
   * Validates.
   *
   * @param attemptId unique id, also used in status callback correlation
   * @param channel the channel
   * @param tier the plan tier, from 0
   * @param provider the provider's (or guard's) name
   * @param to the address
   * @param accepted whether the provider took the message
   * @param providerMessageId the provider's message id, when accepted and given
   * @param providerStatus the provider's initial status, e.g. {@code queued}
   * @param failure why it failed, when not accepted
   * @param requests how many requests were made to the provider (1 plus retries; 0 when stopped before sending)
   * @param ambiguousResend whether a request was resent after an ambiguous failure (possible duplicate)
   * @param smsEncoding SMS encoding and segments, for SMS
   * @param startedAt when the attempt began
   * @param finishedAt when it ended
   * @param cost what the message was estimated to cost, when the client has prices
   * @throws NullPointerException when a required value is null
   * @throws IllegalArgumentException when an accepted attempt carries a failure or a failed one has none
   */
  public Attempt {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(providerStatus, "providerStatus");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(smsEncoding, "smsEncoding");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(cost, "cost");
    if (accepted == failure.isPresent()) {
      throw new IllegalArgumentException("an attempt is either accepted or has a failure");
    }
  }

  /**
   * An attempt without a cost estimate (the client has no prices).
   *
   * @param attemptId unique id, also used in status callback correlation
   * @param channel the channel
   * @param tier the plan tier, from 0
   * @param provider the provider's (or guard's) name
   * @param to the address
   * @param accepted whether the provider took the message
   * @param providerMessageId the provider's message id, when accepted and given
   * @param providerStatus the provider's initial status, e.g. {@code queued}
   * @param failure why it failed, when not accepted
   * @param requests how many requests were made to the provider (1 plus retries; 0 when stopped before sending)
   * @param ambiguousResend whether a request was resent after an ambiguous failure (possible duplicate)
   * @param smsEncoding SMS encoding and segments, for SMS
   * @param startedAt when the attempt began
   * @param finishedAt when it ended
   * @throws NullPointerException when a required value is null
   * @throws IllegalArgumentException when an accepted attempt carries a failure or a failed one has none
   */
  public Attempt(String attemptId, Channel channel, int tier, String provider, String to, boolean accepted,
      Optional<String> providerMessageId, Optional<String> providerStatus, Optional<Failure> failure, int requests,
      boolean ambiguousResend, Optional<SmsEncoding> smsEncoding, Instant startedAt, Instant finishedAt) {
    this(attemptId, channel, tier, provider, to, accepted, providerMessageId, providerStatus, failure, requests, ambiguousResend,
        smsEncoding, startedAt, finishedAt, Optional.empty());
  }

  /**
   * Whether the provider may have charged for this attempt: it accepted the message, or the answer was
   * {@link Failure.Kind#AMBIGUOUS} (the message may have left). An attempt refused before any request was made (a
   * compliance guard, a full bulkhead, an open circuit) or rejected by the provider was not charged.
   *
   * @return whether it may have been charged
   */
  public boolean mayHaveBeenCharged() {
    return accepted || failure.map(f -> f.kind() == Failure.Kind.AMBIGUOUS).orElse(false);
  }

  /**
   * This attempt with a cost estimate.
   *
   * @param estimate the estimate
   * @return a copy carrying it
   * @throws NullPointerException when estimate is null
   */
  public Attempt withCost(CostEstimate estimate) {
    Objects.requireNonNull(estimate, "estimate");
    return new Attempt(attemptId, channel, tier, provider, to, accepted, providerMessageId, providerStatus, failure, requests,
        ambiguousResend, smsEncoding, startedAt, finishedAt, Optional.of(estimate));
  }

  /** @return how long the attempt took on the client's clock */
  public Duration elapsed() {
    return Duration.between(startedAt, finishedAt);
  }

  @Override
  public String toString() {
    // Safe to log: no address; the failure reason has every address masked and is on one line (Failure, Redaction).
    StringBuilder s = new StringBuilder().append(channel).append(" via ").append(provider).append(": ");
    if (accepted) {
      s.append("accepted");
      providerMessageId.ifPresent(id -> s.append(" id=").append(id));
      providerStatus.ifPresent(st -> s.append(" status=").append(st));
    } else {
      s.append(failure.orElseThrow());
    }
    if (cost.isPresent() && mayHaveBeenCharged()) {
      s.append(", estimated ").append(cost.get().total());
    }
    if (requests > 1) {
      s.append(" (").append(requests).append(" requests").append(ambiguousResend ? ", ambiguous resend" : "").append(')');
    }
    return s.toString();
  }
}
