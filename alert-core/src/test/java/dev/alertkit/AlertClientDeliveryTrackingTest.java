package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.ProviderContext;
import dev.alertkit.spi.SendResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The client registers accepted attempts with its tracker and routes provider-reported events through it. */
class AlertClientDeliveryTrackingTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);

  /** A provider that accepts everything and keeps the context the client attached. */
  static final class ReportingProvider implements ChannelProvider {
    volatile ProviderContext context;
    final AtomicInteger ids = new AtomicInteger();

    @Override
    public String name() {
      return "reporting-sms";
    }

    @Override
    public Set<Channel> channels() {
      return Set.of(Channel.SMS);
    }

    @Override
    public SendResult send(OutboundMessage message) {
      return SendResult.accepted("SM" + ids.incrementAndGet(), "queued");
    }

    @Override
    public void attach(ProviderContext context) {
      this.context = context;
    }
  }

  @Test
  void providerReportedEventIsCorrelatedToTheAlertAndRecipient() {
    // Given a client whose provider accepted an alert for alice
    ReportingProvider sms = new ReportingProvider();
    List<DeliveryEvent> heard = Collections.synchronizedList(new ArrayList<>());
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    try (AlertClient client = AlertClient.builder().provider(sms).clock(clock).executor(Runnable::run)
        .deliveryStoreMaxEntries(50)
        .listener(event -> {
          if (event instanceof dev.alertkit.event.AttemptFinished) {
            // the tracker registered the attempt before any user listener heard of it
            Attempt attempt = ((dev.alertkit.event.AttemptFinished) event).attempt();
            order.add(attempt.attemptId() + ":" + client().deliveryTracker().attempt(attempt.attemptId()).isPresent());
          } else if (event instanceof dev.alertkit.event.DeliveryUpdated) {
            heard.add(((dev.alertkit.event.DeliveryUpdated) event).delivery());
          }
        }).build()) {
      holder[0] = client;
      Recipient alice = Recipient.builder("alice").phone("+14155550100").build();
      Alert alert = Alert.builder().id("a-1").severity(Severity.CRITICAL).title("db-1 down").body("db-1 is down")
          .recipient(alice).createdAt(clock).build();
      DispatchReport report = client.send(alert);
      String attemptId = report.recipients().get(0).attempts().get(0).attemptId();

      // When the provider reports delivery
      sms.context.deliveryEvent(new DeliveryEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          "reporting-sms", "SM1", DeliveryStatus.DELIVERED, "delivered", Optional.empty(), Optional.empty(), clock.instant()));

      // Then the tracker and the listener know it, correlated
      assertThat(order).containsExactly(attemptId + ":true");
      assertThat(client.deliveryTracker().status("a-1", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(heard).singleElement().satisfies(e -> {
        assertThat(e.alertId()).contains("a-1");
        assertThat(e.recipientId()).contains("alice");
        assertThat(e.attemptId()).contains(attemptId);
        assertThat(e.channel()).contains(Channel.SMS);
      });
    }
  }

  private final AlertClient[] holder = new AlertClient[1];

  private AlertClient client() {
    return holder[0];
  }
}
