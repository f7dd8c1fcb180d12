package dev.alertkit.twilio;

import static dev.alertkit.testkit.IncidentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.WhatsAppContent;
import dev.alertkit.incident.AckChannel;
import dev.alertkit.incident.EscalationPolicy;
import dev.alertkit.incident.EscalationTarget;
import dev.alertkit.incident.IncidentHandle;
import dev.alertkit.incident.IncidentState;
import dev.alertkit.testkit.LoopbackWebhookServer;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.testkit.emulator.WebhookTarget;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Escalation through the real Twilio providers against the emulator, acknowledged by signed webhooks over real HTTP:
 * SMS replies, WhatsApp replies and press 1; forged and stranger replies change nothing.
 */
class EscalationOverTwilioEndToEndTest {
  static final String PUBLIC = "https://hooks.example.com";
  static final String INBOUND = PUBLIC + "/app" + TwilioInboundWebhooks.INBOUND_PATH;
  // tag::escalation-virtual-time[]
  final ManualClock clock = ManualClock.at("2026-03-02T10:00:00Z");
  final TwilioEmulator emulator = TwilioEmulator.start();
  final TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).askToAcknowledge(true).build());
  final AlertClient client = AlertClient.builder().provider(twilio.sms()).provider(twilio.voice()).provider(twilio.whatsapp())
      .clock(clock).scheduler(ManualScheduler.on(clock)).executor(Runnable::run).resilience(Resilience.none()).build();
  // end::escalation-virtual-time[]
  final LoopbackWebhookServer server = new LoopbackWebhookServer();
  final WebhookTarget http = WebhookTarget.http(server.baseUrl());
  final Recipient alice = Recipient.builder("alice").phone("+14155550100").build();
  final Recipient bob = Recipient.builder("bob").phone("+14155550101").whatsapp("+14155550101").build();

  EscalationOverTwilioEndToEndTest() {
    TwilioWebhooks callbacks = TwilioWebhooks.builder().authToken(emulator.authToken()).publicBaseUrl(PUBLIC)
        .tracker(client.deliveryTracker()).clock(clock).build();
    TwilioInboundWebhooks inbound = TwilioInboundWebhooks.builder().authToken(emulator.authToken()).publicBaseUrl(PUBLIC)
        .incidents(client.incidents()).build();
    server.mount("/app" + TwilioWebhooks.GATHER_PATH, callbacks.gatherAction())
        .mount("/app" + TwilioWebhooks.MESSAGE_STATUS_PATH, callbacks.statusCallbacks())
        .mount("/app" + TwilioInboundWebhooks.INBOUND_PATH, inbound.messages());
  }

  @AfterEach
  void close() {
    client.close();
    server.close();
    twilio.close();
    emulator.close();
  }

  IncidentHandle raise(Channel bobsChannel) {
    EscalationPolicy policy = EscalationPolicy.builder("db")
        .step(s -> s.target(EscalationTarget.recipient(alice)).via(Rule.deliver(Channel.SMS, Channel.VOICE)).waitForAck(Duration.ofMinutes(5)))
        .step(s -> s.target(EscalationTarget.recipient(bob)).via(Rule.deliver(bobsChannel, Channel.VOICE)).waitForAck(Duration.ofMinutes(10)))
        .build();
    // WhatsApp alerts are business-initiated: an approved template whose "ackCode" variable receives the person's code
    return client.raise(Alert.builder().id("inc-1").severity(Severity.CRITICAL).title("db-1 down").body("db-1 is not answering")
        .whatsapp(WhatsAppContent.template("HX0123456789abcdef0123456789abcdef", java.util.Map.of("1", "db-1", "ackCode", "-")))
        .recipient(alice).createdAt(clock).build(), policy);
  }

  String whatsAppCode(String to) {
    String vars = emulator.messages().stream().filter(m -> m.to().equals(to)).reduce((a, b) -> b).orElseThrow()
        .param("ContentVariables").orElseThrow();
    Matcher m = Pattern.compile("\"ackCode\"\\s*:\\s*\"(\\d{4})\"").matcher(vars);
    assertThat(m.find()).as("ackCode in " + vars).isTrue();
    return m.group(1);
  }

  String code(String to) {
    String body = emulator.messages().stream().filter(m -> m.to().equals(to)).reduce((a, b) -> b).orElseThrow().body().orElseThrow();
    Matcher m = Pattern.compile("Reply (\\d{4}) to acknowledge").matcher(body);
    assertThat(m.find()).as("reply instruction in " + body).isTrue();
    return m.group(1);
  }

  @Test
  void aliceDoesNotAnswerBobIsPagedAtMinuteFiveAndAcknowledgesBySmsReply() {
    // tag::escalation-virtual-time[]
    IncidentHandle incident = raise(Channel.SMS);                                  // Alice is paged by SMS and voice
    // end::escalation-virtual-time[]
    assertThat(emulator.calls()).extracting(TwilioEmulator.Call::to).containsExactly("+14155550100");

    // tag::escalation-virtual-time[]
    clock.advance(Duration.ofMinutes(5));                                          // she does not answer: Bob is paged
    WebhookResponse twiml = emulator.replySms("+14155550101", "ok " + code("+14155550101"), INBOUND, http);  // signed
    // end::escalation-virtual-time[]

    assertThat(twiml.status()).isEqualTo(200);
    assertThat(twiml.bodyText()).contains("<Message>Acknowledged: db-1 down. Thank you.</Message>");
    // tag::escalation-virtual-time[]
    assertThat(incident).isAcknowledgedBy("bob").via(AckChannel.SMS).atStep(2).notified("alice", Channel.SMS, Channel.VOICE)
        .notified("bob", Channel.SMS, Channel.VOICE);
    // end::escalation-virtual-time[]
    int requests = emulator.requestCount();
    clock.advance(Duration.ofHours(1));
    assertThat(emulator.requestCount()).isEqualTo(requests);
  }

  @Test
  void bobPressesOneOnTheCallAndEscalationStops() {
    IncidentHandle incident = raise(Channel.SMS);
    clock.advance(Duration.ofMinutes(5));
    String bobsCall = emulator.calls().stream().filter(c -> c.to().equals("+14155550101")).findFirst().orElseThrow().sid();

    WebhookResponse twiml = emulator.pressDigit(bobsCall, "1", http);

    assertThat(twiml.status()).isEqualTo(200);
    assertThat(incident).isAcknowledgedBy("bob").via(AckChannel.VOICE).atStep(2);
  }

  @Test
  void aWhatsAppReplyWithTheCodeAcknowledges() {
    IncidentHandle incident = raise(Channel.WHATSAPP);
    clock.advance(Duration.ofMinutes(5));

    WebhookResponse twiml = emulator.replyWhatsApp("+14155550101", whatsAppCode("whatsapp:+14155550101"), INBOUND, http);

    assertThat(twiml.bodyText()).contains("<Message>Acknowledged: db-1 down. Thank you.</Message>");
    assertThat(incident).isAcknowledgedBy("bob").via(AckChannel.WHATSAPP);
  }

  @Test
  void forgedUnsignedAndStrangerRepliesChangeNothing() {
    IncidentHandle incident = raise(Channel.SMS);
    String code = code("+14155550100");
    byte[] form = ("From=%2B14155550100&To=%2B15005550006&Body=" + code + "&MessageSid=SMx").getBytes(StandardCharsets.UTF_8);
    WebhookRequest unsigned = WebhookRequest.builder().method("POST").url(INBOUND).header("Content-Type", "application/x-www-form-urlencoded")
        .body(form).build();
    WebhookRequest forged = WebhookRequest.builder().method("POST").url(INBOUND).header("Content-Type", "application/x-www-form-urlencoded")
        .header(TwilioWebhooks.SIGNATURE_HEADER, "bm90IGEgc2lnbmF0dXJl").body(form).build();

    WebhookRequest forgedWhatsApp = WebhookRequest.builder().method("POST").url(INBOUND)
        .header(TwilioWebhooks.SIGNATURE_HEADER, "bm90IGEgc2lnbmF0dXJl")
        .body(("From=whatsapp%3A%2B14155550100&To=whatsapp%3A%2B14155238886&Body=" + code).getBytes(StandardCharsets.UTF_8)).build();

    assertThat(http.send(unsigned).status()).isEqualTo(403);
    assertThat(http.send(forgedWhatsApp).status()).isEqualTo(403);
    assertThat(http.send(forged).status()).isEqualTo(403);
    WebhookResponse wrongCode = emulator.replySms("+14155550100", code.equals("0000") ? "0001" : "0000", INBOUND, http);
    WebhookResponse otherAccount = http.send(signedBy("another-account-token-000000000001", "+14155550100", code));
    WebhookResponse stranger = http.send(signedBy(emulator.authToken(), "+14155550199", code));

    assertThat(wrongCode.bodyText()).contains("<Message>Unknown code. Reply with the code from the alert message to acknowledge.</Message>");
    assertThat(otherAccount.status()).isEqualTo(403);
    assertThat(stranger.status()).isEqualTo(200);
    assertThat(stranger.bodyText()).endsWith("<Response/>");
    assertThat(incident.state()).isEqualTo(IncidentState.TRIGGERED);
  }

  private static WebhookRequest signedBy(String authToken, String from, String body) {
    java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("MessageSid", "SM00000000000000000000000000000099");
    p.put("From", from);
    p.put("To", Fixtures.SMS_FROM);
    p.put("Body", body);
    return new TwilioSigner(authToken).formRequest(INBOUND, p).build();
  }
}
