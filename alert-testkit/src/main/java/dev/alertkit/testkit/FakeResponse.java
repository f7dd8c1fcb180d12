package dev.alertkit.testkit;

import dev.alertkit.DeliveryStatus;
import dev.alertkit.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One scripted answer of a {@link FakeProvider}: accept (with a generated or given provider message id and
 * status) or fail (with any {@link Failure}), optionally followed later by delivery events (delivered, failed,
 * acknowledged...) as a provider's status callbacks would report them. Immutable; every {@code then*} and
 * {@code with*} method returns a new response.
 *
 * <pre>{@code
 * sms.enqueue(
 *     FakeResponse.accept("SM-1").thenDeliver(),                                   // accepted, delivered later
 *     FakeResponse.rateLimited(Duration.ofSeconds(2)),                             // HTTP 429, retry after 2 s
 *     FakeResponse.fail(Failure.Kind.PERMANENT, Failure.Fault.RECIPIENT, "21211"), // invalid number
 *     FakeResponse.accept().thenFail("30003", Duration.ofMinutes(1)));            // undeliverable a minute later
 * }</pre>
 *
 * <p>Follow-up events are released when the {@link ManualClock} the client uses reaches their due time (measured
 * from when the fake received the message; a zero delay falls due at the next {@code clock.advance(...)}, even of
 * zero), or all at once by {@link FakeProvider#flushEvents()}.
 */
public final class FakeResponse {
  private final Failure failure;
  private final String providerMessageId;
  private final String providerStatus;
  private final Map<String, String> details;
  private final List<FollowUp> followUps;

  /**
   * A delivery event scripted to follow an accepted response.
   *
   * @param status the normalised status the event carries
   * @param rawStatus the provider's status string
   * @param errorCode the provider error code, for failures
   * @param after delay after the message was received
   */
  record FollowUp(DeliveryStatus status, String rawStatus, Optional<String> errorCode, Duration after) {}

  private FakeResponse(Failure failure, String providerMessageId, String providerStatus, Map<String, String> details,
      List<FollowUp> followUps) {
    this.failure = failure;
    this.providerMessageId = providerMessageId;
    this.providerStatus = providerStatus;
    this.details = Map.copyOf(details);
    this.followUps = List.copyOf(followUps);
  }

  /**
   * Accepts with a generated provider message id ({@code <fake name>-<n>}) and status {@code queued}.
   *
   * @return the response
   */
  public static FakeResponse accept() {
    return new FakeResponse(null, null, "queued", Map.of(), List.of());
  }

  /**
   * Accepts with a given provider message id and status {@code queued}.
   *
   * @param providerMessageId the id the provider would return, e.g. a Twilio SID
   * @return the response
   * @throws NullPointerException when providerMessageId is null
   */
  public static FakeResponse accept(String providerMessageId) {
    return accept(providerMessageId, "queued");
  }

  /**
   * Accepts with a given provider message id and initial status.
   *
   * @param providerMessageId the id the provider would return
   * @param providerStatus the provider's initial status as it writes it, e.g. {@code "queued"}, {@code "sent"}
   * @return the response
   * @throws NullPointerException when an argument is null
   */
  public static FakeResponse accept(String providerMessageId, String providerStatus) {
    return new FakeResponse(null, Objects.requireNonNull(providerMessageId, "providerMessageId"),
        Objects.requireNonNull(providerStatus, "providerStatus"), Map.of(), List.of());
  }

  /**
   * Fails with a given failure.
   *
   * @param failure the failure, e.g. {@code Failure.permanent(Failure.Fault.RECIPIENT, "invalid number").build()}
   * @return the response
   * @throws NullPointerException when failure is null
   */
  public static FakeResponse fail(Failure failure) {
    return new FakeResponse(Objects.requireNonNull(failure, "failure"), null, null, Map.of(), List.of());
  }

  /**
   * Fails with a failure of a kind and fault carrying a provider error code; the reason reads
   * {@code "scripted <kind> failure (provider code <code>)"}.
   *
   * @param kind whether resending is safe
   * @param fault who is at fault
   * @param providerCode the provider's error code, e.g. {@code "21211"}
   * @return the response
   * @throws NullPointerException when an argument is null
   */
  public static FakeResponse fail(Failure.Kind kind, Failure.Fault fault, String providerCode) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(providerCode, "providerCode");
    String reason = "scripted " + kind.name().toLowerCase(java.util.Locale.ROOT) + " failure (provider code " + providerCode + ")";
    Failure.Builder b;
    switch (kind) {
      case RETRYABLE:
        b = Failure.retryable(fault, reason);
        break;
      case PERMANENT:
        b = Failure.permanent(fault, reason);
        break;
      default:
        b = Failure.ambiguous(fault, reason);
        break;
    }
    return fail(b.providerCode(providerCode).build());
  }

  /**
   * Fails as a throttled provider does: retryable, provider at fault, HTTP 429, with a retry-after.
   *
   * @param retryAfter how long the provider asks to wait
   * @return the response
   * @throws dev.alertkit.ValidationException when retryAfter is negative
   */
  public static FakeResponse rateLimited(Duration retryAfter) {
    return fail(Failure.retryable(Failure.Fault.PROVIDER, "rate limited (HTTP 429), retry after " + retryAfter)
        .httpStatus(429).retryAfter(Objects.requireNonNull(retryAfter, "retryAfter")).build());
  }

  /**
   * Adds a detail to an accepted response (as {@code SendResult.Accepted#details}, e.g. {@code num_segments}).
   *
   * @param key the key
   * @param value the value
   * @return a new response
   * @throws IllegalStateException when this response is a failure
   */
  public FakeResponse withDetail(String key, String value) {
    requireAccepted("withDetail");
    Map<String, String> d = new LinkedHashMap<>(details);
    d.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new FakeResponse(failure, providerMessageId, providerStatus, d, followUps);
  }

  /**
   * Follows acceptance with a {@link DeliveryStatus#DELIVERED} event, due at once (see the class description).
   *
   * @return a new response
   * @throws IllegalStateException when this response is a failure
   */
  public FakeResponse thenDeliver() {
    return thenDeliver(Duration.ZERO);
  }

  /**
   * Follows acceptance with a {@link DeliveryStatus#DELIVERED} event after a delay.
   *
   * @param after delay after the message was received, zero or positive
   * @return a new response
   * @throws IllegalStateException when this response is a failure
   * @throws IllegalArgumentException when after is negative
   */
  public FakeResponse thenDeliver(Duration after) {
    return then(DeliveryStatus.DELIVERED, "delivered", null, after);
  }

  /**
   * Follows acceptance with a {@link DeliveryStatus#FAILED} event carrying an error code, due at once.
   *
   * @param errorCode the provider's error code, e.g. Twilio {@code "30003"} (unreachable)
   * @return a new response
   * @throws IllegalStateException when this response is a failure
   */
  public FakeResponse thenFail(String errorCode) {
    return thenFail(errorCode, Duration.ZERO);
  }

  /**
   * Follows acceptance with a {@link DeliveryStatus#FAILED} event carrying an error code, after a delay.
   *
   * @param errorCode the provider's error code
   * @param after delay after the message was received, zero or positive
   * @return a new response
   * @throws IllegalStateException when this response is a failure
   * @throws IllegalArgumentException when after is negative
   */
  public FakeResponse thenFail(String errorCode, Duration after) {
    return then(DeliveryStatus.FAILED, "failed", Objects.requireNonNull(errorCode, "errorCode"), after);
  }

  /**
   * Follows acceptance with an {@link DeliveryStatus#ACKNOWLEDGED} event (the person pressed 1), due at once.
   *
   * @return a new response
   * @throws IllegalStateException when this response is a failure
   */
  public FakeResponse thenAcknowledge() {
    return thenAcknowledge(Duration.ZERO);
  }

  /**
   * Follows acceptance with an {@link DeliveryStatus#ACKNOWLEDGED} event after a delay.
   *
   * @param after delay after the message was received, zero or positive
   * @return a new response
   * @throws IllegalStateException when this response is a failure
   * @throws IllegalArgumentException when after is negative
   */
  public FakeResponse thenAcknowledge(Duration after) {
    return then(DeliveryStatus.ACKNOWLEDGED, "acknowledged", null, after);
  }

  /**
   * Follows acceptance with an event of any status after a delay; the raw status is the lower-case enum name.
   *
   * @param status the status
   * @param after delay after the message was received, zero or positive
   * @return a new response
   * @throws IllegalStateException when this response is a failure
   * @throws IllegalArgumentException when after is negative
   */
  public FakeResponse then(DeliveryStatus status, Duration after) {
    return then(Objects.requireNonNull(status, "status"), FakeProvider.rawStatus(status), null, after);
  }

  private FakeResponse then(DeliveryStatus status, String raw, String code, Duration after) {
    requireAccepted("then" + status);
    Objects.requireNonNull(after, "after");
    if (after.isNegative()) {
      throw new IllegalArgumentException("a follow-up event cannot come before the message (after=" + after + ")");
    }
    List<FollowUp> f = new ArrayList<>(followUps);
    f.add(new FollowUp(status, raw, Optional.ofNullable(code), after));
    return new FakeResponse(failure, providerMessageId, providerStatus, details, f);
  }

  private void requireAccepted(String what) {
    if (failure != null) {
      throw new IllegalStateException(what + " needs an accepted response; this one fails with " + failure);
    }
  }

  /** @return whether this response accepts the message */
  public boolean isAccepted() {
    return failure == null;
  }

  /** @return the failure, when this response fails */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /** @return the given provider message id, when one was given (otherwise the fake generates one) */
  public Optional<String> providerMessageId() {
    return Optional.ofNullable(providerMessageId);
  }

  String providerStatus() {
    return providerStatus;
  }

  Map<String, String> details() {
    return details;
  }

  List<FollowUp> followUps() {
    return followUps;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(failure == null ? "accept" : "fail " + failure);
    if (providerMessageId != null) {
      s.append(" id=").append(providerMessageId);
    }
    for (FollowUp f : followUps) {
      s.append(", then ").append(f.status()).append(f.errorCode().map(c -> " (" + c + ")").orElse(""))
          .append(f.after().isZero() ? "" : " after " + f.after());
    }
    return s.toString();
  }
}
