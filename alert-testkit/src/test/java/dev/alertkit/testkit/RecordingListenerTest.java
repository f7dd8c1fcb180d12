package dev.alertkit.testkit;

import static dev.alertkit.testkit.Fixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.Outcome;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.CircuitStateChanged;
import dev.alertkit.event.DeliveryUpdated;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.event.DispatchStarted;
import dev.alertkit.event.FallbackTaken;
import dev.alertkit.event.RateLimited;
import dev.alertkit.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordingListenerTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final RecordingListener events = new RecordingListener();

  @Test
  void recordsEveryEventInOrderWithTypedAccessors() {
    // Given bob's SMS fails so he falls back to email
    FakeProvider sms = FakeProvider.sms().failWhen(m -> m.recipient().id().equals("bob"),
        Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").build());
    FakeProvider email = FakeProvider.email();
    try (AlertClient client = Fixtures.client(clock, events, sms, email)) {
      // When
      client.send(alert("a-1", clock, Channel.SMS, Channel.EMAIL));
      sms.deliverAll();

      // Then the events came in dispatch order and are available by type
      List<AlertEvent> all = events.events();
      assertThat(all.get(0)).isInstanceOf(DispatchStarted.class);
      assertThat(all).filteredOn(e -> e instanceof DispatchCompleted).hasSize(1);
      assertThat(all.get(all.size() - 2)).isInstanceOf(DeliveryUpdated.class);
      assertThat(all.get(all.size() - 1)).isInstanceOf(dev.alertkit.event.WebhookReceived.class);   // what became of the report
      assertThat(events.startedAlerts()).extracting(a -> a.id()).containsExactly("a-1");
      assertThat(events.attempts()).extracting(a -> a.channel() + "/" + a.accepted()).containsExactly("SMS/true", "SMS/false", "EMAIL/true");
      assertThat(events.attemptsFor("bob")).hasSize(2);
      assertThat(events.events(FallbackTaken.class)).singleElement()
          .satisfies(f -> assertThat(f.recipient().id() + " " + f.fromTier() + "->" + f.toTier()).isEqualTo("bob 0->1"));
      assertThat(events.reports()).hasSize(1);
      assertThat(events.lastReport().orElseThrow().outcome("bob")).isEqualTo(Outcome.ACCEPTED);
      assertThat(events.deliveryEvents()).extracting(e -> e.status()).containsExactly(DeliveryStatus.DELIVERED);
      assertThat(events.deliveryEventsFor("alice")).hasSize(1);
      assertThat(events.deliveryEventsFor("bob")).isEmpty();
      assertThat(events.skips()).isEmpty();
      assertThat(events.deferredReports()).isEmpty();
      assertThat(events.size()).isEqualTo(all.size());
      assertThat(events.describe()).startsWith("1. dispatch started: alert a-1" + System.lineSeparator() + "2. attempt started: alert a-1 SMS via fake-sms request 1 to ['alice']"
          + System.lineSeparator() + "3. attempt: alert a-1 to 'alice': "
          + "SMS via fake-sms: accepted id=fake-sms-1 status=queued");
      assertThat(events.describe()).contains("fallback: alert a-1 to 'bob' tier 0 -> 1 [EMAIL]", "dispatch completed: alert a-1 {alice=ACCEPTED, bob=ACCEPTED}");
    }
  }

  @Test
  void recordsSkipsAndCircuitChanges() {
    FakeProvider whatsapp = FakeProvider.whatsapp();
    try (AlertClient client = Fixtures.client(clock, events, whatsapp)) {
      client.send(dev.alertkit.Alert.builder().id("a-2").severity(dev.alertkit.Severity.INFO).title("hello")
          .recipient(dev.alertkit.Recipient.builder("carol").phone("+14155550101").optOut(Channel.WHATSAPP).build())
          .channels(Channel.WHATSAPP).createdAt(clock).build());
    }
    events.onEvent(new CircuitStateChanged(clock.instant(), "fake-sms", CircuitStateChanged.State.CLOSED, CircuitStateChanged.State.OPEN));
    assertThat(events.skips()).extracting(s -> s.reason()).containsExactly("recipient opted out of WHATSAPP");
    assertThat(events.events(CircuitStateChanged.class)).extracting(c -> c.provider() + " " + c.to()).containsExactly("fake-sms OPEN");
    events.clear();
    assertThat(events.events()).isEmpty();
    assertThat(events.describe()).isEqualTo("(no events)");
  }

  @Test
  void isSafeToCallFromManyThreads() throws Exception {
    // Given 4 threads released together, each reporting 500 events
    int threads = 4;
    int each = 500;
    dev.alertkit.Alert alert = alert("a-3", clock, Channel.SMS);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String provider = "p" + t;
      Thread th = new Thread(() -> {
        try {
          go.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (int i = 0; i < each; i++) {
          events.onEvent(new RateLimited(clock.instant(), alert, Channel.SMS, provider, List.of(alert.recipients().get(0)), "s", java.time.Duration.ofMillis(i)));
        }
      });
      th.start();
      started.add(th);
    }
    go.countDown();
    for (Thread th : started) {
      th.join(10_000);
    }
    // Then nothing was lost, and each thread's events kept their order
    assertThat(events.size()).isEqualTo(threads * each);
    for (int t = 0; t < threads; t++) {
      String provider = "p" + t;
      List<Long> waits = events.events(RateLimited.class).stream()
          .filter(c -> c.provider().equals(provider)).map(r -> r.delay().toMillis()).collect(java.util.stream.Collectors.toList());
      assertThat(waits).hasSize(each).startsWith(0L, 1L).endsWith((long) each - 1);
    }
  }
}
