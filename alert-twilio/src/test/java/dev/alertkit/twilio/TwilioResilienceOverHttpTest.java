package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.Failure;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The resilience layer over real HTTP: the Twilio provider against the emulator, the client's default policies,
 * retries waiting on a manual clock. The provider makes exactly one HTTP request per call, so every POST the
 * emulator counts is a decision of alertkit's retry policy.
 */
class TwilioResilienceOverHttpTest {
  private final TwilioEmulator emulator = TwilioEmulator.start();
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final FakeProvider email = FakeProvider.email();
  private final BlockingQueue<Duration> retries = new LinkedBlockingQueue<>();
  private final Recipient bob = Recipient.builder("bob").phone("+14155550100").email("bob@example.com").build();

  @AfterEach
  void stop() {
    emulator.close();
  }

  private AlertClient client(TwilioConfig config, Resilience resilience) {
    return AlertClient.builder()
        .provider(TwilioProviders.sms(config)).provider(email)
        .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)).build())
        // Same-thread executor: the HTTP request runs on the sending thread, and a retry's wait is registered on the
        // manual scheduler before sendAsync returns, so advancing the clock deterministically triggers it.
        .clock(clock).scheduler(scheduler).executor(Runnable::run).resilience(resilience)
        .listener(event -> {
          if (event instanceof dev.alertkit.event.RetryScheduled) {
            retries.add(((dev.alertkit.event.RetryScheduled) event).delay());
          }
        })
        .build();
  }

  private Alert alert() {
    return Alert.builder().severity(Severity.CRITICAL).title("db-1 disk 97% full").recipient(bob).createdAt(clock).build();
  }

  private Duration nextRetry(BlockingQueue<Duration> retries) {
    Duration d = retries.poll();
    assertThat(d).as("a retry was scheduled").isNotNull();
    assertThat(scheduler.pendingCount()).as("the retry waits on the client's scheduler").isEqualTo(1);
    return d;
  }

  @Test
  void retriesRateLimitedSendAfterRetryAfterWithExactlyTwoPosts() throws Exception {
    // Given Twilio answers the first POST with 429 and Retry-After: 2
    emulator.failNext(TwilioEmulator.Reply.rateLimited(Duration.ofSeconds(2)));
    try (AlertClient client = client(Fixtures.config(emulator).build(), Resilience.defaults())) {
      // When the alert is sent
      CompletableFuture<DispatchReport> f = client.sendAsync(alert());

      // Then a retry is scheduled after exactly Retry-After, and nothing is resent before it is due
      assertThat(nextRetry(retries)).isEqualTo(Duration.ofSeconds(2));
      clock.advance(Duration.ofMillis(1999));
      assertThat(emulator.requestCount()).isEqualTo(1);
      clock.advance(Duration.ofMillis(1));

      // and the second POST succeeds: two POSTs in all, email never used
      DispatchReport report = f.get(10, TimeUnit.SECONDS);
      Attempt sms = report.recipient("bob").attempts().get(0);
      assertThat(sms.accepted()).isTrue();
      assertThat(sms.requests()).isEqualTo(2);
      assertThat(emulator.requestCount()).isEqualTo(2);
      assertThat(email.messages()).isEmpty();
    }
  }

  @Test
  void serviceUnavailableIsOnePostThenFallbackBecauseItIsAmbiguous() {
    // Given Twilio answers 503 (the request may have been processed)
    emulator.failNext(TwilioEmulator.Reply.serverError(503));
    try (AlertClient client = client(Fixtures.config(emulator).build(), Resilience.defaults())) {
      // When
      DispatchReport report = client.send(alert());

      // Then exactly one POST, an AMBIGUOUS failure, and email took over
      Attempt sms = report.recipient("bob").attempts().get(0);
      assertThat(sms.failure()).hasValueSatisfying(f -> {
        assertThat(f.kind()).isEqualTo(Failure.Kind.AMBIGUOUS);
        assertThat(f.httpStatus()).hasValue(503);
      });
      assertThat(sms.requests()).isEqualTo(1);
      assertThat(emulator.requestCount()).isEqualTo(1);
      assertThat(report.outcome("bob")).isEqualTo(Outcome.ACCEPTED);
      assertThat(report.recipient("bob").channelsTried()).containsExactly(Channel.SMS, Channel.EMAIL);
      assertThat(retries).isEmpty();
    }
  }

  @Test
  void connectionRefusedIsRetriedWithBackoffThenFallsBack() throws Exception {
    // Given nothing listens where the provider connects
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    TwilioConfig config = Fixtures.config(emulator).baseUrl("http://127.0.0.1:" + closedPort).build();
    Resilience twoAttempts = Resilience.builder().maxAttempts(2).jitter(0).build();
    try (AlertClient client = client(config, twoAttempts)) {
      // When
      CompletableFuture<DispatchReport> f = client.sendAsync(alert());

      // Then the refused connection is retried after the 1 s backoff, refused again, and email takes over
      assertThat(nextRetry(retries)).isEqualTo(Duration.ofSeconds(1));
      clock.advance(Duration.ofSeconds(1));
      DispatchReport report = f.get(10, TimeUnit.SECONDS);
      List<Attempt> attempts = report.recipient("bob").attempts();
      assertThat(attempts.get(0).failure()).hasValueSatisfying(fl -> assertThat(fl.kind()).isEqualTo(Failure.Kind.RETRYABLE));
      assertThat(attempts.get(0).requests()).isEqualTo(2);
      assertThat(report.recipient("bob").channelsTried()).containsExactly(Channel.SMS, Channel.EMAIL);
      assertThat(report.outcome("bob")).isEqualTo(Outcome.ACCEPTED);
    }
  }

  @Test
  void readTimeoutIsNotRetriedByDefault() throws IOException {
    // Given Twilio takes 2 s to answer and the read timeout is 300 ms
    emulator.failNext(TwilioEmulator.Reply.delayed(Duration.ofSeconds(2)));
    TwilioConfig config = Fixtures.config(emulator).http(Fixtures.http().readTimeout(Duration.ofMillis(300)).build()).build();
    try (AlertClient client = client(config, Resilience.defaults())) {
      // When
      DispatchReport report = client.send(alert());

      // Then one POST, AMBIGUOUS (it may still be processed), no retry, fallback to email
      Attempt sms = report.recipient("bob").attempts().get(0);
      assertThat(sms.failure()).hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(Failure.Kind.AMBIGUOUS));
      assertThat(sms.requests()).isEqualTo(1);
      assertThat(emulator.requestCount()).isEqualTo(1);
      assertThat(retries).isEmpty();
      assertThat(report.recipient("bob").channelsTried()).containsExactly(Channel.SMS, Channel.EMAIL);
    }
  }
}
