package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.spi.SendResult;
import dev.alertkit.event.CircuitStateChanged;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The default circuit breaker fits the volumes alertkit is built for (issue #21, item 15). */
class CircuitBreakerVolumeTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").build();

  private Alert alert(int i) {
    return Alert.builder().id("a-" + i).severity(Severity.CRITICAL).title("db-1 down").recipient(alice).channels(Channel.SMS)
        .createdAt(clock).build();
  }

  /** 10% HTTP 503 (ambiguous), 5% one-off HTTP 429 (retryable), the rest accepted; reproducible from the seed. */
  private static FakeProvider mixed(long seed, double failures503, double failures429) {
    Random random = new Random(seed);
    FakeProvider sms = FakeProvider.of("fake-sms", Channel.SMS).withConcurrency(100);
    sms.dispatcher(m -> {
      double x;
      synchronized (random) {
        x = random.nextDouble();
      }
      if (x < failures503) {
        return SendResult.rejected(Failure.ambiguous(Failure.Fault.PROVIDER, "HTTP 503").httpStatus(503).build());
      }
      if (x < failures503 + failures429) {
        return SendResult.rejected(Failure.retryable(Failure.Fault.PROVIDER, "HTTP 429").httpStatus(429).build());
      }
      return null;
    });
    return sms;
  }

  @Test
  void fifteenPercentFailuresOverTenThousandSendsAtHundredWayConcurrencyNeverOpenTheCircuit() throws Exception {
    long seed = Long.getLong("breaker.seed", System.nanoTime());
    System.out.println("CircuitBreakerVolumeTest seed " + seed + " (rerun with -Dbreaker.seed=" + seed + ")");
    // Given the default breaker, a provider with 100 connections failing 15% of requests (10% 503, 5% 429)
    FakeProvider sms = mixed(seed, 0.10, 0.05);
    List<CircuitStateChanged> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try (AlertClient client = AlertClient.builder().provider(sms).clock(clock).scheduler(scheduler).executor(pool)
        .resilience(Resilience.builder().maxAttempts(1).build()).listener(e -> {
          if (e instanceof CircuitStateChanged) {
            changes.add((CircuitStateChanged) e);
          }
        }).build()) {
      // When 10,000 alerts are sent at once
      List<CompletableFuture<DispatchReport>> sent = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        sent.add(client.sendAsync(alert(i)));
      }
      CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    // Then every one reached the provider and the circuit never opened
    assertThat(sms.requestCount()).as("seed " + seed).isEqualTo(10_000);
    assertThat(changes).as("seed " + seed).isEmpty();
  }

  @Test
  void sixtyPercentFailuresOpenTheCircuitWithinABoundedNumberOfRequests() {
    long seed = Long.getLong("breaker.seed", System.nanoTime());
    System.out.println("CircuitBreakerVolumeTest seed " + seed + " (rerun with -Dbreaker.seed=" + seed + ")");
    // Given the default breaker and a provider failing 60% of requests with 503
    FakeProvider sms = mixed(seed, 0.60, 0.0);
    AtomicInteger requestsWhenOpened = new AtomicInteger(-1);
    try (AlertClient client = AlertClient.builder().provider(sms).clock(clock).scheduler(scheduler).executor(Runnable::run)
        .resilience(Resilience.builder().maxAttempts(1).build()).listener(e -> {
          if (e instanceof CircuitStateChanged && ((CircuitStateChanged) e).to() == CircuitStateChanged.State.OPEN) {
            requestsWhenOpened.compareAndSet(-1, sms.requestCount());
          }
        }).build()) {
      // When alerts are sent one after another
      for (int i = 0; i < 1_000 && requestsWhenOpened.get() < 0; i++) {
        client.send(alert(i));
      }
    }
    // Then the circuit opened: not before 125 requests (125 failures are needed), and within the 250-request window
    // plus the spread of a 60% rate
    assertThat(requestsWhenOpened.get()).as("seed " + seed).isBetween(125, 300);
  }
}
