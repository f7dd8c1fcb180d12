package dev.alertkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.micrometer.AlertkitMetrics;
import dev.alertkit.Failure;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's closing metrics summary, from a SimpleMeterRegistry after real sends through the fakes. */
class MetricsSummaryTest {

  @Test
  void summarisesAlertsAttemptsDeliveriesAndCircuitsInAFewLines() {
    // Given a client on fakes with the metrics bound to a SimpleMeterRegistry
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
    FakeProvider sms = FakeProvider.of("twilio-sms", Channel.SMS);
    FakeProvider email = FakeProvider.of("sendgrid", Channel.EMAIL);
    try (AlertClient client = AlertClient.builder().provider(sms).provider(email).clock(clock).executor(Runnable::run)
        .resilience(Resilience.none()).listener(AlertkitMetrics.bind(registry)).build()) {
      Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
      Recipient bob = Recipient.builder("bob").phone("+14155550101").email("bob@example.com").build();
      // When alice gets an SMS, bob's number is rejected and email takes over, and alice's SMS is delivered 2 s later
      sms.failWhen(m -> m.recipient().id().equals("bob"), Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").providerCode("21211").build());
      client.send(Alert.builder().id("a-1").severity(Severity.CRITICAL).title("db-1 down").recipient(alice).recipient(bob)
          .channels(Channel.SMS, Channel.EMAIL).createdAt(clock).build());
      clock.advance(Duration.ofSeconds(2));
      sms.deliver(sms.providerMessageIdFor("alice"));
    }

    // Then the summary says so in a few lines
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    MetricsSummary.print(registry, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "== metrics (alertkit.*)",
        "alerts            critical=1",
        "recipients        accepted=2",
        "attempts          email via sendgrid: accepted=1 | sms via twilio-sms: accepted=1 failed/permanent/recipient=1",
        "attempt time      email via sendgrid: 1 in 0.000 s (max 0.000 s) | sms via twilio-sms: 2 in 0.000 s (max 0.000 s)",
        "delivery status   sms via twilio-sms: delivered=1",
        "delivery latency  sms via twilio-sms: 1, mean 2.000 s, max 2.000 s",
        "webhooks          twilio-sms: verified=1",
        "retries           -",
        "circuits          all closed (sendgrid, twilio-sms)",
        "in flight         pending=0 deferred=0");
  }
}
