package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.DeferredCompleted;
import dev.alertkit.testkit.FakeProvider;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A quiet-hours deferred send is a timer row: scheduled by instance A, it runs on instance B after A died without
 * closing anything, once. Real time (quiet hours end two seconds from now); every wait is bounded.
 */
class DeferredSendOnTwoInstancesTest {
  private final FakeProvider smsA = FakeProvider.sms();
  private final FakeProvider smsB = FakeProvider.sms();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final String db = Pg.newDatabase("deferred");
  private final HikariDataSource poolA = Pg.pool(db, "deferred-a-" + db, 6);
  private final HikariDataSource poolB = Pg.pool(db, "deferred-b-" + db, 6);
  private final BlockingQueue<AlertEvent> eventsB = new LinkedBlockingQueue<>();

  @AfterEach
  void close() throws Exception {
    poolA.getHikariPoolMXBean().resumePool();
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    poolA.close();
    poolB.close();
  }

  private AlertClient client(HikariDataSource pool, FakeProvider sms, String name, BlockingQueue<AlertEvent> events) {
    JdbcStores stores = JdbcStores.builder(pool).clock(Clock.systemUTC()).build();
    stores.migrate();
    JdbcTimerService timers = stores.timerService().schedulerName(name).threads(2).pollingInterval(Duration.ofMillis(50))
        .heartbeatInterval(Duration.ofMillis(100)).missedHeartbeatsLimit(4).shutdownMaxWait(Duration.ofMillis(500)).build();
    AlertClient client = AlertClient.builder().clock(Clock.systemUTC()).resilience(Resilience.none()).provider(sms)
        .timers(timers).dispatchJournal(stores.dispatchJournal()).listener(events::add).build();
    closeables.add(client);
    return client;
  }

  @Test
  void aDeferredSendScheduledByACrashedInstanceRunsOnBOnce() throws Exception {
    // given A deferred a WARNING to a recipient whose quiet hours end in two seconds
    AlertClient a = client(poolA, smsA, "a", new LinkedBlockingQueue<>());
    client(poolB, smsB, "b", eventsB);
    LocalTime now = LocalTime.now(ZoneOffset.UTC);
    Recipient sleepy = Recipient.builder("sleepy").phone("+14155550100").timeZone(ZoneOffset.UTC)
        .quietHours(now.minusHours(1), now.plusSeconds(2)).build();
    DispatchReport report = a.send(Alert.builder().id("deferred-1").severity(Severity.WARNING).title("disk 80%").recipient(sleepy).build());
    assertThat(report.outcome("sleepy")).isEqualTo(Outcome.DEFERRED);
    assertThat(timerRows("alertkit.deferred-send")).isEqualTo(1);

    // when A dies without closing anything (its pool stops handing out connections, its backends are killed)
    poolA.getHikariPoolMXBean().suspendPool();
    Pg.terminate(db, "deferred-a-" + db);

    // then B sends it when quiet hours end, once, and reports it
    DeferredCompleted done = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (done == null && System.nanoTime() < deadline) {
      AlertEvent e = eventsB.poll(200, TimeUnit.MILLISECONDS);
      if (e instanceof DeferredCompleted d) {
        done = d;
      }
    }
    assertThat(done).as("DeferredCompleted on B").isNotNull();
    assertThat(done.report().outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(smsB.messages()).hasSize(1);
    assertThat(smsA.messages()).isEmpty();
    assertThat(timerRows("alertkit.deferred-send")).isZero();
  }

  private int timerRows(String kind) throws Exception {
    try (Connection c = Pg.plain(db).getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM alertkit_scheduled_tasks WHERE task_name = '" + kind + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
