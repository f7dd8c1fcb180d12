package dev.alertkit.twilio;

import static dev.alertkit.twilio.Fixtures.config;
import static dev.alertkit.twilio.Fixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Channel;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.Failure.Fault;
import dev.alertkit.Failure.Kind;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator.Reply;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the classification table, over real HTTP against the emulator, with exactly one request per send. */
class TwilioErrorClassificationTest {
  static TwilioEmulator emulator;
  static TwilioProviders twilio;

  @BeforeAll
  static void start() {
    emulator = TwilioEmulator.start();
    twilio = TwilioProviders.of(config(emulator).http(Fixtures.http().readTimeout(Duration.ofMillis(300)).build()).build());
  }

  @AfterAll
  static void stop() {
    twilio.close();
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  static OutboundMessage sms(String to) {
    return message(Channel.SMS, to).build();
  }

  static Stream<Arguments> magicSmsNumbers() {
    return Stream.of(
        Arguments.of("+15005550001", null, "21211", Fault.RECIPIENT),
        Arguments.of("+15005550002", null, "21612", Fault.RECIPIENT),
        Arguments.of("+15005550003", null, "21408", Fault.PROVIDER),
        Arguments.of("+15005550004", null, "21610", Fault.RECIPIENT),
        Arguments.of("+15005550009", null, "21614", Fault.RECIPIENT),
        Arguments.of("+15551230001", "+15005550001", "21212", Fault.PROVIDER),
        Arguments.of("+15551230001", "+15005550007", "21606", Fault.PROVIDER),
        Arguments.of("+15551230001", "+15005550008", "21611", Fault.PROVIDER));
  }

  @ParameterizedTest(name = "To {0} From {1} -> {2} PERMANENT/{3}")
  @MethodSource("magicSmsNumbers")
  void magicNumbersAreClassifiedPermanentWithCodeStatusAndFault(String to, String from, String code, Fault fault) {
    // Given Twilio's magic test numbers
    OutboundMessage m = from == null ? sms(to) : message(Channel.SMS, to).sender(from).build();

    // When the SMS is sent
    Failure f = twilio.sms().send(m).failureIfRejected().orElseThrow();

    // Then it is PERMANENT with Twilio's code, the HTTP status and a readable reason, after exactly one request
    assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(f.fault()).isEqualTo(fault);
    assertThat(f.providerCode()).contains(code);
    assertThat(f.httpStatus()).hasValue(400);
    assertThat(f.reason()).contains("Twilio " + code);
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  static Stream<Arguments> scriptedCodes() {
    return Stream.of(
        Arguments.of(401, 20003, Kind.PERMANENT, Fault.PROVIDER),
        Arguments.of(400, 21210, Kind.PERMANENT, Fault.PROVIDER),
        Arguments.of(400, 21214, Kind.PERMANENT, Fault.RECIPIENT),
        Arguments.of(400, 21215, Kind.PERMANENT, Fault.PROVIDER),
        Arguments.of(400, 21216, Kind.PERMANENT, Fault.PROVIDER),
        Arguments.of(400, 21217, Kind.PERMANENT, Fault.RECIPIENT),
        Arguments.of(400, 63016, Kind.PERMANENT, Fault.CONTENT),
        Arguments.of(400, 21211, Kind.PERMANENT, Fault.RECIPIENT));
  }

  @ParameterizedTest(name = "voice HTTP {0} code {1} -> {2}/{3}")
  @MethodSource("scriptedCodes")
  void twilioCodesOnCallsAreClassifiedByTheTable(int status, int code, Kind kind, Fault fault) {
    // Given Twilio answers the call with a coded error
    emulator.failNext(Reply.error(status, code, "scripted " + code));

    // When a call is placed
    Failure f = twilio.voice().send(message(Channel.VOICE, "+15551230001").build()).failureIfRejected().orElseThrow();

    // Then the table decides, and code and status are kept
    assertThat(f.kind()).isEqualTo(kind);
    assertThat(f.fault()).isEqualTo(fault);
    assertThat(f.providerCode()).contains(Integer.toString(code));
    assertThat(f.httpStatus()).hasValue(status);
    assertThat(f.reason()).contains("scripted " + code);
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void wrongCredentialsAre20003PermanentProvider() {
    // Given a configuration with the wrong auth token
    try (ChannelProvider sms = TwilioProviders.sms(config(emulator).authToken("wrong-token-123456").build())) {
      // When an SMS is sent
      Failure f = sms.send(sms("+15551230001")).failureIfRejected().orElseThrow();

      // Then the emulator's 401/20003 is PERMANENT, the provider's (our account's) fault
      assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
      assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
      assertThat(f.providerCode()).contains("20003");
      assertThat(f.httpStatus()).hasValue(401);
      assertThat(f.reason()).contains("credentials");
    }
  }

  @Test
  void unknown4xxIsPermanentWithTwiliosMessage() {
    emulator.failNext(Reply.error(400, 29999, "Something Twilio says"));
    Failure f = twilio.sms().send(sms("+15551230001")).failureIfRejected().orElseThrow();
    assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
    assertThat(f.reason()).contains("Something Twilio says");
    assertThat(f.providerCode()).contains("29999");
    assertThat(f.httpStatus()).hasValue(400);
  }

  @Test
  void rateLimitWithRetryAfterIsRetryableAndKeepsTheWait() {
    // Given Twilio answers 429 with Retry-After: 7
    emulator.failNext(Reply.rateLimited(Duration.ofSeconds(7)));

    // When an SMS is sent
    Failure f = twilio.sms().send(sms("+15551230001")).failureIfRejected().orElseThrow();

    // Then it is RETRYABLE, provider's fault, with the wait, code and status, after one request
    assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
    assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
    assertThat(f.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(f.httpStatus()).hasValue(429);
    assertThat(f.providerCode()).contains("20429");
    assertThat(f.reason()).contains("Twilio-Concurrent-Requests");
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void rateLimitWithoutRetryAfterIsRetryableWithoutAWait() {
    emulator.failNext(Reply.rateLimited());
    Failure f = twilio.sms().send(sms("+15551230001")).failureIfRejected().orElseThrow();
    assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
    assertThat(f.retryAfter()).isEmpty();
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest(name = "HTTP {0} is AMBIGUOUS after exactly one POST")
  @org.junit.jupiter.params.provider.ValueSource(ints = {500, 503})
  void serverErrorsAreAmbiguousAfterExactlyOnePost(int status) {
    // Given Twilio answers 5xx (the SDK would have retried this up to 3 times, httpclient5 once more for 503)
    emulator.failNext(Reply.serverError(status), Reply.serverError(status), Reply.serverError(status), Reply.serverError(status));

    // When an SMS is sent
    Failure f = twilio.sms().send(sms("+15551230001")).failureIfRejected().orElseThrow();

    // Then it is AMBIGUOUS and Twilio saw exactly one POST
    assertThat(f.kind()).isEqualTo(Kind.AMBIGUOUS);
    assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
    assertThat(f.httpStatus()).hasValue(status);
    assertThat(f.providerCode()).contains(status == 503 ? "20503" : "20500");
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void htmlErrorPageIsAmbiguousWithTheHttpStatus() {
    emulator.failNext(Reply.htmlError(502));
    Failure f = twilio.sms().send(sms("+15551230001")).failureIfRejected().orElseThrow();
    assertThat(f.kind()).isEqualTo(Kind.AMBIGUOUS);
    assertThat(f.httpStatus()).hasValue(502);
    assertThat(f.providerCode()).isEmpty();
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void unparseable2xxIsAmbiguousAndTheMessageWasCreated() {
    emulator.failNext(Reply.malformedJson());
    Failure f = twilio.sms().send(sms("+15551230001")).failureIfRejected().orElseThrow();
    assertThat(f.kind()).isEqualTo(Kind.AMBIGUOUS);
    assertThat(f.httpStatus()).hasValue(201);
    assertThat(emulator.messages()).hasSize(1);
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void connectionResetIsAmbiguous() {
    emulator.failNext(Reply.connectionReset());
    Failure f = twilio.sms().send(sms("+15551230001")).failureIfRejected().orElseThrow();
    assertThat(f.kind()).isEqualTo(Kind.AMBIGUOUS);
    assertThat(f.httpStatus()).isEmpty();
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void readTimeoutBindsTheCallIsAmbiguousAndSendsOnce() {
    // Given a read timeout of 300 ms and Twilio answering after 2 s
    emulator.failNext(Reply.delayed(Duration.ofSeconds(2)));

    // When an SMS is sent
    long start = System.nanoTime();
    SendResult result = twilio.sms().send(sms("+15551230001"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // Then the call returns well before Twilio's answer, AMBIGUOUS (the message was in fact created), one POST
    assertThat(took).isLessThan(Duration.ofMillis(1500));
    Failure f = result.failureIfRejected().orElseThrow();
    assertThat(f.kind()).isEqualTo(Kind.AMBIGUOUS);
    assertThat(f.reason()).contains("read timeout");
    assertThat(emulator.requestCount()).isEqualTo(1);
    assertThat(emulator.messages()).hasSize(1);
  }

  @Test
  void connectionRefusedIsRetryable() throws Exception {
    // Given a loopback port nobody listens on
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (ChannelProvider sms = TwilioProviders.sms(config(emulator).baseUrl("http://127.0.0.1:" + port).build())) {
      // When an SMS is sent
      Failure f = sms.send(sms("+15551230001")).failureIfRejected().orElseThrow();

      // Then it is RETRYABLE: the request never left
      assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
      assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
      assertThat(f.reason()).contains("refused");
    }
  }

  @Test
  void poolLeaseTimeoutIsRetryable() throws Exception {
    // Given a pool of one connection, busy with a slow request
    TwilioConfig cfg = config(emulator)
        .http(Fixtures.http().poolSize(1).poolLeaseTimeout(Duration.ofMillis(200)).readTimeout(Duration.ofSeconds(5)).build()).build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (TwilioProviders oneConnection = TwilioProviders.of(cfg)) {
      emulator.failNext(Reply.delayed(Duration.ofMillis(1500)));
      Future<SendResult> slow = pool.submit(() -> oneConnection.sms().send(sms("+15551230001")));
      assertThat(emulator.awaitRequests(1, Duration.ofSeconds(5))).isTrue();

      // When a second SMS needs a connection
      Failure f = oneConnection.sms().send(sms("+15551230002")).failureIfRejected().orElseThrow();

      // Then it is RETRYABLE (never sent) and the slow one still succeeds
      assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
      assertThat(f.reason()).contains("pool");
      assertThat(slow.get(5, TimeUnit.SECONDS).isAccepted()).isTrue();
      assertThat(emulator.requestCount()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
