package dev.alertkit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.twilio.ContactVerifier;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;
import dev.alertkit.twilio.VerificationChannel;
import org.junit.jupiter.api.Test;

/** The "Testing" snippet of docs/contacts.md, run: the emulators speak Verify, Lookup and suppressions. */
class ContactTestingSnippetsTest {

  @Test
  void emulatorsServeVerifyLookupAndSuppressions() {
    ManualClock manualClock = ManualClock.at("2026-11-30T09:00:00Z");
    // tag::contacts-testing[]
    TwilioEmulator twilio = TwilioEmulator.builder().clock(manualClock).start();
    twilio.lineType("+14155550100", "landline");                 // Lookup answers landline
    // end::contacts-testing[]
    try (twilio;
        TwilioProviders providers = TwilioProviders.of(TwilioConfig.builder().accountSid(twilio.accountSid())
            .authToken(twilio.authToken()).baseUrl(twilio.baseUrl()).smsFrom("+15005550006").build());
        ContactVerifier verifier = providers.verifier("VA0123456789abcdef0123456789abcdef")) {
      // tag::contacts-testing[]
      verifier.start("+14155550101", VerificationChannel.SMS);
      String code = twilio.verificationCode("+14155550101").orElseThrow();   // the code that was "sent"
      twilio.failNext(TwilioEmulator.Reply.error(429, 60203, "Max send attempts reached"));

      SendGridEmulator sendgrid = SendGridEmulator.start();
      sendgrid.suppress(SendGridEmulator.Suppression.BOUNCES, "gone@example.com");
      sendgrid.drops();                                            // what SendGrid would have dropped silently
      // end::contacts-testing[]
      sendgrid.close();
      assertThat(code).isNotBlank();
      assertThat(verifier.start("+14155550101", VerificationChannel.SMS).failure()).isPresent();
    }
  }
}
