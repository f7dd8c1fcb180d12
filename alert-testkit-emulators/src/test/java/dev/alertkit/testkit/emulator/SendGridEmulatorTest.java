package dev.alertkit.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.testkit.emulator.SendGridEmulator.Behavior;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SendGridEmulatorTest {
  private static final String VALID = "{\"personalizations\":[{\"to\":[{\"email\":\"alice@example.com\",\"name\":\"Alice\"}],"
      + "\"custom_args\":{\"k\":\"v\"}}],\"from\":{\"email\":\"alerts@example.com\",\"name\":\"Alerts\"},"
      + "\"reply_to\":{\"email\":\"ops@example.com\"},\"subject\":\"Hi\","
      + "\"content\":[{\"type\":\"text/plain\",\"value\":\"plain\"},{\"type\":\"text/html\",\"value\":\"<p>html</p>\"}],"
      + "\"categories\":[\"alertkit\"],\"asm\":{\"group_id\":42}}";

  private SendGridEmulator emulator;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    emulator = SendGridEmulator.start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpResponse<String> post(String key, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v3/mail/send"))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptsValidMailWith202AndMessageIdAndStoresIt() throws Exception {
    // Given a running emulator
    // When a valid mail is posted with the right key
    HttpResponse<String> response = post(emulator.apiKey(), VALID);

    // Then it answers 202 with a 22-character url-safe X-Message-Id and stores the mail field by field
    assertThat(response.statusCode()).isEqualTo(202);
    String id = response.headers().firstValue("X-Message-Id").orElseThrow();
    assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]{22}");
    SendGridEmulator.Mail mail = emulator.lastMail().orElseThrow();
    assertThat(mail.messageId()).isEqualTo(id);
    assertThat(mail.recipients()).containsExactly("alice@example.com");
    assertThat(mail.personalizations().get(0).to().get(0).name()).contains("Alice");
    assertThat(mail.personalizations().get(0).customArgs()).containsEntry("k", "v");
    assertThat(mail.fromEmail()).isEqualTo("alerts@example.com");
    assertThat(mail.fromName()).contains("Alerts");
    assertThat(mail.replyTo()).contains("ops@example.com");
    assertThat(mail.subject()).contains("Hi");
    assertThat(mail.text()).contains("plain");
    assertThat(mail.html()).contains("<p>html</p>");
    assertThat(mail.categories()).containsExactly("alertkit");
    assertThat(mail.asmGroupId()).hasValue(42);
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void refusesWrongKeyWith401InSendGridErrorShape() throws Exception {
    // When the key is wrong
    HttpResponse<String> response = post("SG.wrong", VALID);

    // Then 401, SendGrid's error shape, nothing stored
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"errors\"").contains("authorization grant is invalid");
    assertThat(emulator.mails()).isEmpty();
  }

  @Test
  void rejectsInvalidMailWith400NamingEachField() throws Exception {
    // Given a mail without from, subject and content, and a bad recipient
    String body = "{\"personalizations\":[{\"to\":[{\"email\":\"not-an-address\"}]}]}";

    // When posted
    HttpResponse<String> response = post(emulator.apiKey(), body);

    // Then 400 naming each broken field
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("\"field\":\"from.email\"")
        .contains("\"field\":\"subject\"")
        .contains("\"field\":\"content\"")
        .contains("\"field\":\"personalizations.0.to.0.email\"");
    assertThat(emulator.mails()).isEmpty();
  }

  @Test
  void rejectsMoreThanThousandPersonalizationsElevenCategoriesAndHugeCustomArgs() throws Exception {
    // Given 1,001 personalizations, 11 categories and custom_args over 10,000 bytes
    String ps = IntStream.range(0, 1001).mapToObj(i -> "{\"to\":[{\"email\":\"u" + i + "@example.com\"}]"
        + (i == 0 ? ",\"custom_args\":{\"big\":\"" + "x".repeat(10_001) + "\"}" : "") + "}").collect(Collectors.joining(","));
    String cats = IntStream.range(0, 11).mapToObj(i -> "\"c" + i + "\"").collect(Collectors.joining(","));
    String body = "{\"personalizations\":[" + ps + "],\"from\":{\"email\":\"a@example.com\"},\"subject\":\"s\","
        + "\"content\":[{\"type\":\"text/plain\",\"value\":\"v\"}],\"categories\":[" + cats + "]}";

    // When posted
    HttpResponse<String> response = post(emulator.apiKey(), body);

    // Then 400 for each limit
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("\"field\":\"personalizations\"")
        .contains("\"field\":\"categories\"")
        .contains("\"field\":\"personalizations.0.custom_args\"");
  }

  @Test
  void acceptsTemplateMailWithoutSubjectOrContent() throws Exception {
    // Given a dynamic template mail
    String body = "{\"personalizations\":[{\"to\":[{\"email\":\"a@example.com\"}],\"dynamic_template_data\":{\"x\":\"1\","
        + "\"labels\":{\"a\":\"b\"}}}],\"from\":{\"email\":\"f@example.com\"},\"template_id\":\"d-123\"}";

    // When posted
    HttpResponse<String> response = post(emulator.apiKey(), body);

    // Then accepted, with template id and data kept
    assertThat(response.statusCode()).isEqualTo(202);
    SendGridEmulator.Mail mail = emulator.lastMail().orElseThrow();
    assertThat(mail.templateId()).contains("d-123");
    assertThat(mail.personalizations().get(0).dynamicTemplateData()).containsEntry("x", "1");
    assertThat(mail.personalizations().get(0).dynamicTemplateData().get("labels")).isEqualTo(java.util.Map.of("a", "b"));
  }

  @Test
  void sandboxModeAnswers200AndStoresNothing() throws Exception {
    // Given a valid mail in sandbox mode
    String body = VALID.substring(0, VALID.length() - 1) + ",\"mail_settings\":{\"sandbox_mode\":{\"enable\":true}}}";

    // When posted
    HttpResponse<String> response = post(emulator.apiKey(), body);

    // Then 200, counted, not stored
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(emulator.mails()).isEmpty();
    assertThat(emulator.sandboxCount()).isEqualTo(1);
  }

  @Test
  void scriptedRateLimitCarriesRateLimitHeadersThenNormalService() throws Exception {
    // Given a scripted 429
    Instant reset = Instant.ofEpochSecond(2_000_000_000L);
    emulator.failNext(Behavior.rateLimited(reset));

    // When two mails are posted
    HttpResponse<String> first = post(emulator.apiKey(), VALID);
    HttpResponse<String> second = post(emulator.apiKey(), VALID);

    // Then the first is 429 with the X-RateLimit headers, the second is accepted
    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.headers().firstValue("X-RateLimit-Reset")).contains("2000000000");
    assertThat(first.headers().firstValue("X-RateLimit-Remaining")).contains("0");
    assertThat(first.headers().firstValue("X-RateLimit-Limit")).contains("600");
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(emulator.requestCount()).isEqualTo(2);
    assertThat(emulator.mails()).hasSize(1);
  }

  @Test
  void scriptedFailuresAnswerInOrder() throws Exception {
    // Given credits exceeded, then a server error, then a message id left out
    emulator.failNext(Behavior.creditsExceeded()).failNext(Behavior.serverError()).failNext(Behavior.acceptedWithoutMessageId());

    // When three mails are posted
    HttpResponse<String> a = post(emulator.apiKey(), VALID);
    HttpResponse<String> b = post(emulator.apiKey(), VALID);
    HttpResponse<String> c = post(emulator.apiKey(), VALID);

    // Then each answer is as scripted
    assertThat(a.statusCode()).isEqualTo(401);
    assertThat(a.body()).contains("Maximum credits exceeded");
    assertThat(b.statusCode()).isEqualTo(500);
    assertThat(c.statusCode()).isEqualTo(202);
    assertThat(c.headers().firstValue("X-Message-Id")).isEmpty();
    assertThat(emulator.mails()).hasSize(1);
  }

  @Test
  void delayedAnswerArrivesAfterTheDelay() throws Exception {
    // Given the next answer is delayed by 300 ms
    emulator.delayNext(Duration.ofMillis(300));

    // When a mail is posted
    long start = System.nanoTime();
    HttpResponse<String> response = post(emulator.apiKey(), VALID);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    // Then it is accepted, no sooner than the delay
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(290);
  }

  @Test
  void connectionResetGivesTheClientAnIoError() {
    // Given a scripted connection reset
    emulator.failNext(Behavior.connectionReset());

    // When a mail is posted, then the client sees an I/O error and the request was counted
    assertThatThrownBy(() -> post(emulator.apiKey(), VALID)).isInstanceOf(IOException.class);
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void resetForgetsMailsCountersAndScript() throws Exception {
    // Given a stored mail and a scripted failure
    post(emulator.apiKey(), VALID);
    emulator.failNext(Behavior.serverError());

    // When reset
    emulator.reset();

    // Then everything is forgotten and the next mail is accepted
    assertThat(emulator.mails()).isEmpty();
    assertThat(emulator.requestCount()).isZero();
    assertThat(post(emulator.apiKey(), VALID).statusCode()).isEqualTo(202);
  }
}
