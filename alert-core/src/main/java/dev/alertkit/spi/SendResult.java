package dev.alertkit.spi;

import dev.alertkit.Failure;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one provider request did for one message: {@link Accepted} or {@link Rejected}. Use the factories.
 *
 * <pre>{@code
 * return SendResult.accepted("SM0123...", "queued");
 * return SendResult.rejected(Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").providerCode("21211").build());
 * }</pre>
 */
public sealed interface SendResult permits SendResult.Accepted, SendResult.Rejected {

  /**
   * The provider took the message.
   *
   * @param providerMessageId the provider's id (Twilio SID, SendGrid X-Message-Id), empty when the provider gave none
   * @param providerStatus the provider's initial status as it wrote it, e.g. {@code "queued"}; empty when none
   * @param details extra facts the provider returned, e.g. {@code num_segments}, {@code price}
   */
  record Accepted(Optional<String> providerMessageId, Optional<String> providerStatus, Map<String, String> details)
      implements SendResult {
    /**
     * Validates and copies.
     *
     * @param providerMessageId the provider's id, empty when the provider gave none
     * @param providerStatus the provider's initial status, empty when none
     * @param details extra facts the provider returned
     * @throws NullPointerException when an argument is null
     */
    public Accepted {
      Objects.requireNonNull(providerMessageId, "providerMessageId");
      Objects.requireNonNull(providerStatus, "providerStatus");
      details = Map.copyOf(details);
    }
  }

  /**
   * The provider did not take the message, or it is unknown whether it did.
   *
   * @param failure the classified failure
   */
  record Rejected(Failure failure) implements SendResult {
    /**
     * Validates.
     *
     * @param failure the classified failure
     * @throws NullPointerException when failure is null
     */
    public Rejected {
      Objects.requireNonNull(failure, "failure");
    }
  }

  /**
   * An accepted result.
   *
   * @param providerMessageId the provider's message id
   * @param providerStatus the provider's initial status, e.g. {@code "queued"}
   * @return the result
   * @throws NullPointerException when an argument is null
   */
  static SendResult accepted(String providerMessageId, String providerStatus) {
    return new Accepted(Optional.of(providerMessageId), Optional.of(providerStatus), Map.of());
  }

  /**
   * A rejected result.
   *
   * @param failure the failure
   * @return the result
   * @throws NullPointerException when failure is null
   */
  static SendResult rejected(Failure failure) {
    return new Rejected(failure);
  }

  /** @return whether the provider took the message */
  default boolean isAccepted() {
    return this instanceof Accepted;
  }

  /** @return the failure, when rejected */
  default Optional<Failure> failureIfRejected() {
    return this instanceof Rejected ? Optional.of(((Rejected) this).failure()) : Optional.empty();
  }
}
