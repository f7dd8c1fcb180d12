package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The signature binds the exact URL: only the default port may be written out or left out. */
class TwilioSignaturePortTest {
  private static final String TOKEN = "12345";
  private static final String PATH_AND_QUERY = TwilioWebhooks.withCorrelation(TwilioWebhooks.MESSAGE_STATUS_PATH, "a-1", "alice", "at-1");

  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final TwilioSigner signer = new TwilioSigner(TOKEN);
  private final DeliveryTracker tracker = DeliveryTracker.builder().build();

  private static Map<String, String> sent() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("MessageSid", "SM1");
    p.put("MessageStatus", "sent");
    return p;
  }

  /** A request to {@code requestUrl} carrying a signature made for {@code signedUrl}. */
  private WebhookRequest request(String requestUrl, String signedUrl) {
    return WebhookRequest.builder().method("POST").url(requestUrl).header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signer.sign(signedUrl, sent())).body(TwilioSigner.form(sent()).getBytes(StandardCharsets.US_ASCII))
        .build();
  }

  private int handle(String publicBaseUrl, WebhookRequest request) {
    tracker.track("a-1", "alice", new Attempt("at-1", Channel.SMS, 0, "twilio-sms", "+14155550100", true, Optional.of("SM1"),
        Optional.of("queued"), Optional.empty(), 1, false, Optional.empty(), clock.instant(), clock.instant()));
    TwilioWebhooks.Builder b = TwilioWebhooks.builder().authToken(TOKEN).tracker(tracker).clock(clock);
    if (publicBaseUrl != null) {
      b.publicBaseUrl(publicBaseUrl);
    }
    return b.build().statusCallbacks().handle(request).status();
  }

  static Stream<Arguments> tampered() {
    return Stream.of(
        // public base URL with a non-default port; signature made without the port
        Arguments.of("https://alerts.example.com:8443", "https://alerts.example.com:8443", "https://alerts.example.com"),
        // ... and made with another port
        Arguments.of("https://alerts.example.com:8443", "https://alerts.example.com:8443", "https://alerts.example.com:443"),
        // no public base URL: the request's own URL has a non-default port
        Arguments.of(null, "https://alerts.example.com:8443", "https://alerts.example.com"),
        // signature for a non-default port, request to the default one
        Arguments.of("https://alerts.example.com", "https://alerts.example.com", "https://alerts.example.com:8443"),
        // http's default port is 80, not 443
        Arguments.of("http://alerts.example.com", "http://alerts.example.com", "http://alerts.example.com:443"),
        // another scheme
        Arguments.of("https://alerts.example.com", "https://alerts.example.com", "http://alerts.example.com"));
  }

  @ParameterizedTest(name = "public {0}, request {1}, signed for {2}: 403")
  @MethodSource("tampered")
  void signatureForAnotherPortOrSchemeIsRejected(String publicBaseUrl, String requestBase, String signedBase) {
    int status = handle(publicBaseUrl, request(requestBase + PATH_AND_QUERY, signedBase + PATH_AND_QUERY));

    assertThat(status).isEqualTo(403);
    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);
  }

  static Stream<Arguments> defaultPort() {
    return Stream.of(
        Arguments.of("https://alerts.example.com:443", "https://alerts.example.com"),
        Arguments.of("https://alerts.example.com", "https://alerts.example.com:443"),
        Arguments.of("http://alerts.example.com:80", "http://alerts.example.com"),
        Arguments.of("http://alerts.example.com", "http://alerts.example.com:80"),
        Arguments.of("https://alerts.example.com:8443", "https://alerts.example.com:8443"));
  }

  @ParameterizedTest(name = "public {0}, signed for {1}: 200")
  @MethodSource("defaultPort")
  void defaultPortMayBeWrittenOrLeftOut(String publicBaseUrl, String signedBase) {
    int status = handle(publicBaseUrl, request("http://127.0.0.1:8080" + PATH_AND_QUERY, signedBase + PATH_AND_QUERY));

    assertThat(status).isEqualTo(200);
    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void signatureOverTheDecodedQueryDoesNotVerifyTheEncodedOne() {
    // Given a callback URL whose attempt id needs percent-encoding
    String encoded = TwilioWebhooks.withCorrelation("https://alerts.example.com" + TwilioWebhooks.MESSAGE_STATUS_PATH, "a-1", "alice", "at 1/x");
    String decoded = java.net.URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    assertThat(decoded).isNotEqualTo(encoded);

    // When the signature was made over the decoded form
    int status = handle(null, request(encoded, decoded));

    // Then it does not verify
    assertThat(status).isEqualTo(403);
  }

  @Test
  void correlationComesFromTheVerifiedQuery() {
    // Given a request whose verified URL names attempt at-1
    int status = handle("https://alerts.example.com", request("http://10.0.0.5:8080" + PATH_AND_QUERY, "https://alerts.example.com" + PATH_AND_QUERY));

    // Then the event is correlated to at-1 through the query Twilio signed
    assertThat(status).isEqualTo(200);
    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
  }
}
