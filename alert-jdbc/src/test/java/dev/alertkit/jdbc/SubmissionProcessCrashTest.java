package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.spi.support.AlertJson;
import dev.alertkit.spi.DispatchJournal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A process-level crash of durable submissions: a child JVM submits a burst of alerts and dispatches them over real
 * HTTP on loopback; the parent holds some requests in flight and kills the child with {@code destroyForcibly}; a new
 * client on the same database finishes the work. Every accepted alert ends with exactly one outcome, nobody is paged
 * twice, and what was in flight at the kill is reported as possibly sent, not resent.
 */
class SubmissionProcessCrashTest {
  static final int ALERTS = 200;

  static Alert alert(int i) {
    return Alert.builder().id("sub-" + i).severity(Severity.CRITICAL).title("db-" + i + " down")
        .recipient(Recipient.builder("r-" + i).phone(phone(i)).build()).build();
  }

  static String phone(int i) {
    return "+1415555" + (1000 + i);
  }

  @Test
  void aKilledInstancesSubmissionsAreFinishedElsewhereWithoutPagingTwice() throws Exception {
    String db = Pg.newDatabase("submission_crash");
    String url = Pg.server().getJdbcUrl("postgres", db);
    JdbcStores.builder(Pg.plain(db)).tablePrefix("sc_").build().migrate();

    // A loopback "SMS provider" that counts requests per number and, once asked to, holds the requests it gets.
    Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    Set<String> held = ConcurrentHashMap.newKeySet();
    Set<String> afterKill = ConcurrentHashMap.newKeySet();
    AtomicBoolean hold = new AtomicBoolean();
    AtomicBoolean killed = new AtomicBoolean();
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
    ExecutorService serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    server.createContext("/sms", ex -> {
      Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String to = form.get("to");
      requests.computeIfAbsent(to, k -> new AtomicInteger()).incrementAndGet();
      if (killed.get()) {
        afterKill.add(to);
      }
      if (hold.get() && !killed.get()) {
        held.add(to);
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
    int port = server.getAddress().getPort();

    ChildJvm child = ChildJvm.start(SubmissionCrashChild.class, url, "sc_", String.valueOf(port), String.valueOf(ALERTS));
    Set<Integer> submitted = new TreeSet<>();
    StringBuilder output = new StringBuilder();
    try {
      // given a child that submitted part of its burst and has requests in flight
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline && !(hold.get() && held.size() >= 3)) {
        String line = child.poll(100, TimeUnit.MILLISECONDS);
        if (line != null) {
          take(line, submitted, output);
        }
        if (!hold.get() && requests.size() >= 10) {
          hold.set(true);
        }
      }
      assertThat(held).as("requests held in flight; child output: %s", output).hasSizeGreaterThanOrEqualTo(3);

      // when the child JVM is killed mid-burst (no close, no shutdown hook)
      List<String> rest = child.kill();
      killed.set(true);
      release.countDown();
      rest.forEach(line -> take(line, submitted, output));
      Set<String> inFlightAtKill = Set.copyOf(held);

      // then a new client on the same database finishes every submitted alert
      BlockingQueue<DispatchCompleted> completed = new LinkedBlockingQueue<>();
      try (HikariDataSource pool = Pg.pool(db, "submission-survivor", 12)) {
        JdbcStores stores = JdbcStores.builder(pool).tablePrefix("sc_").build();
        DispatchJournal journal = stores.dispatchJournal();
        try (AlertClient survivor = AlertClient.builder().resilience(Resilience.none()).provider(new LoopbackSmsProvider(port))
            .timers(stores.timerService().schedulerName("survivor").threads(8).pollingInterval(Duration.ofMillis(50))
                .heartbeatInterval(Duration.ofMillis(100)).missedHeartbeatsLimit(4).shutdownMaxWait(Duration.ofSeconds(5)).build())
            .dispatchJournal(journal).listener(e -> {
              if (e instanceof DispatchCompleted c) {
                completed.add(c);
              }
            }).build()) {
          Map<Integer, RecipientReport> outcomes = new HashMap<>();
          long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
          while (outcomes.size() < submitted.size() && System.nanoTime() < until) {
            for (int i : submitted) {
              if (!outcomes.containsKey(i)) {
                String report = journal.read("sub-" + i).reports().get("r-" + i);
                if (report != null) {
                  outcomes.put(i, AlertJson.readReport(report));
                }
              }
            }
            completed.poll(200, TimeUnit.MILLISECONDS);
          }
          assertThat(outcomes.keySet()).as("every alert whose submit returned has its outcome").isEqualTo(submitted);

          int accepted = 0;
          int interrupted = 0;
          for (Map.Entry<Integer, RecipientReport> e : outcomes.entrySet()) {
            String to = phone(e.getKey());
            int sent = requests.getOrDefault(to, new AtomicInteger()).get();
            RecipientReport r = e.getValue();
            assertThat(sent).as("requests for %s (%s)", to, r).isLessThanOrEqualTo(1);
            if (r.outcome() == Outcome.ACCEPTED) {
              accepted++;
              assertThat(sent).as("accepted %s was sent once", to).isEqualTo(1);
            } else {
              interrupted++;
              assertThat(r.outcome()).as("%s", r).isEqualTo(Outcome.FAILED);
              assertThat(r.reason().orElseThrow()).contains("interrupted").contains("may have been sent");
            }
            if (inFlightAtKill.contains(to)) {
              assertThat(r.outcome()).as("in flight at the kill: reported as possibly sent, not resent").isEqualTo(Outcome.FAILED);
            }
          }
          assertThat(interrupted).isGreaterThanOrEqualTo(inFlightAtKill.size());
          assertThat(afterKill).as("the survivor sent what the child had not started").isNotEmpty();
          assertThat(accepted + interrupted).isEqualTo(submitted.size());
        }
      }
    } finally {
      child.close();
      release.countDown();
      server.stop(0);
      serverThreads.shutdownNow();
    }
  }

  private static void take(String line, Set<Integer> submitted, StringBuilder output) {
    if (line.startsWith("SUBMITTED ")) {
      submitted.add(Integer.parseInt(line.substring("SUBMITTED ".length())));
    } else if (output.length() < 20_000) {
      output.append(line).append('\n');
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
