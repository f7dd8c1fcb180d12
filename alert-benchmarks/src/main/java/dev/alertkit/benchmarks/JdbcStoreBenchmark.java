package dev.alertkit.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.Submission;
import dev.alertkit.internal.InMemoryAlertStateStore;
import dev.alertkit.jdbc.JdbcAlertStateStore;
import dev.alertkit.jdbc.JdbcStores;
import dev.alertkit.jdbc.JdbcTimerService;
import dev.alertkit.spi.AlertStateStore;
import dev.alertkit.spi.TimerEntry;
import dev.alertkit.testkit.FakeProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * alert-jdbc on an embedded PostgreSQL 14 (same machine, {@code synchronous_commit=on}, HikariCP pool of 16) against
 * the in-memory defaults, 4 threads:
 *
 * <ul>
 *   <li>dedup claims: a new key each time (the INSERT path) and one hot key that every thread raises (the contended
 *       {@code ON CONFLICT DO UPDATE} path, one row lock);</li>
 *   <li>durable submissions: {@code AlertClient.submit} of an alert to one recipient, built per call, returning once
 *       it is stored as a timer row, while the same client dispatches the stored alerts in the background (timer
 *       threads 8, polling 50 ms, a testkit {@code FakeProvider} answering at once); in memory {@code submit}
 *       dispatches at once like {@code sendAsync};</li>
 *   <li>the timer row alone: {@code JdbcTimerService.schedule} of a timer due tomorrow (nothing dispatches).</li>
 * </ul>
 *
 * <p>Run in throughput mode (ops/s) and in sample mode (latency percentiles per operation); each fork starts its own
 * PostgreSQL (only the states a benchmark uses are set up).
 *
 * <pre>{@code
 * java -jar alert-benchmarks/target/benchmarks.jar --only jdbc        # as part of the report
 * java -cp alert-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main JdbcStoreBenchmark -bm thrpt,sample
 * }</pre>
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class JdbcStoreBenchmark {
  private static final Duration WINDOW = Duration.ofMinutes(10);
  /** Pool size: 4 benchmark threads, 8 timer threads and db-scheduler's own statements. */
  static final int POOL = 16;
  /** Timer service settings of the durable client (as the end-to-end scenario's first configuration). */
  static final int TIMER_THREADS = 8;
  static final Duration POLLING = Duration.ofMillis(50);

  private static final Recipient ALICE = Recipient.builder("alice").phone("+14155550100").build();

  /** Keys and ids, unique within a fork. */
  @State(Scope.Benchmark)
  public static class Keys {
    final AtomicLong next = new AtomicLong();
  }

  /** PostgreSQL, the pool and the migrated stores. */
  @State(Scope.Benchmark)
  public static class Db {
    EmbeddedPg pg;
    HikariDataSource pool;
    JdbcStores stores;
    JdbcAlertStateStore dedup;

    /** Starts PostgreSQL and migrates. */
    @Setup(Level.Trial)
    public void setUp() {
      pg = EmbeddedPg.start(true);
      pool = pg.pool("bench", POOL);
      stores = JdbcStores.builder(pool).build();
      stores.migrate();
      dedup = stores.alertStateStore();
    }

    /** Stops PostgreSQL. */
    @TearDown(Level.Trial)
    public void tearDown() {
      pool.close();
      pg.close();
    }
  }

  /** A durable client (timers and journal on {@link Db}) that dispatches to a fake in the background. */
  @State(Scope.Benchmark)
  public static class DurableClient {
    FakeProvider fake;
    AlertClient client;

    /** Builds the client (starts its timer service). */
    @Setup(Level.Trial)
    public void setUp(Db db) {
      fake = FakeProvider.sms();
      client = AlertClient.builder()
          .provider(fake)
          .resilience(Resilience.none())
          .timers(db.stores.timerService().schedulerName("bench").threads(TIMER_THREADS).pollingInterval(POLLING)
              .shutdownMaxWait(Duration.ofSeconds(1)).build())
          .dispatchJournal(db.stores.dispatchJournal())
          .closeTimeout(Duration.ofSeconds(1))
          .build();
    }

    /** The fake records every message: forget them between iterations. */
    @Setup(Level.Iteration)
    public void forget() {
      fake.reset();
    }

    /** Closes the client; what is still stored is left to the database, which goes away. */
    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
    }
  }

  /** A timer service that is never started: {@code schedule} writes the row and nothing runs it. */
  @State(Scope.Benchmark)
  public static class Timers {
    JdbcTimerService timers;

    /** Creates the service and registers a kind. */
    @Setup(Level.Trial)
    public void setUp(Db db) {
      timers = db.stores.timerService().schedulerName("bench-timers").build();
      timers.register("bench", t -> { });
    }

    /** Closes it. */
    @TearDown(Level.Trial)
    public void tearDown() {
      timers.close();
    }
  }

  /** The in-memory defaults. */
  @State(Scope.Benchmark)
  public static class Memory {
    InMemoryAlertStateStore dedup;
    FakeProvider fake;
    AlertClient client;

    /** The client's default store size (100,000 keys) and a client with defaults on a fake. */
    @Setup(Level.Trial)
    public void setUp() {
      dedup = new InMemoryAlertStateStore(100_000);
      fake = FakeProvider.sms();
      client = AlertClient.builder().provider(fake).resilience(Resilience.none()).build();
    }

    /** The fake records every message: forget them between iterations. */
    @Setup(Level.Iteration)
    public void forget() {
      fake.reset();
    }

    /** Closes the client. */
    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
    }
  }

  /** @return the claim for a key never seen before (INSERT path) */
  @Benchmark
  public AlertStateStore.Claim jdbcClaimNewKey(Db db, Keys k) {
    long n = k.next.incrementAndGet();
    return db.dedup.claim("new-" + n, "alert-" + n, Instant.now(), WINDOW, Optional.empty());
  }

  /** @return the claim for one hot key that every thread raises (contended ON CONFLICT DO UPDATE path) */
  @Benchmark
  public AlertStateStore.Claim jdbcClaimHotKey(Db db, Keys k) {
    long n = k.next.incrementAndGet();
    return db.dedup.claim("hot", "alert-" + n, Instant.now(), WINDOW, Optional.empty());
  }

  /** @return the in-memory default's decision for a new key */
  @Benchmark
  public AlertStateStore.Claim memoryClaimNewKey(Memory m, Keys k) {
    long n = k.next.incrementAndGet();
    return m.dedup.claim("new-" + n, "alert-" + n, Instant.now(), WINDOW, Optional.empty());
  }

  /** @return the in-memory default's decision for the hot key */
  @Benchmark
  public AlertStateStore.Claim memoryClaimHotKey(Memory m, Keys k) {
    long n = k.next.incrementAndGet();
    return m.dedup.claim("hot", "alert-" + n, Instant.now(), WINDOW, Optional.empty());
  }

  /** @return the submission: an alert built and stored durably (one timer row), dispatched later in the background */
  @Benchmark
  public Submission jdbcSubmit(DurableClient c) {
    return c.client.submit(alert());
  }

  /** @return the submission: an alert built and handed to the in-memory dispatch (as {@code sendAsync}) */
  @Benchmark
  public Submission memorySubmit(Memory m) {
    return m.client.submit(alert());
  }

  /** Schedules a durable timer due tomorrow: the timer row alone (what {@code submit} writes), nothing dispatching. */
  @Benchmark
  public void jdbcScheduleTimer(Timers t, Keys k) {
    long n = k.next.incrementAndGet();
    t.timers.schedule(new TimerEntry("bench", "k" + n, Instant.now().plus(Duration.ofDays(1)), "payload"));
  }

  private static Alert alert() {
    return Alert.builder()
        .severity(Severity.CRITICAL)
        .title("db-1 disk 97% full")
        .body("db-1 /var is at 97%. Runbook: https://runbooks.example.com/disk")
        .recipient(ALICE)
        .build();
  }
}
