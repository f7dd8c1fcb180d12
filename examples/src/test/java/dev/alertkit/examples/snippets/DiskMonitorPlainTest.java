package dev.alertkit.examples.snippets;

// tag::testing-plain[]
import static dev.alertkit.testkit.AlertAssertions.assertThat;

// end::testing-plain[]
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.examples.consumer.DiskMonitor;
import dev.alertkit.Failure;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.RecordingListener;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/testing.md: testing the consumer's DiskMonitor with plain fakes, a manual clock and a same-thread executor. */
// tag::testing-plain[]
class DiskMonitorPlainTest {
  final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  final Recipient bob = Recipient.builder("bob").phone("+14155550101").email("bob@example.com").build();
  final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  final FakeProvider sms = FakeProvider.sms();
  final FakeProvider voice = FakeProvider.voice();
  final FakeProvider email = FakeProvider.email();
  final RecordingListener events = new RecordingListener();
  final AlertClient client = AlertClient.builder()
      .provider(sms).provider(voice).provider(email)
      .routing(DiskMonitor.routing())
      .clock(clock)
      .scheduler(ManualScheduler.on(clock))   // deferred sends and retries run when the clock advances
      .executor(Runnable::run)                 // provider calls run on the test's thread
      .listener(events)
      .build();
  final DiskMonitor monitor = new DiskMonitor(client, clock, List.of(alice, bob));

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void fallsBackToEmailWhenSmsAndVoiceBothFail() {
    // Given bob's number is rejected by SMS, and voice calls to him are refused
    sms.failWhen(m -> m.recipient().id().equals("bob"),
        Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").providerCode("21211").build());
    voice.failWhen(m -> m.recipient().id().equals("bob"),
        Failure.permanent(Failure.Fault.RECIPIENT, "unreachable").providerCode("21214").build());

    // When
    DispatchReport report = monitor.check("db-1", "/var", 99).orElseThrow();

    // Then
    assertThat(report).recipient("bob").isAccepted().fellBackTo(Channel.EMAIL);
    assertThat(email).sentTo("bob").hasCount(1);
    assertThat(email).nothingSentTo("alice");
  }

  @Test
  void hearsDeliveryAndAcknowledgement() {
    monitor.check("db-1", "/var", 97);

    sms.deliver(sms.providerMessageIdFor("alice"));        // as Twilio's status callback would
    voice.acknowledge(voice.providerMessageIdFor("alice")); // alice pressed 1

    assertThat(events).hasDeliveryStatuses("alice", DeliveryStatus.DELIVERED, DeliveryStatus.ACKNOWLEDGED);
  }
}
// end::testing-plain[]
