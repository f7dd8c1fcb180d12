package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.AlertClientDeliveryTrackingTest.ReportingProvider;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.AttemptFinished;
import dev.alertkit.event.DeliveryUpdated;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.event.DispatchStarted;
import dev.alertkit.event.WebhookReceived;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A listener that implements only onEvent hears the dispatch and the provider's later report as typed records. */
class TypedEventsTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);

  @Test
  void onEventHearsDispatchAttemptAndDeliveryAsRecords() {
    ReportingProvider sms = new ReportingProvider();
    List<AlertEvent> heard = Collections.synchronizedList(new ArrayList<>());
    AlertListener typed = heard::add;
    try (AlertClient client = AlertClient.builder().provider(sms).clock(clock).executor(Runnable::run).listener(typed).build()) {
      Recipient alice = Recipient.builder("alice").phone("+14155550100").build();
      Alert alert = Alert.builder().id("a-1").severity(Severity.CRITICAL).title("db-1 down").body("db-1 is down")
          .recipient(alice).createdAt(clock).build();

      client.send(alert);
      sms.context.deliveryEvent(new DeliveryEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          "reporting-sms", "SM1", DeliveryStatus.DELIVERED, "delivered", Optional.empty(), Optional.empty(), clock.instant()));
    }

    assertThat(heard).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("DispatchStarted", "AttemptStarted", "AttemptFinished", "DispatchCompleted", "DeliveryUpdated", "WebhookReceived");
    assertThat(heard).allSatisfy(e -> assertThat(e.at()).isEqualTo(clock.instant()));
    assertThat(((DispatchStarted) heard.get(0)).alert().id()).isEqualTo("a-1");
    assertThat(((dev.alertkit.event.AttemptStarted) heard.get(1)).recipients()).extracting(Recipient::id).containsExactly("alice");
    assertThat(((AttemptFinished) heard.get(2)).recipient().id()).isEqualTo("alice");
    assertThat(((DispatchCompleted) heard.get(3)).report().recipients()).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED));
    assertThat(((DeliveryUpdated) heard.get(4)).delivery().recipientId()).contains("alice");
    assertThat((WebhookReceived) heard.get(5)).satisfies(w -> {
      assertThat(w.provider()).isEqualTo("reporting-sms");
      assertThat(w.result()).isEqualTo(WebhookReceived.Result.VERIFIED);
    });
  }

  @Test
  void trackerTellsWhatBecameOfEveryReportAndEveryRejectedRequest() {
    // Given a tracker with a listener that hears only webhook results
    List<WebhookReceived> heard = Collections.synchronizedList(new ArrayList<>());
    DeliveryTracker tracker = DeliveryTracker.builder().clock(clock).listener(new AlertListener() {
      @Override
      public void onEvent(AlertEvent event) {
        if (event instanceof WebhookReceived w) {
          heard.add(w);
        }
      }
    }).build();
    DeliveryEvent unknown = new DeliveryEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        "twilio-sms", "SM-unknown", DeliveryStatus.DELIVERED, "delivered", Optional.empty(), Optional.empty(), clock.instant());

    // When a report for an unknown message arrives twice and a handler rejects a request
    tracker.record(unknown);
    tracker.record(unknown);
    tracker.webhookRejected("twilio");

    // Then each is told once, stamped on the tracker's clock
    assertThat(heard).extracting(WebhookReceived::provider, WebhookReceived::result).containsExactly(
        org.assertj.core.groups.Tuple.tuple("twilio-sms", WebhookReceived.Result.UNCORRELATED),
        org.assertj.core.groups.Tuple.tuple("twilio-sms", WebhookReceived.Result.DUPLICATE),
        org.assertj.core.groups.Tuple.tuple("twilio", WebhookReceived.Result.REJECTED));
    assertThat(heard).allSatisfy(w -> assertThat(w.at()).isEqualTo(clock.instant()));
  }
}
