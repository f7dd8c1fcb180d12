package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.Redaction;
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
 *
 * <p><b>Safe to log.</b> {@link #reason()} (and {@link #toString()}) is one line with every phone number and e-mail
 * address in it masked ({@code +1•••0123}, {@code a•••@example.com}): the builder flattens line breaks and masks
 * addresses, whatever the provider module passed. The provider's own error text, unmasked, is kept only behind
 * {@link #providerMessage()}, which alertkit never logs; treat it as personal data.
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

  /** Longest reason kept; longer ones are shortened, ending with "…". */
  public static final int MAX_REASON_LENGTH = 4000;

  private final Kind kind;
  private final Fault fault;
  private final String reason;
  private final String providerCode;
  private final int httpStatus;
  private final Duration retryAfter;
  private final String providerMessage;

  private Failure(Builder b) {
    this.kind = b.kind;
    this.fault = b.fault;
    this.reason = b.reason;
    this.providerCode = b.providerCode;
    this.httpStatus = b.httpStatus;
    this.retryAfter = b.retryAfter;
    this.providerMessage = b.providerMessage;
  }

  /**
   * Starts a failure that is safe to resend.
   *
   * @param fault who is at fault
   * @param reason a sentence a person can act on; line breaks become spaces, addresses are masked, longer than
   *     {@value #MAX_REASON_LENGTH} characters is shortened
   * @return a builder
   * @throws dev.alertkit.ValidationException when fault or reason is missing or blank
   */
  public static Builder retryable(Fault fault, String reason) {
    return new Builder(Kind.RETRYABLE, fault, reason);
  }

  /**
   * Starts a failure that a resend cannot fix.
   *
   * @param fault who is at fault
   * @param reason a sentence a person can act on; line breaks become spaces, addresses are masked, longer than
   *     {@value #MAX_REASON_LENGTH} characters is shortened
   * @return a builder
   * @throws dev.alertkit.ValidationException when fault or reason is missing or blank
   */
  public static Builder permanent(Fault fault, String reason) {
    return new Builder(Kind.PERMANENT, fault, reason);
  }

  /**
   * Starts a failure after which the message may or may not have been sent.
   *
   * @param fault who is at fault
   * @param reason a sentence a person can act on; line breaks become spaces, addresses are masked, longer than
   *     {@value #MAX_REASON_LENGTH} characters is shortened
   * @return a builder
   * @throws dev.alertkit.ValidationException when fault or reason is missing or blank
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

  /**
   * Why, in one line a person can act on, with phone numbers and e-mail addresses masked: safe to log.
   *
   * @return the reason
   */
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

  /**
   * The provider's own error text exactly as it answered (e.g. Twilio's "The 'To' number +14155550123 is not a valid
   * phone number"), unmasked. It may contain the recipient's phone number or e-mail address: alertkit never logs it
   * and never puts it into {@link #reason()} or {@link #toString()}; log it yourself only where personal data may go.
   *
   * @return the provider's message, when the provider gave one
   */
  public Optional<String> providerMessage() {
    return Optional.ofNullable(providerMessage);
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
    b.providerMessage = providerMessage;
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Failure)) {
      return false;
    }
    Failure f = (Failure) o;
    return kind == f.kind && fault == f.fault && reason.equals(f.reason) && Objects.equals(providerCode, f.providerCode)
        && httpStatus == f.httpStatus && Objects.equals(retryAfter, f.retryAfter) && Objects.equals(providerMessage, f.providerMessage);
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
    private String providerMessage;

    private Builder(Kind kind, Fault fault, String reason) {
      this.kind = kind;
      this.fault = Checks.notNull("failure.fault", fault);
      Checks.notNull("failure.reason", reason);
      if (reason.isBlank()) {
        throw new dev.alertkit.ValidationException("failure.reason", "must not be blank");
      }
      String safe = Redaction.oneLine(reason);
      if (safe.length() > MAX_REASON_LENGTH) {
        int end = MAX_REASON_LENGTH - 1;
        if (Character.isLowSurrogate(safe.charAt(end))) {
          end--;
        }
        safe = safe.substring(0, end) + "\u2026";
      }
      this.reason = safe;
    }

    /**
     * Keeps the provider's own error text, unmasked, for {@link Failure#providerMessage()}. Put a masked summary
     * into the reason; this text is never logged by alertkit.
     *
     * @param message the provider's message, or null for none
     * @return this builder
     */
    public Builder providerMessage(String message) {
      this.providerMessage = message;
      return this;
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
