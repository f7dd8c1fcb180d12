package dev.alertkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.QuietHoursPolicy;
import dev.alertkit.RateLimit;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.ValidationException;
import dev.alertkit.sendgrid.SendGridWebhooks;
import dev.alertkit.Failure;
import dev.alertkit.twilio.TwilioWebhooks;
import dev.alertkit.webhook.WebhookHandler;
import dev.alertkit.webhook.WebhookRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Meters after real scenarios through an AlertClient on the testkit's fakes: exact counts, exact tags. */
class AlertkitMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AlertkitMetrics metrics = AlertkitMetrics.bind(registry);

  @Test
  void successCountsAlertRecipientAttemptDeliveryLatencyAndWebhookResults() {
    try (Scenario s = new Scenario(metrics, Resilience.defaults())) {
      // Given a critical alert accepted over SMS
      s.send(s.alert(Severity.CRITICAL, Scenario.person(1), Channel.SMS));

      // When the provider reports it delivered 5 s later, reports it again, and reports a message we never sent
      s.clock.advance(Duration.ofSeconds(5));
      String id = s.sms.providerMessageIdFor("p1");
      DeliveryEvent delivered = s.sms.deliver(id);
      s.sms.emit(delivered);
      s.sms.emit(new DeliveryEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "fake-sms", "SM-not-ours",
          DeliveryStatus.DELIVERED, "delivered", Optional.empty(), Optional.empty(), s.clock.instant()));
    }

    // Then every meter says exactly that, with bounded tags only
    assertThat(meters(AlertkitMetrics.ALERTS)).containsExactly("severity=critical: 1");
    assertThat(meters(AlertkitMetrics.RECIPIENTS)).containsExactly("outcome=accepted,severity=critical: 1");
    assertThat(meters(AlertkitMetrics.ATTEMPTS)).containsExactly("channel=sms,fault=none,kind=none,provider=fake-sms,result=accepted: 1");
    assertThat(meters(AlertkitMetrics.ATTEMPT_DURATION)).containsExactly("channel=sms,provider=fake-sms,result=accepted: 1 in 0s");
    assertThat(meters(AlertkitMetrics.DELIVERY_STATUS)).containsExactlyInAnyOrder(
        "channel=sms,provider=fake-sms,status=delivered: 1", "channel=none,provider=fake-sms,status=delivered: 1");
    assertThat(meters(AlertkitMetrics.DELIVERY_LATENCY)).containsExactly("channel=sms,provider=fake-sms: 1 in 5s");
    assertThat(meters(AlertkitMetrics.WEBHOOKS)).containsExactlyInAnyOrder("provider=fake-sms,result=verified: 1",
        "provider=fake-sms,result=duplicate: 1", "provider=fake-sms,result=uncorrelated: 1");
    assertThat(meters(AlertkitMetrics.CIRCUIT_STATE)).containsExactlyInAnyOrder("provider=fake-sms,state=closed: 1",
        "provider=fake-sms,state=open: 0", "provider=fake-sms,state=half_open: 0");
    assertThat(meters(AlertkitMetrics.PENDING)).containsExactly(": 0");
    assertThat(meters(AlertkitMetrics.DEFERRED)).containsExactly(": 0");
    assertThat(meters(AlertkitMetrics.RETRIES)).isEmpty();
  }

  @Test
  void fallbackCountsTheFailedAndTheAcceptedAttempt() {
    try (Scenario s = new Scenario(metrics, Resilience.none())) {
      // Given SMS rejects our account
      s.sms.failNext(1, Failure.permanent(Failure.Fault.PROVIDER, "authentication failed").providerCode("20003").build());

      // When an alert asks for SMS, then email
      DispatchReport r = s.send(s.alert(Severity.WARNING, Scenario.person(1), Channel.SMS, Channel.EMAIL));

      // Then email took over and both attempts are counted by result, kind and fault
      assertThat(r.outcome("p1")).isEqualTo(Outcome.ACCEPTED);
    }
    assertThat(meters(AlertkitMetrics.ATTEMPTS)).containsExactlyInAnyOrder(
        "channel=sms,fault=provider,kind=permanent,provider=fake-sms,result=failed: 1",
        "channel=email,fault=none,kind=none,provider=fake-email,result=accepted: 1");
    assertThat(meters(AlertkitMetrics.ATTEMPT_DURATION)).containsExactlyInAnyOrder(
        "channel=sms,provider=fake-sms,result=failed: 1 in 0s", "channel=email,provider=fake-email,result=accepted: 1 in 0s");
    assertThat(meters(AlertkitMetrics.RECIPIENTS)).containsExactly("outcome=accepted,severity=warning: 1");
    assertThat(meters(AlertkitMetrics.ALERTS)).containsExactly("severity=warning: 1");
  }

  @Test
  void retryCountsTheResendAndTheAttemptLastsTheBackoff() {
    Resilience r = Resilience.builder().maxAttempts(2).jitter(0).backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
        .noCircuitBreaker().build();
    try (Scenario s = new Scenario(metrics, r)) {
      // Given SMS throttles the first request
      s.sms.failNext(1, Failure.retryable(Failure.Fault.PROVIDER, "rate limited (HTTP 429)").httpStatus(429).build());

      // When an alert goes out over SMS
      DispatchReport report = s.send(s.alert(Severity.CRITICAL, Scenario.person(1), Channel.SMS));

      // Then one attempt of two requests was accepted after 1 s of backoff
      assertThat(report.recipient("p1").attempts()).singleElement().satisfies(a -> assertThat(a.requests()).isEqualTo(2));
    }
    assertThat(meters(AlertkitMetrics.RETRIES)).containsExactly("channel=sms,fault=provider,kind=retryable,provider=fake-sms: 1");
    assertThat(meters(AlertkitMetrics.ATTEMPTS)).containsExactly("channel=sms,fault=none,kind=none,provider=fake-sms,result=accepted: 1");
    assertThat(meters(AlertkitMetrics.ATTEMPT_DURATION)).containsExactly("channel=sms,provider=fake-sms,result=accepted: 1 in 1s");
    assertThat(meters(AlertkitMetrics.RETRIES_SKIPPED)).isEmpty();
  }

  @Test
  void rateLimitWaitIsTimed() {
    // Given SMS limited to one message a second per sender
    Resilience r = Resilience.builder().noCircuitBreaker().forProvider("fake-sms", p -> p.rateLimit(RateLimit.perSecond(1))).build();
    try (Scenario s = new Scenario(metrics, r)) {
      // When one alert goes to two people
      DispatchReport report = s.send(s.alert(Severity.CRITICAL, List.of(Scenario.person(1), Scenario.person(2)), Channel.SMS));

      // Then both were accepted, the second after waiting its turn
      assertThat(report.countByOutcome()).containsEntry(Outcome.ACCEPTED, 2);
    }
    assertThat(meters(AlertkitMetrics.RATELIMIT_WAITS)).containsExactly("channel=sms,provider=fake-sms: 1 in 1s");
    assertThat(meters(AlertkitMetrics.ATTEMPTS)).containsExactly("channel=sms,fault=none,kind=none,provider=fake-sms,result=accepted: 2");
    assertThat(meters(AlertkitMetrics.RECIPIENTS)).containsExactly("outcome=accepted,severity=critical: 2");
    assertThat(meters(AlertkitMetrics.ALERTS)).containsExactly("severity=critical: 1");
  }

  @Test
  void openCircuitShowsInTheGaugeAndFailsFastAttemptsAreCounted() {
    Resilience r = Resilience.builder().maxAttempts(1).circuitBreaker(100, 1, Duration.ofSeconds(30)).build();
    try (Scenario s = new Scenario(metrics, r)) {
      // Given a breaker that opens on one provider failure, and SMS refusing a connection
      s.sms.failNext(1, Failure.retryable(Failure.Fault.PROVIDER, "connection refused").build());

      // When three alerts ask for SMS, then email
      for (int i = 0; i < 3; i++) {
        s.send(s.alert(Severity.CRITICAL, Scenario.person(1), Channel.SMS, Channel.EMAIL));
      }

      // Then the second and third SMS attempts failed fast without a request
      assertThat(s.sms.requestCount()).isEqualTo(1);
    }
    assertThat(meters(AlertkitMetrics.CIRCUIT_STATE)).containsExactlyInAnyOrder("provider=fake-sms,state=closed: 0",
        "provider=fake-sms,state=open: 1", "provider=fake-sms,state=half_open: 0", "provider=fake-email,state=closed: 1",
        "provider=fake-email,state=open: 0", "provider=fake-email,state=half_open: 0");
    assertThat(meters(AlertkitMetrics.ATTEMPTS)).containsExactlyInAnyOrder(
        "channel=sms,fault=provider,kind=retryable,provider=fake-sms,result=failed: 3",
        "channel=email,fault=none,kind=none,provider=fake-email,result=accepted: 3");
    assertThat(meters(AlertkitMetrics.RECIPIENTS)).containsExactly("outcome=accepted,severity=critical: 3");
  }

  @Test
  void deferredRecipientIsGaugedUntilItsSendEndsAndCountedOnce() {
    RoutingPolicy routing = RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).onQuietHours(QuietHoursPolicy.defer())).build();
    Recipient quiet = Recipient.builder("p1").phone("+14155550001").timeZone(ZoneOffset.UTC)
        .quietHours(LocalTime.of(8, 0), LocalTime.of(10, 0)).build();
    try (Scenario s = new Scenario(metrics, Resilience.none(), routing)) {
      // Given it is 09:00 and p1's quiet hours are 08:00-10:00 UTC
      // When a warning goes out
      DispatchReport r = s.send(s.alert(Severity.WARNING, quiet));

      // Then p1 is deferred: gauged, not yet counted as an outcome
      assertThat(r.outcome("p1")).isEqualTo(Outcome.DEFERRED);
      assertThat(meters(AlertkitMetrics.DEFERRED)).containsExactly(": 1");
      assertThat(meters(AlertkitMetrics.PENDING)).containsExactly(": 0");
      assertThat(meters(AlertkitMetrics.RECIPIENTS)).isEmpty();
      assertThat(meters(AlertkitMetrics.ALERTS)).containsExactly("severity=warning: 1");

      // When the quiet hours end and the deferred send goes out
      s.clock.advanceTo(Instant.parse("2026-11-28T10:00:00Z"));
    }
    // Then the gauge is back to 0 and p1 counted once, with its final outcome
    assertThat(meters(AlertkitMetrics.DEFERRED)).containsExactly(": 0");
    assertThat(meters(AlertkitMetrics.RECIPIENTS)).containsExactly("outcome=accepted,severity=warning: 1");
    assertThat(meters(AlertkitMetrics.ATTEMPTS)).containsExactly("channel=sms,fault=none,kind=none,provider=fake-sms,result=accepted: 1");
  }

  @Test
  void rejectedWebhookIsCountedThroughTheHandlersHook() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = g.generateKeyPair();
    try (Scenario s = new Scenario(metrics, Resilience.none())) {
      // Given SendGrid's event webhook fed into the client's tracker
      WebhookHandler events = SendGridWebhooks.builder().verificationKey(Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))
          .tracker(s.client.deliveryTracker()).clock(s.clock).build().eventWebhook();
      String ts = Long.toString(s.clock.instant().getEpochSecond());
      byte[] body = "[{\"event\":\"delivered\",\"sg_message_id\":\"not-ours.1\",\"sg_event_id\":\"e-1\"}]".getBytes(StandardCharsets.UTF_8);

      // When one request carries a forged signature and one is signed with the key
      int forged = events.handle(request(ts, body, sign(keys, ts, "[]".getBytes(StandardCharsets.UTF_8)))).status();
      int signed = events.handle(request(ts, body, sign(keys, ts, body))).status();

      // Then the forged one was rejected and counted, the signed one verified and counted as uncorrelated
      assertThat(forged).isEqualTo(403);
      assertThat(signed).isEqualTo(200);
    }
    assertThat(meters(AlertkitMetrics.WEBHOOKS)).containsExactlyInAnyOrder("provider=sendgrid,result=rejected: 1",
        "provider=sendgrid,result=uncorrelated: 1");
    assertThat(meters(AlertkitMetrics.DELIVERY_STATUS)).containsExactly("channel=email,provider=sendgrid,status=delivered: 1");
  }

  @Test
  void twilioCallbackWithAForgedSignatureIsCountedRejected() {
    try (Scenario s = new Scenario(metrics, Resilience.none())) {
      // Given Twilio's status callbacks fed into the client's tracker
      WebhookHandler status = TwilioWebhooks.builder().authToken("test-auth-token-0123456789abcdef")
          .tracker(s.client.deliveryTracker()).clock(s.clock).build().statusCallbacks();

      // When a callback arrives with a signature that does not match
      int answer = status.handle(WebhookRequest.builder().method("POST").url("https://alerts.example.com" + TwilioWebhooks.MESSAGE_STATUS_PATH)
          .header("Content-Type", "application/x-www-form-urlencoded").header(TwilioWebhooks.SIGNATURE_HEADER, "Zm9yZ2Vk")
          .body("MessageSid=SM1&MessageStatus=delivered".getBytes(StandardCharsets.UTF_8)).build()).status();

      // Then it was rejected and counted under the handler's family, with no delivery status
      assertThat(answer).isEqualTo(403);
    }
    assertThat(meters(AlertkitMetrics.WEBHOOKS)).containsExactly("provider=twilio,result=rejected: 1");
    assertThat(meters(AlertkitMetrics.DELIVERY_STATUS)).isEmpty();
  }

  @Test
  void aResumedDispatchIsCountedWithWhatBecameOfItsRecipients() {
    dev.alertkit.Alert alert = dev.alertkit.Alert.builder().id("resumed-1").severity(Severity.CRITICAL).title("db-1 down")
        .recipient(Scenario.person(1)).recipient(Scenario.person(2)).recipient(Scenario.person(3)).build();

    metrics.onEvent(new dev.alertkit.event.DispatchResumed(Instant.now(), alert, List.of("p1"), List.of("p2", "p3"), List.of()));

    assertThat(meters(AlertkitMetrics.RESUMED)).containsExactly("severity=critical: 1");
    assertThat(meters(AlertkitMetrics.RESUMED_RECIPIENTS)).containsExactlyInAnyOrder("state=kept: 1", "state=possibly_sent: 2");
  }

  @Test
  void commonTagsGoOnEveryMeter() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    AlertkitMetrics tagged = AlertkitMetrics.builder().meterRegistry(r).tags(Tags.of("client", "billing")).build();
    try (Scenario s = new Scenario(tagged, Resilience.none())) {
      s.send(s.alert(Severity.INFO, Scenario.person(1), Channel.EMAIL));
    }
    assertThat(r.getMeters()).isNotEmpty().allSatisfy(m -> assertThat(m.getId().getTag("client")).isEqualTo("billing"));
  }

  @Test
  void builderNamesTheMissingOrInvalidField() {
    assertThatThrownBy(() -> AlertkitMetrics.bind(null)).isInstanceOf(ValidationException.class).hasMessageContaining("meterRegistry");
    assertThatThrownBy(() -> AlertkitMetrics.builder().meterRegistry(registry).maxTrackedAttempts(0).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("maxTrackedAttempts");
    assertThatThrownBy(() -> AlertkitMetrics.builder().meterRegistry(registry).observationRegistry(null).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("observationRegistry");
  }

  private static WebhookRequest request(String ts, byte[] body, String signature) {
    return WebhookRequest.builder().method("POST").url("https://alerts.example.com" + SendGridWebhooks.EVENTS_PATH)
        .header("Content-Type", "application/json").header(SendGridWebhooks.SIGNATURE_HEADER, signature)
        .header(SendGridWebhooks.TIMESTAMP_HEADER, ts).body(body).build();
  }

  private static String sign(KeyPair keys, String ts, byte[] body) throws Exception {
    Signature sig = Signature.getInstance("SHA256withECDSA");
    sig.initSign(keys.getPrivate());
    sig.update(ts.getBytes(StandardCharsets.UTF_8));
    sig.update(body);
    return Base64.getEncoder().encodeToString(sig.sign());
  }

  /** Every meter of a name as "tag=value,...: value", tags sorted by key (counts and timer seconds as integers). */
  private List<String> meters(String name) {
    return registry.find(name).meters().stream().map(AlertkitMetricsTest::describe).collect(Collectors.toList());
  }

  static String describe(Meter m) {
    String tags = m.getId().getTags().stream().map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(","));
    String value;
    if (m instanceof Counter c) {
      value = Long.toString((long) c.count());
    } else if (m instanceof Timer t) {
      value = t.count() + " in " + (long) t.totalTime(TimeUnit.SECONDS) + "s";
    } else if (m instanceof Gauge g) {
      value = Long.toString((long) g.value());
    } else {
      value = m.getClass().getSimpleName();
    }
    return tags + ": " + value;
  }

  static List<Tag> tags(Meter m) {
    return m.getId().getTags();
  }
}
