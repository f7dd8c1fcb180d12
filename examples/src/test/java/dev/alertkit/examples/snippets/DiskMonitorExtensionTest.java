package dev.alertkit.examples.snippets;

import static dev.alertkit.testkit.AlertAssertions.assertThat;

import dev.alertkit.Channel;
import dev.alertkit.Dedup;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.examples.consumer.DiskMonitor;
import dev.alertkit.testkit.AlertkitExtension;
import dev.alertkit.testkit.Fake;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.AlertClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docs/testing.md: the JUnit 5 extension, registered with a builder and with its defaults. */
class DiskMonitorExtensionTest {
  static final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  static final Recipient bob = Recipient.builder("bob").phone("+14155550101").email("bob@example.com").build();

  @Nested
  // tag::testing-extension[]
  class DiskMonitorTest {
    @RegisterExtension
    final AlertkitExtension alertkit = AlertkitExtension.builder()
        .channels(Channel.SMS, Channel.VOICE, Channel.EMAIL)
        .startingAt("2026-11-28T09:00:00Z")
        .configure(client -> client.routing(DiskMonitor.routing()).dedup(Dedup.window(Duration.ofMinutes(30))))
        .build();

    @Test
    void doesNotPageTwiceForTheSameDiskWithinHalfAnHour() {
      DiskMonitor monitor = new DiskMonitor(alertkit.client(), alertkit.clock(), List.of(alice, bob));
      monitor.check("db-1", "/var", 97);
      alertkit.clock().advance(Duration.ofMinutes(10));

      DispatchReport repeat = monitor.check("db-1", "/var", 98).orElseThrow();

      assertThat(repeat).recipient("alice").suppressedBecause("disk:db-1:/var");
      assertThat(alertkit.sms()).sentTo("alice").hasCount(1);
    }
  }
  // end::testing-extension[]

  @Nested
  // tag::testing-extension-parameters[]
  @ExtendWith(AlertkitExtension.class)
  class PagingTest {
    @Test
    void pagesOnCall(AlertClient client, @Fake(Channel.SMS) FakeProvider sms, ManualClock clock) {
      new DiskMonitor(client, clock, List.of(alice)).check("db-1", "/var", 97);
      assertThat(sms).sentTo("alice").containing("97%");
    }
  }
  // end::testing-extension-parameters[]
}
