package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.event.AttemptFinished;
import dev.alertkit.event.AttemptStarted;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.RecordingListener;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatch core: per-provider bulkheads, timeouts that start when a request leaves, nothing sent after its
 * outcome is decided, timers that only fire, bounded deferrals, batch events naming every recipient.
 */
class DispatchCoreTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final FakeProvider sms = FakeProvider.of("fake-sms", Channel.SMS);
  private final FakeProvider email = FakeProvider.of("fake-email", Channel.EMAIL);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    sms.recover();
    pool.shutdownNow();
  }

  private static Recipient person(int i) {
    return Recipient.builder("r" + i).phone("+1415555" + String.format("%04d", i)).email("r" + i + "@example.com").build();
  }

  private Alert alert(int i, Channel... channels) {
    return Alert.builder().id("a-" + i).severity(Severity.CRITICAL).title("db-1 down").body("db-1 is down").recipient(person(i))
        .channels(channels).createdAt(clock).build();
  }

  private AlertClient.Builder client(Resilience resilience) {
    return AlertClient.builder().provider(sms).provider(email).clock(clock).scheduler(scheduler).executor(pool).resilience(resilience);
  }

  private static DispatchReport get(CompletableFuture<DispatchReport> f) {
    try {
      return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no report within " + WAIT, e);
    }
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  @Test
  void hungProviderDoesNotHoldUpTheEmailFallbackAndQueuedSendsNeverLeakOut() throws Exception {
    // Given an SMS provider with 2 connections that hangs, email as fallback, a 3 s queue bound and a 10 s timeout
    sms.withConcurrency(2).hang();
    List<CompletableFuture<DispatchReport>> sent = new ArrayList<>();
    try (AlertClient client = client(Resilience.builder().maxAttempts(1).timeout(Duration.ofSeconds(10)).build())
        .maxQueueWait(Duration.ofSeconds(3)).build()) {
      for (int i = 0; i < 10; i++) {
        sent.add(client.sendAsync(alert(i, Channel.SMS, Channel.EMAIL)));
      }
      assertThat(sms.awaitHanging(2, WAIT)).isTrue();

      // When the queue bound passes: the 8 queued SMS are withdrawn, never sent, and email takes them at once
      clock.advance(Duration.ofSeconds(3));
      assertThat(email.awaitRequests(8, WAIT)).isTrue();
      assertThat(sms.requestCount()).isEqualTo(2);
      assertThat(sms.hangingCount()).isEqualTo(2);

      // And when the timeout of the 2 started requests passes, they are aborted and fall back too
      clock.advance(Duration.ofSeconds(7));
      for (CompletableFuture<DispatchReport> f : sent) {
        assertThat(get(f).recipients()).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED));
      }
    }
    // Then both started requests were aborted, and after the SMS provider recovers it has received exactly them
    await("the 2 started requests to be aborted", () -> sms.abortedCount() == 2);
    sms.recover();
    assertThat(sms.requestCount()).isEqualTo(2);
    assertThat(email.requestCount()).isEqualTo(10);
    int queued = 0;
    int started = 0;
    for (CompletableFuture<DispatchReport> f : sent) {
      Attempt a = f.get().recipients().get(0).attempts().get(0);
      Failure failure = a.failure().orElseThrow();
      if (a.requests() == 0) {
        queued++;
        assertThat(failure.kind()).isEqualTo(Failure.Kind.RETRYABLE);
        assertThat(failure.reason()).contains("maxQueueWait").contains("not made");
      } else {
        started++;
        assertThat(failure.kind()).isEqualTo(Failure.Kind.AMBIGUOUS);
        assertThat(failure.reason()).contains("timeout of PT10S");
      }
    }
    assertThat(queued).isEqualTo(8);
    assertThat(started).isEqualTo(2);
  }

  @Test
  void queuedSendsWithdrawnAtTheDeadlineNeverReachTheProvider() throws Exception {
    // Given a hung SMS provider with one connection and alerts due within 3 s
    sms.withConcurrency(1).hang();
    List<CompletableFuture<DispatchReport>> sent = new ArrayList<>();
    try (AlertClient client = client(Resilience.builder().maxAttempts(1).timeout(Duration.ofSeconds(10)).build()).build()) {
      for (int i = 0; i < 5; i++) {
        sent.add(client.sendAsync(Alert.builder().id("a-" + i).severity(Severity.CRITICAL).title("db-1 down").recipient(person(i))
            .channels(Channel.SMS).deadline(clock.instant().plusSeconds(3)).createdAt(clock).build()));
      }
      assertThat(sms.awaitHanging(1, WAIT)).isTrue();

      // When the deadline passes
      clock.advance(Duration.ofSeconds(3));
      int notSent = 0;
      for (CompletableFuture<DispatchReport> f : sent.subList(1, 5)) {
        RecipientReport r = get(f).recipients().get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(r.attempts().get(0).requests()).isZero();
        assertThat(r.attempts().get(0).failure().orElseThrow().reason()).contains("deadline").contains("not made");
        notSent++;
      }
      assertThat(notSent).isEqualTo(4);
      clock.advance(Duration.ofSeconds(7));
      assertThat(get(sent.get(0)).recipients().get(0).attempts().get(0).requests()).isEqualTo(1);
    }
    // Then the provider, once recovered, received only the request that had started
    sms.recover();
    assertThat(sms.requestCount()).isEqualTo(1);
  }

  @Test
  void closeWithdrawsQueuedSendsAndAbortsStartedOnes() throws Exception {
    // Given a hung SMS provider with 2 connections and 6 alerts
    sms.withConcurrency(2).hang();
    List<CompletableFuture<DispatchReport>> sent = new ArrayList<>();
    AlertClient client = client(Resilience.builder().maxAttempts(1).timeout(Duration.ofSeconds(10)).build())
        .closeTimeout(Duration.ZERO).build();
    for (int i = 0; i < 6; i++) {
      sent.add(client.sendAsync(alert(i, Channel.SMS)));
    }
    assertThat(sms.awaitHanging(2, WAIT)).isTrue();

    // When the client closes
    client.close();

    // Then every alert is NOT_SENT, the started requests were aborted, and no queued one ever reaches the provider
    for (CompletableFuture<DispatchReport> f : sent) {
      assertThat(get(f).recipients().get(0).outcome()).isEqualTo(Outcome.NOT_SENT);
    }
    await("the 2 started requests to be aborted", () -> sms.abortedCount() == 2);
    sms.recover();
    assertThat(sms.requestCount()).isEqualTo(2);
  }

  @Test
  void fullBulkheadFallsBackAtOnce() throws Exception {
    // Given a hung SMS provider with 1 connection and room for 1 waiting request
    sms.withConcurrency(1).hang();
    try (AlertClient client = client(Resilience.builder().maxAttempts(1).timeout(Duration.ofSeconds(10)).build())
        .maxQueuedSends(1).build()) {
      client.sendAsync(alert(0, Channel.SMS, Channel.EMAIL));
      assertThat(sms.awaitHanging(1, WAIT)).isTrue();
      client.sendAsync(alert(1, Channel.SMS, Channel.EMAIL));

      // When a third alert finds the SMS bulkhead full
      DispatchReport third = get(client.sendAsync(alert(2, Channel.SMS, Channel.EMAIL)));

      // Then it went to email at once, without waiting on the clock and without an SMS request
      assertThat(third.recipients().get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(third.recipients().get(0).attempts()).extracting(Attempt::channel).containsExactly(Channel.SMS, Channel.EMAIL);
      assertThat(third.recipients().get(0).attempts().get(0).failure().orElseThrow().reason()).contains("bulkhead of fake-sms is full");
      assertThat(sms.requestCount()).isEqualTo(1);
      sms.recover();
    }
  }

  @Test
  void aThousandQueuedAlertsAgainstASlowProviderAreNeverReportedTimedOut() throws Exception {
    // Given a provider with 100 connections answering each request 1 s after it left, and a 3 s request timeout
    sms.withConcurrency(100).hang();
    List<CompletableFuture<DispatchReport>> sent = new ArrayList<>();
    try (AlertClient client = client(Resilience.builder().maxAttempts(1).timeout(Duration.ofSeconds(3)).build())
        .maxQueueWait(Duration.ofMinutes(1)).build()) {
      for (int i = 0; i < 1000; i++) {
        sent.add(client.sendAsync(alert(i, Channel.SMS)));
      }
      // When 10 rounds of 100 requests each take 1 s on the client's clock
      for (int round = 0; round < 10; round++) {
        assertThat(sms.awaitHanging(100, WAIT)).as("round " + round).isTrue();
        clock.advance(Duration.ofSeconds(1));
        sms.releaseHung();
      }
      // Then every alert was accepted: no request that left was reported timed out
      for (CompletableFuture<DispatchReport> f : sent) {
        RecipientReport r = get(f).recipients().get(0);
        assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.ACCEPTED);
      }
    }
    assertThat(sms.requestCount()).isEqualTo(1000);
  }

  @Test
  void aSleepingListenerDoesNotDelayAnotherAlertsRetryAndNoListenerRunsOnTheScheduler() throws Exception {
    // Given a real client (its own scheduler and executor), a listener that blocks on alert a-0's attempt,
    // and alert a-1 whose first request fails and is retried after 20 ms
    CountDownLatch hold = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    FakeProvider realSms = FakeProvider.of("real-sms", Channel.SMS);
    realSms.respondWhen(m -> m.alert().id().equals("a-1") && realSms.requestCount() <= 2,
        dev.alertkit.testkit.FakeResponse.fail(Failure.retryable(Failure.Fault.PROVIDER, "connection refused").build()));
    try (AlertClient client = AlertClient.builder().provider(realSms)
        .resilience(Resilience.builder().maxAttempts(3).backoff(Duration.ofMillis(20), Duration.ofMillis(20)).jitter(0).build())
        .listener(event -> {
          threads.add(Thread.currentThread().getName());
          seen.add(event.getClass().getSimpleName() + (event instanceof dev.alertkit.event.AttemptFinished af
              ? "(" + af.alert().id() + ", " + af.attempt().attemptId() + ")" : "") + " on " + Thread.currentThread().getName());
          if (event instanceof AttemptFinished && ((AttemptFinished) event).alert().id().equals("a-0")) {
            blocked.countDown();
            try {
              hold.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }).build()) {
      Alert a0 = Alert.builder().id("a-0").severity(Severity.CRITICAL).title("t").recipient(person(0)).channels(Channel.SMS).build();
      Alert a1 = Alert.builder().id("a-1").severity(Severity.CRITICAL).title("t").recipient(person(1)).channels(Channel.SMS).build();
      CompletableFuture<DispatchReport> first = client.sendAsync(a0);
      assertThat(blocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      // When a-1 is sent while a-0's listener sleeps
      CompletableFuture<DispatchReport> pending = client.sendAsync(a1);
      DispatchReport second;
      try {
        try {
          second = pending.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException slow) {
          StringBuilder dump = new StringBuilder("DIAG a-1 slow; threads:");
          Thread.getAllStackTraces().forEach((t, st) -> {
            dump.append("\n").append(t.getName()).append(' ').append(t.getState());
            for (StackTraceElement el : st) {
              dump.append("\n    at ").append(el);
            }
          });
          System.err.println(dump);
          second = pending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
      } catch (java.util.concurrent.TimeoutException e) {
        StringBuilder dump = new StringBuilder("a-1 did not complete while a-0's listener slept; threads:");
        Thread.getAllStackTraces().forEach((t, st) -> {
          if (t.getName().startsWith("alertkit")) {
            dump.append("\n").append(t.getName()).append(' ').append(t.getState());
            for (StackTraceElement el : st) {
              dump.append("\n    at ").append(el);
            }
          }
        });
        throw new AssertionError(dump.toString(), e);
      }

      // Then a-1's retry ran on time and was accepted, and a-0 is still held by its listener
      assertThat(second.recipients().get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(second.recipients().get(0).attempts().get(0).requests()).isGreaterThan(1);
      assertThat(first).as("a-0 must still be held by its listener; events seen: %s", seen).isNotDone();
      hold.countDown();
      assertThat(get(first).recipients().get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
    }
    // And no listener ran on the client's scheduler thread
    assertThat(threads).isNotEmpty().noneMatch(t -> t.startsWith("alertkit-scheduler"));
  }

  @Test
  void sendAsyncNeverRunsListenersOnTheCallersThreadEvenWhenTheProviderAnsweredFirst() throws Exception {
    // Given an executor that finishes each request on its own thread before it returns: the provider's answer is in
    // before the dispatch attaches what follows it (the race that once ran listeners on the sendAsync caller's thread)
    java.util.concurrent.Executor finishesFirst = r -> {
      Thread t = new Thread(r, "finishes-first");
      t.start();
      try {
        t.join(TimeUnit.SECONDS.toMillis(WAIT.toSeconds()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    List<String> listenerThreads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    String caller = Thread.currentThread().getName();
    try (AlertClient client = AlertClient.builder().provider(FakeProvider.sms()).executor(finishesFirst)
        .resilience(Resilience.none()).listener(event -> {
          if (event instanceof AttemptFinished || event instanceof dev.alertkit.event.DispatchCompleted) {
            listenerThreads.add(Thread.currentThread().getName());
          }
        }).build()) {
      // When an alert is sent with sendAsync
      DispatchReport report = get(client.sendAsync(Alert.builder().id("fast").severity(Severity.CRITICAL).title("t")
          .recipient(person(0)).channels(Channel.SMS).build()));

      // Then it was accepted, and neither the attempt's nor the dispatch's listeners ran on the caller's thread
      assertThat(report.recipients().get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(listenerThreads).hasSize(2).noneMatch(caller::equals);
    }
  }

  @Test
  void deferredSendsBeyondTheBoundAreNotSentWithAClearReason() {
    // Given a client that holds at most 1 deferred send, at night for the recipient
    ManualClock night = ManualClock.at("2026-11-28T23:00:00Z");
    Recipient sleeper = Recipient.builder("sleeper").phone("+14155550100").timeZone(ZoneOffset.UTC)
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();
    try (AlertClient client = AlertClient.builder().provider(sms).clock(night).scheduler(ManualScheduler.on(night))
        .executor(Runnable::run).resilience(Resilience.none()).maxDeferredSends(1).build()) {
      Alert.Builder b = Alert.builder().severity(Severity.WARNING).title("disk").recipient(sleeper).channels(Channel.SMS).createdAt(night);

      // When two alerts would be deferred
      DispatchReport first = client.send(b.id("a-1").build());
      DispatchReport second = client.send(b.id("a-2").build());

      // Then the first waits and the second is rejected with the reason
      assertThat(first.outcome("sleeper")).isEqualTo(Outcome.DEFERRED);
      assertThat(second.outcome("sleeper")).isEqualTo(Outcome.NOT_SENT);
      assertThat(second.recipient("sleeper").reason()).hasValueSatisfying(r ->
          assertThat(r).contains("maxDeferredSends").contains("1 deferred sends are already waiting"));
      assertThat(sms.requestCount()).isZero();
    }
  }

  @Test
  void aBatchRetryNamesExactlyTheRecipientsItRetries() throws Exception {
    // Given a batched email provider that refuses the first message of the first request (never processed)
    FakeProvider batched = FakeProvider.of("batch-email", Channel.EMAIL).withBatchSize(1000);
    batched.failNext(1, Failure.retryable(Failure.Fault.PROVIDER, "HTTP 429").httpStatus(429).build());
    RecordingListener events = new RecordingListener();
    Alert.Builder b = Alert.builder().id("a-1").severity(Severity.WARNING).title("maintenance").channels(Channel.EMAIL).createdAt(clock);
    for (int i = 0; i < 3; i++) {
      b.recipient(person(i));
    }
    try (AlertClient client = AlertClient.builder().provider(batched).clock(clock).scheduler(scheduler).executor(Runnable::run)
        .resilience(Resilience.builder().jitter(0).build()).listener(events).build()) {
      // When it is sent and the retry falls due
      CompletableFuture<DispatchReport> f = client.sendAsync(b.build());
      clock.advance(Duration.ofSeconds(1));
      assertThat(get(f).outcomes().values()).containsOnly(Outcome.ACCEPTED);
    }
    // Then the retry event names only r0, and the second request carried only r0
    assertThat(events.events(dev.alertkit.event.RetryScheduled.class)).singleElement()
        .satisfies(e -> assertThat(e.recipients()).extracting(Recipient::id).containsExactly("r0"));
    assertThat(events.events(AttemptStarted.class)).extracting(e -> e.recipients().size()).containsExactly(3, 1);
  }

  @Test
  void aBatchedEmailEventNamesEveryRecipient() {
    // Given an email provider taking 1,000 recipients per request and an alert to 1,000 people
    FakeProvider batched = FakeProvider.of("batch-email", Channel.EMAIL).withBatchSize(1000);
    RecordingListener events = new RecordingListener();
    Alert.Builder b = Alert.builder().id("a-1").severity(Severity.WARNING).title("maintenance").channels(Channel.EMAIL).createdAt(clock);
    for (int i = 0; i < 1000; i++) {
      b.recipient(person(i));
    }
    try (AlertClient client = AlertClient.builder().provider(batched).clock(clock).scheduler(scheduler).executor(Runnable::run)
        .resilience(Resilience.none()).listener(events).build()) {
      // When it is sent
      client.send(b.build());
    }
    // Then one request was made and its event names all 1,000 recipients, each with its attempt id
    assertThat(batched.requestCount()).isEqualTo(1);
    assertThat(events.events(AttemptStarted.class)).singleElement().satisfies(e -> {
      assertThat(e.recipients()).hasSize(1000);
      assertThat(e.attemptIds()).hasSize(1000).doesNotHaveDuplicates();
      assertThat(e.recipients()).extracting(Recipient::id).doesNotHaveDuplicates();
    });
    assertThat(events.attempts()).hasSize(1000);
    assertThat(Collections.frequency(events.attempts().stream().map(Attempt::accepted).toList(), true)).isEqualTo(1000);
  }
}
