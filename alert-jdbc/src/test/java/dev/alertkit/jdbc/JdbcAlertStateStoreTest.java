package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.spi.AlertStateStore.Claim;
import dev.alertkit.spi.AlertStateStore.DedupState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcAlertStateStoreTest {
  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static HikariDataSource poolA;
  private static HikariDataSource poolB;
  private static JdbcAlertStateStore a;
  private static JdbcAlertStateStore b;
  private static int keys;

  @BeforeAll
  static void twoInstancesOnOneDatabase() {
    String db = Pg.newDatabase("dedup");
    poolA = Pg.pool(db, "dedup-a", 8);
    poolB = Pg.pool(db, "dedup-b", 8);
    JdbcStores.migrate(poolA);
    a = JdbcStores.builder(poolA).build().alertStateStore();
    b = JdbcStores.builder(poolB).build().alertStateStore();
  }

  @AfterAll
  static void close() {
    poolA.close();
    poolB.close();
  }

  private static String key() {
    return "key-" + (++keys);
  }

  @Test
  void firstOccurrenceWinsAndARepeatWhileItIsInFlightIsSuppressedNamingTheHolder() {
    String key = key();
    Claim first = a.claim(key, "alert-1", T0, WINDOW, Optional.empty());
    Claim second = b.claim(key, "alert-2", T0.plusSeconds(60), WINDOW, Optional.empty());

    assertThat(first.claimed()).isTrue();
    assertThat(second.claimed()).isFalse();
    assertThat(second.state().alertId()).isEqualTo("alert-1");
    assertThat(second.state().inFlight()).isTrue();
    assertThat(second.state().claimedAt()).isEqualTo(T0);
    assertThat(second.state().lastSent()).isEmpty();
    assertThat(second.state().suppressed()).isEqualTo(1);
  }

  @Test
  void completedHolderIsReportedAsSentNotInFlight() {
    String key = key();
    a.claim(key, "alert-1", T0, WINDOW, Optional.empty());
    a.complete(key, "alert-1", T0.plusSeconds(2));

    Claim repeat = b.claim(key, "alert-2", T0.plusSeconds(30), WINDOW, Optional.empty());

    assertThat(repeat.claimed()).isFalse();
    assertThat(repeat.state().inFlight()).isFalse();
    assertThat(repeat.state().lastSent()).contains(T0.plusSeconds(2));
  }

  @Test
  void releasedClaimLetsTheNextOccurrenceGoAndALateReleaseByAnotherAlertChangesNothing() {
    String key = key();
    a.claim(key, "alert-1", T0, WINDOW, Optional.empty());
    a.release(key, "alert-1");

    Claim next = b.claim(key, "alert-2", T0.plusSeconds(5), WINDOW, Optional.empty());
    a.release(key, "alert-1");                                   // late, and no longer the holder
    Claim third = a.claim(key, "alert-3", T0.plusSeconds(6), WINDOW, Optional.empty());

    assertThat(next.claimed()).isTrue();
    assertThat(third.claimed()).isFalse();
    assertThat(third.state().alertId()).isEqualTo("alert-2");
    assertThat(third.state().inFlight()).isTrue();
  }

  @Test
  void windowSlidesWhileTheAlertKeepsFiringAndOpensAfterSilence() {
    String key = key();
    a.claim(key, "alert-1", T0, WINDOW, Optional.empty());
    a.complete(key, "alert-1", T0);
    Claim at9 = a.claim(key, "alert-2", T0.plus(Duration.ofMinutes(9)), WINDOW, Optional.empty());
    Claim at18 = a.claim(key, "alert-3", T0.plus(Duration.ofMinutes(18)), WINDOW, Optional.empty());
    Claim at29 = b.claim(key, "alert-4", T0.plus(Duration.ofMinutes(29)), WINDOW, Optional.empty());

    assertThat(at9.claimed()).isFalse();
    assertThat(at18.claimed()).as("seen 9 minutes ago: window slid").isFalse();
    assertThat(at29.claimed()).as("silent for 11 minutes").isTrue();
  }

  @Test
  void anInFlightClaimOlderThanTheWindowIsAbandonedAndTakenOver() {
    // the holder's instance crashed mid-send: it never completes nor releases
    String key = key();
    a.claim(key, "alert-1", T0, WINDOW, Optional.empty());
    Claim at9 = b.claim(key, "alert-2", T0.plus(Duration.ofMinutes(9)), WINDOW, Optional.empty());
    Claim at11 = b.claim(key, "alert-3", T0.plus(Duration.ofMinutes(11)), WINDOW, Optional.empty());

    assertThat(at9.claimed()).as("in flight, claimed 9 minutes ago").isFalse();
    assertThat(at11.claimed()).as("seen 2 minutes ago, but the claim is 11 minutes old").isTrue();
    assertThat(at11.state().alertId()).isEqualTo("alert-3");
  }

  @Test
  void theHolderClaimingItsOwnInFlightKeyAgainIsClaimedButAfterItCompletedItIsSuppressed() {
    // a durable dispatch resumed on B after A crashed claims the key with its own alert id
    String key = key();
    a.claim(key, "alert-1", T0, WINDOW, Optional.empty());
    Claim resumed = b.claim(key, "alert-1", T0.plusSeconds(200), WINDOW, Optional.empty());
    b.complete(key, "alert-1", T0.plusSeconds(201));
    Claim again = b.claim(key, "alert-1", T0.plusSeconds(202), WINDOW, Optional.empty());

    assertThat(resumed.claimed()).isTrue();
    assertThat(resumed.state().alertId()).isEqualTo("alert-1");
    assertThat(again.claimed()).as("the same alert sent again after it reached someone is a duplicate").isFalse();
  }

  @Test
  void repeatIntervalSendsAStillFiringAlertAgain() {
    String key = key();
    Optional<Duration> repeat = Optional.of(Duration.ofMinutes(30));
    a.claim(key, "alert-1", T0, WINDOW, repeat);
    a.complete(key, "alert-1", T0);
    Claim at9 = a.claim(key, "alert-2", T0.plus(Duration.ofMinutes(9)), WINDOW, repeat);
    Claim at18 = b.claim(key, "alert-3", T0.plus(Duration.ofMinutes(18)), WINDOW, repeat);
    Claim at27 = a.claim(key, "alert-4", T0.plus(Duration.ofMinutes(27)), WINDOW, repeat);
    Claim at30 = b.claim(key, "alert-5", T0.plus(Duration.ofMinutes(30)), WINDOW, repeat);

    assertThat(List.of(at9, at18, at27)).noneMatch(Claim::claimed);
    assertThat(at30.claimed()).isTrue();
    assertThat(b.get(key)).get().satisfies(st -> {
      assertThat(st.alertId()).isEqualTo("alert-5");
      assertThat(st.inFlight()).isTrue();
      assertThat(st.lastSent()).contains(T0);
    });
  }

  @Test
  void sameKeyClaimedConcurrentlyOneHundredTimesFromTwoInstancesHasExactlyOneWinner() throws Exception {
    String key = key();
    List<Claim> claims = race(100, i -> (i % 2 == 0 ? a : b).claim(key, "alert-" + i, T0, WINDOW, Optional.empty()));

    assertThat(claims).filteredOn(Claim::claimed).hasSize(1);
    String winner = claims.stream().filter(Claim::claimed).findFirst().orElseThrow().state().alertId();
    assertThat(claims).filteredOn(c -> !c.claimed()).allSatisfy(c -> assertThat(c.state().alertId()).isEqualTo(winner));
    assertThat(a.get(key)).get().extracting(DedupState::suppressed).isEqualTo(99);
  }

  interface Op<T> {
    T run(int i) throws Exception;
  }

  static <T> List<T> race(int n, Op<T> op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int id = i;
        futures.add(pool.submit(() -> {
          go.await();
          return op.run(id);
        }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
