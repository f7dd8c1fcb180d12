package dev.alertkit.examples.consumer;

import static dev.alertkit.testkit.AlertAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Channel;
import dev.alertkit.Dedup;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.Failure;
import dev.alertkit.testkit.AlertkitExtension;
import dev.alertkit.testkit.FakeResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How an application tests its alerting with the testkit: fakes, manual clock, assertions, the JUnit extension. */
class DiskMonitorTest {
  @RegisterExtension
  final AlertkitExtension alertkit = AlertkitExtension.builder()
      .channels(Channel.SMS, Channel.VOICE, Channel.EMAIL)
      .startingAt("2026-11-28T09:00:00Z")
      .configure(client -> client.routing(DiskMonitor.routing()).dedup(Dedup.window(Duration.ofMinutes(30))))
      .build();

  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  private final Recipient bob = Recipient.builder("bob").phone("+14155550101").email("bob@example.com").build();
  private DiskMonitor monitor;

  @BeforeEach
  void createTheMonitor() {
    monitor = new DiskMonitor(alertkit.client(), alertkit.clock(), List.of(alice, bob));
  }

  @Test
  void staysQuietBelowTheWarningThreshold() {
    assertThat(monitor.check("db-1", "/var", 84)).isEmpty();

    assertThat(alertkit.sms()).nothingSent();
    assertThat(alertkit.email()).nothingSent();
  }

  @Test
  void pagesEveryoneBySmsAndVoiceWhenTheDiskIsCritical() {
    DispatchReport report = monitor.check("db-1", "/var", 97).orElseThrow();

    assertThat(report).allRecipients(Outcome.ACCEPTED);
    assertThat(report).recipient("alice").attemptedChannels(Channel.SMS, Channel.VOICE);
    assertThat(alertkit.sms()).sentTo("alice").containing("db-1 /var is 97% full").hasCount(1);
    assertThat(alertkit.voice()).sentTo("bob").hasCount(1);
    assertThat(alertkit.email()).nothingSent();
  }

  @Test
  void warnsByEmailOnly() {
    monitor.check("db-1", "/var", 90);

    assertThat(alertkit.email()).sentTo("alice").withSubjectContaining("[WARNING] db-1 /var is 90% full");
    assertThat(alertkit.email()).hasCount(2);
    assertThat(alertkit.sms()).nothingSent();
  }

  @Test
  void fallsBackToEmailWhenSmsAndVoiceBothFail() {
    alertkit.sms().failWhen(m -> m.recipient().id().equals("bob"),
        Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").providerCode("21211").build());
    alertkit.voice().enqueue(FakeResponse.accept(), FakeResponse.rateLimited(Duration.ofSeconds(1)));

    DispatchReport report = monitor.check("db-1", "/var", 99).orElseThrow();

    assertThat(report).recipient("bob").isAccepted().fellBackTo(Channel.EMAIL).failedOver(Channel.SMS, "invalid 'To' number");
    assertThat(report).recipient("alice").attemptedChannels(Channel.SMS, Channel.VOICE);
    assertThat(alertkit.email()).sentTo("bob").hasCount(1);
    assertThat(alertkit.email()).nothingSentTo("alice");
  }

  @Test
  void doesNotPageTwiceForTheSameDiskWithinHalfAnHour() {
    monitor.check("db-1", "/var", 97);
    alertkit.clock().advance(Duration.ofMinutes(10));
    DispatchReport repeat = monitor.check("db-1", "/var", 98).orElseThrow();

    assertThat(repeat).recipient("alice").suppressedBecause("duplicate of dedup key 'disk:db-1:/var'");
    assertThat(alertkit.sms()).sentTo("alice").hasCount(1);

    alertkit.clock().advance(Duration.ofMinutes(31));
    monitor.check("db-1", "/var", 99);
    assertThat(alertkit.sms()).sentTo("alice").hasCount(2);
  }

  @Test
  void theApplicationHearsDeliveriesAndAcknowledgements() {
    monitor.check("db-1", "/var", 97);

    alertkit.sms().deliver(alertkit.sms().providerMessageIdFor("alice"));
    alertkit.voice().acknowledge(alertkit.voice().providerMessageIdFor("alice"));

    assertThat(alertkit.listener()).hasDeliveryStatuses("alice", DeliveryStatus.DELIVERED, DeliveryStatus.ACKNOWLEDGED)
        .hasDeliveryStatuses("bob");
  }

  @Test
  void rejectsImpossibleReadings() {
    assertThatThrownBy(() -> monitor.check("db-1", "/var", 101)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101");
  }
}
