package dev.alertkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.sendgrid.SendGridWebhooks;
import dev.alertkit.twilio.TwilioWebhooks;
import dev.alertkit.webhook.WebhookHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The receiver over loopback HTTP: signed Twilio and SendGrid webhooks reach the tracker; bad ones are refused. */
class WebhookReceiverTest {
  private static final String PUBLIC = "https://alerts.example.com";

  @Test
  void servesTwilioAndSendGridWebhooksOverHttp() throws Exception {
    DeliveryTracker tracker = DeliveryTracker.builder().build();
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);
    Instant t = clock.instant();
    tracker.track("a-1", "alice", new Attempt("at-1", Channel.SMS, 0, "twilio-sms", "+14155550100", true, Optional.of("SM1"),
        Optional.of("queued"), Optional.empty(), 1, false, Optional.empty(), t, t));
    tracker.track("a-1", "alice", new Attempt("at-2", Channel.EMAIL, 0, "sendgrid", "alice@example.com", true, Optional.of("X1"),
        Optional.of("accepted"), Optional.empty(), 1, false, Optional.empty(), t, t));
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = g.generateKeyPair();

    TwilioWebhooks twilio = TwilioWebhooks.builder().authToken("tok").publicBaseUrl(PUBLIC).tracker(tracker).clock(clock).build();
    Map<String, WebhookHandler> routes = new LinkedHashMap<>();
    routes.put(TwilioWebhooks.MESSAGE_STATUS_PATH, twilio.statusCallbacks());
    routes.put(TwilioWebhooks.GATHER_PATH, twilio.gatherAction());
    routes.put(SendGridWebhooks.EVENTS_PATH, SendGridWebhooks.builder()
        .verificationKey(Base64.getEncoder().encodeToString(keys.getPublic().getEncoded())).tracker(tracker).clock(clock).build().eventWebhook());

    try (WebhookReceiver receiver = WebhookReceiver.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), routes, 2)) {
      HttpClient http = HttpClient.newHttpClient();
      String local = "http://127.0.0.1:" + receiver.port();
      String path = TwilioWebhooks.withCorrelation(TwilioWebhooks.MESSAGE_STATUS_PATH, "a-1", "alice", "at-1");
      String form = "MessageSid=SM1&MessageStatus=delivered";
      String signature = hmac("tok", PUBLIC + path + "MessageSidSM1MessageStatusdelivered");

      HttpResponse<String> signed = http.send(HttpRequest.newBuilder(URI.create(local + path)).header("X-Twilio-Signature", signature)
          .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(local + path)).header("X-Twilio-Signature", "AAAA")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(local + TwilioWebhooks.MESSAGE_STATUS_PATH)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> unknownPath = http.send(HttpRequest.newBuilder(URI.create(local + TwilioWebhooks.MESSAGE_STATUS_PATH + "/x"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> huge = http.send(HttpRequest.newBuilder(URI.create(local + path)).header("X-Twilio-Signature", signature)
          .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[TwilioWebhooks.DEFAULT_MAX_BODY_BYTES + 10])).build(),
          HttpResponse.BodyHandlers.ofString());

      String ts = Long.toString(clock.instant().getEpochSecond());
      byte[] events = "[{\"event\":\"open\",\"sg_event_id\":\"e1\",\"sg_message_id\":\"X1.abc\",\"alertkit_attempt_id\":\"at-2\"}]"
          .getBytes(StandardCharsets.UTF_8);
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(keys.getPrivate());
      s.update(ts.getBytes(StandardCharsets.UTF_8));
      s.update(events);
      HttpResponse<String> sendgrid = http.send(HttpRequest.newBuilder(URI.create(local + SendGridWebhooks.EVENTS_PATH))
          .header("X-Twilio-Email-Event-Webhook-Signature", Base64.getEncoder().encodeToString(s.sign()))
          .header("X-Twilio-Email-Event-Webhook-Timestamp", ts).POST(HttpRequest.BodyPublishers.ofByteArray(events)).build(),
          HttpResponse.BodyHandlers.ofString());

      dev.alertkit.webhook.WebhookResponse viaTarget = dev.alertkit.testkit.emulator.WebhookTarget.http(local).send(
          dev.alertkit.webhook.WebhookRequest.builder().url(PUBLIC + path).header("X-Twilio-Signature", signature)
              .header("Content-Type", "application/x-www-form-urlencoded").body(form.getBytes(StandardCharsets.US_ASCII)).build());

      assertThat(viaTarget.status()).as("testkit WebhookTarget.http posts like a tunnel would").isEqualTo(200);
      assertThat(signed.statusCode()).isEqualTo(200);
      assertThat(signed.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/xml"));
      assertThat(forged.statusCode()).isEqualTo(403);
      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(unknownPath.statusCode()).isEqualTo(404);
      assertThat(huge.statusCode()).isEqualTo(413);
      assertThat(sendgrid.statusCode()).isEqualTo(200);
      assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(tracker.attempt("at-2").orElseThrow().status()).isEqualTo(DeliveryStatus.READ);
      assertThat(tracker.status("a-1", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.READ);
    }
  }

  private static String hmac(String key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }
}
