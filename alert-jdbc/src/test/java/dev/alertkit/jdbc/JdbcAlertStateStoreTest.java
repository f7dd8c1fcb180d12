package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.jdbc.JdbcAlertStateStore.Claim;
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
  void firstOccurrenceWinsAndARepeatWithinTheWindowIsSuppressedNamingTheHolder() {
    String key = key();
    Claim first = a.claim(key, "alert-1", T0, WINDOW, Optional.empty());
    Claim second = b.claim(key, "alert-2", T0.plusSeconds(60), WINDOW, Optional.empty());

    assertThat(first.claimed()).isTrue();
    assertThat(second.claimed()).isFalse();
    assertThat(second.originalAlertId()).contains("alert-1");
    assertThat(second.inFlight()).isTrue();
    assertThat(second.sentAt()).contains(T0);
    assertThat(second.suppressedSince()).isEqualTo(1);
    assertThat(second.reason(key)).get().asString().contains("alert-1", "still being sent", "1 suppressed since");
  }

  @Test
  void completedHolderIsReportedAsSentNotInFlight() {
    String key = key();
    a.claim(key, "alert-1", T0, WINDOW, Optional.empty());
    assertThat(a.complete(key, "alert-1", T0.plusSeconds(2))).isTrue();

    Claim repeat = b.claim(key, "alert-2", T0.plusSeconds(30), WINDOW, Optional.empty());

    assertThat(repeat.claimed()).isFalse();
    assertThat(repeat.inFlight()).isFalse();
    assertThat(repeat.sentAt()).contains(T0);
  }

  @Test
  void releasedClaimLetsTheNextOccurrenceGoAndALateReleaseByAnotherAlertChangesNothing() {
    String key = key();
    a.claim(key, "alert-1", T0, WINDOW, Optional.empty());
    assertThat(a.release(key, "alert-1")).isTrue();

    Claim next = b.claim(key, "alert-2", T0.plusSeconds(5), WINDOW, Optional.empty());
    boolean staleRelease = a.release(key, "alert-1");
    Claim third = a.claim(key, "alert-3", T0.plusSeconds(6), WINDOW, Optional.empty());

    assertThat(next.claimed()).isTrue();
    assertThat(staleRelease).isFalse();
    assertThat(third.claimed()).isFalse();
    assertThat(third.originalAlertId()).contains("alert-2");
  }

  @Test
  void windowSlidesWhileTheAlertKeepsFiringAndOpensAfterSilence() {
    String key = key();
    a.claim(key, "alert-1", T0, WINDOW, Optional.empty());
    Claim at9 = a.claim(key, "alert-2", T0.plus(Duration.ofMinutes(9)), WINDOW, Optional.empty());
    Claim at18 = a.claim(key, "alert-3", T0.plus(Duration.ofMinutes(18)), WINDOW, Optional.empty());
    Claim at29 = b.claim(key, "alert-4", T0.plus(Duration.ofMinutes(29)), WINDOW, Optional.empty());

    assertThat(at9.claimed()).isFalse();
    assertThat(at18.claimed()).as("seen 9 minutes ago: window slid").isFalse();
    assertThat(at29.claimed()).as("silent for 11 minutes").isTrue();
  }

  @Test
  void repeatIntervalSendsAStillFiringAlertAgain() {
    String key = key();
    Optional<Duration> repeat = Optional.of(Duration.ofMinutes(30));
    a.claim(key, "alert-1", T0, WINDOW, repeat);
    Claim at9 = a.claim(key, "alert-2", T0.plus(Duration.ofMinutes(9)), WINDOW, repeat);
    Claim at18 = b.claim(key, "alert-3", T0.plus(Duration.ofMinutes(18)), WINDOW, repeat);
    Claim at27 = a.claim(key, "alert-4", T0.plus(Duration.ofMinutes(27)), WINDOW, repeat);
    Claim at30 = b.claim(key, "alert-5", T0.plus(Duration.ofMinutes(30)), WINDOW, repeat);

    assertThat(List.of(at9, at18, at27)).noneMatch(Claim::claimed);
    assertThat(at30.claimed()).isTrue();
    assertThat(b.get(key)).get().extracting(DedupState::lastSent).isEqualTo(Optional.of(T0.plus(Duration.ofMinutes(30))));
  }

  @Test
  void sameKeyClaimedConcurrentlyOneHundredTimesFromTwoInstancesHasExactlyOneWinner() throws Exception {
    String key = key();
    List<Claim> claims = race(100, i -> (i % 2 == 0 ? a : b).claim(key, "alert-" + i, T0, WINDOW, Optional.empty()));

    assertThat(claims).filteredOn(Claim::claimed).hasSize(1);
    String winner = claims.stream().filter(Claim::claimed).findFirst().orElseThrow().originalAlertId().orElseThrow();
    assertThat(claims).filteredOn(c -> !c.claimed()).allSatisfy(c -> assertThat(c.originalAlertId()).contains(winner));
    assertThat(a.get(key)).get().extracting(DedupState::suppressed).isEqualTo(99);
  }

  @Test
  void functionalSpiUpdateIsAtomicAcrossInstancesToo() throws Exception {
    // given the engine's current dedup function (window only)
    String key = key();
    List<DedupState> states = race(100, i -> (i % 2 == 0 ? a : b).update(key, prev -> {
      boolean send = prev == null || prev.lastSent().isEmpty()
          || Duration.between(prev.lastSeen(), T0).compareTo(WINDOW) > 0;
      return send ? new DedupState(T0, Optional.of(T0), 0, true)
          : new DedupState(T0, prev.lastSent(), prev.suppressed() + 1, false);
    }));

    assertThat(states).filteredOn(DedupState::lastWasSent).hasSize(1);
    assertThat(a.get(key)).get().extracting(DedupState::suppressed).isEqualTo(99);
  }

  @Test
  void claimAndSpiShareOneRow() {
    String key = key();
    a.claim(key, "alert-1", T0, WINDOW, Optional.empty());
    // the engine's release through the SPI: forget the last send
    a.update(key, prev -> new DedupState(prev.lastSeen(), Optional.empty(), prev.suppressed(), false));

    assertThat(b.claim(key, "alert-2", T0.plusSeconds(1), WINDOW, Optional.empty()).claimed()).isTrue();
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
