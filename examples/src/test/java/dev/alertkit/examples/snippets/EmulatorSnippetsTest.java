package dev.alertkit.examples.snippets;

import static dev.alertkit.testkit.AlertAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientStatus;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.examples.consumer.DiskMonitor;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.sendgrid.SendGridProviders;
import dev.alertkit.sendgrid.SendGridWebhooks;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.testkit.emulator.WebhookTarget;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;
import dev.alertkit.twilio.TwilioWebhooks;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emulator snippets of docs/twilio.md, docs/sendgrid.md, docs/tracking-and-webhooks.md and docs/testing.md. */
class EmulatorSnippetsTest {
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();

  private static Alert alert(Recipient to) {
    return Alert.builder().severity(Severity.CRITICAL).title("db-1 disk 97% full").recipient(to).build();
  }

  @Test
  void twilioEmulatorAnswersWhatItIsScriptedToAndRecordsEveryRequest() {
    // tag::twilio-emulator[]
    try (TwilioEmulator twilio = TwilioEmulator.start()) {
      TwilioConfig config = TwilioConfig.builder()
          .accountSid(twilio.accountSid()).authToken(twilio.authToken())
          .baseUrl(twilio.baseUrl()).smsFrom("+15005550006").build();
      twilio.failNext(TwilioEmulator.Reply.serverError(503));        // or rateLimited(Duration), htmlError(502),
                                                                     // connectionReset(), delayed(Duration),
                                                                     // malformedJson(), error(400, 21211, "…")
      twilio.replyTo("+15551230009", TwilioEmulator.Reply.rateLimited());   // every request to one number
      try (AlertClient client = AlertClient.builder().provider(TwilioProviders.sms(config)).build()) {
        DispatchReport first = client.send(alert(alice));             // 503: AMBIGUOUS, so not resent
        DispatchReport second = client.send(alert(alice));            // accepted
        assertThat(first.outcome("alice")).isEqualTo(Outcome.FAILED);
        assertThat(second.outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      }
      assertThat(twilio.requestCount()).isEqualTo(2);                 // one POST per send, no hidden retries
      assertThat(twilio.messages().get(0).param("ValidityPeriod")).contains("300");
    }
    // end::twilio-emulator[]
  }

  @Test
  void sendGridEmulatorValidatesAndStoresEveryMail() {
    // tag::sendgrid-emulator[]
    try (SendGridEmulator sendgrid = SendGridEmulator.start();
         ChannelProvider email = SendGridProviders.email(SendGridConfig.builder()
             .apiKey(sendgrid.apiKey()).from("alerts@example.com").baseUrl(sendgrid.baseUrl()).build());
         AlertClient client = AlertClient.builder().provider(email).build()) {
      sendgrid.failNext(SendGridEmulator.Behavior.serverError());   // 500: AMBIGUOUS, so not resent
      // also: rateLimited(resetAt), creditsExceeded(), unauthorized(), forbidden(), payloadTooLarge(),
      //       status(code, msg), connectionReset(), emptyResponse(), acceptedWithoutMessageId(), delayed(d)
      assertThat(client.send(alert(alice)).outcome("alice")).isEqualTo(Outcome.FAILED);
      assertThat(client.send(alert(alice)).outcome("alice")).isEqualTo(Outcome.ACCEPTED);

      assertThat(sendgrid.mails()).singleElement()
          .satisfies(m -> assertThat(m.recipients()).containsExactly("alice@example.com"));
      assertThat(sendgrid.requestCount()).isEqualTo(2);
      sendgrid.reset();
    }
    // end::sendgrid-emulator[]
  }

  @Test
  void emulatorsSendSignedWebhooksThatMoveTheTrackedStatus() {
    Clock clock = Clock.systemUTC();
    try (TwilioEmulator twilioEmulator = TwilioEmulator.start();
         SendGridEmulator sendGridEmulator = SendGridEmulator.start()) {
      TwilioConfig config = TwilioConfig.builder()
          .accountSid(twilioEmulator.accountSid()).authToken(twilioEmulator.authToken())
          .baseUrl(twilioEmulator.baseUrl()).smsFrom("+15005550006").voiceFrom("+15005550006")
          .statusCallbackBaseUrl("https://hooks.example.com").askToAcknowledge(true).build();
      TwilioProviders twilio = TwilioProviders.of(config);
      try (AlertClient client = AlertClient.builder()
          .provider(twilio.sms()).provider(twilio.voice())
          .provider(SendGridProviders.email(SendGridConfig.builder().apiKey(sendGridEmulator.apiKey())
              .from("alerts@example.com").baseUrl(sendGridEmulator.baseUrl()).build()))
          .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS, Channel.VOICE, Channel.EMAIL)).build())
          .build()) {
        Alert alert = alert(alice);
        client.send(alert);
        String sid = twilioEmulator.messages().get(0).sid();
        String callSid = twilioEmulator.calls().get(0).sid();
        String messageId = sendGridEmulator.mails().get(0).messageId();
        TwilioWebhooks twilioWebhooks = TwilioWebhooks.builder().authToken(twilioEmulator.authToken())
            .tracker(client.deliveryTracker()).build();

        // tag::tracking-emulators[]
        WebhookTarget status = WebhookTarget.handler(twilioWebhooks.statusCallbacks());
        twilioEmulator.deliver(sid, status);                 // MessageStatus=delivered, to the message's StatusCallback
        twilioEmulator.fail(sid, 30007, status);             // MessageStatus=failed, ErrorCode=30007
        twilioEmulator.callStatus(callSid, "no-answer", status);
        twilioEmulator.pressDigit(callSid, "1", WebhookTarget.handler(twilioWebhooks.gatherAction()));

        SendGridWebhooks sg = SendGridWebhooks.builder().verificationKey(sendGridEmulator.webhookVerificationKey())
            .tracker(client.deliveryTracker()).clock(clock).build();
        sendGridEmulator.event(messageId, "bounce", clock.instant(), WebhookTarget.handler(sg.eventWebhook()));
        // end::tracking-emulators[]

        RecipientStatus alices = client.deliveryTracker().status(alert.id(), "alice").orElseThrow();
        assertThat(alices.isAcknowledged()).isTrue();
        assertThat(alices.attempts()).extracting(a -> a.channel() + "=" + a.status()).containsExactlyInAnyOrder(
            "SMS=" + DeliveryStatus.FAILED, "VOICE=" + DeliveryStatus.ACKNOWLEDGED, "EMAIL=" + DeliveryStatus.UNDELIVERED);
      }
    }
  }

  @Test
  void diskMonitorAgainstTheTwilioEmulator() {
    // tag::testing-emulator[]
    try (TwilioEmulator twilio = TwilioEmulator.start()) {
      TwilioConfig config = TwilioConfig.builder()
          .accountSid(twilio.accountSid()).authToken(twilio.authToken())
          .baseUrl(twilio.baseUrl())                        // the emulator instead of api.twilio.com
          .smsFrom("+15005550006")
          .build();
      try (AlertClient client = AlertClient.builder().provider(TwilioProviders.sms(config)).build()) {
        new DiskMonitor(client, Clock.systemUTC(), List.of(alice)).check("db-1", "/var", 97);
      }
      assertThat(twilio.messages()).singleElement()            // what the emulator received over HTTP
          .satisfies(m -> assertThat(m.body()).hasValueSatisfying(b -> assertThat(b).contains("97% full")));
    }
    // end::testing-emulator[]
  }
}
