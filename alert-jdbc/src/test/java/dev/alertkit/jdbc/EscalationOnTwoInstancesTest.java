package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.incident.AckResult;
import dev.alertkit.incident.EscalationPolicy;
import dev.alertkit.incident.EscalationTarget;
import dev.alertkit.incident.Incident;
import dev.alertkit.incident.IncidentHandle;
import dev.alertkit.incident.IncidentState;
import dev.alertkit.incident.TimelineEntry;
import dev.alertkit.testkit.FakeProvider;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Escalation on two instances of an application (two {@link AlertClient}s, each with its own pool, incident store
 * and db-scheduler timer service) on one PostgreSQL. Timers run in real time, so the clients get the system clock
 * (injected explicitly) and steps wait one to two seconds; every wait is a bounded poll.
 */
class EscalationOnTwoInstancesTest {
  static final long SEED = 14L;
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").build();
  private final Recipient bob = Recipient.builder("bob").phone("+14155550101").build();
  private final FakeProvider smsA = FakeProvider.sms();
  private final FakeProvider smsB = FakeProvider.sms();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final String db = Pg.newDatabase("escalation");
  private final HikariDataSource poolA = Pg.pool(db, "escalation-a-" + db, 6);
  private final HikariDataSource poolB = Pg.pool(db, "escalation-b-" + db, 6);

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    poolA.close();
    poolB.close();
  }

  /** Alice first; Bob when Alice has not acknowledged after {@code firstWait}; exhausted one second later. */
  private EscalationPolicy aliceThenBob(Duration firstWait) {
    return EscalationPolicy.builder("db")
        .step(s -> s.target(EscalationTarget.recipient(alice)).via(Rule.deliver(Channel.SMS)).waitForAck(firstWait))
        .step(s -> s.target(EscalationTarget.recipient(bob)).via(Rule.deliver(Channel.SMS)).waitForAck(Duration.ofSeconds(1)))
        .build();
  }

  private AlertClient client(HikariDataSource pool, FakeProvider sms, String name, EscalationPolicy policy) {
    System.out.println("reply code seed " + SEED);
    JdbcStores stores = JdbcStores.builder(pool).clock(Clock.systemUTC()).build();
    stores.migrate();
    JdbcTimerService timers = stores.timerService().schedulerName(name).threads(2).pollingInterval(Duration.ofMillis(50))
        .heartbeatInterval(Duration.ofMillis(100)).missedHeartbeatsLimit(4).shutdownMaxWait(Duration.ofMillis(500)).build();
    AlertClient client = AlertClient.builder().clock(Clock.systemUTC()).resilience(Resilience.none()).provider(sms)
        .replyCodeRandom(new Random(SEED)).incidentStore(stores.incidentStore()).timers(timers)
        .dispatchJournal(stores.dispatchJournal()).escalationPolicy(policy)
        .build();
    closeables.add(client);
    return client;
  }

  private Alert alert(String id, String dedupKey) {
    Alert.Builder b = Alert.builder().id(id).severity(Severity.CRITICAL).title("db-1 down").body("db-1 is not answering")
        .recipient(alice);
    if (dedupKey != null) {
      b.dedupKey(dedupKey);
    }
    return b.build();
  }

  private static long sentTo(FakeProvider fake, String recipientId) {
    return fake.messages().stream().filter(m -> m.recipient().id().equals(recipientId)).count();
  }

  @Test
  void incidentRaisedOnAAndAcknowledgedThroughBStopsAsNextStep() throws Exception {
    // given an incident raised on A: Alice paged, Bob's step due in three seconds
    EscalationPolicy policy = aliceThenBob(Duration.ofSeconds(3));
    AlertClient a = client(poolA, smsA, "a", policy);
    AlertClient b = client(poolB, smsB, "b", policy);
    IncidentHandle incident = a.raise(alert("inc-ack", null), policy);
    await(() -> sentTo(smsA, "alice") == 1);
    assertThat(timerRows()).isEqualTo(1);

    // when Alice acknowledges through B's API
    AckResult ack = b.acknowledge(incident.id(), "alice");

    // then A sees the acknowledgement, Bob's step never starts on either instance, and no timer is left
    assertThat(ack.outcome()).isEqualTo(AckResult.Outcome.ACKNOWLEDGED);
    assertThat(a.incidents().find(incident.id()).orElseThrow().state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    await(() -> timerRows() == 0);
    Incident after = a.incidents().find(incident.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    assertThat(after.acknowledgedBy()).contains("alice");
    assertThat(after.step()).isZero();
    assertThat(after.timeline()).noneMatch(e -> e.type() == TimelineEntry.Type.STEP_STARTED && e.step() == 1);
    assertThat(sentTo(smsA, "bob") + sentTo(smsB, "bob")).isZero();
    assertThat(sentTo(smsA, "alice") + sentTo(smsB, "alice")).isEqualTo(1);
  }

  @Test
  void escalationStepScheduledByACrashedInstanceRunsOnBOnceAndTheEscalationGoesOn() throws Exception {
    // given an incident raised on A: Alice paged, Bob's step due in two seconds as a timer row
    EscalationPolicy policy = aliceThenBob(Duration.ofSeconds(2));
    AlertClient a = client(poolA, smsA, "a", policy);
    AlertClient b = client(poolB, smsB, "b", policy);
    IncidentHandle incident = a.raise(alert("inc-crash", null), policy);
    await(() -> sentTo(smsA, "alice") == 1);
    assertThat(timerRows()).isEqualTo(1);

    // when A dies without closing anything (its pool stops handing out connections, its backends are killed)
    poolA.getHikariPoolMXBean().suspendPool();
    Pg.terminate(db, "escalation-a-" + db);

    // then B runs Bob's step, then the exhaustion, each once; A runs nothing more
    await(() -> b.incidents().find(incident.id()).map(i -> i.state() == IncidentState.EXHAUSTED).orElse(false));
    await(() -> sentTo(smsB, "bob") == 1);
    await(() -> timerRows() == 0);
    Incident after = b.incidents().find(incident.id()).orElseThrow();
    assertThat(after.step()).isEqualTo(1);
    assertThat(after.timeline()).filteredOn(e -> e.type() == TimelineEntry.Type.STEP_STARTED).hasSize(2);
    assertThat(after.timeline()).filteredOn(e -> e.type() == TimelineEntry.Type.EXHAUSTED).hasSize(1);
    assertThat(after.notifications()).extracting(n -> n.recipientId()).containsExactly("alice", "bob");
    assertThat(sentTo(smsA, "bob")).isZero();
    assertThat(sentTo(smsA, "alice") + sentTo(smsB, "alice")).isEqualTo(1);
    poolA.getHikariPoolMXBean().resumePool();
  }

  @Test
  void theSameDedupKeyRaisedOnAAndBConcurrentlyOpensOneIncident() throws Exception {
    // given two instances
    EscalationPolicy policy = aliceThenBob(Duration.ofMinutes(5));
    AlertClient a = client(poolA, smsA, "a", policy);
    AlertClient b = client(poolB, smsB, "b", policy);

    // when 20 alerts with one dedup key are raised at once, half on each
    List<IncidentHandle> handles = JdbcAlertStateStoreTest.race(20, i -> (i % 2 == 0 ? a : b)
        .raise(alert("inc-dup-" + i, "disk:db-1"), policy));

    // then one incident opened, every other alert attached to it, and Alice was paged once
    assertThat(handles).extracting(IncidentHandle::id).containsOnly(handles.get(0).id());
    assertThat(handles).filteredOn(h -> !h.attached()).hasSize(1);
    await(() -> sentTo(smsA, "alice") + sentTo(smsB, "alice") == 1);
    Incident incident = b.incidents().find(handles.get(0).id()).orElseThrow();
    assertThat(incident.attachedAlerts()).isEqualTo(19);
    assertThat(incident.timeline()).filteredOn(e -> e.type() == TimelineEntry.Type.STEP_STARTED).hasSize(1);
    assertThat(timerRows()).isEqualTo(1);
    assertThat(sentTo(smsA, "alice") + sentTo(smsB, "alice")).isEqualTo(1);
  }

  private int timerRows() throws Exception {
    try (Connection c = Pg.plain(db).getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM alertkit_scheduled_tasks")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  /** Polls every 20 ms for at most 20 s. */
  private static void await(Check condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
