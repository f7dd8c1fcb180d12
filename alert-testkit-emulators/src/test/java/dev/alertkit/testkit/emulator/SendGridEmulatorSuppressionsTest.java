package dev.alertkit.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.testkit.emulator.SendGridEmulator.Suppression;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's suppression lists over plain HTTP, after tsg_suppressions_v3.json and tsg_mail_v3.json mail_settings. */
class SendGridEmulatorSuppressionsTest {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private SendGridEmulator emulator;

  @BeforeEach
  void start() {
    emulator = SendGridEmulator.start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).header("Authorization", "Bearer " + key).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> mail(String to, String mailSettings) throws Exception {
    String body = "{\"personalizations\":[{\"to\":[{\"email\":\"" + to + "\"}]}],\"from\":{\"email\":\"alerts@example.com\"},"
        + "\"subject\":\"s\",\"content\":[{\"type\":\"text/plain\",\"value\":\"v\"}]" + (mailSettings == null ? "" : ",\"mail_settings\":" + mailSettings) + "}";
    return HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v3/mail/send")).header("Authorization", "Bearer " + emulator.apiKey())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void perAddressLookupsAnswerTheSpecsShapes() throws Exception {
    emulator.suppress(Suppression.BOUNCES, "a+b@example.com", "550 no such user").suppress(Suppression.SPAM_REPORTS, "s@example.com")
        .suppress(Suppression.UNSUBSCRIBES, "u@example.com");
    String key = emulator.apiKey();

    assertThat(get("/v3/suppression/bounces/a+b@example.com", key).body())
        .isEqualTo("[{\"created\":1767225600,\"email\":\"a+b@example.com\",\"reason\":\"550 no such user\",\"status\":\"5.1.1\"}]");
    assertThat(get("/v3/suppression/bounces/a%2Bb@example.com", key).body()).contains("a+b@example.com");
    assertThat(get("/v3/suppression/spam_reports/s@example.com", key).body()).contains("\"ip\"").doesNotContain("reason");
    assertThat(get("/v3/suppression/invalid_emails/s@example.com", key).body()).isEqualTo("[]");
    assertThat(get("/v3/asm/suppressions/global/u@example.com", key).body()).isEqualTo("{\"recipient_email\":\"u@example.com\"}");
    assertThat(get("/v3/asm/suppressions/global/x@example.com", key).body()).isEqualTo("{}");
    assertThat(get("/v3/suppression/unsubscribes/u@example.com", key).statusCode()).isEqualTo(404); // not in SendGrid's API
    assertThat(get("/v3/suppression/bounces/a+b@example.com", "SG.wrong").statusCode()).isEqualTo(401);
    assertThat(emulator.suppressionRequestCount()).isEqualTo(8);
  }

  @Test
  void acceptedMailToASuppressedAddressIsDroppedUnlessBypassed() throws Exception {
    emulator.suppress(Suppression.BOUNCES, "gone@example.com").suppress(Suppression.BLOCKS, "blocked@example.com");

    assertThat(mail("gone@example.com", null).statusCode()).isEqualTo(202);
    assertThat(mail("blocked@example.com", null).statusCode()).isEqualTo(202);
    assertThat(mail("gone@example.com", "{\"bypass_bounce_management\":{\"enable\":true}}").statusCode()).isEqualTo(202);
    assertThat(mail("gone@example.com", "{\"bypass_spam_management\":{\"enable\":true}}").statusCode()).isEqualTo(202);
    assertThat(mail("gone@example.com", "{\"bypass_list_management\":{\"enable\":true}}").statusCode()).isEqualTo(202);
    HttpResponse<String> both = mail("gone@example.com", "{\"bypass_list_management\":{\"enable\":true},\"bypass_bounce_management\":{\"enable\":true}}");

    // Blocks do not drop; the right bypass (or list management) does not drop; the wrong bypass does; combining is refused
    assertThat(emulator.drops()).extracting(SendGridEmulator.Drop::email).containsExactly("gone@example.com", "gone@example.com");
    assertThat(emulator.drops()).extracting(SendGridEmulator.Drop::list).containsOnly(Suppression.BOUNCES);
    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(both.body()).contains("mail_settings.bypass_list_management");
  }
}
