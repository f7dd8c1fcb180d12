package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.Failure;
import dev.alertkit.spi.support.Redaction;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.webhook.WebhookResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Phone numbers never reach alertkit's log lines unmasked, not even inside Twilio's error messages. */
class PersonalDataNotLoggedTest {
  /** Twilio's magic "invalid number": the emulator answers 21211 "The 'To' number +15005550001 is not a valid phone number." */
  static final String INVALID = "+15005550001";

  private final TwilioEmulator emulator = TwilioEmulator.start();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger alertkit = (Logger) LoggerFactory.getLogger("dev.alertkit");

  @BeforeEach
  void capture() {
    alertkit.setLevel(Level.DEBUG);
    appender.start();
    alertkit.addAppender(appender);
  }

  @AfterEach
  void release() {
    alertkit.detachAppender(appender);
    alertkit.setLevel(null);
    emulator.close();
  }

  @Test
  void twiliosInvalidNumberMessageIsMaskedInLogsAndReasonAndKeptWholeOnlyBehindProviderMessage() {
    // Given a client sending SMS through Twilio
    TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).build());
    Recipient bob = Recipient.builder("bob").phone(INVALID).build();
    try (AlertClient client = AlertClient.builder().provider(twilio.sms())
        .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS)).build()).build()) {
      // When Twilio rejects the number with a message that quotes it
      DispatchReport report = client.send(Alert.builder().severity(Severity.CRITICAL).title("disk").recipient(bob).build());

      // Then the report's reason names the problem with the number masked
      assertThat(report.outcome("bob")).isEqualTo(Outcome.FAILED);
      Attempt attempt = report.recipient("bob").attempts().get(0);
      Failure f = attempt.failure().orElseThrow();
      assertThat(f.providerCode()).contains("21211");
      assertThat(f.reason()).contains("+1\u2022\u2022\u20220001").doesNotContain("5005550001");
      // And Twilio's own text is there, whole, only behind the explicit accessor
      assertThat(f.providerMessage()).contains("The 'To' number " + INVALID + " is not a valid phone number.");
      // And no log line of alertkit, at any level, carries the number
      List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).isNotEmpty();
      assertThat(lines).noneMatch(l -> l.contains("5005550001"));
      assertThat(lines).anyMatch(l -> l.contains("+1\u2022\u2022\u20220001"));
      assertThat(lines).noneMatch(l -> l.contains("\n") || l.contains("\r"));
    }
  }

  @Test
  void aReplyFromAStrangerIsLoggedWithTheSenderMaskedLikeEveryOtherNumber() {
    // Given a client with incidents and Twilio's inbound webhook for replies
    String stranger = "+14155550199";
    try (TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).build());
        AlertClient client = AlertClient.builder().provider(twilio.sms()).clock(ManualClock.at("2026-03-02T10:00:00Z")).build()) {
      TwilioInboundWebhooks inbound = TwilioInboundWebhooks.builder().authToken(emulator.authToken())
          .publicBaseUrl("https://hooks.example.com").incidents(client.incidents()).build();
      String url = "https://hooks.example.com" + TwilioInboundWebhooks.INBOUND_PATH;

      // When a number no incident paged replies by SMS and by WhatsApp (signed as Twilio signs)
      TwilioSigner signer = new TwilioSigner(emulator.authToken());
      WebhookResponse sms = inbound.messages().handle(signer.formRequest(url,
          Map.of("From", stranger, "To", Fixtures.SMS_FROM, "Body", "ok 1234", "MessageSid", "SM1")).build());
      WebhookResponse whatsapp = inbound.messages().handle(signer.formRequest(url,
          Map.of("From", "whatsapp:" + stranger, "To", "whatsapp:" + Fixtures.WHATSAPP_FROM, "Body", "ok 1234", "MessageSid", "SM2")).build());

      // Then both are answered, and every log line names the sender only as Redaction masks it
      assertThat(sms.status()).isEqualTo(200);
      assertThat(whatsapp.status()).isEqualTo(200);
      List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).noneMatch(l -> l.contains("5550199"));
      assertThat(lines).anyMatch(l -> l.startsWith("Twilio inbound SMS from " + Redaction.phone(stranger) + ":"));
      assertThat(lines).anyMatch(l -> l.startsWith("Twilio inbound WHATSAPP from whatsapp:" + Redaction.phone(stranger) + ":"));
      assertThat(lines).anyMatch(l -> l.startsWith("reply from " + Redaction.phone(stranger) + " over SMS ignored"));
      assertThat(Redaction.phone(stranger)).isEqualTo("+1\u2022\u2022\u20220199");
    }
  }

  @Test
  void lineTypeLookupsAreLoggedWithTheNumberMaskedLikeEveryOtherNumber() {
    // Given a landline known to Lookup
    String landline = "+14155550150";
    emulator.lineType(landline, "landline");
    ManualClock clock = ManualClock.at("2026-03-02T10:00:00Z");
    try (TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).build(), clock);
        LineTypeCheck check = twilio.lineTypeCheck().build()) {
      // When it is checked (DEBUG logs the answer) and Lookup fails for another number (WARN)
      Recipient r = Recipient.builder("p").phone(landline).build();
      Alert alert = Alert.builder().severity(Severity.CRITICAL).title("db-1 down").recipient(r).build();
      check.check(alert, r, Channel.SMS, landline, clock.instant());
      emulator.failNext(TwilioEmulator.Reply.serverError(503));
      check.check(alert, r, Channel.SMS, "+919812345678", clock.instant());

      // Then the log lines show the numbers as Redaction masks them, and no more of them
      List<String> lines = appender.list.stream().filter(e -> e.getLoggerName().equals(LineTypeCheck.class.getName()))
          .map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).contains("Twilio Lookup: +1\u2022\u2022\u20220150 is landline");
      assertThat(lines).anyMatch(l -> l.startsWith("Twilio Lookup failed for +91\u2022\u2022\u20225678 ("));
      assertThat(lines).noneMatch(l -> l.contains("5550150") || l.contains("9812345678"));
    }
  }

  @Test
  void aVerificationResultShowsTheNumberMaskedLikeEveryOtherNumber() {
    VerificationResult r = new VerificationResult(VerificationStatus.PENDING, "+14155550100", Optional.of(VerificationChannel.SMS),
        Optional.of("VE123"), Instant.parse("2026-03-02T10:00:00Z"), Optional.empty());
    assertThat(r.toString()).isEqualTo("VerificationResult{PENDING, to=+1\u2022\u2022\u20220100, channel=SMS, sid=VE123, at=2026-03-02T10:00:00Z}")
        .doesNotContain("5550100");
  }
}
