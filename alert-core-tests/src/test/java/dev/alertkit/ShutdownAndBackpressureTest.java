package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** close() with in-flight, retry-waiting and queued alerts; bounded queues. No alert ends without an outcome. */
class ShutdownAndBackpressureTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final FakeProvider sms = FakeProvider.of("fake-sms", Channel.SMS);
  private final AtomicInteger ids = new AtomicInteger();
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();

  private Alert alert() {
    return Alert.builder().id("a-" + ids.incrementAndGet()).severity(Severity.CRITICAL).title("db-1 down").body("Runbook: x")
        .recipient(alice).channels(Channel.SMS).createdAt(clock).build();
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void closeCancelsRetriesWaitingOnTheSchedulerAndReportsNotSent(SendMode mode) throws Exception {
    // Given an alert whose SMS got a 429 and waits 10 s for its retry
    sms.failNext(1, Failure.retryable(Failure.Fault.PROVIDER, "rate limited (HTTP 429)").httpStatus(429).retryAfter(Duration.ofSeconds(10)).build());
    AlertClient client = AlertClient.builder().provider(sms).clock(clock).scheduler(scheduler).executor(Runnable::run)
        .closeTimeout(Duration.ZERO).build();
    CompletableFuture<DispatchReport> f = mode.start(client, alert());
    SendMode.await("retry scheduled", () -> scheduler.pendingCount() == 1);
    SendMode.settle(f);

    // When the client closes before the retry is due
    client.close();

    // Then the alert is NOT_SENT with the reason, the retry is gone, and no request follows
    DispatchReport report = f.get(10, TimeUnit.SECONDS);
    assertThat(report.outcome("alice")).isEqualTo(Outcome.NOT_SENT);
    assertThat(report.recipient("alice").reason()).hasValueSatisfying(r -> assertThat(r).contains("closed"));
    assertThat(scheduler.pendingCount()).isZero();
    clock.advance(Duration.ofMinutes(5));
    assertThat(sms.requestCount()).isEqualTo(1);
  }

  @Test
  void closeReportsInFlightAndQueuedAlertsNotSentAndMakesNoLaterRequest() throws Exception {
    // Given one send thread: alert 1 is in flight, alert 2 waits in the executor's queue
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Blocking provider = new Blocking(entered, release);
    AlertClient client = AlertClient.builder().provider(provider).clock(clock).scheduler(scheduler)
        .maxConcurrentSends(1).maxQueuedSends(10).closeTimeout(Duration.ZERO).build();
    CompletableFuture<DispatchReport> inFlight = client.sendAsync(alert());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<DispatchReport> queued = client.sendAsync(alert());

    // When the client closes with no grace period
    client.close();
    release.countDown();

    // Then both have an outcome; the in-flight one says its request may have reached the provider
    assertThat(inFlight.get(10, TimeUnit.SECONDS).outcome("alice")).isEqualTo(Outcome.NOT_SENT);
    assertThat(inFlight.get().recipient("alice").reason()).hasValueSatisfying(r -> assertThat(r).contains("may still have reached"));
    assertThat(queued.get(10, TimeUnit.SECONDS).outcome("alice")).isEqualTo(Outcome.NOT_SENT);
    assertThat(provider.calls.get()).isEqualTo(1);
    assertThatThrownBy(() -> client.sendAsync(alert())).isInstanceOf(AlertRejectedException.class).hasMessageContaining("closed");
  }

  @Test
  void fullBulkheadFailsTheSendFastWithoutARequest() throws Exception {
    // Given one send thread and room for one queued request
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Blocking provider = new Blocking(entered, release);
    try (AlertClient client = AlertClient.builder().provider(provider).clock(clock).scheduler(scheduler)
        .maxConcurrentSends(1).maxQueuedSends(1).closeTimeout(Duration.ofSeconds(30)).build()) {
      CompletableFuture<DispatchReport> first = client.sendAsync(alert());
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<DispatchReport> second = client.sendAsync(alert());

      // When a third alert comes while the queue is full
      DispatchReport third = client.sendAsync(alert()).get(10, TimeUnit.SECONDS);

      // Then it failed at once, without a request and without a retry
      assertThat(third.outcome("alice")).isEqualTo(Outcome.FAILED);
      assertThat(third.recipient("alice").attempts().get(0).requests()).isZero();
      assertThat(third.recipient("alice").attempts().get(0).failure()).hasValueSatisfying(f ->
          assertThat(f.reason()).contains("the bulkhead of").contains("is full").contains("maxQueuedSends 1").contains("not made"));

      // And the others complete once the provider answers
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      assertThat(second.get(10, TimeUnit.SECONDS).outcome("alice")).isEqualTo(Outcome.ACCEPTED);
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void alertsBeyondMaxPendingAreRejectedWhileRetriesWait(SendMode mode) {
    // Given one pending alert allowed, and one waiting for a retry
    sms.failNext(1, Failure.retryable(Failure.Fault.PROVIDER, "connection refused").build());
    try (AlertClient client = AlertClient.builder().provider(sms).clock(clock).scheduler(scheduler).executor(Runnable::run)
        .maxPendingAlerts(1).build()) {
      CompletableFuture<DispatchReport> waiting = mode.start(client, alert());
      SendMode.await("retry scheduled", () -> scheduler.pendingCount() == 1);
      SendMode.settle(waiting);

      // Then the next alert is rejected at once with a clear message
      assertThatThrownBy(() -> client.sendAsync(alert())).isInstanceOf(AlertRejectedException.class).hasMessageContaining("maxPendingAlerts");

      // And once the retry succeeds, alerts are taken again
      assertThat(SendMode.drive(waiting, clock, scheduler).outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      assertThat(mode.send(client, alert(), clock, scheduler).outcome("alice")).isEqualTo(Outcome.ACCEPTED);
    }
  }

  /** Blocks in send until released. */
  private static final class Blocking implements ChannelProvider {
    final CountDownLatch entered;
    final CountDownLatch release;
    final AtomicInteger calls = new AtomicInteger();

    Blocking(CountDownLatch entered, CountDownLatch release) {
      this.entered = entered;
      this.release = release;
    }

    @Override
    public String name() {
      return "blocking";
    }

    @Override
    public Set<Channel> channels() {
      return Set.of(Channel.SMS);
    }

    @Override
    public SendResult send(OutboundMessage message) {
      calls.incrementAndGet();
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return SendResult.accepted("id-" + message.attemptId(), "queued");
    }
  }
}
