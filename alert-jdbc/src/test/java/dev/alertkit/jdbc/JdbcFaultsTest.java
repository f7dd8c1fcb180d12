package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.AlertRejectedException;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.jdbc.JdbcStoreException.Reason;
import dev.alertkit.spi.TimerEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcFaultsTest {
  private static final Duration WINDOW = Duration.ofMinutes(10);

  @Test
  void exhaustedPoolFailsWithinTheConnectionTimeoutNamingThePool() throws Exception {
    // given a pool of one connection with a 300 ms timeout, and that connection taken
    String db = Pg.newDatabase("faults_pool");
    try (HikariDataSource pool = Pg.pool(db, "faults-pool", 1)) {
      pool.setConnectionTimeout(300);
      JdbcStores stores = JdbcStores.builder(pool).build();
      stores.migrate();
      try (Connection held = pool.getConnection()) {
        // when a store needs a connection
        long start = System.nanoTime();
        assertThatThrownBy(() -> stores.alertStateStore().get("k"))
            // then it waits no longer than the pool's timeout and says why
            .isInstanceOfSatisfying(JdbcStoreException.class, e -> {
              assertThat(e.reason()).isEqualTo(Reason.POOL_EXHAUSTED);
              assertThat(e.isTransient()).isTrue();
            })
            .hasMessageContaining("pool exhausted");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(held.isValid(1)).isTrue();
      }
      // and works again once a connection is free
      assertThat(stores.alertStateStore().get("k")).isEmpty();
    }
  }

  @Test
  void terminatedBackendsSurfaceAsUnavailableAndThePoolRecovers() {
    String db = Pg.newDatabase("faults_kill");
    try (HikariDataSource pool = Pg.pool(db, "faults-kill", 3)) {
      JdbcStores stores = JdbcStores.builder(pool).build();
      stores.migrate();
      stores.alertStateStore().claim("k", "a1", Instant.now(), WINDOW, Optional.empty());

      Pg.terminate(db, "faults-kill");

      int failures = 0;
      Optional<dev.alertkit.spi.AlertStateStore.Claim> claim = Optional.empty();
      for (int i = 0; i < 5 && claim.isEmpty(); i++) {
        try {
          claim = Optional.of(stores.alertStateStore().claim("k", "a2", Instant.now(), WINDOW, Optional.empty()));
        } catch (JdbcStoreException e) {
          assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
          failures++;
        }
      }
      assertThat(failures).isLessThanOrEqualTo(3);
      assertThat(claim).get().satisfies(c -> {
        assertThat(c.claimed()).isFalse();
        assertThat(c.state().alertId()).isEqualTo("a1");
      });
    }
  }

  @Test
  void databaseStoppedAndRestartedMidRunFailsClearlyThenRecoversWithItsState(@TempDir Path dir) throws Exception {
    // given a PostgreSQL of our own (it will be stopped) with a claimed key and a timer due after the outage
    StoppablePostgres pg = StoppablePostgres.start(dir);
    String url = pg.url();
    try (HikariDataSource pool = Pg.poolOnUrl(url, "faults-restart", 2)) {
      pool.setConnectionTimeout(500);
      JdbcStores stores = JdbcStores.builder(pool).build();
      stores.migrate();
      JdbcAlertStateStore dedup = stores.alertStateStore();
      assertThat(dedup.claim("disk-full", "a1", Instant.now(), WINDOW, Optional.empty()).claimed()).isTrue();
      CountDownLatch fired = new CountDownLatch(1);
      JdbcTimerService timers = stores.timerService().schedulerName("restart").pollingInterval(Duration.ofMillis(100))
          .heartbeatInterval(Duration.ofMillis(200)).missedHeartbeatsLimit(4).shutdownMaxWait(Duration.ofMillis(500)).build();
      timers.register("deferred-send", t -> fired.countDown());
      timers.start();
      try {
        timers.schedule(new TimerEntry("deferred-send", "alert-1/r1", Instant.now().plusSeconds(3), ""));

        // when the database stops
        pg.stop();
        long start = System.nanoTime();
        assertThatThrownBy(() -> dedup.claim("disk-full", "a2", Instant.now(), WINDOW, Optional.empty()))
            // then a call fails within the pool's timeout, saying the database is unavailable
            .isInstanceOfSatisfying(JdbcStoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
            .hasMessageContaining("unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        // and when it comes back, state survived and the timer still fires
        pg.restart();
        dev.alertkit.spi.AlertStateStore.Claim after = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (after == null) {
          try {
            after = dedup.claim("disk-full", "a2", Instant.now(), WINDOW, Optional.empty());
          } catch (JdbcStoreException e) {
            assertThat(e.isTransient()).isTrue();
            if (System.nanoTime() > deadline) {
              throw e;
            }
          }
        }
        assertThat(after.claimed()).isFalse();
        assertThat(after.state().alertId()).isEqualTo("a1");
        assertThat(fired.await(20, TimeUnit.SECONDS)).isTrue();
      } finally {
        timers.close();
      }
    } finally {
      pg.close();
    }
  }

  @Test
  void aSubmitWhileTheDatabaseIsDownIsRejectedClearlyAndSendsNothingThenSubmitsWorkAfterRestart(@TempDir Path dir) throws Exception {
    // given a client with durable submissions on a PostgreSQL of our own
    StoppablePostgres pg = StoppablePostgres.start(dir);
    FakeProvider sms = FakeProvider.sms();
    java.util.concurrent.BlockingQueue<DispatchCompleted> done = new java.util.concurrent.LinkedBlockingQueue<>();
    try (HikariDataSource pool = Pg.poolOnUrl(pg.url(), "faults-submit", 4)) {
      pool.setConnectionTimeout(500);
      JdbcStores stores = JdbcStores.builder(pool).build();
      stores.migrate();
      try (AlertClient client = AlertClient.builder().resilience(Resilience.none()).provider(sms)
          .timers(stores.timerService().schedulerName("submit-faults").pollingInterval(Duration.ofMillis(100))
              .heartbeatInterval(Duration.ofMillis(200)).missedHeartbeatsLimit(4).shutdownMaxWait(Duration.ofMillis(500)).build())
          .dispatchJournal(stores.dispatchJournal()).listener(e -> {
            if (e instanceof DispatchCompleted c) {
              done.add(c);
            }
          }).build()) {
        // when the database stops and an alert is submitted
        pg.stop();
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.submit(alert("down-1")))
            // then submit fails within the pool's timeout, saying nothing was stored, with the store's reason as cause
            .isInstanceOf(AlertRejectedException.class)
            .hasMessageContaining("down-1 was not submitted").hasMessageContaining("nothing will be sent")
            .hasCauseInstanceOf(JdbcStoreException.class)
            .satisfies(e -> assertThat(((JdbcStoreException) e.getCause()).reason()).isEqualTo(Reason.UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        // and once it is back, a submission is stored and dispatched; the rejected one never is
        pg.restart();
        dev.alertkit.Submission ok = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ok == null) {
          try {
            ok = client.submit(alert("up-1"));
          } catch (AlertRejectedException e) {
            if (System.nanoTime() > deadline) {
              throw e;
            }
          }
        }
        assertThat(ok.durable()).isTrue();
        DispatchCompleted c = done.poll(20, TimeUnit.SECONDS);
        assertThat(c).isNotNull();
        assertThat(c.report().alertId()).isEqualTo("up-1");
        assertThat(sms.messages()).extracting(m -> m.alert().id()).containsExactly("up-1");
      }
    } finally {
      pg.close();
    }
  }

  private static Alert alert(String id) {
    return Alert.builder().id(id).severity(Severity.CRITICAL).title("db-1 down")
        .recipient(Recipient.builder("oncall").phone("+14155550100").build()).build();
  }

}
