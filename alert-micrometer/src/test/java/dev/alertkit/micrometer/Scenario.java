package dev.alertkit.micrometer;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.cost.PriceTable;
import dev.alertkit.Severity;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A real client on fakes and a manual clock, for the metrics scenarios. */
final class Scenario implements AutoCloseable {
  final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  final ManualScheduler scheduler = ManualScheduler.on(clock);
  final FakeProvider sms = FakeProvider.of("fake-sms", Channel.SMS);
  final FakeProvider email = FakeProvider.of("fake-email", Channel.EMAIL);
  private final AtomicInteger ids = new AtomicInteger();
  final AlertClient client;

  Scenario(AlertListener listener, Resilience resilience) {
    this(listener, resilience, null);
  }

  Scenario(AlertListener listener, Resilience resilience, RoutingPolicy routing) {
    this(listener, resilience, routing, null);
  }

  Scenario(AlertListener listener, Resilience resilience, RoutingPolicy routing, PriceTable prices) {
    AlertClient.Builder b = AlertClient.builder().provider(sms).provider(email).clock(clock).scheduler(scheduler)
        .executor(Runnable::run).resilience(resilience).listener(listener);
    if (routing != null) {
      b.routing(routing);
    }
    if (prices != null) {
      b.prices(prices);
    }
    client = b.build();
  }

  static Recipient person(int i) {
    return Recipient.builder("p" + i).phone(String.format("+1415555%04d", i)).email("p" + i + "@example.com").build();
  }

  Alert alert(Severity severity, Recipient recipient, Channel... channels) {
    return alert(severity, List.of(recipient), channels);
  }

  Alert alert(Severity severity, List<Recipient> recipients, Channel... channels) {
    Alert.Builder b = Alert.builder().id("a-" + ids.incrementAndGet()).severity(severity).title("db-1 down").body("Runbook: x")
        .recipients(recipients).createdAt(clock);
    if (channels.length > 0) {
      b.channels(channels);
    }
    return b.build();
  }

  /** Sends asynchronously and advances the manual clock from one scheduled task to the next until the report is there. */
  DispatchReport send(Alert alert) {
    CompletableFuture<DispatchReport> f = client.sendAsync(alert);
    for (int step = 0; !f.isDone(); step++) {
      if (step > 1_000) {
        throw new AssertionError("no report after 1,000 clock steps; scheduled " + scheduler.pendingDueTimes());
      }
      List<Instant> due = scheduler.pendingDueTimes();
      if (due.isEmpty()) {
        throw new AssertionError("the send waits for nothing scheduled: " + alert.id());
      }
      if (due.get(0).isAfter(clock.instant())) {
        clock.advanceTo(due.get(0));
      } else {
        scheduler.runDue();
      }
    }
    return f.join();
  }

  @Override
  public void close() {
    client.close();
  }
}
