package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alertkit.AlertListener;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** Signature verification, parsing, status mapping, deduplication and the Gather action of {@link TwilioWebhooks}. */
class TwilioWebhooksTest {
  private static final String TOKEN = "12345";
  private static final String VECTOR_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final String BASE = "https://alerts.example.com";

  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final List<DeliveryEvent> heard = Collections.synchronizedList(new ArrayList<>());
  private final DeliveryTracker tracker = DeliveryTracker.builder().listener(ev -> {
      if (ev instanceof dev.alertkit.event.DeliveryUpdated) {
        DeliveryEvent event = ((dev.alertkit.event.DeliveryUpdated) ev).delivery();
        heard.add(event);
      }
    }).build();
  private final TwilioWebhooks twilio = TwilioWebhooks.builder().authToken(TOKEN).tracker(tracker).clock(clock).build();
  private final TwilioSigner signer = new TwilioSigner(TOKEN);

  private static Map<String, String> vectorParams() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("CallSid", "CA1234567890ABCDE");
    p.put("Caller", "+12349013030");
    p.put("Digits", "1234");
    p.put("From", "+12349013030");
    p.put("To", "+18005551212");
    return p;
  }

  private static String statusUrl(String attemptId) {
    return TwilioWebhooks.withCorrelation(BASE + TwilioWebhooks.MESSAGE_STATUS_PATH, "a-1", "alice", attemptId);
  }

  private static Map<String, String> message(String sid, String status) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("MessageSid", sid);
    p.put("MessageStatus", status);
    p.put("AccountSid", "AC00000000000000000000000000000000");
    p.put("From", "+15005550006");
    p.put("To", "+14155550100");
    return p;
  }

  private void track(String attemptId, Channel channel, String provider, String sid) {
    tracker.track("a-1", "alice", new Attempt(attemptId, channel, 0, provider, "+14155550100", true, Optional.of(sid), Optional.of("queued"),
        Optional.empty(), 1, false, Optional.empty(), clock.instant(), clock.instant()));
  }

  @Test
  void publishedTestVectorPasses() {
    assertThat(signer.sign(VECTOR_URL, vectorParams())).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");

    WebhookRequest r = WebhookRequest.builder().url(VECTOR_URL).header("X-Twilio-Signature", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
        .body(TwilioSigner.form(vectorParams()).getBytes(StandardCharsets.US_ASCII)).build();
    WebhookResponse response = twilio.gatherAction().handle(r);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).contains("not recognised").contains("<Gather");
  }

  static Stream<Arguments> tamperings() {
    String sig = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
    String body = TwilioSigner.form(vectorParams());
    return Stream.of(
        Arguments.of("host", (UnaryOperator<WebhookRequest.Builder>) b -> b.url("https://evil.example.com/myapp.php?foo=1&bar=2")),
        Arguments.of("scheme", (UnaryOperator<WebhookRequest.Builder>) b -> b.url("http://mycompany.com/myapp.php?foo=1&bar=2")),
        Arguments.of("path", (UnaryOperator<WebhookRequest.Builder>) b -> b.url("https://mycompany.com/other.php?foo=1&bar=2")),
        Arguments.of("query value", (UnaryOperator<WebhookRequest.Builder>) b -> b.url("https://mycompany.com/myapp.php?foo=2&bar=2")),
        Arguments.of("param value", (UnaryOperator<WebhookRequest.Builder>) b -> b.body(bytes(body.replace("Digits=1234", "Digits=1")))),
        Arguments.of("added param", (UnaryOperator<WebhookRequest.Builder>) b -> b.body(bytes(body + "&Extra=x"))),
        Arguments.of("removed param", (UnaryOperator<WebhookRequest.Builder>) b -> b.body(bytes(body.replace("&Caller=%2B12349013030", "")))),
        Arguments.of("signature", (UnaryOperator<WebhookRequest.Builder>) b -> b.header("X-Twilio-Signature", "1/KCTR6DLpKmkAf8muzZqo1nDgQ=")),
        Arguments.of("blank signature", (UnaryOperator<WebhookRequest.Builder>) b -> b.header("X-Twilio-Signature", " ")),
        Arguments.of("missing header", (UnaryOperator<WebhookRequest.Builder>) b -> b));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @ParameterizedTest(name = "tampered {0} is rejected")
  @MethodSource("tamperings")
  void everyTamperedPartIsRejected(String part, UnaryOperator<WebhookRequest.Builder> tamper) {
    WebhookRequest.Builder b = WebhookRequest.builder().url(VECTOR_URL).body(bytes(TwilioSigner.form(vectorParams())));
    if (!part.equals("missing header") && !part.contains("signature")) {
      b.header("X-Twilio-Signature", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }
    WebhookResponse response = twilio.gatherAction().handle(tamper.apply(b).build());

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.bodyText()).isEqualTo("invalid signature");
  }

  @Test
  void wrongTokenIsRejectedAndNeverLogged() {
    Logger logger = (Logger) LoggerFactory.getLogger(TwilioWebhooks.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      TwilioWebhooks other = TwilioWebhooks.builder().authToken("s3cr3t-token-value").tracker(tracker).build();
      WebhookRequest r = signer.formRequest(statusUrl("at-1"), message("SM1", "delivered")).build();

      assertThat(other.statusCallbacks().handle(r).status()).isEqualTo(403);
      assertThat(twilio.statusCallbacks().handle(r).status()).isEqualTo(200);
      assertThat(other.toString()).doesNotContain("s3cr3t");
      assertThat(logs.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("s3cr3t").doesNotContain(TOKEN));
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void jsonVariantChecksBodySha256() {
    String json = "{\"MessageSid\":\"SM9\",\"MessageStatus\":\"delivered\"}";
    WebhookRequest ok = signer.jsonRequest(statusUrl("at-9"), json).build();
    assertThat(twilio.statusCallbacks().handle(ok).status()).isEqualTo(200);
    assertThat(heard).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(DeliveryStatus.DELIVERED));

    WebhookRequest body = signer.jsonRequest(statusUrl("at-9"), json).body(json.replace("delivered", "failed").getBytes(StandardCharsets.UTF_8)).build();
    assertThat(twilio.statusCallbacks().handle(body).status()).isEqualTo(403);

    WebhookRequest hash = signer.jsonRequest(statusUrl("at-9"), json).build();
    WebhookRequest wrongHash = WebhookRequest.builder().url(hash.url().replaceAll("bodySHA256=.*", "bodySHA256=00"))
        .header("X-Twilio-Signature", hash.header("X-Twilio-Signature").orElseThrow()).body(hash.body()).build();
    assertThat(twilio.statusCallbacks().handle(wrongHash).status()).isEqualTo(403);

    WebhookRequest notJson = signer.jsonRequest(statusUrl("at-9"), "[1,2").build();
    assertThat(twilio.statusCallbacks().handle(notJson).status()).isEqualTo(400);
  }

  @Test
  void publicBaseUrlReplacesTheUrlTheServerSaw() {
    Map<String, String> p = message("SM1", "sent");
    String local = "http://127.0.0.1:8080" + statusUrl("at-1").substring(BASE.length());
    WebhookRequest seenLocally = WebhookRequest.builder().url(local).header("X-Twilio-Signature", signer.sign(statusUrl("at-1"), p))
        .body(bytes(TwilioSigner.form(p))).build();

    TwilioWebhooks behindProxy = TwilioWebhooks.builder().authToken(TOKEN).publicBaseUrl(BASE + "/").tracker(tracker).build();

    assertThat(twilio.statusCallbacks().handle(seenLocally).status()).isEqualTo(403);
    assertThat(behindProxy.statusCallbacks().handle(seenLocally).status()).isEqualTo(200);
  }

  @Test
  void messageCallbackIsCorrelatedByOurQueryParameters() {
    // Given an SMS attempt the tracker does not know by SID
    Map<String, String> p = message("SM77", "undelivered");
    p.put("ErrorCode", "30007");
    WebhookResponse r = twilio.statusCallbacks().handle(signer.formRequest(statusUrl("at-77"), p).build());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/xml");
    assertThat(heard).singleElement().satisfies(e -> {
      assertThat(e.isCorrelated()).isTrue();
      assertThat(e.alertId()).contains("a-1");
      assertThat(e.recipientId()).contains("alice");
      assertThat(e.attemptId()).contains("at-77");
      assertThat(e.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
      assertThat(e.errorCode()).contains("30007");
      assertThat(e.occurredAt()).isEqualTo(clock.instant());
    });
    assertThat(tracker.status("a-1", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.UNDELIVERED);
  }

  @Test
  void whatsappAndCallCallbacksGetTheirChannels() {
    Map<String, String> wa = message("SMwa", "read");
    wa.put("To", "whatsapp:+14155550100");
    twilio.statusCallbacks().handle(signer.formRequest(BASE + TwilioWebhooks.MESSAGE_STATUS_PATH, wa).build());
    Map<String, String> call = new LinkedHashMap<>();
    call.put("CallSid", "CA1");
    call.put("CallStatus", "no-answer");
    twilio.statusCallbacks().handle(signer.formRequest(BASE + TwilioWebhooks.MESSAGE_STATUS_PATH, call).build());

    assertThat(heard).extracting(DeliveryEvent::provider).containsExactly("twilio-whatsapp", "twilio-voice");
    assertThat(heard).extracting(e -> e.channel().orElseThrow()).containsExactly(Channel.WHATSAPP, Channel.VOICE);
    assertThat(heard).extracting(DeliveryEvent::status).containsExactly(DeliveryStatus.READ, DeliveryStatus.NO_ANSWER);
    assertThat(heard).noneMatch(DeliveryEvent::isCorrelated);
  }

  @Test
  void outOfOrderAndRepeatedCallbacksNeverMoveBackwards() {
    track("at-1", Channel.SMS, "twilio-sms", "SM1");
    for (String status : List.of("delivered", "sent", "delivered", "queued", "sent")) {
      assertThat(twilio.statusCallbacks().handle(signer.formRequest(statusUrl("at-1"), message("SM1", status)).build()).status())
          .isEqualTo(200);
    }
    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(heard).extracting(DeliveryEvent::rawStatus).containsExactly("delivered");
  }

  @Test
  void idempotencyTokenDeduplicatesRetriedRequests() {
    track("at-1", Channel.SMS, "twilio-sms", "SM1");
    WebhookRequest first = signer.formRequest(statusUrl("at-1"), message("SM1", "sent")).header("I-Twilio-Idempotency-Token", "tok-1").build();
    // a retry with the same token: even if its content differed, it is the same webhook request
    WebhookRequest retry = signer.formRequest(statusUrl("at-1"), message("SM1", "delivered")).header("i-twilio-idempotency-token", "tok-1").build();

    assertThat(twilio.statusCallbacks().handle(first).status()).isEqualTo(200);
    assertThat(twilio.statusCallbacks().handle(retry).status()).isEqualTo(200);

    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(heard).hasSize(1);
  }

  @Test
  void pressingOneAcknowledgesTheCallAndThanks() {
    track("at-call", Channel.VOICE, "twilio-voice", "CA42");
    Map<String, String> p = new LinkedHashMap<>();
    p.put("CallSid", "CA42");
    p.put("CallStatus", "in-progress");
    p.put("Digits", "1");
    String url = TwilioWebhooks.withCorrelation(BASE + TwilioWebhooks.GATHER_PATH, "a-1", "alice", "at-call");

    WebhookResponse r = twilio.gatherAction().handle(signer.formRequest(url, p).build());
    WebhookResponse again = twilio.gatherAction().handle(signer.formRequest(url, p).build());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyText()).contains("<Say>Thank you. The alert is acknowledged. Goodbye.</Say>").contains("<Hangup/>");
    assertThat(again.bodyText()).isEqualTo(r.bodyText());
    assertThat(tracker.status("a-1", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.ACKNOWLEDGED);
    assertThat(heard).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(DeliveryStatus.ACKNOWLEDGED);
      assertThat(e.rawStatus()).isEqualTo("digits:1");
      assertThat(e.attemptId()).contains("at-call");
    });
  }

  @Test
  void otherDigitsAreNotRecognisedAndAskAgain() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("CallSid", "CA42");
    p.put("Digits", "7");
    String url = TwilioWebhooks.withCorrelation(BASE + TwilioWebhooks.GATHER_PATH, "a-1", "alice", "at-call");

    WebhookResponse r = twilio.gatherAction().handle(signer.formRequest(url, p).build());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyText()).contains("not recognised").contains("<Gather").contains("numDigits=\"1\"")
        .contains("action=\"" + url.replace("&", "&amp;") + "\"");
    assertThat(heard).isEmpty();
  }

  @Test
  void badInputGetsClearStatusCodesWithoutStackTraces() {
    WebhookResponse empty = twilio.statusCallbacks().handle(signer.formRequest(statusUrl("at-1"), Map.of()).build());
    WebhookResponse huge = twilio.statusCallbacks().handle(WebhookRequest.builder().url(statusUrl("at-1"))
        .header("X-Twilio-Signature", "x").body(new byte[64 * 1024 + 1]).build());
    WebhookResponse badForm = twilio.statusCallbacks().handle(WebhookRequest.builder().url(statusUrl("at-1"))
        .header("X-Twilio-Signature", "x").body(bytes("MessageSid=%ZZ&MessageStatus=sent")).build());
    WebhookResponse noStatus = twilio.statusCallbacks().handle(signer.formRequest(statusUrl("at-1"), Map.of("MessageSid", "SM1")).build());
    WebhookResponse get = twilio.statusCallbacks().handle(WebhookRequest.builder().method("GET").url(statusUrl("at-1")).build());

    assertThat(empty.status()).isEqualTo(400);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(badForm.status()).isEqualTo(400);
    assertThat(noStatus.status()).isEqualTo(400);
    assertThat(get.status()).isEqualTo(405);
    for (WebhookResponse r : List.of(empty, huge, badForm, noStatus, get)) {
      assertThat(r.bodyText()).doesNotContain("Exception").doesNotContain("\tat ").hasSizeLessThan(100);
    }
    assertThat(heard).isEmpty();
  }

  @Test
  void unknownStatusIsKeptRawAndUnknownMessageIsAnswered200() {
    track("at-1", Channel.SMS, "twilio-sms", "SM1");
    WebhookResponse weird = twilio.statusCallbacks().handle(signer.formRequest(statusUrl("at-1"), message("SM1", "teleported")).build());
    WebhookResponse stranger = twilio.statusCallbacks().handle(signer.formRequest(BASE + TwilioWebhooks.MESSAGE_STATUS_PATH, message("SMnobody", "delivered")).build());

    assertThat(weird.status()).isEqualTo(200);
    assertThat(stranger.status()).isEqualTo(200);
    assertThat(heard).hasSize(2);
    assertThat(heard.get(0).status()).isEqualTo(DeliveryStatus.UNKNOWN);
    assertThat(heard.get(0).rawStatus()).isEqualTo("teleported");
    assertThat(heard.get(0).isCorrelated()).isTrue();
    assertThat(heard.get(1).isCorrelated()).isFalse();
    assertThat(heard.get(1).providerMessageId()).isEqualTo("SMnobody");
    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);
  }

  @Test
  void listenerFailureDoesNotEscape() {
    DeliveryTracker throwing = DeliveryTracker.builder().listener(ev -> {
        if (ev instanceof dev.alertkit.event.DeliveryUpdated) {
          DeliveryEvent event = ((dev.alertkit.event.DeliveryUpdated) ev).delivery();
          throw new IllegalStateException("boom");
        }
      }).build();
    TwilioWebhooks w = TwilioWebhooks.builder().authToken(TOKEN).tracker(throwing).build();

    assertThat(w.statusCallbacks().handle(signer.formRequest(statusUrl("at-1"), message("SM1", "sent")).build()).status()).isEqualTo(200);
  }
}
