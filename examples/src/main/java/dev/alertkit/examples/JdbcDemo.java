package dev.alertkit.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.Attempt;
import dev.alertkit.Dedup;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.Submission;
import dev.alertkit.event.DeferredCompleted;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.jdbc.JdbcStores;
import dev.alertkit.testkit.FakeProvider;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two alertkit clients, as two instances of one application, sharing state in PostgreSQL: a dedup key raised
 * concurrently on both is sent once; a status webhook handled by B updates the attempt A sent; a quiet-hours deferred
 * send scheduled by A runs on B after A stopped; a durable submission is stored before {@code submit} returns and
 * dispatched from the database.
 *
 * <p>Uses {@code ALERTKIT_JDBC_URL} (with {@code ALERTKIT_JDBC_USER}, {@code ALERTKIT_JDBC_PASSWORD}) when set, else an
 * embedded PostgreSQL. Providers are fakes, so nothing leaves the machine. Run:
 * {@code mvn -pl examples -am compile exec:java -Dexec.mainClass=dev.alertkit.examples.JdbcDemo}
 */
public final class JdbcDemo {
  private JdbcDemo() {}

  /**
   * Runs the demo.
   *
   * @param args ignored
   * @throws Exception when it fails
   */
  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static void run(PrintStream out) throws Exception {
    String url = System.getenv("ALERTKIT_JDBC_URL");
    String user = System.getenv().getOrDefault("ALERTKIT_JDBC_USER", "postgres");
    String password = System.getenv("ALERTKIT_JDBC_PASSWORD");
    EmbeddedPostgres embedded = null;
    if (url == null) {
      out.println("No ALERTKIT_JDBC_URL: starting an embedded PostgreSQL...");
      embedded = EmbeddedPostgres.builder().start();
      url = embedded.getJdbcUrl("postgres", "postgres");
      user = "postgres";
    }
    try (HikariDataSource poolA = pool(url, user, password, "demo-a");
        HikariDataSource poolB = pool(url, user, password, "demo-b")) {
      JdbcStores storesA = JdbcStores.builder(poolA).tablePrefix("alertkit_demo_").build();
      JdbcStores storesB = JdbcStores.builder(poolB).tablePrefix("alertkit_demo_").build();
      out.println("migrations applied: " + storesA.migrate() + " (second instance: " + storesB.migrate() + ")");

      FakeProvider smsA = FakeProvider.sms();
      FakeProvider smsB = FakeProvider.sms();
      Recipient oncall = Recipient.builder("oncall").phone("+14155550100").build();
      try (AlertClient a = client(storesA, smsA); AlertClient b = client(storesB, smsB)) {
        // 1. Shared dedup: 20 raises of one key, half on each instance, at the same time.
        List<CompletableFuture<DispatchReport>> raises = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          Alert alert = Alert.builder().severity(Severity.CRITICAL).title("db-1 disk full").dedupKey("disk:db-1")
              .recipient(oncall).build();
          raises.add((i % 2 == 0 ? a : b).sendAsync(alert));
        }
        long sent = 0;
        Attempt attempt = null;
        for (CompletableFuture<DispatchReport> f : raises) {
          DispatchReport r = f.get(30, TimeUnit.SECONDS);
          if (r.outcome("oncall") == Outcome.ACCEPTED) {
            sent++;
            attempt = r.recipient("oncall").acceptedAttempts().get(0);
          }
        }
        out.println("1. dedup: 20 raises on two instances -> " + sent + " sent, SMS on A: " + smsA.messages().size()
            + ", on B: " + smsB.messages().size());

        // 2. A status webhook for that SMS lands on whichever instance did NOT send it.
        if (attempt != null) {
          AlertClient other = smsA.messages().isEmpty() ? a : b;
          other.deliveryTracker().record(new DeliveryEvent(Optional.empty(), Optional.empty(),
              Optional.of(attempt.attemptId()), Optional.empty(), attempt.provider(),
              attempt.providerMessageId().orElse("unknown"), DeliveryStatus.DELIVERED, "delivered", Optional.empty(),
              Optional.empty(), Instant.now()));
          AlertClient sender = other == a ? b : a;
          out.println("2. webhook on the other instance -> sender sees "
              + sender.deliveryTracker().attempt(attempt.attemptId()).map(s -> s.status().toString()).orElse("nothing"));
        }
      }

      // 3. A defers a WARNING (the on-call's quiet hours end in 2 s) and stops; B sends it when it is due.
      LocalTime now = LocalTime.now(ZoneOffset.UTC);
      Recipient sleepy = Recipient.builder("sleepy").phone("+14155550101").timeZone(ZoneOffset.UTC)
          .quietHours(now.minusHours(1), now.plusSeconds(2)).build();
      FakeProvider smsA3 = FakeProvider.sms();
      FakeProvider smsB3 = FakeProvider.sms();
      CountDownLatch deferredOnB = new CountDownLatch(1);
      CountDownLatch submittedDone = new CountDownLatch(1);
      try (AlertClient b = durableClient(storesB, smsB3, "instance-b", e -> {
        if (e instanceof DeferredCompleted) {
          deferredOnB.countDown();
        } else if (e instanceof DispatchCompleted) {
          submittedDone.countDown();
        }
      })) {
        try (AlertClient a = durableClient(storesA, smsA3, "instance-a", e -> { })) {
          DispatchReport r = a.send(Alert.builder().id("demo-deferred").severity(Severity.WARNING).title("disk 80% on db-1")
              .recipient(sleepy).build());
          out.println("3. A: " + r.outcome("sleepy") + " (" + r.recipient("sleepy").reason().orElse("") + "); A stops");
        }
        out.println(deferredOnB.await(30, TimeUnit.SECONDS)
            ? "   B sent it when quiet hours ended: SMS on A " + smsA3.messages().size() + ", on B " + smsB3.messages().size()
            : "   NOT sent within 30 s");

        // 4. A durable submission: stored before submit returns, dispatched by an instance that is alive.
        Submission s = b.submit(Alert.builder().id("demo-submitted").severity(Severity.CRITICAL).title("db-1 down")
            .recipient(oncall).build());
        out.println("4. submitted " + s.alertId() + " (durable: " + s.durable() + ") -> "
            + (submittedDone.await(30, TimeUnit.SECONDS) ? "dispatched from the database" : "NOT dispatched within 30 s"));
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static AlertClient durableClient(JdbcStores stores, FakeProvider sms, String name, AlertListener listener) {
    return AlertClient.builder().resilience(Resilience.none()).provider(sms).listener(listener)
        .timers(stores.timerService().schedulerName(name).pollingInterval(Duration.ofMillis(200)).build())
        .dispatchJournal(stores.dispatchJournal())
        .build();
  }

  private static AlertClient client(JdbcStores stores, FakeProvider sms) {
    return AlertClient.builder().resilience(Resilience.none()).provider(sms)
        .dedup(Dedup.window(Duration.ofMinutes(10)))
        .stateStore(stores.alertStateStore()).deliveryStore(stores.deliveryStore())
        .build();
  }

  private static HikariDataSource pool(String url, String user, String password, String name) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setUsername(user);
    cfg.setPassword(password);
    cfg.setPoolName(name);
    cfg.setMaximumPoolSize(8);
    cfg.setConnectionTimeout(5_000);
    return new HikariDataSource(cfg);
  }
}
