package dev.alertkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Channel;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Ids, recipients and addresses never become tags: the number of meters does not grow with traffic. */
class AlertkitMetricsCardinalityTest {

  @Test
  void tenThousandAlertsToTenThousandRecipientsMakeTwelveMeters() {
    // Given metrics that remember at most 1,000 accepted attempts
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AlertkitMetrics metrics = AlertkitMetrics.builder().meterRegistry(registry).maxTrackedAttempts(1_000).build();
    try (Scenario s = new Scenario(metrics, Resilience.none())) {
      // When 10,000 alerts go to 10,000 distinct recipients over SMS and each is reported delivered
      for (int i = 0; i < 10_000; i++) {
        s.send(s.alert(Severity.CRITICAL, Scenario.person(i), Channel.SMS));
      }
      s.clock.advance(Duration.ofSeconds(2));
      assertThat(s.sms.deliverAll()).hasSize(10_000);
    }

    // Then exactly these 12 meters exist, whatever the traffic
    assertThat(registry.getMeters().stream().map(AlertkitMetricsCardinalityTest::id).sorted().collect(Collectors.toList())).containsExactly(
        "alertkit.alerts{severity=critical}",
        "alertkit.attempt.duration{channel=sms,provider=fake-sms,result=accepted}",
        "alertkit.attempts{channel=sms,fault=none,kind=none,provider=fake-sms,result=accepted}",
        "alertkit.circuit.state{provider=fake-sms,state=closed}",
        "alertkit.circuit.state{provider=fake-sms,state=half_open}",
        "alertkit.circuit.state{provider=fake-sms,state=open}",
        "alertkit.deferred{}",
        "alertkit.delivery.latency{channel=sms,provider=fake-sms}",
        "alertkit.delivery.status{channel=sms,provider=fake-sms,status=delivered}",
        "alertkit.pending{}",
        "alertkit.recipients{outcome=accepted,severity=critical}",
        "alertkit.webhooks{provider=fake-sms,result=verified}");
    assertThat(registry.get(AlertkitMetrics.ATTEMPTS).counter().count()).isEqualTo(10_000);
    assertThat(registry.get(AlertkitMetrics.DELIVERY_STATUS).counter().count()).isEqualTo(10_000);
    // And only the last 1,000 accepted attempts are remembered, so only they have a delivery latency
    assertThat(metrics.trackedAttempts()).isEqualTo(1_000);
    assertThat(registry.get(AlertkitMetrics.DELIVERY_LATENCY).timer().count()).isEqualTo(1_000);
  }

  private static String id(Meter m) {
    return m.getId().getName() + m.getId().getTags().stream().map(t -> t.getKey() + "=" + t.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }
}
