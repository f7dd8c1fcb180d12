package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.spi.TimerEntry;
import dev.alertkit.spi.TimerHandler;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcTimerServiceTest {
  private static String db;
  private static final List<HikariDataSource> POOLS = new ArrayList<>();
  private final List<JdbcTimerService> services = new ArrayList<>();
  private static int prefixes;
  private String prefix;

  @BeforeAll
  static void database() {
    db = Pg.newDatabase("timers");
  }

  @AfterEach
  void closeServices() {
    services.forEach(JdbcTimerService::close);
  }

  @AfterAll
  static void closePools() {
    POOLS.forEach(HikariDataSource::close);
  }

  /** A fresh table set per test, so that tests do not see each other's timers. */
  private JdbcStores freshStores(HikariDataSource pool) {
    prefix = "t" + (++prefixes) + "_";
    JdbcStores stores = JdbcStores.builder(pool).tablePrefix(prefix).build();
    stores.migrate();
    return stores;
  }

  private static HikariDataSource pool(String name) {
    HikariDataSource p = Pg.pool(db, name, 6);
    POOLS.add(p);
    return p;
  }

  private JdbcTimerService service(JdbcStores stores, String name, Map<String, TimerHandler> handlers) {
    JdbcTimerService s = stores.timerService().schedulerName(name).threads(4).pollingInterval(Duration.ofMillis(50))
        .heartbeatInterval(Duration.ofMillis(100)).missedHeartbeatsLimit(4).shutdownMaxWait(Duration.ofMillis(500))
        .build();
    handlers.forEach(s::register);
    services.add(s);
    return s;
  }

  private JdbcStores sameTables(HikariDataSource pool) {
    return JdbcStores.builder(pool).tablePrefix(prefix).build();
  }

  @Test
  void dueTimerFiresOnceWithItsPayloadAndLeavesNoRow() throws Exception {
    HikariDataSource pool = pool("timer-once");
    JdbcStores stores = freshStores(pool);
    List<TimerEntry> fired = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    JdbcTimerService timers = service(stores, "a", Map.of("deferred-send", t -> {
      fired.add(t);
      done.countDown();
    }));
    timers.start();

    Instant due = Instant.now().plusMillis(200).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    timers.schedule(new TimerEntry("deferred-send", "alert-1/r1", due, "{\"tier\":0}"));

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    await(() -> rows() == 0);
    assertThat(fired).singleElement().satisfies(t -> {
      assertThat(t.key()).isEqualTo("alert-1/r1");
      assertThat(t.payload()).isEqualTo("{\"tier\":0}");
      assertThat(t.due()).isEqualTo(due);
    });
  }

  @Test
  void threeInstancesRunEveryTimerExactlyOnce() throws Exception {
    HikariDataSource poolA = pool("timer-3a");
    JdbcStores storesA = freshStores(poolA);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    Map<String, String> ranOn = new ConcurrentHashMap<>();
    int n = 90;
    CountDownLatch all = new CountDownLatch(n);
    List<JdbcTimerService> three = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      JdbcStores stores = name.equals("a") ? storesA : sameTables(pool("timer-3" + name));
      three.add(service(stores, name, Map.of("escalation-step", t -> {
        runs.computeIfAbsent(t.key(), k -> new AtomicInteger()).incrementAndGet();
        ranOn.put(t.key(), name);
        all.countDown();
      })));
    }
    three.forEach(JdbcTimerService::start);

    Instant due = Instant.now().plusMillis(300);
    for (int i = 0; i < n; i++) {
      three.get(i % 3).schedule(new TimerEntry("escalation-step", "incident-" + i + "/step-1", due, ""));
    }

    assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
    await(() -> rows() == 0);
    assertThat(runs).hasSize(n);
    assertThat(runs.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    System.out.println("timers per instance: " + ranOn.values().stream()
        .collect(java.util.stream.Collectors.groupingBy(x -> x, java.util.stream.Collectors.counting())));
  }

  @Test
  void cancelledTimerNeverFiresAndCancelOfAnUnknownOneIsFalse() {
    HikariDataSource pool = pool("timer-cancel");
    JdbcStores stores = freshStores(pool);
    AtomicInteger runs = new AtomicInteger();
    JdbcTimerService timers = service(stores, "a", Map.of("repeat", t -> runs.incrementAndGet()));
    timers.start();

    Instant due = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    timers.schedule(new TimerEntry("repeat", "k1", due, "p1"));
    timers.schedule(new TimerEntry("repeat", "k1", due.plusSeconds(60), "p2"));

    assertThat(timers.find("repeat", "k1")).get().satisfies(t -> {
      assertThat(t.payload()).as("scheduling again replaces").isEqualTo("p2");
      assertThat(t.due()).isEqualTo(due.plusSeconds(60));
    });
    assertThat(timers.pending()).isEqualTo(1);
    assertThat(timers.cancel("repeat", "k1")).isTrue();
    assertThat(timers.cancel("repeat", "k1")).isFalse();
    assertThat(timers.find("repeat", "k1")).isEmpty();
    assertThat(timers.pending()).isZero();
    assertThat(runs).hasValue(0);
  }

  @Test
  void cancelAndFireAreDecidedAtomically() throws Exception {
    HikariDataSource poolA = pool("timer-race-a");
    JdbcStores stores = freshStores(poolA);
    Map<String, AtomicInteger> fired = new ConcurrentHashMap<>();
    JdbcTimerService firing = service(stores, "firing", Map.of("step", t ->
        fired.computeIfAbsent(t.key(), k -> new AtomicInteger()).incrementAndGet()));
    JdbcTimerService cancelling = service(sameTables(pool("timer-race-b")), "cancelling", Map.of("step", t -> {
      throw new AssertionError("the cancelling instance is never started");
    }));
    int n = 60;
    Instant due = Instant.now().plusMillis(400);
    for (int i = 0; i < n; i++) {
      firing.schedule(new TimerEntry("step", "k" + i, due, ""));
    }
    firing.start();

    // cancel every timer from the other instance while the first one is firing them
    Map<String, Boolean> cancelled = new ConcurrentHashMap<>();
    JdbcAlertStateStoreTest.race(n, i -> cancelled.put("k" + i, cancelling.cancel("step", "k" + i)));
    await(() -> rows() == 0);

    for (int i = 0; i < n; i++) {
      String k = "k" + i;
      int runs = fired.getOrDefault(k, new AtomicInteger()).get();
      assertThat(runs).as("timer %s: cancelled=%s", k, cancelled.get(k)).isEqualTo(cancelled.get(k) ? 0 : 1);
    }
  }

  @Test
  void handlerCanScheduleItsOwnRepeat() throws Exception {
    HikariDataSource pool = pool("timer-repeat");
    JdbcStores stores = freshStores(pool);
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    JdbcTimerService[] self = new JdbcTimerService[1];
    self[0] = service(stores, "a", Map.of("repeat-notification", t -> {
      int n = runs.incrementAndGet();
      three.countDown();
      if (n < 3) {
        self[0].schedule(new TimerEntry(t.kind(), t.key(), Instant.now().plusMillis(50), "round " + (n + 1)));
      }
    }));
    self[0].start();

    self[0].schedule(new TimerEntry("repeat-notification", "alert-9", Instant.now(), "round 1"));

    assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
    await(() -> rows() == 0);
    assertThat(runs).hasValue(3);
  }

  @Test
  void timerRunningOnACrashedInstanceIsRunAgainByAnotherAndOnlyOnce() throws Exception {
    // given A picked a timer and is running its handler
    HikariDataSource poolA = pool("timer-crash-a");
    JdbcStores storesA = freshStores(poolA);
    CountDownLatch aStarted = new CountDownLatch(1);
    CountDownLatch releaseA = new CountDownLatch(1);
    JdbcTimerService a = service(storesA, "a", Map.of("escalation-step", t -> {
      aStarted.countDown();
      awaitIgnoringInterrupts(releaseA);
    }));
    AtomicInteger onB = new AtomicInteger();
    CountDownLatch bRan = new CountDownLatch(1);
    JdbcTimerService b = service(sameTables(pool("timer-crash-b")), "b", Map.of("escalation-step", t -> {
      onB.incrementAndGet();
      bRan.countDown();
    }));
    a.start();
    a.schedule(new TimerEntry("escalation-step", "incident-7/step-2", Instant.now(), "page secondary"));
    assertThat(aStarted.await(10, TimeUnit.SECONDS)).isTrue();

    // when A freezes without closing anything (its pool stops handing out connections, its backends are killed)
    // and B is running
    poolA.getHikariPoolMXBean().suspendPool();
    assertThat(Pg.terminate(db, "timer-crash-a")).isPositive();
    b.start();

    // then B revives the dead execution after the missed heartbeats and runs it once
    assertThat(bRan.await(20, TimeUnit.SECONDS)).isTrue();
    await(() -> rows() == 0);
    assertThat(onB).hasValue(1);

    // and when A comes back, its late completion changes nothing
    releaseA.countDown();
    poolA.getHikariPoolMXBean().resumePool();
    a.close();
    assertThat(rows()).isZero();
    assertThat(onB).hasValue(1);
  }

  @Test
  void timerScheduledByAnInstanceThatDiedBeforeItWasDueRunsOnAnother() throws Exception {
    HikariDataSource poolA = pool("timer-died-a");
    JdbcStores storesA = freshStores(poolA);
    AtomicInteger onA = new AtomicInteger();
    JdbcTimerService a = service(storesA, "a", Map.of("deferred-send", t -> onA.incrementAndGet()));
    CountDownLatch bRan = new CountDownLatch(1);
    JdbcTimerService b = service(sameTables(pool("timer-died-b")), "b", Map.of("deferred-send", t -> bRan.countDown()));
    a.start();
    a.schedule(new TimerEntry("deferred-send", "alert-3/r1", Instant.now().plusMillis(700), "quiet hours over"));

    poolA.getHikariPoolMXBean().suspendPool();
    Pg.terminate(db, "timer-died-a");
    b.start();

    assertThat(bRan.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(onA).hasValue(0);
    poolA.getHikariPoolMXBean().resumePool();
  }

  @Test
  void startRefusesKindsItHasNoHandlerFor() {
    HikariDataSource pool = pool("timer-kinds");
    JdbcStores stores = freshStores(pool);
    JdbcTimerService writer = service(stores, "w", Map.of("old-kind", t -> { }));
    writer.schedule(new TimerEntry("old-kind", "k", Instant.now().plus(Duration.ofHours(1)), ""));

    JdbcTimerService reader = service(sameTables(pool), "r", Map.of("new-kind", t -> { }));

    assertThatThrownBy(reader::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("old-kind");
    assertThatThrownBy(() -> reader.schedule(new TimerEntry("other", "k", Instant.now(), "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
  }

  private int rows() throws Exception {
    try (Connection c = Pg.plain(db).getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + prefix + "scheduled_tasks")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Polls a condition every 20 ms for at most 20 s. */
  private static void await(Callable condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  interface Callable {
    boolean call() throws Exception;
  }

  /** A crashed instance's handler does not react to the scheduler's shutdown. */
  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        if (latch.await(60, TimeUnit.SECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
