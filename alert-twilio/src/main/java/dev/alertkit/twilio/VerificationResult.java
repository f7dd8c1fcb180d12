package dev.alertkit.twilio;

import dev.alertkit.Failure;
import dev.alertkit.spi.support.Redaction;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to starting or checking a verification. Store {@link #verifiedAt()} with the address and hand it to
 * {@code Recipient.Builder.phoneVerifiedAt(...)}; routing rules that {@code requireVerifiedAddresses()} then use the
 * address. Never contains the code.
 *
 * @param status where the verification stands
 * @param to the number being verified, E.164
 * @param channel how the code was sent, when Twilio said
 * @param verificationSid Twilio's {@code VE...} id, when Twilio answered with one
 * @param at the client clock's reading when the answer arrived
 * @param failure why the request failed, for {@link VerificationStatus#FAILED}, {@link VerificationStatus#NOT_FOUND}
 *     and a {@link VerificationStatus#MAX_ATTEMPTS_REACHED} refusal; classified like every other Twilio failure
 */
public record VerificationResult(
    VerificationStatus status,
    String to,
    Optional<VerificationChannel> channel,
    Optional<String> verificationSid,
    Instant at,
    Optional<Failure> failure) {

  /**
   * Validates.
   *
   * @param status where the verification stands
   * @param to the number being verified, E.164
   * @param channel how the code was sent, when Twilio said
   * @param verificationSid Twilio's {@code VE...} id, when Twilio answered with one
   * @param at the client clock's reading when the answer arrived
   * @param failure why the request failed, for {@link VerificationStatus#FAILED}, {@link VerificationStatus#NOT_FOUND} and a {@link VerificationStatus#MAX_ATTEMPTS_REACHED} refusal; classified like every other Twilio failure
   * @throws NullPointerException when a value is null
   */
  public VerificationResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(verificationSid, "verificationSid");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(failure, "failure");
  }

  /** @return whether the code was confirmed */
  public boolean approved() {
    return status == VerificationStatus.APPROVED;
  }

  /** @return whether a code is out and waiting to be checked */
  public boolean pending() {
    return status == VerificationStatus.PENDING;
  }

  /** @return when the address was verified: {@link #at()} when approved, otherwise empty */
  public Optional<Instant> verifiedAt() {
    return approved() ? Optional.of(at) : Optional.empty();
  }

  @Override
  public String toString() {
    return "VerificationResult{" + status + ", to=" + Redaction.phone(to) + channel.map(c -> ", channel=" + c).orElse("")
        + verificationSid.map(s -> ", sid=" + s).orElse("") + ", at=" + at + failure.map(f -> ", failure=" + f).orElse("") + "}";
  }
}
