package dev.alertkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.incident.Incident;
import dev.alertkit.incident.IncidentState;
import dev.alertkit.incident.Notification;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory incident store: compare-and-set on the version, one open incident per dedup key, indexes. */
class InMemoryIncidentStoreTest {
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  final InMemoryIncidentStore store = new InMemoryIncidentStore(3);

  static Incident incident(String id, String dedupKey) {
    Alert.Builder b = Alert.builder().id(id).severity(Severity.CRITICAL).title("db-1 down")
        .recipient(Recipient.builder("alice").phone("+14155550100").build()).createdAt(NOW);
    if (dedupKey != null) {
      b.dedupKey(dedupKey);
    }
    return Incident.open(b.build(), "db", NOW);
  }

  @Test
  void aChangeComputedFromAStaleVersionLosesAndChangesNothing() {
    Incident v0 = store.createOrGetOpen(incident("inc-1", null));
    Incident ackByAlice = v0.toBuilder().state(IncidentState.ACKNOWLEDGED).acknowledged("alice", dev.alertkit.incident.AckChannel.API, NOW).build();
    Incident ackByBob = v0.toBuilder().state(IncidentState.ACKNOWLEDGED).acknowledged("bob", dev.alertkit.incident.AckChannel.API, NOW).build();

    assertThat(store.replace(v0, ackByAlice)).isTrue();
    assertThat(store.replace(v0, ackByBob)).isFalse();

    assertThat(store.find("inc-1").orElseThrow().acknowledgedBy()).contains("alice");
    assertThat(store.find("inc-1").orElseThrow().version()).isEqualTo(1);
    assertThatThrownBy(() -> store.replace(ackByAlice, ackByAlice)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next version must be 2");
  }

  @Test
  void oneOpenIncidentPerDedupKeyUntilItIsResolved() {
    Incident first = store.createOrGetOpen(incident("inc-1", "disk:db-1"));

    assertThat(store.createOrGetOpen(incident("inc-2", "disk:db-1")).id()).isEqualTo("inc-1");
    store.replace(first, first.toBuilder().state(IncidentState.RESOLVED).resolved("monitor", NOW).build());
    assertThat(store.findOpenByDedupKey("disk:db-1")).isEmpty();
    assertThat(store.createOrGetOpen(incident("inc-3", "disk:db-1")).id()).isEqualTo("inc-3");
    assertThatThrownBy(() -> store.createOrGetOpen(incident("inc-3", null))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void findsIncidentsByNotificationAlertIdAndNotifiedNumberAndForgetsResolvedOnesFirst() {
    Incident v0 = store.createOrGetOpen(incident("inc-1", null));
    Notification n = new Notification("alice", Channel.SMS, "+14155550100", 0, 0, "inc-1~r1s1.sms.alice", "4821", NOW);
    store.replace(v0, v0.toBuilder().notification(n).build());
    Incident done = store.createOrGetOpen(incident("inc-2", null));
    store.replace(done, done.toBuilder().state(IncidentState.RESOLVED).resolved("x", NOW).build());
    store.createOrGetOpen(incident("inc-3", null));

    store.createOrGetOpen(incident("inc-4", null)); // full: the resolved one goes

    assertThat(store.findByNotificationAlertId("inc-1~r1s1.sms.alice").map(Incident::id)).contains("inc-1");
    assertThat(store.findOpenByNotifiedAddress("+14155550100")).extracting(Incident::id).containsExactly("inc-1");
    assertThat(store.find("inc-2")).isEmpty();
    assertThat(store.size()).isEqualTo(3);
  }

  @Test
  void oneTimeKeysAndWrongCodeCountsPerWindow() {
    assertThat(store.claimOnce("link:abc", NOW)).isTrue();
    assertThat(store.claimOnce("link:abc", NOW)).isFalse();
    assertThat(store.countWrongCode("+14155550100", 1000)).isEqualTo(1);
    assertThat(store.countWrongCode("+14155550100", 1000)).isEqualTo(2);
    assertThat(store.wrongCodes("+14155550100", 2000)).isZero();
    assertThat(store.countWrongCode("+14155550100", 2000)).isEqualTo(1);
  }
}
