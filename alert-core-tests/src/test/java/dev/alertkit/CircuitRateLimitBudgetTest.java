package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Circuit breaker, rate limiter and retry budget through the client: every scenario through send and sendAsync. */
class CircuitRateLimitBudgetTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final FakeProvider sms = FakeProvider.of("fake-sms", Channel.SMS);
  private final FakeProvider email = FakeProvider.of("fake-email", Channel.EMAIL);
  private final ResilienceEventLog events = new ResilienceEventLog();
  private final AtomicInteger ids = new AtomicInteger();

  private AlertClient client(Resilience r) {
    return AlertClient.builder().provider(sms).provider(email).clock(clock).scheduler(scheduler).executor(Runnable::run)
        .resilience(r).listener(events).build();
  }

  private static Recipient person(int i) {
    return Recipient.builder("p" + i).phone(String.format("+141555501%02d", i)).email("p" + i + "@example.com").build();
  }

  private Alert alert(int recipients) {
    Alert.Builder b = Alert.builder().id("a-" + ids.incrementAndGet()).severity(Severity.CRITICAL).title("db-1 down").body("Runbook: x")
        .channels(Channel.SMS, Channel.EMAIL).createdAt(clock);
    for (int i = 0; i < recipients; i++) {
      b.recipient(person(i));
    }
    return b.build();
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void circuitOpensAfterThresholdFailsFastThenHalfOpensAndCloses(SendMode mode) {
    // Given a breaker opening at 50% of 4 requests, open for 30 s, and an SMS provider that is down
    Resilience r = Resilience.builder().maxAttempts(1).circuitBreaker(50, 4, Duration.ofSeconds(30)).build();
    sms.failNext(2, Failure.ambiguous(Failure.Fault.PROVIDER, "HTTP 503").httpStatus(503).build());
    try (AlertClient client = client(r)) {
      // When two alerts fail over SMS
      mode.send(client, alert(1), clock, scheduler);
      mode.send(client, alert(1), clock, scheduler);
      Instant openedAt = clock.instant();

      // Then the circuit opened
      assertThat(events.eventsStartingWith("circuit")).containsExactly("circuit fake-sms OPEN");

      // When a third alert comes while it is open
      DispatchReport third = mode.send(client, alert(1), clock, scheduler);

      // Then SMS failed fast without a request, saying until when, and email took over
      assertThat(sms.requestCount()).isEqualTo(2);
      Attempt fast = third.recipient("p0").attempts().get(0);
      assertThat(fast.requests()).isZero();
      assertThat(fast.failure()).hasValueSatisfying(f -> {
        assertThat(f.kind()).isEqualTo(Failure.Kind.RETRYABLE);
        assertThat(f.fault()).isEqualTo(Failure.Fault.PROVIDER);
        assertThat(f.reason()).isEqualTo("circuit open for fake-sms since " + openedAt + "; next trial at " + openedAt.plusSeconds(30));
      });
      assertThat(third.outcome("p0")).isEqualTo(Outcome.ACCEPTED);

      // When the open period has passed on the client's clock and the provider is back
      clock.advance(Duration.ofSeconds(30));
      DispatchReport fourth = mode.send(client, alert(1), clock, scheduler);

      // Then one trial request went through and closed the circuit
      assertThat(sms.requestCount()).isEqualTo(3);
      assertThat(fourth.recipient("p0").attempts().get(0).accepted()).isTrue();
      assertThat(events.eventsStartingWith("circuit")).containsExactly("circuit fake-sms OPEN", "circuit fake-sms HALF_OPEN", "circuit fake-sms CLOSED");
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void failedTrialReopensTheCircuit(SendMode mode) {
    Resilience r = Resilience.builder().maxAttempts(1).circuitBreaker(100, 1, Duration.ofSeconds(10)).build();
    sms.failWhen(m -> true, Failure.permanent(Failure.Fault.PROVIDER, "authentication failed").providerCode("20003").build());
    try (AlertClient client = client(r)) {
      mode.send(client, alert(1), clock, scheduler);
      clock.advance(Duration.ofSeconds(10));
      mode.send(client, alert(1), clock, scheduler);
      mode.send(client, alert(1), clock, scheduler);

      assertThat(sms.requestCount()).isEqualTo(2);
      assertThat(events.eventsStartingWith("circuit")).containsExactly("circuit fake-sms OPEN", "circuit fake-sms HALF_OPEN", "circuit fake-sms OPEN");
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void recipientAndContentFailuresDoNotOpenTheCircuit(SendMode mode) {
    Resilience r = Resilience.builder().maxAttempts(1).circuitBreaker(50, 4, Duration.ofSeconds(30)).build();
    sms.failWhen(m -> true, Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").providerCode("21211").build());
    try (AlertClient client = client(r)) {
      for (int i = 0; i < 6; i++) {
        mode.send(client, alert(1), clock, scheduler);
      }
      assertThat(sms.requestCount()).isEqualTo(6);
      assertThat(events.eventsStartingWith("circuit")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void rateLimiterSpacesSendsOfOneSender(SendMode mode) {
    // Given SMS limited to 1 message/s per sender
    Resilience r = Resilience.builder().forProvider("fake-sms", p -> p.rateLimit(RateLimit.perSecond(1))).build();
    Instant start = clock.instant();
    List<Instant> sentAt = new ArrayList<>();
    try (AlertClient client = client(r)) {
      // When one alert goes to 3 people
      CompletableFuture<DispatchReport> f = mode.start(client, alert(3));
      for (int n = 1; n <= 3; n++) {
        int want = n;
        SendMode.await("SMS " + want, () -> sms.requestCount() == want);
        sentAt.add(clock.instant());
        if (n < 3) {
          SendMode.await("a scheduled wait", () -> scheduler.pendingCount() > 0);
          SendMode.settle(f);
          clock.advanceTo(scheduler.pendingDueTimes().get(0));
        }
      }
      DispatchReport report = SendMode.drive(f, clock, scheduler);

      // Then the SMS went out one second apart, and every waiter was told
      assertThat(sentAt).containsExactly(start, start.plusSeconds(1), start.plusSeconds(2));
      assertThat(report.countByOutcome()).containsEntry(Outcome.ACCEPTED, 3);
      assertThat(events.eventsStartingWith("rate-limited")).containsExactlyInAnyOrder(
          "rate-limited fake-sms fake-sms p1 waits PT1S", "rate-limited fake-sms fake-sms p2 waits PT2S");
      assertThat(email.requestCount()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void sendThatWouldWaitLongerThanMaxWaitFailsLocallyAndFallsBack(SendMode mode) {
    // Given 1 message/s and at most 1 s of waiting
    Resilience r = Resilience.builder().forProvider("fake-sms", p -> p.rateLimit(RateLimit.perSecond(1).withMaxWait(Duration.ofSeconds(1)))).build();
    try (AlertClient client = client(r)) {
      // When one alert goes to 3 people
      DispatchReport report = mode.send(client, alert(3), clock, scheduler);

      // Then the third SMS was not made ("rate limited locally") and email took over for that person
      assertThat(sms.requestCount()).isEqualTo(2);
      assertThat(report.recipient("p2").attempts().get(0).failure()).hasValueSatisfying(f -> {
        assertThat(f.kind()).isEqualTo(Failure.Kind.RETRYABLE);
        assertThat(f.reason()).startsWith("rate limited locally: sender fake-sms of fake-sms is limited to 1 per PT1S");
      });
      assertThat(report.recipient("p2").attempts().get(1).channel()).isEqualTo(Channel.EMAIL);
      assertThat(report.countByOutcome()).containsEntry(Outcome.ACCEPTED, 3);
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void retryBudgetStopsARetryStorm(SendMode mode) {
    // Given SMS refuses everything, 3 attempts, and a budget of 20% (at least 2) retries per minute
    Resilience r = Resilience.builder().jitter(0).noCircuitBreaker().retryBudget(0.2, 2, Duration.ofMinutes(1)).build();
    sms.failWhen(m -> true, Failure.retryable(Failure.Fault.PROVIDER, "connection refused").build());
    try (AlertClient client = client(r)) {
      // When 10 alerts are sent
      List<DispatchReport> reports = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        reports.add(mode.send(client, alert(1), clock, scheduler));
      }

      // Then only 2 retries were made instead of 20, and the others say why
      assertThat(sms.requestCount()).isEqualTo(12);
      assertThat(events.eventsStartingWith("retry")).hasSize(2);
      assertThat(events.eventsStartingWith("no-retry")).hasSize(9);
      assertThat(reports.get(9).recipient("p0").attempts().get(0).failure()).hasValueSatisfying(f ->
          assertThat(f.reason()).contains("not retried: the retry budget of fake-sms is spent: 2 retries for 10 first requests"));
      assertThat(reports).allSatisfy(rep -> assertThat(rep.outcome("p0")).isEqualTo(Outcome.ACCEPTED));
    }
  }
}
