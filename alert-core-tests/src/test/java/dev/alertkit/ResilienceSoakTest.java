package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Thousands of alerts through providers that fail at random (429 with and without Retry-After, refused connections,
 * 503, permanent errors, exceptions, slow answers past the timeout, an outage that opens a circuit), with an SMS
 * failover provider and an email fallback tier. Everything runs on the manual clock and scheduler on this thread,
 * so a seed reproduces a run exactly: {@code -Dsoak.seed=N}. Runs in a few seconds.
 *
 * <p>The provider HTTP emulators (TwilioEmulator, SendGridEmulator) were not merged into main when this was written,
 * so the faults are injected by test-local providers that record every request per message.
 */
class ResilienceSoakTest {
  private static final int ALERTS = 2000;
  private static final int MAX_ATTEMPTS = 3;

  private final long seed = Long.getLong("soak.seed", System.nanoTime());
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final Random random = new Random(seed);
  private final Instant start = clock.instant();

  @Test
  void everyRecipientGetsExactlyOneOutcomeAndNoUnsafeResend() {
    long wallStart = System.nanoTime();
    // Given chaotic providers whose requests take time on the manual clock
    Chaos sms = new Chaos("chaos-sms", Channel.SMS, 1, true);
    Chaos smsB = new Chaos("chaos-sms-b", Channel.SMS, 1, false);
    Chaos email = new Chaos("chaos-email", Channel.EMAIL, 20, false);
    Executor latency = task -> scheduler.schedule(task, random.nextInt(20) < 1 ? 3000 : random.nextInt(60), TimeUnit.MILLISECONDS);
    Resilience resilience = Resilience.builder()
        .maxAttempts(MAX_ATTEMPTS)
        .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
        .jitterSeed(seed)
        .timeout(Duration.ofSeconds(2))
        .maxRetryAfter(Duration.ofSeconds(2))
        .circuitBreaker(50, 20, Duration.ofSeconds(5))
        .retryBudget(0.2, 10, Duration.ofSeconds(30))
        .forProvider("chaos-sms", p -> p.rateLimit(RateLimit.perSecond(400).withMaxWait(Duration.ofMillis(200))))
        .build();
    Counting counting = new Counting();
    AlertClient client = AlertClient.builder().provider(sms).provider(smsB).provider(email).clock(clock).scheduler(scheduler)
        .executor(latency).resilience(resilience).listener(counting).maxPendingAlerts(ALERTS).closeTimeout(Duration.ZERO).build();
    List<Recipient> pool = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      pool.add(Recipient.builder("r" + i).phone(String.format("+141555501%02d", i)).email("r" + i + "@example.com").build());
    }

    // When the alerts are sent in waves of 10 every 40 ms of client time, and the clock runs until all are done
    Map<Alert, CompletableFuture<DispatchReport>> sent = new HashMap<>();
    for (int i = 0; i < ALERTS; i++) {
      Alert.Builder b = Alert.builder().id("soak-" + i).severity(Severity.CRITICAL).title("alert " + i).body("body")
          .channels(Channel.SMS, Channel.EMAIL).createdAt(clock);
      Set<Recipient> to = new HashSet<>();
      int n = 1 + random.nextInt(3);
      while (to.size() < n) {
        to.add(pool.get(random.nextInt(pool.size())));
      }
      to.forEach(b::recipient);
      Alert alert = b.build();
      sent.put(alert, client.sendAsync(alert));
      if (i % 10 == 9) {
        step(Duration.ofMillis(40));
      }
    }
    long steps = 0;
    while (sent.values().stream().anyMatch(f -> !f.isDone()) && steps++ < 100_000) {
      step(Duration.ofMillis(10));
    }
    step(Duration.ofSeconds(10)); // lets late answers (after a timeout) reach the providers' books
    client.close();

    // Then every alert completed, every recipient has exactly one final outcome
    String ctx = "seed=" + seed + " (rerun with -Dsoak.seed=" + seed + ")";
    assertThat(sent.values()).as(ctx).allMatch(CompletableFuture::isDone);
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    Map<String, Integer> failureKinds = new TreeMap<>();
    int attempts = 0;
    int requests = 0;
    int recipients = 0;
    for (Map.Entry<Alert, CompletableFuture<DispatchReport>> e : sent.entrySet()) {
      DispatchReport report = e.getValue().join();
      Set<String> expected = new HashSet<>();
      e.getKey().recipients().forEach(r -> expected.add(r.id()));
      assertThat(report.recipients()).as(ctx).extracting(RecipientReport::recipientId).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(expected);
      for (RecipientReport r : report.recipients()) {
        recipients++;
        assertThat(r.outcome()).as(ctx + " " + report.alertId() + "/" + r.recipientId()).isIn(Outcome.ACCEPTED, Outcome.FAILED);
        outcomes.merge(r.outcome(), 1, Integer::sum);
        boolean ambiguousSms = false;
        for (Attempt a : r.attempts()) {
          attempts++;
          requests += a.requests();
          a.failure().ifPresent(f -> failureKinds.merge(f.kind() + "/" + f.fault(), 1, Integer::sum));
          // requests per message never exceed the bound, and the report counts exactly what the provider saw
          assertThat(a.requests()).as(ctx + " " + a).isLessThanOrEqualTo(MAX_ATTEMPTS);
          Chaos p = a.provider().equals("chaos-sms") ? sms : a.provider().equals("chaos-sms-b") ? smsB : email;
          assertThat(p.answers(a.attemptId()).size()).as(ctx + " requests seen by " + a.provider() + " for " + a).isEqualTo(a.requests());
          // no failover after an ambiguous SMS failure (failoverOnAmbiguous is off)
          if (a.channel() == Channel.SMS) {
            assertThat(ambiguousSms).as(ctx + " SMS attempt after an ambiguous one: " + r).isFalse();
            ambiguousSms = a.failure().map(f -> f.kind() == Failure.Kind.AMBIGUOUS).orElse(false);
          }
          assertThat(a.ambiguousResend()).as(ctx + " ambiguous resend without opt-in: " + a).isFalse();
        }
      }
    }
    // no second request ever followed an ambiguous answer for the same message
    for (Chaos p : List.of(sms, smsB, email)) {
      p.requestsByMessage.forEach((id, answers) -> {
        for (int i = 0; i < answers.size() - 1; i++) {
          assertThat(answers.get(i)).as(ctx + " " + p.name + " message " + id + " answers " + answers).isNotIn("AMBIGUOUS", "THREW");
        }
      });
    }

    System.out.printf("soak seed=%d: %d alerts, %d recipients, %d attempts, %d provider requests (sms %d, sms-b %d, email %d in %d batches),"
            + " client time %s, wall time %d ms%n  outcomes %s%n  failures %s%n  retries %d, retries skipped %d, rate-limit waits %d, circuit changes %s%n",
        seed, ALERTS, recipients, attempts, requests, sms.messages.get(), smsB.messages.get(), email.messages.get(), email.batches.get(),
        Duration.between(start, clock.instant()), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - wallStart), outcomes, failureKinds, counting.retries.get(), counting.skipped.get(),
        counting.rateLimited.get(), counting.circuit);
    assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).as(ctx).isEqualTo(recipients);
    assertThat(counting.retries.get()).as(ctx + " the run exercised retries").isPositive();
    assertThat(counting.circuit).as(ctx + " the outage opened the circuit").containsKey("chaos-sms OPEN");
  }

  private void step(Duration d) {
    scheduler.runDue();
    clock.advance(d);
  }

  /** Client time since the start, for the outage window. */
  private long elapsedMillis() {
    return Duration.between(start, clock.instant()).toMillis();
  }

  /** A provider that answers at random and records each answer per message (attempt id). */
  private final class Chaos implements ChannelProvider {
    final String name;
    final Channel channel;
    final int batch;
    final boolean hasOutage;
    final Map<String, List<String>> requestsByMessage = new HashMap<>();
    final AtomicInteger messages = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger ids = new AtomicInteger();

    Chaos(String name, Channel channel, int batch, boolean hasOutage) {
      this.name = name;
      this.channel = channel;
      this.batch = batch;
      this.hasOutage = hasOutage;
    }

    List<String> answers(String attemptId) {
      return requestsByMessage.getOrDefault(attemptId, List.of());
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<Channel> channels() {
      return Set.of(channel);
    }

    @Override
    public int maxBatchSize() {
      return batch;
    }

    @Override
    public SendResult send(OutboundMessage m) {
      return sendBatch(List.of(m)).get(0);
    }

    @Override
    public List<SendResult> sendBatch(List<OutboundMessage> batchMessages) {
      batches.incrementAndGet();
      boolean outage = hasOutage && elapsedMillis() >= 1_000 && elapsedMillis() < 2_500;
      int roll = random.nextInt(100);
      if (!outage && roll < 1) {
        batchMessages.forEach(m -> record(m, "THREW"));
        throw new IllegalStateException("simulated provider bug");
      }
      List<SendResult> out = new ArrayList<>();
      for (OutboundMessage m : batchMessages) {
        int r = outage ? 50 : random.nextInt(100);
        SendResult res;
        String kind;
        if (outage || r < 2) {
          res = SendResult.rejected(Failure.ambiguous(Failure.Fault.PROVIDER, "HTTP 503").httpStatus(503).build());
          kind = "AMBIGUOUS";
        } else if (r < 6) {
          Failure.Builder f = Failure.retryable(Failure.Fault.PROVIDER, "HTTP 429").httpStatus(429);
          if (r < 4) {
            f.retryAfter(Duration.ofMillis(random.nextInt(3000)));
          }
          res = SendResult.rejected(f.build());
          kind = "RETRYABLE";
        } else if (r < 8) {
          res = SendResult.rejected(Failure.retryable(Failure.Fault.PROVIDER, "connection refused").build());
          kind = "RETRYABLE";
        } else if (r < 9) {
          res = SendResult.rejected(Failure.permanent(Failure.Fault.RECIPIENT, "invalid number").providerCode("21211").build());
          kind = "PERMANENT";
        } else {
          res = SendResult.accepted(name + "-" + ids.incrementAndGet(), "queued");
          kind = "ACCEPTED";
        }
        record(m, kind);
        out.add(res);
      }
      return out;
    }

    private void record(OutboundMessage m, String kind) {
      messages.incrementAndGet();
      requestsByMessage.computeIfAbsent(m.attemptId(), k -> new ArrayList<>()).add(kind);
    }
  }

  /** Counts resilience events. */
  private static final class Counting implements AlertListener {
    final AtomicInteger retries = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicInteger rateLimited = new AtomicInteger();
    final Map<String, Integer> circuit = new TreeMap<>();

    @Override
    public void onEvent(dev.alertkit.event.AlertEvent event) {
      if (event instanceof dev.alertkit.event.RetryScheduled) {
        retries.incrementAndGet();
      } else if (event instanceof dev.alertkit.event.RetrySkipped) {
        skipped.incrementAndGet();
      } else if (event instanceof dev.alertkit.event.RateLimited) {
        rateLimited.incrementAndGet();
      } else if (event instanceof dev.alertkit.event.CircuitStateChanged c) {
        synchronized (this) {
          circuit.merge(c.provider() + " " + c.to(), 1, Integer::sum);
        }
      }
    }
  }
}
