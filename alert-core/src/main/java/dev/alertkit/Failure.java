package dev.alertkit;

import dev.alertkit.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why a message was not (or maybe not) sent, classified so that the client knows whether a resend is safe and
 * whether another provider could do better. Immutable; build with {@link #retryable}, {@link #permanent} or
 * {@link #ambiguous}.
 *
 * <pre>{@code
 * Failure.retryable(Failure.Fault.PROVIDER, "rate limited (HTTP 429)").httpStatus(429).retryAfter(Duration.ofSeconds(2)).build();
 * }</pre>
 */
public final class Failure {

  /** Whether resending the same request is safe. */
  public enum Kind {
    /** The request was certainly not processed (HTTP 429, connection refused, connect timeout): safe to resend. */
    RETRYABLE,
    /** Resending cannot help (invalid number, opted out, bad credentials, template mismatch). */
    PERMANENT,
    /** The request may have been processed (5xx, read timeout, unreadable 2xx): a resend can duplicate. */
    AMBIGUOUS
  }

  /** Who is at fault: decides whether another provider for the same channel may take over. */
  public enum Fault {
    /** The recipient's address is the problem (invalid, unreachable, opted out): no provider can help. */
    RECIPIENT,
    /** The content is the problem (template mismatch, too long, compliance): no provider can help. */
    CONTENT,
    /** The provider or our account with it is the problem (outage, auth, credits, throttling): fail over. */
    PROVIDER
  }

  private final Kind kind;
  private final Fault fault;
  private final String reason;
  private final String providerCode;
  private final int httpStatus;
  private final Duration retryAfter;

  private Failure(Builder b) {
    this.kind = b.kind;
    this.fault = b.fault;
    this.reason = b.reason;
    this.providerCode = b.providerCode;
    this.httpStatus = b.httpStatus;
    this.retryAfter = b.retryAfter;
  }

  /**
   * Starts a failure that is safe to resend.
   *
   * @param fault who is at fault
   * @param reason a sentence a person can act on
   * @return a builder
   * @throws dev.alertkit.ValidationException when fault or reason is missing
   */
  public static Builder retryable(Fault fault, String reason) {
    return new Builder(Kind.RETRYABLE, fault, reason);
  }

  /**
   * Starts a failure that a resend cannot fix.
   *
   * @param fault who is at fault
   * @param reason a sentence a person can act on
   * @return a builder
   * @throws dev.alertkit.ValidationException when fault or reason is missing
   */
  public static Builder permanent(Fault fault, String reason) {
    return new Builder(Kind.PERMANENT, fault, reason);
  }

  /**
   * Starts a failure after which the message may or may not have been sent.
   *
   * @param fault who is at fault
   * @param reason a sentence a person can act on
   * @return a builder
   * @throws dev.alertkit.ValidationException when fault or reason is missing
   */
  public static Builder ambiguous(Fault fault, String reason) {
    return new Builder(Kind.AMBIGUOUS, fault, reason);
  }

  /** @return whether resending is safe */
  public Kind kind() {
    return kind;
  }

  /** @return who is at fault */
  public Fault fault() {
    return fault;
  }

  /** @return a human-readable reason */
  public String reason() {
    return reason;
  }

  /** @return the provider's error code, e.g. Twilio {@code "21211"} */
  public Optional<String> providerCode() {
    return Optional.ofNullable(providerCode);
  }

  /** @return the HTTP status of the provider's answer, when there was one */
  public OptionalInt httpStatus() {
    return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
  }

  /** @return how long the provider asked us to wait before resending */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * A copy of this builder-made failure with a different reason, keeping everything else.
   *
   * @param newReason the new reason
   * @return the copy
   */
  public Failure withReason(String newReason) {
    Builder b = new Builder(kind, fault, newReason);
    b.providerCode = providerCode;
    b.httpStatus = httpStatus;
    b.retryAfter = retryAfter;
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Failure)) {
      return false;
    }
    Failure f = (Failure) o;
    return kind == f.kind && fault == f.fault && reason.equals(f.reason) && Objects.equals(providerCode, f.providerCode)
        && httpStatus == f.httpStatus && Objects.equals(retryAfter, f.retryAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, fault, reason, providerCode, httpStatus);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append(kind).append('/').append(fault).append(": ").append(reason);
    if (providerCode != null) {
      s.append(" [code ").append(providerCode).append(']');
    }
    if (httpStatus > 0) {
      s.append(" [HTTP ").append(httpStatus).append(']');
    }
    if (retryAfter != null) {
      s.append(" [retry after ").append(retryAfter).append(']');
    }
    return s.toString();
  }

  /** Builds a {@link Failure}. */
  public static final class Builder {
    private final Kind kind;
    private final Fault fault;
    private final String reason;
    private String providerCode;
    private int httpStatus;
    private Duration retryAfter;

    private Builder(Kind kind, Fault fault, String reason) {
      this.kind = kind;
      this.fault = Checks.notNull("failure.fault", fault);
      this.reason = Checks.multiLine("failure.reason", reason, 4000);
    }

    /**
     * Sets the provider's error code.
     *
     * @param code e.g. {@code "21211"}
     * @return this builder
     */
    public Builder providerCode(String code) {
      this.providerCode = code;
      return this;
    }

    /**
     * Sets the HTTP status.
     *
     * @param status 100..599
     * @return this builder
     * @throws dev.alertkit.ValidationException when outside 100..599
     */
    public Builder httpStatus(int status) {
      if (status < 100 || status > 599) {
        throw new dev.alertkit.ValidationException("failure.httpStatus", "must be 100..599 (was " + status + ")");
      }
      this.httpStatus = status;
      return this;
    }

    /**
     * Sets how long to wait before resending.
     *
     * @param retryAfter a non-negative duration
     * @return this builder
     * @throws dev.alertkit.ValidationException when negative
     */
    public Builder retryAfter(Duration retryAfter) {
      if (retryAfter != null && retryAfter.isNegative()) {
        throw new dev.alertkit.ValidationException("failure.retryAfter", "must not be negative (was " + retryAfter + ")");
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /** @return the failure */
    public Failure build() {
      return new Failure(this);
    }
  }
}
