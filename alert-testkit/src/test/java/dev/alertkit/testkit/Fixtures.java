package dev.alertkit.testkit;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import java.time.Clock;

/** Shared people and alerts for the testkit's own tests. */
final class Fixtures {
  static final Recipient ALICE = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").whatsapp("+14155550100").build();
  static final Recipient BOB = Recipient.builder("bob").phone("+91 98123 45678").email("bob@example.com").build();

  private Fixtures() {}

  static Alert alert(String id, Clock clock, Channel... channels) {
    return Alert.builder().id(id).severity(Severity.CRITICAL).title("db-1 disk 97% full").body("Runbook: https://runbooks.example.com/disk")
        .recipient(ALICE).recipient(BOB).channels(channels).createdAt(clock).build();
  }

  static AlertClient client(ManualClock clock, RecordingListener listener, FakeProvider... fakes) {
    AlertClient.Builder b = AlertClient.builder().clock(clock).scheduler(ManualScheduler.on(clock)).executor(Runnable::run).listener(listener)
        .resilience(dev.alertkit.Resilience.none());
    for (FakeProvider f : fakes) {
      b.provider(f);
    }
    return b.build();
  }
}
