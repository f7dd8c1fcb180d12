package dev.alertkit.testkit;

import static dev.alertkit.testkit.AlertAssertions.assertThat;
import static dev.alertkit.testkit.Fixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Failure;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension with defaults, used through parameters. */
@ExtendWith(AlertkitExtension.class)
class AlertkitExtensionParametersTest {
  private FakeProvider smsFromBeforeEach;

  @BeforeEach
  void lifecycleMethodsGetTheSameFakes(@Fake(Channel.SMS) FakeProvider sms) {
    smsFromBeforeEach = sms;
    sms.failWhen(m -> m.recipient().id().equals("bob"), Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").build());
  }

  @Test
  void injectsFreshFakesClockListenerAndAClientWiredToThem(AlertClient client, @Fake(Channel.SMS) FakeProvider sms,
      @Fake(Channel.EMAIL) FakeProvider email, @Fake(Channel.VOICE) FakeProvider voice, ManualClock clock, ManualScheduler scheduler,
      RecordingListener events) {
    // Given the defaults: clock at 2026-01-01, every channel faked, scripting from @BeforeEach in place
    assertThat(sms).isSameAs(smsFromBeforeEach);
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(scheduler.clock()).isSameAs(clock);

    // When the client sends over SMS then email
    DispatchReport report = client.send(alert("a-1", clock, Channel.SMS, Channel.EMAIL));
    sms.deliverAll();

    // Then the injected fakes saw it, and the listener heard it, synchronously
    assertThat(sms).sentTo("alice").accepted().hasCount(1);
    assertThat(email).sentTo("bob").hasCount(1);
    assertThat(voice).nothingSent();
    assertThat(report).recipient("bob").fellBackTo(Channel.EMAIL);
    assertThat(events).hasCompletedDispatches(1).hasDeliveryStatuses("alice", DeliveryStatus.DELIVERED);
  }

  @Test
  void theClientRunsOnTheManualClock(AlertClient client, @Fake(Channel.SMS) FakeProvider sms, ManualClock clock) {
    sms.enqueue(FakeResponse.accept("SM-1").thenDeliver(Duration.ofSeconds(30)));
    client.send(alert("a-1", clock, Channel.SMS));

    clock.advance(Duration.ofSeconds(30));

    assertThat(sms).withDeliveryStatus(DeliveryStatus.DELIVERED).sentTo("alice");
  }

  @Test
  void aTestMayBuildItsOwnClientFromTheInjectedFakes(@Fake(Channel.SMS) FakeProvider sms, @Fake(Channel.EMAIL) FakeProvider email,
      ManualClock clock, ManualScheduler scheduler) {
    RecordingListener mine = new RecordingListener();
    try (AlertClient client = AlertClient.builder().provider(email).provider(sms).clock(clock).scheduler(scheduler)
        .executor(Runnable::run).listener(mine).build()) {
      client.send(alert("a-1", clock));
      email.deliverAll();
    }
    // default routing follows the order the test added providers: email first
    assertThat(email).hasCount(2);
    assertThat(sms).nothingSent();
    assertThat(mine).hasDeliveryEvent("alice", DeliveryStatus.DELIVERED);
  }
}
