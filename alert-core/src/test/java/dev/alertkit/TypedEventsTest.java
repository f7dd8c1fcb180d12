package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.AlertClientDeliveryTrackingTest.ReportingProvider;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.AttemptFinished;
import dev.alertkit.event.DeliveryUpdated;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.event.DispatchStarted;
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
        .containsExactly("DispatchStarted", "AttemptStarted", "AttemptFinished", "DispatchCompleted", "DeliveryUpdated");
    assertThat(heard).allSatisfy(e -> assertThat(e.at()).isEqualTo(clock.instant()));
    assertThat(((DispatchStarted) heard.get(0)).alert().id()).isEqualTo("a-1");
    assertThat(((dev.alertkit.event.AttemptStarted) heard.get(1)).recipients()).extracting(Recipient::id).containsExactly("alice");
    assertThat(((AttemptFinished) heard.get(2)).recipient().id()).isEqualTo("alice");
    assertThat(((DispatchCompleted) heard.get(3)).report().recipients()).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED));
    assertThat(((DeliveryUpdated) heard.get(4)).delivery().recipientId()).contains("alice");
  }
}
