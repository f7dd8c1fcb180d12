package dev.alertkit.sendgrid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Failure;
import dev.alertkit.Failure.Fault;
import dev.alertkit.Failure.Kind;
import dev.alertkit.spi.SendResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.apache.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The classification tables, row by row. */
class ClassifierTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  private final Classifier classifier = new Classifier(new MailJson(), Clock.fixed(NOW, ZoneOffset.UTC));

  static Stream<Arguments> statusRows() {
    return Stream.of(
        Arguments.of(400, Kind.PERMANENT, Fault.CONTENT),
        Arguments.of(401, Kind.PERMANENT, Fault.PROVIDER),
        Arguments.of(403, Kind.PERMANENT, Fault.PROVIDER),
        Arguments.of(404, Kind.PERMANENT, Fault.PROVIDER),
        Arguments.of(413, Kind.PERMANENT, Fault.CONTENT),
        Arguments.of(429, Kind.RETRYABLE, Fault.PROVIDER),
        Arguments.of(405, Kind.PERMANENT, Fault.PROVIDER),
        Arguments.of(422, Kind.PERMANENT, Fault.PROVIDER),
        Arguments.of(500, Kind.AMBIGUOUS, Fault.PROVIDER),
        Arguments.of(502, Kind.AMBIGUOUS, Fault.PROVIDER),
        Arguments.of(503, Kind.AMBIGUOUS, Fault.PROVIDER),
        Arguments.of(504, Kind.AMBIGUOUS, Fault.PROVIDER),
        Arguments.of(301, Kind.AMBIGUOUS, Fault.PROVIDER),
        Arguments.of(100, Kind.AMBIGUOUS, Fault.PROVIDER));
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}/{2}")
  @MethodSource("statusRows")
  void classifiesEachHttpStatusRow(int status, Kind kind, Fault fault) {
    // When an answer with that status is classified
    SendResult r = classifier.classify(status, Map.of(), "{\"errors\":[{\"message\":\"m\",\"field\":\"f\",\"help\":\"h\"}]}", false);

    // Then it gets the row's kind and fault, the status, and SendGrid's error text
    Failure f = r.failureIfRejected().orElseThrow();
    assertThat(f.kind()).isEqualTo(kind);
    assertThat(f.fault()).isEqualTo(fault);
    assertThat(f.httpStatus()).hasValue(status);
    assertThat(f.reason()).contains("f: m (h)");
  }

  @Test
  void tableCoversEveryStatusFrom100To599() {
    for (int s = 100; s <= 599; s++) {
      int status = s;
      assertThat(Classifier.STATUS_TABLE).anyMatch(row -> row.matches(status));
    }
  }

  @Test
  void accepted202ReadsTheMessageIdWhateverItsCase() {
    SendResult r = classifier.classify(202, Map.of("x-message-id", "abc123"), "", false);
    assertThat(r).isEqualTo(new SendResult.Accepted(Optional.of("abc123"), Optional.of("accepted"), Map.of("http_status", "202")));
    SendResult upper = classifier.classify(202, Map.of("X-MESSAGE-ID", "XYZ"), null, false);
    assertThat(((SendResult.Accepted) upper).providerMessageId()).contains("XYZ");
  }

  @Test
  void accepted202WithoutMessageIdHasNoId() {
    SendResult r = classifier.classify(202, Map.of(), null, false);
    assertThat(((SendResult.Accepted) r).providerMessageId()).isEmpty();
  }

  @Test
  void sandbox200IsAcceptedAndMarked() {
    SendResult r = classifier.classify(200, Map.of(), "", true);
    assertThat(((SendResult.Accepted) r).providerStatus()).contains("sandbox");
  }

  @Test
  void unauthorizedSaysWhetherItIsTheKeyOrTheCredits() {
    Failure key = classifier.classify(401, Map.of(), "{\"errors\":[{\"message\":\"The provided authorization grant is invalid, expired, or revoked\",\"field\":null,\"help\":null}]}", false)
        .failureIfRejected().orElseThrow();
    Failure credits = classifier.classify(401, Map.of(), "{\"errors\":[{\"message\":\"Maximum credits exceeded\",\"field\":null,\"help\":null}]}", false)
        .failureIfRejected().orElseThrow();
    assertThat(key.reason()).startsWith("SendGrid refused the API key (authentication failed)");
    assertThat(credits.reason()).startsWith("SendGrid account is out of credits");
  }

  @Test
  void errorBodyThatIsNotJsonStillGivesAReason() {
    Failure f = classifier.classify(500, Map.of(), "<html>oops\u0000</html>", false).failureIfRejected().orElseThrow();
    assertThat(f.reason()).isEqualTo("SendGrid server error; the mail may or may not have been accepted");
  }

  @Test
  void retryAfterComesFromRateLimitResetAgainstTheClock() {
    assertThat(classifier.retryAfter(Map.of("x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 12)))).contains(Duration.ofSeconds(12));
    assertThat(classifier.retryAfter(Map.of("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() - 5)))).contains(Duration.ZERO);
    assertThat(classifier.retryAfter(Map.of("Retry-After", "3"))).contains(Duration.ofSeconds(3));
    assertThat(classifier.retryAfter(Map.of("X-RateLimit-Reset", "soon"))).isEmpty();
    assertThat(classifier.retryAfter(Map.of())).isEmpty();
  }

  static Stream<Arguments> exceptionRows() {
    return Stream.of(
        Arguments.of(new ConnectionPoolTimeoutException("Timeout waiting for connection from pool"), Kind.RETRYABLE, "pool lease timeout"),
        Arguments.of(new ConnectTimeoutException("connect timed out"), Kind.RETRYABLE, "connect timeout"),
        Arguments.of(new HttpHostConnectException(new ConnectException("Connection refused"), new HttpHost("127.0.0.1", 1)), Kind.RETRYABLE, "connection refused"),
        Arguments.of(new ConnectException("Connection refused"), Kind.RETRYABLE, "connection refused"),
        Arguments.of(new UnknownHostException("api.sendgrid.invalid"), Kind.RETRYABLE, "unknown host"),
        Arguments.of(new SSLHandshakeException("bad certificate"), Kind.RETRYABLE, "TLS handshake"),
        Arguments.of(new SocketTimeoutException("Read timed out"), Kind.AMBIGUOUS, "read timeout"),
        Arguments.of(new NoHttpResponseException("127.0.0.1 failed to respond"), Kind.AMBIGUOUS, "without answering"),
        Arguments.of(new SocketException("Connection reset"), Kind.AMBIGUOUS, "I/O error"),
        Arguments.of(new IOException("something else"), Kind.AMBIGUOUS, "I/O error"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("exceptionRows")
  void classifiesEachTransportExceptionRow(IOException e, Kind kind, String reason) {
    Failure f = classifier.classify(e).failureIfRejected().orElseThrow();
    assertThat(f.kind()).isEqualTo(kind);
    assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
    assertThat(f.reason()).contains(reason);
    assertThat(f.httpStatus()).isEmpty();
  }

  @Test
  void reasonsAreBoundedAndFreeOfControlCharacters() {
    String r = Classifier.reason("x", java.util.List.of("a\nb\u0001" + "y".repeat(5000)));
    assertThat(r).hasSizeLessThanOrEqualTo(1500).doesNotContain("\n").doesNotContain("\u0001");
  }
}
