package dev.alertkit.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.Submission;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.jdbc.JdbcStores;
import dev.alertkit.testkit.FakeProvider;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Durable submissions end to end (plain timed program, not JMH): {@code n} alerts, one SMS recipient each, are
 * submitted with {@code AlertClient.submit} from several threads to a client on alert-jdbc (embedded PostgreSQL, durable
 * timers and dispatch journal) whose provider is a testkit {@link FakeProvider} that answers at once, with
 * {@link Resilience#none()}. The clock runs from the first submit until every alert has its {@link DispatchCompleted}
 * event (a latch; bounded wait); then until the last timer row is gone. The same burst on an in-memory client
 * ({@code submit} dispatches like {@code sendAsync}) is the comparison.
 *
 * <p>{@code java -cp benchmarks.jar dev.alertkit.benchmarks.DurableSubmissions [n] [threads] [pollingMs] [pool] [on|off]}
 * runs one configuration (diagnostic).
 */
final class DurableSubmissions {
  /** Submitting threads. */
  static final int SUBMITTERS = 4;
  private static final Recipient ALICE = Recipient.builder("alice").phone("+14155550100").build();

  private DurableSubmissions() {}

  /**
   * How the durable client is set up.
   *
   * @param threads {@code JdbcTimerService.Builder.threads}
   * @param polling {@code JdbcTimerService.Builder.pollingInterval}
   * @param pool HikariCP pool size
   */
  record Config(int threads, Duration polling, int pool) {
    String label() {
      return "threads " + threads + ", pollingInterval " + polling.toMillis() + " ms, pool " + pool;
    }
  }

  /**
   * One timed burst.
   *
   * @param seconds first submit → last {@code DispatchCompleted}
   * @param submitSeconds first submit → last {@code submit} returned
   * @param cleanSeconds first submit → no timer row left (NaN in memory)
   * @param completed alerts with a {@code DispatchCompleted} event
   * @param accepted recipients reported ACCEPTED
   * @param submitNanos latency of each {@code submit} call, sorted
   * @param endToEndNanos submit call → its {@code DispatchCompleted}, sorted
   * @param stats {@code pg_stat_database} deltas {commits, rollbacks, inserted, updated, deleted}; null in memory
   * @param jvmCpu CPU seconds of this JVM during the run (all threads, including the submitters)
   * @param pgCpu CPU seconds of PostgreSQL during the run (NaN in memory)
   */
  record Run(double seconds, double submitSeconds, double cleanSeconds, int completed, int accepted, long[] submitNanos,
      long[] endToEndNanos, long[] stats, double jvmCpu, double pgCpu) {
    double rate() {
      return completed / seconds;
    }
  }

  /** The library's defaults ({@code JdbcTimerService.Builder}: 4 threads, 1 s; HikariCP: 10 connections). */
  static final Config DEFAULTS = new Config(4, Duration.ofSeconds(1), 10);
  /** Tuned configurations (the issue: threads 8–16, polling 10–50 ms), pool = threads + submitters + 4. */
  static final List<Config> TUNED = List.of(new Config(8, Duration.ofMillis(50), 16), new Config(16, Duration.ofMillis(10), 24));

  /**
   * Everything the report's end-to-end part needs.
   *
   * @param settings the durable server's settings
   * @param n alerts per burst
   * @param rows label → runs (in memory first)
   * @param target the label of the best tuned row on PostgreSQL's defaults (median rate)
   * @param counted statements by label: {count, driver nanos}
   * @param transactions client-side transactions of the counted run
   * @param countedN alerts in the counted run
   * @param sequential {submit, end-to-end} nanos, sorted
   * @param config the label of the configuration of the counted and sequential runs
   */
  record Measured(String settings, int n, Map<String, List<Run>> rows, String target, Map<String, long[]> counted,
      long transactions, int countedN, long[][] sequential, String config) {}

  /**
   * The scenario as the report runs it: in memory; alert-jdbc with its defaults and the tuned configurations on
   * PostgreSQL's defaults; the best tuned configuration again on zonky's test settings (no fsync); a counted run and
   * one-at-a-time latency on the best tuned configuration.
   *
   * @param quick smoke test (500 alerts, one run)
   * @return the figures
   */
  static Measured measure(boolean quick) {
    int n = quick ? 500 : 5_000;
    int repeats = quick ? 1 : 3;
    Map<String, List<Run>> rows = new java.util.LinkedHashMap<>();
    memory(n, "mw");
    List<Run> mem = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      mem.add(memory(n, "m" + r));
    }
    rows.put("in memory (`submit` = `sendAsync`)", mem);
    String settings;
    Config best;
    String target;
    Map<String, long[]> counted = new java.util.TreeMap<>();
    long transactions;
    int countedN = quick ? 200 : 2_000;
    long[][] seq;
    try (EmbeddedPg pg = EmbeddedPg.start(true)) {
      settings = pg.settings();
      migrate(pg);
      jdbc(pg, TUNED.get(0), n, "jit0", null); // JIT: the first bursts are slow whatever the configuration
      jdbc(pg, TUNED.get(0), n, "jit1", null);
      rows.put("alert-jdbc, library defaults (" + DEFAULTS.label() + ")", bursts(pg, DEFAULTS, n, repeats, "d"));
      best = null;
      target = null;
      double bestRate = -1;
      int k = 0;
      for (Config cfg : TUNED) {
        String label = "alert-jdbc, " + cfg.label();
        List<Run> runs = bursts(pg, cfg, n, repeats, "t" + k++);
        rows.put(label, runs);
        double rate = medianRate(runs);
        if (rate > bestRate) {
          bestRate = rate;
          best = cfg;
          target = label;
        }
      }
      CountingDataSource counter = new CountingDataSource();
      jdbc(pg, best, countedN, "count", counter);
      Map<String, Long> nanos = counter.nanos();
      counter.snapshot().forEach((label, count) -> counted.put(label, new long[] {count, nanos.getOrDefault(label, 0L)}));
      transactions = counter.transactions();
      seq = sequential(pg, best, quick ? 50 : 200, "seq");
    }
    try (EmbeddedPg fast = EmbeddedPg.start(false)) {
      migrate(fast);
      jdbc(fast, best, n, "fw", null);
      rows.put("alert-jdbc, " + best.label() + ", zonky's test settings (fsync off, synchronous_commit off: not durable)",
          bursts(fast, best, n, repeats, "f"));
    }
    return new Measured(settings, n, rows, target, counted, transactions, countedN, seq, best.label());
  }

  private static List<Run> bursts(EmbeddedPg pg, Config cfg, int n, int repeats, String prefix) {
    jdbc(pg, cfg, n, prefix + "w", null);
    List<Run> runs = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      runs.add(jdbc(pg, cfg, n, prefix + r, null));
    }
    return runs;
  }

  private static double medianRate(List<Run> runs) {
    double[] r = runs.stream().mapToDouble(Run::rate).sorted().toArray();
    return r[r.length / 2];
  }

  /** Alerts built before the clock, ids {@code <prefix>-<i>}. */
  static Alert[] alerts(String prefix, int n) {
    Alert[] out = new Alert[n];
    for (int i = 0; i < n; i++) {
      out[i] = Alert.builder()
          .id(prefix + "-" + i)
          .severity(Severity.CRITICAL)
          .title("db-1 disk 97% full")
          .body("db-1 /var is at 97%. Runbook: https://runbooks.example.com/disk")
          .recipient(ALICE)
          .build();
    }
    return out;
  }

  /** Creates the schema once. */
  static void migrate(EmbeddedPg pg) {
    JdbcStores.migrate(pg.plain());
  }

  /**
   * A burst on alert-jdbc: a fresh pool, stores and client per run; the tables emptied before.
   *
   * @param pg the server (migrated)
   * @param cfg the client's settings
   * @param n alerts
   * @param prefix alert id prefix (unique per run)
   * @param counter when not null, every statement is counted through it (diagnostic run)
   * @return the timing
   */
  static Run jdbc(EmbeddedPg pg, Config cfg, int n, String prefix, CountingDataSource counter) {
    pg.exec("TRUNCATE alertkit_scheduled_tasks, alertkit_dispatch_marks, alertkit_dispatch_reports");
    pause(500);
    long[] before = pg.stats();
    double pgCpu0 = pg.cpuSeconds();
    double jvmCpu0 = jvmCpu();
    Tracker tracker = new Tracker(prefix, n);
    FakeProvider fake = FakeProvider.sms();
    Alert[] alerts = alerts(prefix, n);
    long t0;
    long[] submitted;
    double clean;
    try (HikariDataSource pool = pg.pool("bench-" + prefix, cfg.pool())) {
      DataSource ds = counter == null ? pool : counter.wrap(pool);
      JdbcStores stores = JdbcStores.builder(ds).build();
      try (AlertClient client = AlertClient.builder()
          .provider(fake)
          .resilience(Resilience.none())
          .timers(stores.timerService().schedulerName("bench").threads(cfg.threads()).pollingInterval(cfg.polling()).build())
          .dispatchJournal(stores.dispatchJournal())
          .listener(tracker::onEvent)
          .build()) {
        if (counter != null) {
          counter.reset();
        }
        long[] timing = submitAll(client, alerts, tracker);
        t0 = timing[0];
        submitted = timing;
        tracker.await(t0, n);
        clean = (waitNoTimerRows(pg) - t0) / 1e9;
      }
    }
    double jvmCpu = jvmCpu() - jvmCpu0;
    pause(1_000); // the pool's backends have exited and reported their counters
    long[] after = pg.stats();
    long[] delta = new long[after.length];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = after[i] - before[i];
    }
    return tracker.run(t0, submitted[1], clean, fake, delta, jvmCpu, pg.cpuSeconds() - pgCpu0);
  }

  /**
   * The same burst on an in-memory client ({@code submit} dispatches at once, as {@code sendAsync}).
   *
   * @param n alerts
   * @param prefix alert id prefix
   * @return the timing
   */
  static Run memory(int n, String prefix) {
    Tracker tracker = new Tracker(prefix, n);
    FakeProvider fake = FakeProvider.sms();
    Alert[] alerts = alerts(prefix, n);
    double cpu0 = jvmCpu();
    try (AlertClient client = AlertClient.builder().provider(fake).resilience(Resilience.none()).listener(tracker::onEvent).build()) {
      long[] timing = submitAll(client, alerts, tracker);
      tracker.await(timing[0], n);
      return tracker.run(timing[0], timing[1], Double.NaN, fake, null, jvmCpu() - cpu0, Double.NaN);
    }
  }

  /**
   * Unloaded latency: one alert at a time, each submitted once the previous one completed.
   *
   * @return {submit call, submit → DispatchCompleted} in ns, each sorted
   */
  static long[][] sequential(EmbeddedPg pg, Config cfg, int n, String prefix) {
    pg.exec("TRUNCATE alertkit_scheduled_tasks, alertkit_dispatch_marks, alertkit_dispatch_reports");
    Tracker tracker = new Tracker(prefix, n);
    Alert[] alerts = alerts(prefix, n);
    try (HikariDataSource pool = pg.pool("seq-" + prefix, cfg.pool())) {
      JdbcStores stores = JdbcStores.builder(pool).build();
      try (AlertClient client = AlertClient.builder()
          .provider(FakeProvider.sms())
          .resilience(Resilience.none())
          .timers(stores.timerService().schedulerName("bench").threads(cfg.threads()).pollingInterval(cfg.polling()).build())
          .dispatchJournal(stores.dispatchJournal())
          .listener(tracker::onEvent)
          .build()) {
        for (int i = 0; i < n; i++) {
          long s = System.nanoTime();
          tracker.submittedAt[i] = s;
          client.submit(alerts[i]);
          tracker.submitNanos[i] = System.nanoTime() - s;
          tracker.awaitOne(i);
        }
      }
    }
    long[] e2e = new long[n];
    for (int i = 0; i < n; i++) {
      e2e[i] = tracker.completedAt[i] - tracker.submittedAt[i];
    }
    long[] sub = tracker.submitNanos.clone();
    Arrays.sort(sub);
    Arrays.sort(e2e);
    return new long[][] {sub, e2e};
  }

  /** @return {t0, last submit returned} (nanoTime) */
  private static long[] submitAll(AlertClient client, Alert[] alerts, Tracker tracker) {
    int n = alerts.length;
    ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS);
    CyclicBarrier start = new CyclicBarrier(SUBMITTERS + 1);
    AtomicInteger failed = new AtomicInteger();
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (int k = 0; k < SUBMITTERS; k++) {
        int first = k;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = first; i < n; i += SUBMITTERS) {
            long s = System.nanoTime();
            tracker.submittedAt[i] = s;
            try {
              Submission sub = client.submit(alerts[i]);
              if (sub == null) {
                failed.incrementAndGet();
              }
            } catch (RuntimeException e) {
              failed.incrementAndGet();
            }
            tracker.submitNanos[i] = System.nanoTime() - s;
          }
          return System.nanoTime();
        }));
      }
      start.await();
      long t0 = System.nanoTime();
      long last = t0;
      for (Future<Long> f : done) {
        last = Math.max(last, f.get());
      }
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " submits were rejected");
      }
      return new long[] {t0, last};
    } catch (Exception e) {
      throw new IllegalStateException("submitting failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** @return nanoTime when the timer table had no row left (bounded: 60 s) */
  private static long waitNoTimerRows(EmbeddedPg pg) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (Connection c = pg.plain().getConnection(); Statement st = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM alertkit_scheduled_tasks")) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return System.nanoTime();
          }
        }
        pause(5);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("timer rows still present after 60 s");
  }

  /** @return CPU seconds this JVM has used */
  static double jvmCpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Counts {@code DispatchCompleted} events of one burst. */
  private static final class Tracker {
    final String prefix;
    final long[] submittedAt;
    final long[] submitNanos;
    final long[] completedAt;
    final CountDownLatch latch;
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    volatile long lastCompleted;

    Tracker(String prefix, int n) {
      this.prefix = prefix + "-";
      this.submittedAt = new long[n];
      this.submitNanos = new long[n];
      this.completedAt = new long[n];
      this.latch = new CountDownLatch(n);
    }

    void onEvent(dev.alertkit.event.AlertEvent e) {
      if (e instanceof DispatchCompleted d && d.alert().id().startsWith(prefix)) {
        long now = System.nanoTime();
        int i = Integer.parseInt(d.alert().id().substring(prefix.length()));
        synchronized (this) {
          if (completedAt[i] != 0) {
            return; // a second event for one alert would be a bug: counted once
          }
          completedAt[i] = now;
          lastCompleted = Math.max(lastCompleted, now);
          notifyAll();
        }
        accepted.addAndGet(d.report().countByOutcome().getOrDefault(Outcome.ACCEPTED, 0));
        completed.incrementAndGet();
        latch.countDown();
      }
    }

    void await(long t0, int n) {
      long bound = Math.max(60, n / 50);
      try {
        if (!latch.await(bound, TimeUnit.SECONDS)) {
          System.err.println("WARNING: only " + completed.get() + " of " + n + " alerts completed within " + bound + " s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized void awaitOne(int i) {
      long deadline = System.currentTimeMillis() + 10_000;
      while (completedAt[i] == 0) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new IllegalStateException("alert " + i + " did not complete within 10 s");
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    Run run(long t0, long lastSubmit, double clean, FakeProvider fake, long[] stats, double jvmCpu, double pgCpu) {
      int n = completedAt.length;
      int done = completed.get();
      long end = done == n ? lastCompleted : System.nanoTime();
      long[] e2e = new long[done];
      int j = 0;
      for (int i = 0; i < n && j < done; i++) {
        if (completedAt[i] != 0) {
          e2e[j++] = completedAt[i] - submittedAt[i];
        }
      }
      Arrays.sort(e2e);
      long[] sub = submitNanos.clone();
      Arrays.sort(sub);
      fake.reset();
      return new Run((end - t0) / 1e9, (lastSubmit - t0) / 1e9, clean, done, accepted.get(), sub, e2e, stats, jvmCpu, pgCpu);
    }
  }

  /** @return the p-th percentile (0–100) of sorted nanos, in ms */
  static double ms(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  /**
   * Diagnostic entry point: one configuration, a warm-up and three bursts, the in-memory burst, a counted run.
   *
   * @param args {@code [n] [threads] [pollingMs] [pool] [on|off]}
   */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    Config cfg = new Config(args.length > 1 ? Integer.parseInt(args[1]) : 8,
        Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 50), args.length > 3 ? Integer.parseInt(args[3]) : 16);
    boolean sync = args.length <= 4 || !"off".equals(args[4]);
    try (EmbeddedPg pg = EmbeddedPg.start(sync)) {
      migrate(pg);
      System.out.println("config: " + cfg.label() + ", n " + n + "; " + pg.settings());
      for (int r = 0; r < 4; r++) {
        Run run = jdbc(pg, cfg, n, "w" + r, null);
        print(r == 0 ? "jdbc warm-up" : "jdbc", run, n);
      }
      CountingDataSource counter = new CountingDataSource();
      Run counted = jdbc(pg, cfg, n, "c", counter);
      print("jdbc counted", counted, n);
      Map<String, Long> nanos = counter.nanos();
      for (Map.Entry<String, Long> e : counter.snapshot().entrySet()) {
        long ns = nanos.getOrDefault(e.getKey(), 0L);
        System.out.printf(Locale.ROOT, "  %-52s %8d  %.2f/alert  %.3f ms each, %.2f s in all%n", e.getKey(), e.getValue(),
            e.getValue() / (double) n, ns / 1e6 / e.getValue(), ns / 1e9);
      }
      System.out.printf(Locale.ROOT, "  transactions (client side) %d  %.2f/alert%n", counter.transactions(), counter.transactions() / (double) n);
      long[][] seq = sequential(pg, cfg, 200, "s");
      System.out.printf(Locale.ROOT, "sequential: submit p50 %.2f p99 %.2f ms; end-to-end p50 %.2f p99 %.2f ms%n",
          ms(seq[0], 50), ms(seq[0], 99), ms(seq[1], 50), ms(seq[1], 99));
      for (int r = 0; r < 3; r++) {
        print("memory", memory(n, "m" + r), n);
      }
    }
  }

  private static void print(String what, Run r, int n) {
    System.out.printf(Locale.ROOT, "%-14s %6.3f s = %6.0f alerts/s (submits done %.3f s, rows gone %.3f s), %d/%d completed, "
            + "%d accepted; submit p50 %.2f p99 %.2f ms; e2e p50 %.1f p99 %.1f ms; CPU jvm %.2f s pg %.2f s%s%n",
        what, r.seconds(), r.rate(), r.submitSeconds(), r.cleanSeconds(), r.completed(), n, r.accepted(),
        ms(r.submitNanos(), 50), ms(r.submitNanos(), 99), ms(r.endToEndNanos(), 50), ms(r.endToEndNanos(), 99),
        r.jvmCpu(), r.pgCpu(), r.stats() == null ? "" : String.format(Locale.ROOT, "; xact_commit %.2f/alert, rollback %d, ins %.2f upd %.2f del %.2f per alert",
            r.stats()[0] / (double) n, r.stats()[1], r.stats()[2] / (double) n, r.stats()[3] / (double) n, r.stats()[4] / (double) n));
  }
}
