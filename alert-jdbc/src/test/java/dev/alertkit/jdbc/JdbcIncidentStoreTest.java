package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.EmailContent;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.SmsContent;
import dev.alertkit.VoiceContent;
import dev.alertkit.WhatsAppContent;
import dev.alertkit.incident.AckChannel;
import dev.alertkit.incident.Incident;
import dev.alertkit.incident.IncidentState;
import dev.alertkit.incident.Notification;
import dev.alertkit.incident.TimelineEntry;
import dev.alertkit.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link dev.alertkit.spi.IncidentStore} contract on PostgreSQL (the scenarios of core's in-memory store test),
 * plus what only a shared store must show: changes from two data sources (two instances) racing on one row.
 */
class JdbcIncidentStoreTest {
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static String db;
  private static HikariDataSource poolA;
  private static HikariDataSource poolB;
  private static int prefixes;
  private final ManualClock clock = ManualClock.at(NOW);
  private final String prefix = "i" + (++prefixes) + "_";
  private final JdbcStores storesA = JdbcStores.builder(poolA).tablePrefix(prefix).clock(clock).build();
  private final JdbcIncidentStore store = storesA.incidentStore();
  private final JdbcIncidentStore storeB = JdbcStores.builder(poolB).tablePrefix(prefix).clock(clock).build().incidentStore();

  @BeforeAll
  static void database() {
    db = Pg.newDatabase("incidents");
    poolA = Pg.pool(db, "incidents-a", 8);
    poolB = Pg.pool(db, "incidents-b", 8);
  }

  @AfterAll
  static void closePools() {
    poolA.close();
    poolB.close();
  }

  JdbcIncidentStoreTest() {
    storesA.migrate();
  }

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
    Incident ackByAlice = v0.toBuilder().state(IncidentState.ACKNOWLEDGED).acknowledged("alice", AckChannel.API, NOW).build();
    Incident ackByBob = v0.toBuilder().state(IncidentState.ACKNOWLEDGED).acknowledged("bob", AckChannel.API, NOW).build();

    assertThat(store.replace(v0, ackByAlice)).isTrue();
    assertThat(storeB.replace(v0, ackByBob)).isFalse();

    assertThat(storeB.find("inc-1")).contains(ackByAlice);
    assertThat(store.find("inc-1").orElseThrow().version()).isEqualTo(1);
    assertThatThrownBy(() -> store.replace(ackByAlice, ackByAlice)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next version must be 2");
    assertThatThrownBy(() -> store.replace(v0, incident("inc-2", null).toBuilder().build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ids differ");
    assertThat(store.replace(incident("unknown", null), incident("unknown", null).toBuilder().build())).isFalse();
  }

  @Test
  void oneOpenIncidentPerDedupKeyUntilItIsResolved() {
    Incident first = store.createOrGetOpen(incident("inc-1", "disk:db-1"));

    assertThat(storeB.createOrGetOpen(incident("inc-2", "disk:db-1")).id()).isEqualTo("inc-1");
    assertThat(store.find("inc-2")).isEmpty();
    store.replace(first, first.toBuilder().state(IncidentState.RESOLVED).resolved("monitor", NOW).build());
    assertThat(store.findOpenByDedupKey("disk:db-1")).isEmpty();
    assertThat(store.createOrGetOpen(incident("inc-3", "disk:db-1")).id()).isEqualTo("inc-3");
    assertThat(storeB.findOpenByDedupKey("disk:db-1").map(Incident::id)).contains("inc-3");
    assertThatThrownBy(() -> store.createOrGetOpen(incident("inc-3", null))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inc-3 exists");
  }

  @Test
  void findsIncidentsByNotificationAlertIdAndNotifiedNumberMostRecentFirst() {
    Incident v0 = store.createOrGetOpen(incident("inc-1", null));
    Notification n = new Notification("alice", Channel.SMS, "+14155550100", 0, 0, "inc-1~r1s1.sms.alice", "4821", NOW);
    assertThat(store.replace(v0, v0.toBuilder().notification(n).build())).isTrue();
    clock.advance(Duration.ofMinutes(1));
    Incident later = Incident.open(incident("inc-2", null).alert(), "db", clock.instant());
    Incident v0b = storeB.createOrGetOpen(later);
    storeB.replace(v0b, v0b.toBuilder().notification(new Notification("alice", Channel.SMS, "+14155550100", 0, 0,
        "inc-2~r1s1.sms.alice", "1234", clock.instant())).build());
    Incident done = store.createOrGetOpen(incident("inc-3", null));
    Incident doneNotified = done.toBuilder().notification(new Notification("alice", Channel.SMS, "+14155550100", 0, 0,
        "inc-3~r1s1.sms.alice", "5555", NOW)).build();
    store.replace(done, doneNotified);
    store.replace(doneNotified, doneNotified.toBuilder().state(IncidentState.RESOLVED).resolved("x", NOW).build());

    assertThat(storeB.findByNotificationAlertId("inc-1~r1s1.sms.alice").map(Incident::id)).contains("inc-1");
    assertThat(storeB.findByNotificationAlertId("inc-1~r1s1.sms.alice").orElseThrow().notifications()).containsExactly(n);
    assertThat(store.findByNotificationAlertId("inc-3~r1s1.sms.alice").map(Incident::id)).contains("inc-3");
    assertThat(store.findByNotificationAlertId("nobody")).isEmpty();
    assertThat(storeB.findOpenByNotifiedAddress("+14155550100")).extracting(Incident::id).containsExactly("inc-2", "inc-1");
    assertThat(storeB.findOpenByNotifiedAddress("+14155550199")).isEmpty();
  }

  @Test
  void oneTimeKeysWrongCodeCountsPerWindowAndOptOutsAreSharedByInstances() {
    assertThat(store.claimOnce("link:abc", NOW)).isTrue();
    assertThat(storeB.claimOnce("link:abc", NOW)).isFalse();
    assertThat(store.countWrongCode("+14155550100", 1000)).isEqualTo(1);
    assertThat(storeB.countWrongCode("+14155550100", 1000)).isEqualTo(2);
    assertThat(store.wrongCodes("+14155550100", 1000)).isEqualTo(2);
    assertThat(store.wrongCodes("+14155550100", 2000)).isZero();
    assertThat(storeB.countWrongCode("+14155550100", 2000)).isEqualTo(1);
    assertThat(store.wrongCodes("+14155550100", 1000)).isZero();

    store.setOptedOut("+14155550100", Channel.SMS, true);
    assertThat(storeB.isOptedOut("+14155550100", Channel.SMS)).isTrue();
    assertThat(storeB.isOptedOut("+14155550100", Channel.WHATSAPP)).isFalse();
    storeB.setOptedOut("+14155550100", Channel.SMS, false);
    assertThat(store.isOptedOut("+14155550100", Channel.SMS)).isFalse();
  }

  @Test
  void theOpeningAlertNotificationsAndTimelineComeBackExactly() {
    Recipient alice = Recipient.builder("alice").name("Alice \"Ops\" Doe\\").phone("+14155550100").whatsapp("+14155550101")
        .email("alice@example.com").timeZone(ZoneId.of("Asia/Kolkata")).locale(Locale.forLanguageTag("en-IN"))
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).optOut(Channel.VOICE).preferredOrder(Channel.WHATSAPP, Channel.SMS)
        .attribute("team", "db").build();
    Recipient bob = Recipient.builder("bob").email("bob@example.com").build();
    Alert alert = Alert.builder().id("inc-rich").severity(Severity.WARNING).title("disk 97% — ünïcödé ✓")
        .body("line 1\nline 2\t\"quoted\" \\").label("service", "db").label("env", "prod").dedupKey("disk:\\db-1")
        .recipient(alice).recipient(bob).channels(Channel.EMAIL)
        .sms(SmsContent.dlt("1107160000000000001", Map.of("host", "db-1")))
        .voice(VoiceContent.say("Disk full on db one").repeat(2).askToAcknowledge(true).voice("Polly.Aditi").language("en-IN"))
        .whatsapp(WhatsAppContent.template("HX0123456789abcdef0123456789abcdef", Map.of("1", "db-1", "ackCode", "0000")))
        .email(EmailContent.of("Disk full", "db-1 is at 97%").withHtml("<p>db-1</p>"))
        .createdAt(NOW).deadline(NOW.plusSeconds(600)).build();
    Incident opened = Incident.open(alert, "db-critical", NOW);
    Incident next = opened.toBuilder().position(0, 0).nextStepDue(Optional.of(NOW.plusSeconds(300)))
        .notification(new Notification("alice", Channel.WHATSAPP, "+14155550101", 0, 0, "inc-rich~a", "4821", NOW))
        .timeline(new TimelineEntry(NOW, TimelineEntry.Type.NOTIFIED, 0, 0, Optional.of("alice"), Optional.of(Channel.WHATSAPP),
            "accepted"))
        .attached().build();

    store.createOrGetOpen(opened);
    assertThat(store.replace(opened, next)).isTrue();

    Incident read = storeB.find("inc-rich").orElseThrow();
    assertThat(read).isEqualTo(next);
    assertThat(read.alert().recipients().get(0).quietHours()).isEqualTo(alice.quietHours());
    assertThat(read.alert().recipients().get(0).attributes()).isEqualTo(alice.attributes());
    assertThat(storeB.findOpenByDedupKey("disk:\\db-1")).contains(next);
    SmsContent sms = (SmsContent) read.alert().content(Channel.SMS).orElseThrow();
    assertThat(sms.dltTemplateId()).contains("1107160000000000001");
    assertThat(sms.variables()).containsEntry("host", "db-1");
  }

  @Test
  void acknowledgementsRacingFromTwoInstancesOneWinsEveryOtherLoses() throws Exception {
    Incident v0 = store.createOrGetOpen(incident("inc-race", null));

    List<Boolean> won = JdbcAlertStateStoreTest.race(40, i -> (i % 2 == 0 ? store : storeB).replace(v0,
        v0.toBuilder().state(IncidentState.ACKNOWLEDGED).acknowledged("person-" + i, AckChannel.API, NOW).build()));

    assertThat(won).filteredOn(w -> w).hasSize(1);
    Incident stored = store.find("inc-race").orElseThrow();
    assertThat(stored.version()).isEqualTo(1);
    assertThat(won.get(Integer.parseInt(stored.acknowledgedBy().orElseThrow().substring("person-".length())))).isTrue();
  }

  @Test
  void incrementalChangesFromTwoInstancesAreAllKeptWhenEachRetriesOnConflict() throws Exception {
    store.createOrGetOpen(incident("inc-cas", null));

    // 30 writers on two instances each add one timeline entry with the client's re-read-and-retry loop
    JdbcAlertStateStoreTest.race(30, i -> {
      JdbcIncidentStore s = i % 2 == 0 ? store : storeB;
      while (true) {
        Incident cur = s.find("inc-cas").orElseThrow();
        if (s.replace(cur, cur.toBuilder().timeline(new TimelineEntry(NOW, TimelineEntry.Type.ATTACHED, -1, -1,
            Optional.empty(), Optional.empty(), "writer " + i)).attached().build())) {
          return true;
        }
      }
    });

    Incident after = store.find("inc-cas").orElseThrow();
    assertThat(after.version()).isEqualTo(30);
    assertThat(after.attachedAlerts()).isEqualTo(30);
    assertThat(after.timeline()).hasSize(31);
  }

  @Test
  void theSameDedupKeyOpenedConcurrentlyFromTwoInstancesOpensOneIncident() throws Exception {
    List<Incident> got = JdbcAlertStateStoreTest.race(40, i -> (i % 2 == 0 ? store : storeB)
        .createOrGetOpen(incident("inc-c" + i, "disk:db-9")));

    assertThat(got).extracting(Incident::id).containsOnly(got.get(0).id());
    for (int i = 0; i < 40; i++) {
      assertThat(store.find("inc-c" + i).isPresent()).isEqualTo(("inc-c" + i).equals(got.get(0).id()));
    }
  }

  @Test
  void singleUseKeyClaimedConcurrentlyFromTwoInstancesIsClaimedOnce() throws Exception {
    List<Boolean> claimed = JdbcAlertStateStoreTest.race(40, i -> (i % 2 == 0 ? store : storeB)
        .claimOnce("link:token-1", NOW.plusSeconds(3600)));

    assertThat(claimed).filteredOn(c -> c).hasSize(1);
  }

  @Test
  void purgeDeletesIncidentsResolvedLongerAgoThanTheRetentionAndExpiredKeys() {
    Incident old = store.createOrGetOpen(incident("inc-old", null));
    Incident oldNotified = old.toBuilder().notification(new Notification("alice", Channel.SMS, "+14155550100", 0, 0,
        "inc-old~a", "1111", NOW)).build();
    store.replace(old, oldNotified);
    store.replace(oldNotified, oldNotified.toBuilder().state(IncidentState.RESOLVED).resolved("x", NOW).build());
    store.createOrGetOpen(incident("inc-open", null));
    store.claimOnce("link:old", NOW.plusSeconds(60));
    clock.advance(Duration.ofDays(31));
    Incident recent = store.createOrGetOpen(incident("inc-recent", null));
    store.replace(recent, recent.toBuilder().state(IncidentState.RESOLVED).resolved("x", clock.instant()).build());

    JdbcStores.PurgeResult result = storesA.purge();

    assertThat(result.incidents()).isEqualTo(1);
    assertThat(result.singleUseKeys()).isEqualTo(1);
    assertThat(store.find("inc-old")).isEmpty();
    assertThat(store.findByNotificationAlertId("inc-old~a")).isEmpty();
    assertThat(store.find("inc-open")).isPresent();
    assertThat(store.find("inc-recent")).isPresent();
  }
}
