package dev.alertkit.spi;

import dev.alertkit.Failure;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule every outbound message must pass before a provider is called (India DLT, WhatsApp templates). A guard
 * may amend the message (e.g. set the registered sender header and attach DLT ids) or reject it with a
 * {@link Failure} the report shows; routing then falls back as the policy says.
 */
public interface ComplianceGuard {

  /**
   * A short stable name shown in reports, e.g. {@code "india-dlt"}.
   *
   * @return the name
   */
  String name();

  /**
   * Checks one message.
   *
   * @param message the message as routing built it
   * @param now the client's clock reading
   * @return {@link Verdict#allow(OutboundMessage)} with the (possibly amended) message, or
   *     {@link Verdict#reject(Failure)}
   */
  Verdict check(OutboundMessage message, Instant now);

  /** What a guard decided. */
  final class Verdict {
    private final OutboundMessage message;
    private final Failure failure;

    private Verdict(OutboundMessage message, Failure failure) {
      this.message = message;
      this.failure = failure;
    }

    /**
     * Lets the message pass.
     *
     * @param message the message to send (the input, or an amended copy)
     * @return the verdict
     * @throws NullPointerException when message is null
     */
    public static Verdict allow(OutboundMessage message) {
      return new Verdict(Objects.requireNonNull(message, "message"), null);
    }

    /**
     * Stops the message.
     *
     * @param failure why; usually {@link Failure.Kind#PERMANENT} with {@link Failure.Fault#CONTENT}
     * @return the verdict
     * @throws NullPointerException when failure is null
     */
    public static Verdict reject(Failure failure) {
      return new Verdict(null, Objects.requireNonNull(failure, "failure"));
    }

    /** @return the message to send, when allowed */
    public Optional<OutboundMessage> message() {
      return Optional.ofNullable(message);
    }

    /** @return the failure, when rejected */
    public Optional<Failure> failure() {
      return Optional.ofNullable(failure);
    }
  }
}
