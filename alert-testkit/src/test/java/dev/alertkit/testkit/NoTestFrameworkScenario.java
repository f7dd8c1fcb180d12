package dev.alertkit.testkit;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Uses the fakes, clock, scheduler and listener with nothing but the JDK, alert-core and its dependencies; run by
 * {@link OptionalDependenciesTest} in a class loader without JUnit or AssertJ. Must not reference either.
 */
public final class NoTestFrameworkScenario {
  private NoTestFrameworkScenario() {}

  /** @return a summary of what happened */
  public static String run() {
    ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
    ManualScheduler scheduler = ManualScheduler.on(clock);
    RecordingListener events = new RecordingListener();
    FakeProvider sms = FakeProvider.sms();
    sms.enqueue(FakeResponse.accept().thenDeliver(Duration.ofSeconds(30)), FakeResponse.accept().thenDeliver(Duration.ofSeconds(30)));
    try (AlertClient client = AlertClient.builder().provider(sms).clock(clock).scheduler(scheduler).executor(Runnable::run)
        .listener(events).build()) {
      Alert alert = Alert.builder().id("a-1").severity(Severity.CRITICAL).title("disk 97%")
          .recipient(Recipient.builder("alice").phone("+14155550100").build())
          .recipient(Recipient.builder("bob").phone("+14155550101").build())
          .channels(Channel.SMS).createdAt(clock).build();
      DispatchReport report = client.send(alert);
      clock.advance(Duration.ofMinutes(1));
      return report.recipients().stream().map(r -> r.outcome().name()).collect(Collectors.joining(","))
          + "|" + sms.name() + ":" + sms.recorded().size()
          + "|" + events.deliveryEvents().stream().map(e -> e.status().name()).collect(Collectors.joining(","))
          + "|" + events.deliveryEvents().stream().map(DeliveryEvent::occurredAt).findFirst().orElseThrow();
    }
  }
}
