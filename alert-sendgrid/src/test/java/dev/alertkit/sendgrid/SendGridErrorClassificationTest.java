package dev.alertkit.sendgrid;

import static dev.alertkit.sendgrid.Fixtures.alert;
import static dev.alertkit.sendgrid.Fixtures.config;
import static dev.alertkit.sendgrid.Fixtures.message;
import static dev.alertkit.sendgrid.Fixtures.recipient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.Recipient;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.Failure.Fault;
import dev.alertkit.Failure.Kind;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import dev.alertkit.testkit.emulator.SendGridEmulator.Behavior;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error class, produced over real HTTP by the emulator or a closed port. */
class SendGridErrorClassificationTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L).plusMillis(250);

  private SendGridEmulator emulator;
  private ChannelProvider provider;
  private OutboundMessage message;

  @BeforeEach
  void start() {
    emulator = SendGridEmulator.start();
    provider = SendGridProviders.email(config(emulator).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());
    Recipient a = recipient("a");
    Alert alert = alert(a).build();
    message = message(alert, a);
  }

  @AfterEach
  void stop() {
    provider.close();
    emulator.close();
  }

  private Failure failure(SendResult r) {
    return r.failureIfRejected().orElseThrow(() -> new AssertionError("expected a failure, got " + r));
  }

  @Test
  void badRequestIsPermanentContentWithSendGridsMessages() {
    // Given SendGrid answers 400
    emulator.failNext(Behavior.status(400, "The content value must be a string at least one character in length."));

    // When sent
    Failure f = failure(provider.send(message));

    // Then permanent, the content's fault, SendGrid's message in the reason
    assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(f.fault()).isEqualTo(Fault.CONTENT);
    assertThat(f.httpStatus()).hasValue(400);
    assertThat(f.reason()).contains("The content value must be a string");
  }

  @Test
  void wrongApiKeyIsPermanentProviderAuthentication() {
    // Given a provider with a key the emulator does not know
    try (ChannelProvider wrongKey = SendGridProviders.email(config(emulator).apiKey("SG.wrong-key").build())) {
      // When sent
      Failure f = failure(wrongKey.send(message));

      // Then permanent, the provider's fault, saying it is authentication
      assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
      assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
      assertThat(f.httpStatus()).hasValue(401);
      assertThat(f.reason()).contains("refused the API key").contains("authorization grant is invalid");
    }
  }

  @Test
  void exhaustedCreditsArePermanentProviderAndSaySo() {
    emulator.failNext(Behavior.creditsExceeded());
    Failure f = failure(provider.send(message));
    assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
    assertThat(f.httpStatus()).hasValue(401);
    assertThat(f.reason()).contains("out of credits").contains("Maximum credits exceeded");
  }

  @Test
  void forbiddenIsPermanentProvider() {
    emulator.failNext(Behavior.forbidden());
    Failure f = failure(provider.send(message));
    assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
    assertThat(f.reason()).contains("verified Sender Identity");
  }

  @Test
  void payloadTooLargeIsPermanentContent() {
    emulator.failNext(Behavior.payloadTooLarge());
    Failure f = failure(provider.send(message));
    assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(f.fault()).isEqualTo(Fault.CONTENT);
    assertThat(f.httpStatus()).hasValue(413);
  }

  @Test
  void rateLimitIsRetryableAfterTheRateLimitReset() {
    // Given SendGrid is rate limiting until 7 s after the epoch second of our fixed clock (which is 250 ms past it)
    emulator.failNext(Behavior.rateLimited(Instant.ofEpochSecond(NOW.getEpochSecond() + 7)));

    // When sent
    Failure f = failure(provider.send(message));

    // Then retryable with retry-after = reset - now
    assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
    assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
    assertThat(f.httpStatus()).hasValue(429);
    assertThat(f.retryAfter()).contains(Duration.ofMillis(6750));
  }

  @Test
  void serverErrorIsAmbiguousAfterExactlyOneRequest() {
    // Given SendGrid answers 500
    emulator.failNext(Behavior.serverError());

    // When sent
    Failure f = failure(provider.send(message));

    // Then ambiguous, and no hidden retry happened
    assertThat(f.kind()).isEqualTo(Kind.AMBIGUOUS);
    assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
    assertThat(f.httpStatus()).hasValue(500);
    assertThat(emulator.requestCount()).isEqualTo(1);
    assertThat(emulator.mails()).isEmpty();
  }

  @Test
  void readTimeoutIsAmbiguousAndBoundsTheCall() {
    // Given a 300 ms read timeout and an answer delayed by 2 s
    try (ChannelProvider impatient = SendGridProviders.email(config(emulator).http(SendGridConfig.DEFAULT_HTTP.toBuilder().readTimeout(Duration.ofMillis(300)).build()).build())) {
      emulator.delayNext(Duration.ofSeconds(2));

      // When sent
      long start = System.nanoTime();
      Failure f = failure(impatient.send(message));
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      // Then ambiguous (SendGrid may have taken it), well before the answer would have come, after one request
      assertThat(f.kind()).isEqualTo(Kind.AMBIGUOUS);
      assertThat(f.reason()).contains("read timeout");
      assertThat(elapsedMs).isLessThan(1500);
      assertThat(emulator.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void connectionRefusedIsRetryable() throws Exception {
    // Given a port nobody listens on
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (ChannelProvider nowhere = SendGridProviders.email(config(emulator).baseUrl("http://127.0.0.1:" + port).build())) {
      // When sent
      Failure f = failure(nowhere.send(message));

      // Then retryable: the request never left
      assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
      assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
      assertThat(f.reason()).contains("connection refused");
    }
  }

  @Test
  void connectionResetAfterTheRequestIsAmbiguous() {
    emulator.failNext(Behavior.connectionReset());
    Failure f = failure(provider.send(message));
    assertThat(f.kind()).isEqualTo(Kind.AMBIGUOUS);
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void connectionClosedWithoutAnswerIsAmbiguous() {
    emulator.failNext(Behavior.emptyResponse());
    Failure f = failure(provider.send(message));
    assertThat(f.kind()).isEqualTo(Kind.AMBIGUOUS);
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void poolLeaseTimeoutIsRetryable() throws Exception {
    // Given a pool of one connection, held by a send the emulator answers only after 1 s
    try (ChannelProvider single = SendGridProviders.email(
        config(emulator)
            .http(SendGridConfig.DEFAULT_HTTP.toBuilder().poolSize(1).poolLeaseTimeout(Duration.ofMillis(200)).build()).build())) {
      emulator.delayNext(Duration.ofSeconds(1));
      CompletableFuture<SendResult> holder = CompletableFuture.supplyAsync(() -> single.send(message));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (emulator.requestCount() < 1 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }

      // When a second send needs a connection
      Failure f = failure(single.send(message));

      // Then it is retryable (never sent), and only the first request reached SendGrid
      assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
      assertThat(f.reason()).contains("pool lease timeout");
      assertThat(holder.get(5, TimeUnit.SECONDS).isAccepted()).isTrue();
      assertThat(emulator.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void closedProviderRefusesWithoutSending() {
    provider.close();
    Failure f = failure(provider.send(message));
    assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(f.reason()).contains("closed");
    assertThat(emulator.requestCount()).isZero();
  }
}
