package dev.alertkit.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.rest.verify.v2.service.Verification;
import com.twilio.rest.verify.v2.service.VerificationCheck;
import dev.alertkit.ValidationException;
import dev.alertkit.Failure;
import dev.alertkit.spi.support.Redaction;
import dev.alertkit.twilio.internal.Captured;
import dev.alertkit.twilio.internal.Exchange;
import dev.alertkit.twilio.internal.VerifyErrors;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies that a person can be reached at a phone number, with Twilio Verify: {@link #start} sends a one-time code
 * (SMS, call or WhatsApp), {@link #check} confirms the code the person typed back. Store the approved result's
 * {@link VerificationResult#verifiedAt()} with the number and give it to {@code Recipient.Builder.phoneVerifiedAt}.
 *
 * <pre>{@code
 * try (ContactVerifier verifier = twilio.verifier("VA0123456789abcdef0123456789abcdef")) {
 *   verifier.start("+14155550100", VerificationChannel.SMS);            // the person gets a code
 *   VerificationResult r = verifier.check("+14155550100", typedCode);   // ...and types it back
 *   if (r.approved()) {
 *     users.savePhone(userId, "+14155550100", r.verifiedAt().orElseThrow());
 *   }
 * }
 * }</pre>
 *
 * <p>Every call makes exactly one HTTP request to {@code verify.twilio.com} (or the configured base URL) through the
 * account's connection pool, and never throws for Twilio or network failures: they come back as a result with
 * status {@link VerificationStatus#FAILED} (or {@link VerificationStatus#NOT_FOUND},
 * {@link VerificationStatus#MAX_ATTEMPTS_REACHED}) and a classified {@link Failure}. A start that ended
 * {@code AMBIGUOUS} may have sent a code. Codes are never logged and never appear in results or exceptions.
 * Thread-safe. Closing the verifier releases its share of the account's pool.
 */
public final class ContactVerifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ContactVerifier.class);
  private static final Pattern SERVICE_SID = Pattern.compile("VA[0-9a-fA-F]{32}");
  private static final Pattern VERIFICATION_SID = Pattern.compile("VE[0-9a-fA-F]{32}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern CODE = Pattern.compile("[0-9A-Za-z]{4,10}");

  private final TwilioAccount account;
  private final String serviceSid;
  private final AtomicBoolean closed = new AtomicBoolean();

  ContactVerifier(TwilioAccount account, String serviceSid) {
    if (serviceSid == null || !SERVICE_SID.matcher(serviceSid).matches()) {
      throw new ValidationException("verifyServiceSid", "must be a Twilio Verify service SID: VA followed by 32 hex digits");
    }
    this.account = account;
    this.serviceSid = serviceSid;
    account.acquire();
  }

  /** @return the Verify service SID ({@code VA...}) */
  public String serviceSid() {
    return serviceSid;
  }

  /**
   * Sends a one-time code to a number ({@code POST /v2/Services/{ServiceSid}/Verifications}). Calling it again for a
   * number with a pending verification resends the code (Twilio allows 5 sends per verification).
   *
   * @param to the number, E.164 (e.g. {@code +14155550100})
   * @param channel how to send the code
   * @return {@link VerificationStatus#PENDING} when Twilio took it, otherwise a failed result with the reason
   * @throws ValidationException when the number is not E.164 or channel is null
   * @throws IllegalStateException when the verifier or its {@link TwilioProviders} is closed
   */
  public VerificationResult start(String to, VerificationChannel channel) {
    String number = number(to);
    if (channel == null) {
      throw new ValidationException("channel", "is required (SMS, CALL or WHATSAPP)");
    }
    requireOpen();
    Captured<Verification> c = account.http.capture(() -> Verification.creator(serviceSid, number, channel.wireName()).create(account.rest));
    VerificationResult r = result(number, c, Optional.of(channel));
    log.info("Twilio Verify start for {} by {}: {}", Redaction.phone(number), channel, r.status());
    return r;
  }

  /**
   * Checks the code the person typed back ({@code POST /v2/Services/{ServiceSid}/VerificationCheck} with {@code To}
   * and {@code Code}). A wrong code answers {@link VerificationStatus#PENDING}; the right one
   * {@link VerificationStatus#APPROVED}; after too many wrong codes {@link VerificationStatus#MAX_ATTEMPTS_REACHED};
   * when nothing is pending (expired, already approved) {@link VerificationStatus#NOT_FOUND}.
   *
   * @param to the number the code was sent to, E.164
   * @param code the code as typed: 4 to 10 letters or digits (surrounding spaces are removed)
   * @return the result
   * @throws ValidationException when the number is not E.164 or the code is malformed (the message never repeats it)
   * @throws IllegalStateException when the verifier or its {@link TwilioProviders} is closed
   */
  public VerificationResult check(String to, String code) {
    String number = number(to);
    String c = code == null ? "" : code.strip();
    if (!CODE.matcher(c).matches()) {
      throw new ValidationException("code", "must be 4 to 10 letters or digits");
    }
    requireOpen();
    Captured<VerificationCheck> captured = account.http.capture(() ->
        VerificationCheck.creator(serviceSid).setTo(number).setCode(c).create(account.rest));
    VerificationResult r = result(number, captured, Optional.empty());
    log.info("Twilio Verify check for {}: {}", Redaction.phone(number), r.status());
    return r;
  }

  /**
   * Cancels a pending verification ({@code POST /v2/Services/{ServiceSid}/Verifications/{Sid}} with
   * {@code Status=canceled}), e.g. when the person changed the number they typed.
   *
   * @param verificationSid the {@code VE...} SID from {@link VerificationResult#verificationSid()}
   * @return {@link VerificationStatus#CANCELED}, or a failed result
   * @throws ValidationException when the SID is malformed
   * @throws IllegalStateException when the verifier or its {@link TwilioProviders} is closed
   */
  public VerificationResult cancel(String verificationSid) {
    if (verificationSid == null || !VERIFICATION_SID.matcher(verificationSid).matches()) {
      throw new ValidationException("verificationSid", "must be VE followed by 32 hex digits");
    }
    requireOpen();
    Captured<Verification> c = account.http.capture(() ->
        Verification.updater(serviceSid, verificationSid, Verification.Status.CANCELED).update(account.rest));
    return result(c.value().map(Verification::getTo).orElse(""), c, Optional.empty());
  }

  private VerificationResult result(String to, Captured<?> c, Optional<VerificationChannel> requested) {
    Instant now = account.clock.instant();
    Exchange ex = c.exchange();
    if (c.error().isEmpty() && ex.status() >= 200 && ex.status() < 300) {
      JsonNode json = read(ex.body());
      String status = text(json, "status");
      String sid = text(json, "sid");
      if (status == null) {
        Failure f = Failure.ambiguous(Failure.Fault.PROVIDER, "Twilio Verify answered HTTP " + ex.status()
            + " without a readable status").httpStatus(ex.status()).build();
        return new VerificationResult(VerificationStatus.FAILED, to, requested, Optional.ofNullable(sid), now, Optional.of(f));
      }
      Optional<VerificationChannel> channel = Optional.ofNullable(VerificationChannel.fromWire(text(json, "channel"))).or(() -> requested);
      String number = Optional.ofNullable(text(json, "to")).orElse(to);
      return new VerificationResult(VerificationStatus.fromWire(status), number, channel, Optional.ofNullable(sid), now, Optional.empty());
    }
    Failure f = VerifyErrors.classify(ex, c.error(), account.mapper, account.clock);
    OptionalInt code = VerifyErrors.code(ex, account.mapper);
    VerificationStatus status = VerificationStatus.FAILED;
    if (ex.status() == 404 && code.orElse(VerifyErrors.NOT_FOUND) == VerifyErrors.NOT_FOUND) {
      status = VerificationStatus.NOT_FOUND;
      f = Failure.permanent(Failure.Fault.RECIPIENT, "no pending verification for this number: it expired (after 10 minutes),"
          + " was approved or canceled already, or reached its check limit; start a new verification (Twilio 20404)")
          .httpStatus(404).providerCode(Integer.toString(VerifyErrors.NOT_FOUND)).build();
    } else if (code.isPresent() && code.getAsInt() == VerifyErrors.MAX_CHECK_ATTEMPTS) {
      status = VerificationStatus.MAX_ATTEMPTS_REACHED;
    }
    return new VerificationResult(status, to, requested, Optional.empty(), now, Optional.of(f));
  }

  private JsonNode read(String body) {
    try {
      JsonNode n = account.mapper.readTree(body);
      return n != null && n.isObject() ? n : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static String text(JsonNode json, String field) {
    JsonNode v = json == null ? null : json.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static String number(String to) {
    if (to == null || !E164.matcher(to).matches()) {
      throw new ValidationException("to", "must be an E.164 phone number such as +14155550100");
    }
    return to;
  }

  private void requireOpen() {
    if (closed.get() || account.isReleased()) {
      throw new IllegalStateException("this ContactVerifier is closed");
    }
  }

  /** Releases this verifier's share of the account's connection pool. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      account.release();
    }
  }

  @Override
  public String toString() {
    return "ContactVerifier{service=" + serviceSid + (closed.get() ? ", closed" : "") + "}";
  }
}
