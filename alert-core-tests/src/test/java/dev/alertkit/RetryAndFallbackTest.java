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
import java.util.concurrent.Executor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What is retried, when, and what happens when it is not: every scenario through send and sendAsync. */
class RetryAndFallbackTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final FakeProvider sms = FakeProvider.of("fake-sms", Channel.SMS);
  private final FakeProvider email = FakeProvider.of("fake-email", Channel.EMAIL);
  private final ResilienceEventLog events = new ResilienceEventLog();
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();

  /** Defaults, without jitter so that waits are exact. */
  private Resilience.Builder resilience() {
    return Resilience.builder().jitter(0);
  }

  private AlertClient client(Resilience r) {
    return client(r, Runnable::run);
  }

  private AlertClient client(Resilience r, Executor executor) {
    return AlertClient.builder().provider(sms).provider(email).clock(clock).scheduler(scheduler).executor(executor)
        .resilience(r).listener(events).build();
  }

  private Alert alert(Channel... channels) {
    return Alert.builder().id("a-1").severity(Severity.CRITICAL).title("db-1 disk 97% full").body("Runbook: https://runbooks.example.com/disk")
        .recipient(alice).channels(channels).createdAt(clock).build();
  }

  private static Failure http429(Duration retryAfter) {
    return Failure.retryable(Failure.Fault.PROVIDER, "rate limited (HTTP 429)").httpStatus(429).retryAfter(retryAfter).build();
  }

  private static Failure http503() {
    return Failure.ambiguous(Failure.Fault.PROVIDER, "HTTP 503 Service Unavailable").httpStatus(503).build();
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void retriesRateLimitedSendAfterRetryAfter(SendMode mode) {
    // Given SMS answers 429 with Retry-After 5 s once
    sms.failNext(1, http429(Duration.ofSeconds(5)));
    Instant start = clock.instant();
    try (AlertClient client = client(resilience().build())) {
      // When the alert is sent
      CompletableFuture<DispatchReport> f = mode.start(client, alert(Channel.SMS, Channel.EMAIL));

      // Then one request was made and the retry waits exactly Retry-After on the client's clock
      SendMode.await("retry scheduled", () -> scheduler.pendingCount() == 1);
      SendMode.settle(f);
      assertThat(sms.requestCount()).isEqualTo(1);
      assertThat(scheduler.pendingDueTimes()).containsExactly(start.plusSeconds(5));
      clock.advance(Duration.ofMillis(4999));
      assertThat(sms.requestCount()).isEqualTo(1);
      clock.advance(Duration.ofMillis(1));
      DispatchReport report = SendMode.drive(f, clock, scheduler);

      // Then the second request was accepted: 2 requests in one attempt, no email
      assertThat(sms.requestCount()).isEqualTo(2);
      assertThat(email.requestCount()).isZero();
      assertThat(report.outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      Attempt a = report.recipient("alice").attempts().get(0);
      assertThat(a.requests()).isEqualTo(2);
      assertThat(a.ambiguousResend()).isFalse();
      assertThat(events.events()).containsExactly("retry fake-sms alice in PT5S after RETRYABLE");
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void backsOffExponentiallyWithoutRetryAfterThenFallsBack(SendMode mode) {
    // Given SMS refuses every connection (safe to retry), 3 attempts, backoff 1 s doubling
    sms.failWhen(m -> true, Failure.retryable(Failure.Fault.PROVIDER, "connection refused").build());
    Instant start = clock.instant();
    List<Instant> requestTimes = new ArrayList<>();
    FakeProvider recorded = sms;
    try (AlertClient client = client(resilience().build())) {
      CompletableFuture<DispatchReport> f = mode.start(client, alert(Channel.SMS, Channel.EMAIL));
      for (int i = 1; i <= 3; i++) {
        int n = i;
        SendMode.await("request " + n, () -> recorded.requestCount() == n);
        requestTimes.add(clock.instant());
        if (n < 3) {
          SendMode.await("retry " + n + " scheduled", () -> scheduler.pendingCount() == 1);
          SendMode.settle(f);
          clock.advanceTo(scheduler.pendingDueTimes().get(0));
        }
      }
      DispatchReport report = SendMode.drive(f, clock, scheduler);

      // Then 3 requests at 0 s, 1 s, 3 s, then email took over
      assertThat(requestTimes).containsExactly(start, start.plusSeconds(1), start.plusSeconds(3));
      assertThat(report.outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      assertThat(report.recipient("alice").attempts()).extracting(Attempt::provider, Attempt::requests)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("fake-sms", 3), org.assertj.core.groups.Tuple.tuple("fake-email", 1));
      assertThat(events.events()).containsExactly(
          "retry fake-sms alice in PT1S after RETRYABLE", "retry fake-sms alice in PT2S after RETRYABLE", "fallback alice 0->1");
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void ambiguousFailureIsNotRetriedByDefaultAndFallsBackToTheNextTier(SendMode mode) {
    // Given SMS answers 503 (the message may have been sent)
    sms.failNext(1, http503());
    try (AlertClient client = client(resilience().build())) {
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL), clock, scheduler);

      // Then exactly one SMS request, and email took over
      assertThat(sms.requestCount()).isEqualTo(1);
      assertThat(email.requestCount()).isEqualTo(1);
      assertThat(report.outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      Attempt smsAttempt = report.recipient("alice").attempts().get(0);
      assertThat(smsAttempt.requests()).isEqualTo(1);
      assertThat(smsAttempt.failure()).hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(Failure.Kind.AMBIGUOUS));
      assertThat(events.eventsStartingWith("retry")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void readTimeoutReportedByTheProviderIsNotRetriedByDefault(SendMode mode) {
    // Given SMS reports a read timeout
    sms.failNext(1, Failure.ambiguous(Failure.Fault.PROVIDER, "read timed out after 30 s").build());
    try (AlertClient client = client(resilience().build())) {
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL), clock, scheduler);

      // Then no second SMS request
      assertThat(sms.requestCount()).isEqualTo(1);
      assertThat(report.recipient("alice").channelsTried()).containsExactly(Channel.SMS, Channel.EMAIL);
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void ambiguousFailureIsRetriedWhenOptedInAndTheResendIsFlagged(SendMode mode) {
    // Given the user opted into ambiguous retries, and SMS answers 503 once
    sms.failNext(1, http503());
    try (AlertClient client = client(resilience().retryAmbiguous(true).build())) {
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL), clock, scheduler);

      // Then the SMS was resent and the report says it may be a duplicate
      Attempt a = report.recipient("alice").attempts().get(0);
      assertThat(a.accepted()).isTrue();
      assertThat(a.requests()).isEqualTo(2);
      assertThat(a.ambiguousResend()).isTrue();
      assertThat(email.requestCount()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void permanentFailureIsNeverRetried(SendMode mode) {
    sms.failNext(1, Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").providerCode("21211").build());
    try (AlertClient client = client(resilience().maxAttempts(5).retryAmbiguous(true).build())) {
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL), clock, scheduler);

      assertThat(sms.requestCount()).isEqualTo(1);
      assertThat(report.outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      assertThat(report.recipient("alice").attempts().get(1).channel()).isEqualTo(Channel.EMAIL);
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void retryAfterLongerThanTheCapIsNotHonouredButFallsBack(SendMode mode) {
    // Given a provider asking to wait 10 minutes, above maxRetryAfter 60 s
    sms.failNext(1, http429(Duration.ofMinutes(10)));
    try (AlertClient client = client(resilience().build())) {
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL), clock, scheduler);

      // Then no retry; the failure says why; email took over at once
      assertThat(sms.requestCount()).isEqualTo(1);
      assertThat(report.recipient("alice").attempts().get(0).failure()).hasValueSatisfying(f ->
          assertThat(f.reason()).contains("not retried: the provider asked to wait PT10M, longer than maxRetryAfter PT1M"));
      assertThat(events.eventsStartingWith("no-retry")).hasSize(1);
      assertThat(report.outcome("alice")).isEqualTo(Outcome.ACCEPTED);
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void retryThatWouldPassMaxDurationIsNotMade(SendMode mode) {
    // Given max duration 2 s and backoff 1 s doubling: the second retry (at 3 s) would pass it
    sms.failWhen(m -> true, Failure.retryable(Failure.Fault.PROVIDER, "connection refused").build());
    try (AlertClient client = client(resilience().maxAttempts(5).maxDuration(Duration.ofSeconds(2)).build())) {
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL), clock, scheduler);

      assertThat(sms.requestCount()).isEqualTo(2);
      assertThat(report.recipient("alice").attempts().get(0).failure()).hasValueSatisfying(f ->
          assertThat(f.reason()).contains("not retried").contains("maxDuration PT2S"));
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void ownTimeoutMakesTheAttemptAmbiguousAndIsNotRetried(SendMode mode) {
    // Given an SMS provider whose request has left but never answers (it can be aborted, like an HTTP request)
    sms.hang();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    try (AlertClient client = client(resilience().timeout(Duration.ofSeconds(10)).build(), pool)) {
      // When 10 s pass on the client's clock
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL), clock, scheduler);

      // Then the SMS attempt is ambiguous (it may still be sent), not retried, and email took over
      Attempt a = report.recipient("alice").attempts().get(0);
      assertThat(a.failure()).hasValueSatisfying(f -> {
        assertThat(f.kind()).isEqualTo(Failure.Kind.AMBIGUOUS);
        assertThat(f.reason()).contains("within the timeout of PT10S").contains("may have been sent");
      });
      assertThat(a.requests()).isEqualTo(1);
      assertThat(report.outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      assertThat(email.requestCount()).isEqualTo(1);

      // And the request in flight was aborted at the transport; nothing was resent
      SendMode.await("the hung request to be aborted", () -> sms.abortedCount() == 1);
      assertThat(sms.requestCount()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void retryThatWouldStartAfterTheDeadlineEndsNotSentWithThatReason(SendMode mode) {
    // Given an SMS refused (never processed) that the provider asks to retry after 10 s, and a deadline in 5 s
    sms.failNext(1, http429(Duration.ofSeconds(10)));
    Alert alert = Alert.builder().id("a-1").severity(Severity.CRITICAL).title("db-1 disk 97% full").recipient(alice)
        .channels(Channel.SMS).deadline(clock.instant().plusSeconds(5)).createdAt(clock).build();
    try (AlertClient client = client(resilience().build())) {
      // When it is sent
      DispatchReport report = mode.send(client, alert, clock, scheduler);

      // Then it was not sent (nothing left the process), and the report says the deadline is why
      assertThat(report.outcome("alice")).isEqualTo(Outcome.NOT_SENT);
      assertThat(report.recipient("alice").reason()).hasValueSatisfying(r ->
          assertThat(r).contains("not sent by the alert's deadline").contains("would start after the alert's deadline"));
      assertThat(sms.requestCount()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void noneMakesExactlyOneRequest(SendMode mode) {
    sms.failNext(1, http429(Duration.ofSeconds(1)));
    try (AlertClient client = client(Resilience.none())) {
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL), clock, scheduler);

      assertThat(sms.requestCount()).isEqualTo(1);
      assertThat(report.recipient("alice").attempts()).extracting(Attempt::channel).containsExactly(Channel.SMS, Channel.EMAIL);
    }
  }
}
