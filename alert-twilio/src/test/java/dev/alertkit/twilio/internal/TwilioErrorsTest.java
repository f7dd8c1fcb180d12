package dev.alertkit.twilio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertkit.Failure;
import dev.alertkit.Failure.Fault;
import dev.alertkit.Failure.Kind;
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
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** White-box: the classification table row by row, including transport failures hard to provoke on loopback. */
class TwilioErrorsTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

  static Stream<Arguments> transportRows() {
    return Stream.of(
        Arguments.of(new ConnectException("Connection refused"), Kind.RETRYABLE),
        Arguments.of(new HttpHostConnectException("Connect to 127.0.0.1:1 failed"), Kind.RETRYABLE),
        Arguments.of(new ConnectTimeoutException("Connect timed out"), Kind.RETRYABLE),
        Arguments.of(new ConnectionRequestTimeoutException("Timeout deadline: 200 MILLISECONDS"), Kind.RETRYABLE),
        Arguments.of(new UnknownHostException("api.twilio.com"), Kind.RETRYABLE),
        Arguments.of(new SocketTimeoutException("Read timed out"), Kind.AMBIGUOUS),
        Arguments.of(new NoHttpResponseException("127.0.0.1:8080 failed to respond"), Kind.AMBIGUOUS),
        Arguments.of(new SocketException("Connection reset"), Kind.AMBIGUOUS),
        Arguments.of(new IOException("something else"), Kind.AMBIGUOUS));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("transportRows")
  void transportFailuresAreRetryableOnlyWhenTheRequestCannotHaveLeft(Throwable t, Kind kind) {
    Failure f = TwilioErrors.classify(new Exchange(1, 0, Map.of(), "", t), Optional.empty(), MAPPER, CLOCK);
    assertThat(f.kind()).isEqualTo(kind);
    assertThat(f.fault()).isEqualTo(Fault.PROVIDER);
    assertThat(f.httpStatus()).isEmpty();
  }

  @Test
  void tableHasEveryCodeFactsListsWithItsKindAndFault() {
    Map<Integer, String> expected = Map.ofEntries(
        Map.entry(20003, "PERMANENT/PROVIDER"), Map.entry(21211, "PERMANENT/RECIPIENT"), Map.entry(21408, "PERMANENT/PROVIDER"),
        Map.entry(21610, "PERMANENT/RECIPIENT"), Map.entry(21612, "PERMANENT/RECIPIENT"), Map.entry(21614, "PERMANENT/RECIPIENT"),
        Map.entry(21606, "PERMANENT/PROVIDER"), Map.entry(21212, "PERMANENT/PROVIDER"), Map.entry(21611, "PERMANENT/PROVIDER"),
        Map.entry(63016, "PERMANENT/CONTENT"), Map.entry(21210, "PERMANENT/PROVIDER"), Map.entry(21214, "PERMANENT/RECIPIENT"),
        Map.entry(21215, "PERMANENT/PROVIDER"), Map.entry(21216, "PERMANENT/PROVIDER"), Map.entry(21217, "PERMANENT/RECIPIENT"),
        Map.entry(20429, "RETRYABLE/PROVIDER"));
    expected.forEach((code, kindFault) -> {
      TwilioErrors.Row row = TwilioErrors.CODES.get(code);
      assertThat(row).as("row %s", code).isNotNull();
      assertThat(row.kind() + "/" + row.fault()).as("row %s", code).isEqualTo(kindFault);
    });
  }

  @Test
  void retryAfterAcceptsSecondsAndHttpDates() {
    Exchange seconds = new Exchange(1, 429, Map.of("retry-after", "3"), "", null);
    Exchange date = new Exchange(1, 429, Map.of("Retry-After", "Wed, 01 Jan 2025 00:00:10 GMT"), "", null);
    Exchange junk = new Exchange(1, 429, Map.of("Retry-After", "soon"), "", null);
    assertThat(TwilioErrors.retryAfter(seconds, CLOCK)).contains(Duration.ofSeconds(3));
    assertThat(TwilioErrors.retryAfter(date, CLOCK)).contains(Duration.ofSeconds(10));
    assertThat(TwilioErrors.retryAfter(junk, CLOCK)).isEmpty();
  }

  @Test
  void fiveHundredWithTwilioJsonKeepsCodeAndStatus() {
    String body = "{\"code\":20500,\"message\":\"An internal server error has occurred\",\"more_info\":\"x\",\"status\":500}";
    Failure f = TwilioErrors.classify(new Exchange(1, 500, Map.of(), body, null), Optional.empty(), MAPPER, CLOCK);
    assertThat(f.kind()).isEqualTo(Kind.AMBIGUOUS);
    assertThat(f.providerCode()).contains("20500");
    assertThat(f.httpStatus()).hasValue(500);
  }

  @Test
  void sdkFailureBeforeAnyRequestIsPermanentProvider() {
    Failure f = TwilioErrors.classify(new Exchange(0, 0, Map.of(), "", null),
        Optional.of(new IllegalArgumentException("bad param")), MAPPER, CLOCK);
    assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(f.reason()).contains("before sending");
  }
}
