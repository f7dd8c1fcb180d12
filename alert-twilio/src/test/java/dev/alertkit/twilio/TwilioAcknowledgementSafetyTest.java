package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.internal.InMemoryDeliveryStore;
import dev.alertkit.spi.DeliveryStore;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.webhook.WebhookRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** "Press 1" is never lost to a store that failed once, and never applied when replayed long after the call. */
class TwilioAcknowledgementSafetyTest {
  private static final String TOKEN = "12345";
  private static final String BASE = "https://alerts.example.com";

  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final TwilioSigner signer = new TwilioSigner(TOKEN);


  private void trackCall(DeliveryTracker tracker) {
    tracker.track("a-1", "alice", new Attempt("at-call", Channel.VOICE, 0, "twilio-voice", "+14155550100", true,
        Optional.of("CA42"), Optional.of("queued"), Optional.empty(), 1, false, Optional.empty(), clock.instant(), clock.instant()));
  }

  private WebhookRequest pressOne(String idempotencyToken) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("CallSid", "CA42");
    p.put("CallStatus", "in-progress");
    p.put("Digits", "1");
    String url = TwilioWebhooks.withCorrelation(BASE + TwilioWebhooks.GATHER_PATH, "a-1", "alice", "at-call");
    return signer.formRequest(url, p).header("I-Twilio-Idempotency-Token", idempotencyToken).build();
  }

  @Test
  void pressOneRetriedByTwilioAfterAStoreFailureAcknowledges() {
    // Given a tracked call and a store that fails once
    DeliveryStore store = spy(new InMemoryDeliveryStore(1000, 1000));
    DeliveryTracker tracker = DeliveryTracker.builder().store(store).build();
    TwilioWebhooks twilio = TwilioWebhooks.builder().authToken(TOKEN).publicBaseUrl(BASE).tracker(tracker).clock(clock).build();
    trackCall(tracker);
    doThrow(new IllegalStateException("database unavailable")).doCallRealMethod().when(store).update(anyString(), any());

    // When "press 1" fails with 500 and Twilio retries it with the same idempotency token
    int first = twilio.gatherAction().handle(pressOne("tok-1")).status();
    clock.advance(Duration.ofSeconds(5));
    int retry = twilio.gatherAction().handle(pressOne("tok-1")).status();

    // Then the retry is processed: the call is acknowledged
    assertThat(first).isEqualTo(500);
    assertThat(retry).isEqualTo(200);
    assertThat(tracker.attempt("at-call").orElseThrow().status()).isEqualTo(DeliveryStatus.ACKNOWLEDGED);
  }

  @Test
  void pressOneReplayedAfterTheHorizonIsRefusedWithAReason() {
    // Given a call placed now, tracked with the default 24 h acknowledgement horizon
    DeliveryTracker tracker = DeliveryTracker.builder().build();
    TwilioWebhooks twilio = TwilioWebhooks.builder().authToken(TOKEN).publicBaseUrl(BASE).tracker(tracker).clock(clock).build();
    trackCall(tracker);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger log = (Logger) LoggerFactory.getLogger(DeliveryTracker.class);
    appender.start();
    log.addAppender(appender);
    try {
      // When a correctly signed "press 1" for it arrives 24 h and 1 s later
      clock.advance(Duration.ofHours(24).plusSeconds(1));
      int status = twilio.gatherAction().handle(pressOne("tok-replayed")).status();

      // Then it acknowledges nothing, and an INFO line says why
      assertThat(status).isEqualTo(200);
      assertThat(tracker.attempt("at-call").orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);
      assertThat(appender.list).anySatisfy(e -> {
        assertThat(e.getLevel().toString()).isEqualTo("INFO");
        assertThat(e.getFormattedMessage()).contains("acknowledgement for message CA42").contains("not applied")
            .contains("acknowledgement horizon");
      });
    } finally {
      log.detachAppender(appender);
    }
  }
}
