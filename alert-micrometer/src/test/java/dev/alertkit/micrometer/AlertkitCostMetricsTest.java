package dev.alertkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Failure;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.cost.Money;
import dev.alertkit.cost.PriceTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code alertkit.cost.estimated} from attempts that may have been charged; {@code alertkit.cost.charged} from provider prices. */
class AlertkitCostMetricsTest {
  static final PriceTable PRICES = PriceTable.builder("USD").sms("US", "0.0079").email("0.0010").build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AlertkitMetrics metrics = AlertkitMetrics.bind(registry);

  private double counter(String name, String channel, String provider) {
    Counter c = registry.find(name).tags(AlertkitMetrics.TAG_CHANNEL, channel, AlertkitMetrics.TAG_PROVIDER, provider,
        AlertkitMetrics.TAG_CURRENCY, "USD").counter();
    assertThat(c).as(name + " " + channel + " " + provider).isNotNull();
    return c.count();
  }

  @Test
  void estimatedCountsAcceptedAttemptsAndChargedCountsReportedPrices() {
    try (Scenario s = new Scenario(metrics, Resilience.none(), null, PRICES)) {
      // Given a client with prices: one SMS accepted, one SMS rejected by the provider that falls back to email
      DispatchReport ok = s.send(s.alert(Severity.CRITICAL, Scenario.person(1), Channel.SMS));
      s.sms.failNext(1, Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").providerCode("21211").build());
      DispatchReport fellBack = s.send(s.alert(Severity.CRITICAL, Scenario.person(2), Channel.SMS, Channel.EMAIL));
      assertThat(ok.cost().values()).extracting(Money::toString).containsExactly("0.0079 USD");
      assertThat(fellBack.cost().values()).extracting(Money::toString).containsExactly("0.001 USD");

      // When the provider's status callback reports the first SMS delivered, at 0.0075 USD
      s.sms.emit(new DeliveryEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "fake-sms",
          s.sms.providerMessageIdFor("p1"), DeliveryStatus.DELIVERED, "delivered", Optional.empty(), Optional.empty(), s.clock.instant())
          .withPrice(Money.of("0.0075", "USD")));
    }

    // Then the estimate counts the accepted SMS and the email, not the rejected SMS; the charge is the reported price
    assertThat(counter(AlertkitMetrics.COST_ESTIMATED, "sms", "fake-sms")).isCloseTo(0.0079, within(1e-9));
    assertThat(counter(AlertkitMetrics.COST_ESTIMATED, "email", "fake-email")).isCloseTo(0.0010, within(1e-9));
    assertThat(registry.find(AlertkitMetrics.COST_ESTIMATED).counters()).hasSize(2);
    assertThat(counter(AlertkitMetrics.COST_CHARGED, "sms", "fake-sms")).isCloseTo(0.0075, within(1e-9));
    assertThat(registry.find(AlertkitMetrics.COST_CHARGED).counters()).hasSize(1);
  }

  @Test
  void ambiguousAttemptsCountInTheEstimate() {
    try (Scenario s = new Scenario(metrics, Resilience.none(), null, PRICES)) {
      // Given an SMS provider that gives no answer
      s.sms.failNext(1, Failure.ambiguous(Failure.Fault.PROVIDER, "read timed out after the request was sent").build());

      // When an SMS goes out
      s.send(s.alert(Severity.WARNING, Scenario.person(1), Channel.SMS));
    }

    // Then it may have been charged: its estimate counts
    assertThat(counter(AlertkitMetrics.COST_ESTIMATED, "sms", "fake-sms")).isCloseTo(0.0079, within(1e-9));
  }

  @Test
  void withoutPricesThereAreNoEstimatedCostMeters() {
    try (Scenario s = new Scenario(metrics, Resilience.none())) {
      // Given a client without prices, when an SMS goes out and is delivered without a price
      s.send(s.alert(Severity.CRITICAL, Scenario.person(1), Channel.SMS));
      s.sms.emit(s.sms.deliver(s.sms.providerMessageIdFor("p1")));
    }

    // Then no cost meter exists
    Collection<String> names = registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
    assertThat(names).contains(AlertkitMetrics.ATTEMPTS).doesNotContain(AlertkitMetrics.COST_ESTIMATED, AlertkitMetrics.COST_CHARGED);
  }
}
