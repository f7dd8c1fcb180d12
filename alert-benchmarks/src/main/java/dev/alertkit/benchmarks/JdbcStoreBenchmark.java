package dev.alertkit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.internal.InMemoryAlertStateStore;
import dev.alertkit.jdbc.JdbcAlertStateStore;
import dev.alertkit.jdbc.JdbcStores;
import dev.alertkit.jdbc.JdbcTimerService;
import dev.alertkit.spi.AlertStateStore;
import dev.alertkit.spi.TimerEntry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
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
 * The PostgreSQL stores on an embedded PostgreSQL 14 (same machine, HikariCP pool of 8), against the in-memory
 * default: dedup claims per second (a new key each time: the INSERT path; one hot key: the contended ON CONFLICT UPDATE
 * path) and durable timer schedules per second. Run with 4 threads; read throughput and, in sample mode, p99.
 *
 * <pre>{@code
 * java -jar alert-benchmarks/target/benchmarks.jar JdbcStoreBenchmark -bm thrpt,sample -t 4
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class JdbcStoreBenchmark {
  private static final Duration WINDOW = Duration.ofMinutes(10);

  private EmbeddedPostgres pg;
  private HikariDataSource pool;
  private JdbcAlertStateStore jdbcDedup;
  private InMemoryAlertStateStore memoryDedup;
  private JdbcTimerService timers;
  private final AtomicLong keys = new AtomicLong();

  /**
   * Starts PostgreSQL, migrates, creates the stores.
   *
   * @throws IOException when PostgreSQL does not start
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    pg = EmbeddedPostgres.builder().start();
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
    cfg.setUsername("postgres");
    cfg.setMaximumPoolSize(8);
    pool = new HikariDataSource(cfg);
    JdbcStores stores = JdbcStores.builder(pool).build();
    stores.migrate();
    jdbcDedup = stores.alertStateStore();
    memoryDedup = new InMemoryAlertStateStore(1_000_000);
    timers = stores.timerService().schedulerName("bench").build();
    timers.register("bench", t -> { });
  }

  /** Stops everything. @throws IOException when PostgreSQL does not stop */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    timers.close();
    pool.close();
    pg.close();
  }

  /** @return the claim for a key never seen before (INSERT path) */
  @Benchmark
  public AlertStateStore.Claim jdbcClaimNewKey() {
    long n = keys.incrementAndGet();
    return jdbcDedup.claim("new-" + n, "alert-" + n, Instant.now(), WINDOW, Optional.empty());
  }

  /** @return the claim for one hot key that every thread raises (contended ON CONFLICT UPDATE path) */
  @Benchmark
  public AlertStateStore.Claim jdbcClaimHotKey() {
    long n = keys.incrementAndGet();
    return jdbcDedup.claim("hot", "alert-" + n, Instant.now(), WINDOW, Optional.empty());
  }

  /** @return the in-memory default's decision for a new key, for comparison */
  @Benchmark
  public AlertStateStore.Claim memoryClaimNewKey() {
    long n = keys.incrementAndGet();
    return memoryDedup.claim("new-" + n, "alert-" + n, Instant.now(), WINDOW, Optional.empty());
  }

  /** Schedules a durable timer (one INSERT) far in the future, so that none fires during the run. */
  @Benchmark
  public void jdbcScheduleTimer() {
    long n = keys.incrementAndGet();
    timers.schedule(new TimerEntry("bench", "k" + n, Instant.now().plus(Duration.ofDays(1)), "payload"));
  }
}
