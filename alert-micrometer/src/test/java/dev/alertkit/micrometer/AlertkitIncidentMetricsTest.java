package dev.alertkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.incident.EscalationPolicy;
import dev.alertkit.incident.EscalationTarget;
import dev.alertkit.incident.IncidentHandle;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Incidents on the meters: how many reached each state, and how long people took to acknowledge. */
class AlertkitIncidentMetricsTest {

  @Test
  void countsIncidentsByStateAndTimesTheAcknowledgement() {
    ManualClock clock = ManualClock.at("2026-03-02T10:00:00Z");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Recipient alice = Recipient.builder("alice").phone("+14155550100").build();
    EscalationPolicy policy = EscalationPolicy.builder("db")
        .step(s -> s.target(EscalationTarget.recipient(alice)).via(Rule.deliver(Channel.SMS)).waitForAck(Duration.ofMinutes(5)))
        .build();
    try (AlertClient client = AlertClient.builder().provider(FakeProvider.sms()).clock(clock).scheduler(ManualScheduler.on(clock))
        .executor(Runnable::run).resilience(Resilience.none()).listener(AlertkitMetrics.bind(registry)).build()) {
      IncidentHandle acknowledged = client.raise(Alert.builder().severity(Severity.CRITICAL).title("db-1 down").recipient(alice)
          .createdAt(clock).build(), policy);
      IncidentHandle resolved = client.raise(Alert.builder().severity(Severity.CRITICAL).title("db-2 down").recipient(alice)
          .createdAt(clock).build(), policy);

      clock.advance(Duration.ofMinutes(2));
      client.acknowledge(acknowledged.id(), "alice");
      client.resolve(resolved.id(), "monitor");
    }

    assertThat(registry.get(AlertkitMetrics.INCIDENTS).tag(AlertkitMetrics.TAG_STATE, "triggered").counter().count()).isEqualTo(2.0);
    assertThat(registry.get(AlertkitMetrics.INCIDENTS).tag(AlertkitMetrics.TAG_STATE, "acknowledged").counter().count()).isEqualTo(1.0);
    assertThat(registry.get(AlertkitMetrics.INCIDENTS).tag(AlertkitMetrics.TAG_STATE, "resolved").counter().count()).isEqualTo(1.0);
    Timer ack = registry.get(AlertkitMetrics.INCIDENT_TIME_TO_ACKNOWLEDGE).tag(AlertkitMetrics.TAG_VIA, "api").timer();
    assertThat(ack.count()).isEqualTo(1);
    assertThat(ack.totalTime(TimeUnit.SECONDS)).isEqualTo(120.0);
  }
}
