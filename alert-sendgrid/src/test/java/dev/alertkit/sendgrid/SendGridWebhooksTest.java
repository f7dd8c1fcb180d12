package dev.alertkit.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.AlertListener;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.ValidationException;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signature, replay window, parsing, mapping, correlation and deduplication of {@link SendGridWebhooks}. */
class SendGridWebhooksTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final long now = clock.instant().getEpochSecond();
  private final EventSigner signer = new EventSigner();
  private final List<DeliveryEvent> heard = Collections.synchronizedList(new ArrayList<>());
  private final DeliveryTracker tracker = DeliveryTracker.builder().listener(ev -> {
      if (ev instanceof dev.alertkit.event.DeliveryUpdated) {
        DeliveryEvent event = ((dev.alertkit.event.DeliveryUpdated) ev).delivery();
        heard.add(event);
      }
    }).build();
  private final SendGridWebhooks sendgrid = SendGridWebhooks.builder().verificationKey(signer.publicKeyBase64()).tracker(tracker)
      .clock(clock).build();

  private static String event(String event, String sgEventId, String messageId, String attemptId) {
    return "{\"email\":\"alice@example.com\",\"timestamp\":1764320400,\"event\":\"" + event + "\",\"sg_event_id\":\"" + sgEventId
        + "\",\"sg_message_id\":\"" + messageId + ".filterdrecv-5645d9c87f-6r2ch-1-5E6B3F9C-9.0\""
        + (attemptId == null ? "" : ",\"alertkit_alert_id\":\"a-1\",\"alertkit_recipient_id\":\"alice\",\"alertkit_attempt_id\":\"" + attemptId + "\"")
        + "}";
  }

  private void track(String attemptId, String recipient, String messageId) {
    tracker.track("a-1", recipient, new Attempt(attemptId, Channel.EMAIL, 0, "sendgrid", recipient + "@example.com", true,
        Optional.of(messageId), Optional.of("accepted"), Optional.empty(), 1, false, Optional.empty(), clock.instant(), clock.instant()));
  }

  private WebhookResponse handle(WebhookRequest r) {
    return sendgrid.eventWebhook().handle(r);
  }

  @Test
  void signedBatchIsVerifiedParsedAndCorrelated() {
    track("at-1", "alice", "14c5d75ce93");
    String batch = "[" + event("processed", "e1", "14c5d75ce93", "at-1") + "," + event("delivered", "e2", "14c5d75ce93", "at-1") + ","
        + event("open", "e3", "14c5d75ce93", null) + "]";

    WebhookResponse r = handle(signer.request(now, batch).build());

    assertThat(r.status()).isEqualTo(200);
    assertThat(heard).extracting(DeliveryEvent::status).containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.READ);
    assertThat(heard).allSatisfy(e -> {
      assertThat(e.alertId()).contains("a-1");
      assertThat(e.attemptId()).contains("at-1");
      assertThat(e.providerMessageId()).isEqualTo("14c5d75ce93");
      assertThat(e.occurredAt().getEpochSecond()).isEqualTo(1764320400L);
    });
    assertThat(tracker.status("a-1", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.READ);
  }

  @Test
  void tamperedRequestsAreRejected() {
    String batch = "[" + event("delivered", "e1", "m1", "at-1") + "]";
    WebhookRequest good = signer.request(now, batch).build();
    String sig = good.header("X-Twilio-Email-Event-Webhook-Signature").orElseThrow();

    WebhookRequest body = signer.request(now, batch).body(batch.replace("delivered", "bounce").getBytes(StandardCharsets.UTF_8)).build();
    WebhookRequest timestamp = WebhookRequest.builder().url(good.url()).header("X-Twilio-Email-Event-Webhook-Signature", sig)
        .header("X-Twilio-Email-Event-Webhook-Timestamp", Long.toString(now - 1)).body(good.body()).build();
    WebhookRequest otherKey = new EventSigner().request(now, batch).build();
    WebhookRequest garbage = WebhookRequest.builder().url(good.url()).header("X-Twilio-Email-Event-Webhook-Signature", "not base64!")
        .header("X-Twilio-Email-Event-Webhook-Timestamp", Long.toString(now)).body(good.body()).build();
    WebhookRequest noSignature = WebhookRequest.builder().url(good.url())
        .header("X-Twilio-Email-Event-Webhook-Timestamp", Long.toString(now)).body(good.body()).build();
    WebhookRequest noTimestamp = WebhookRequest.builder().url(good.url()).header("X-Twilio-Email-Event-Webhook-Signature", sig)
        .body(good.body()).build();
    WebhookRequest badTimestamp = WebhookRequest.builder().url(good.url()).header("X-Twilio-Email-Event-Webhook-Signature", sig)
        .header("X-Twilio-Email-Event-Webhook-Timestamp", "yesterday").body(good.body()).build();

    for (WebhookRequest r : List.of(body, timestamp, otherKey, garbage, noSignature, noTimestamp, badTimestamp)) {
      WebhookResponse response = handle(r);
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.bodyText()).isEqualTo("invalid signature");
    }
    assertThat(heard).isEmpty();
    assertThat(handle(good).status()).isEqualTo(200);
  }

  @Test
  void timestampsOutsideTheReplayWindowAreRefusedOnTheInjectedClock() {
    String batch = "[" + event("delivered", "e1", "m1", null) + "]";

    assertThat(handle(signer.request(now - 301, batch).build()).status()).isEqualTo(403);
    assertThat(handle(signer.request(now + 301, batch).build()).status()).isEqualTo(403);
    assertThat(handle(signer.request(now - 299, batch).build()).status()).isEqualTo(200);

    WebhookRequest signedEarlier = signer.request(now, "[" + event("delivered", "e2", "m2", null) + "]").build();
    clock.advance(Duration.ofMinutes(6));
    assertThat(handle(signedEarlier).status()).as("replayed 6 minutes later").isEqualTo(403);

    SendGridWebhooks wide = SendGridWebhooks.builder().verificationKey(signer.keys.getPublic()).tracker(tracker).clock(clock)
        .replayWindow(Duration.ofMinutes(10)).build();
    assertThat(wide.eventWebhook().handle(signedEarlier).status()).isEqualTo(200);
  }

  @Test
  void duplicateEventsBySgEventIdAreIgnored() {
    track("at-1", "alice", "m1");
    String batch = "[" + event("delivered", "e1", "m1", "at-1") + "]";

    handle(signer.request(now, batch).build());
    handle(signer.request(now + 1, batch).build());

    assertThat(heard).hasSize(1);
  }

  @Test
  void correlatesByXMessageIdPrefixWithoutCustomArgs() {
    track("at-1", "alice", "14c5d75ce93");

    handle(signer.request(now, "[" + event("delivered", "e1", "14c5d75ce93", null) + "]").build());

    assertThat(heard).singleElement().satisfies(e -> {
      assertThat(e.isCorrelated()).isTrue();
      assertThat(e.recipientId()).contains("alice");
    });
  }

  @Test
  void bounceAfterDeliveredIsFinalAndCarriesReasonAndStatus() {
    track("at-1", "alice", "m1");
    String bounce = "{\"event\":\"bounce\",\"type\":\"blocked\",\"sg_event_id\":\"e2\",\"sg_message_id\":\"m1.x\",\"timestamp\":1764320500,"
        + "\"reason\":\"550 5.1.1 mailbox unavailable\",\"status\":\"5.1.1\",\"alertkit_attempt_id\":\"at-1\"}";
    handle(signer.request(now, "[" + event("delivered", "e1", "m1", "at-1") + "," + bounce + "," + event("open", "e3", "m1", "at-1") + "]").build());

    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.UNDELIVERED);
    assertThat(heard).last().satisfies(e -> {
      assertThat(e.rawStatus()).isEqualTo("bounce");
      assertThat(e.errorCode()).contains("5.1.1");
      assertThat(e.reason()).contains("blocked: 550 5.1.1 mailbox unavailable");
    });
  }

  @Test
  void badInputIsAnsweredWithoutStackTraces() {
    WebhookResponse empty = handle(signer.request(now, "").build());
    WebhookResponse invalid = handle(signer.request(now, "[{\"event\":").build());
    WebhookResponse object = handle(signer.request(now, "{\"event\":\"delivered\"}").build());
    WebhookResponse huge = handle(WebhookRequest.builder().url("https://alerts.example.com/sendgrid/events").body(new byte[(1 << 20) + 1]).build());
    WebhookResponse get = handle(WebhookRequest.builder().method("GET").url("https://alerts.example.com/sendgrid/events").build());
    WebhookResponse partly = handle(signer.request(now, "[1, {\"event\":\"delivered\"}, " + event("delivered", "e9", "m9", null) + "]").build());

    assertThat(empty.status()).isEqualTo(400);
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(object.status()).isEqualTo(400);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(get.status()).isEqualTo(405);
    assertThat(partly.status()).as("valid events of a batch are kept; the malformed ones are skipped").isEqualTo(200);
    assertThat(heard).singleElement().satisfies(e -> assertThat(e.providerMessageId()).isEqualTo("m9"));
    for (WebhookResponse r : List.of(empty, invalid, object, huge, get)) {
      assertThat(r.bodyText()).doesNotContain("Exception").doesNotContain("\tat ").hasSizeLessThan(100);
    }
  }

  @Test
  void unknownEventsAreKeptRawAndUnknownMailsAreAnswered200() {
    track("at-1", "alice", "m1");

    WebhookResponse r = handle(signer.request(now, "[" + event("machine_opened", "e1", "m1", "at-1") + "," + event("delivered", "e2", "nobody", null) + "]").build());

    assertThat(r.status()).isEqualTo(200);
    assertThat(heard).hasSize(2);
    assertThat(heard.get(0).status()).isEqualTo(DeliveryStatus.UNKNOWN);
    assertThat(heard.get(0).rawStatus()).isEqualTo("machine_opened");
    assertThat(heard.get(1).isCorrelated()).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "processed, QUEUED", "deferred, DEFERRED", "delivered, DELIVERED", "bounce, UNDELIVERED", "blocked, UNDELIVERED",
      "dropped, FAILED", "open, READ", "click, READ", "spamreport, DELIVERED", "unsubscribe, DELIVERED",
      "group_unsubscribe, DELIVERED", "group_resubscribe, DELIVERED", "something_new, UNKNOWN"})
  void mapsEvents(String event, DeliveryStatus expected) {
    assertThat(SendGridEventStatuses.of(event)).isEqualTo(expected);
  }

  @Test
  void builderValidatesTheKeyAndBounds() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    assertThatThrownBy(() -> SendGridWebhooks.builder().verificationKey(rsa.generateKeyPair().getPublic()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("P-256");
    assertThatThrownBy(() -> SendGridWebhooks.builder().verificationKey("%%%")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> SendGridWebhooks.builder().verificationKey("AAAA")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> SendGridWebhooks.builder().replayWindow(Duration.ZERO)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> SendGridWebhooks.builder().tracker(tracker).build()).isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("verificationKey");
    String pem = "-----BEGIN PUBLIC KEY-----\n" + signer.publicKeyBase64() + "\n-----END PUBLIC KEY-----\n";
    assertThat(SendGridWebhooks.builder().verificationKey(pem).tracker(tracker).build()).isNotNull();
  }
}
