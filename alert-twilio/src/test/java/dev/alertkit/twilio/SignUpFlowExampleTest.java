package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Recipient;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The sign-up flow of docs/contacts.md ("Keeping contacts reachable"), compiled and run against the emulator: verify
 * a new on-call phone number, store when, page only verified numbers.
 */
class SignUpFlowExampleTest {
  /** Where the application keeps verified numbers: number to "verified at". */
  private final Map<String, Instant> verifiedPhones = new HashMap<>();

  // The regions below are docs/contacts.md's snippets ("Verify a new on-call number"), checked by DocSnippetsTest.
  // tag::verify-on-call-number[]
  void verifyOnCallNumber(ContactVerifier verifier, String phone, Supplier<String> askForCode) {
    VerificationResult sent = verifier.start(phone, VerificationChannel.SMS);       // Twilio texts a code
    if (!sent.pending()) {
      throw new IllegalStateException("could not send a code: " + sent.failure().orElseThrow().reason());
    }
    VerificationResult checked = verifier.check(phone, askForCode.get());           // the person types it back
    if (checked.approved()) {
      verifiedPhones.put(phone, checked.verifiedAt().orElseThrow());                // store it with the number
    }
  }
  // end::verify-on-call-number[]

  // tag::on-call-recipient[]
  Recipient onCall(String id, String phone) {
    Recipient.Builder b = Recipient.builder(id).phone(phone);
    Instant at = verifiedPhones.get(phone);
    return (at == null ? b : b.phoneVerifiedAt(at)).build();                         // rules can now require it
  }
  // end::on-call-recipient[]

  /** Compiled, not run: how an application gets its verifier (credentials from the environment). */
  static ContactVerifier verifierFromEnvironment() {
    // tag::verifier-from-env[]
    TwilioProviders twilio = TwilioProviders.of(TwilioConfig.fromEnv());
    ContactVerifier verifier = twilio.verifier("VA0123456789abcdef0123456789abcdef");   // your Verify service
    // end::verifier-from-env[]
    return verifier;
  }

  @Test
  void newOnCallNumberIsVerifiedAndCarriedIntoTheRecipient() {
    try (TwilioEmulator emulator = TwilioEmulator.start();
        TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).build());
        ContactVerifier verifier = twilio.verifier("VA0123456789abcdef0123456789abcdef")) {
      // When the person types back the code the emulator "sent"
      verifyOnCallNumber(verifier, "+14155550100", () -> emulator.verificationCode("+14155550100").orElseThrow());

      // Then the recipient carries the verification
      assertThat(onCall("alice", "+14155550100").verifiedAt(dev.alertkit.Channel.SMS)).isPresent();
      assertThat(onCall("bob", "+14155550199").verifiedAt(dev.alertkit.Channel.SMS)).isEmpty();
    }
  }
}
