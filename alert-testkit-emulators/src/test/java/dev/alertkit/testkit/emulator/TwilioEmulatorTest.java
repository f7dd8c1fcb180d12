package dev.alertkit.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.spi.support.SmsSegments;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator over plain HTTP, without the Twilio SDK. */
class TwilioEmulatorTest {
  static TwilioEmulator emulator;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() {
    emulator = TwilioEmulator.start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  HttpResponse<String> post(String resource, String user, String password, String... pairs) throws Exception {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      form.append(form.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest req = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/2010-04-01/Accounts/" + emulator.accountSid() + "/" + resource))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
    return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void createsAMessageWithTwilioShapedJsonAndKeepsItsParams() throws Exception {
    HttpResponse<String> r = post("Messages.json", emulator.accountSid(), emulator.authToken(),
        "To", "+15551230001", "From", "+15005550006", "Body", "hello ₹");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).contains("\"status\":\"queued\"").contains("\"num_segments\":\"1\"").containsPattern("\"sid\":\"SM[0-9a-f]{32}\"");
    assertThat(emulator.messages()).singleElement().satisfies(m -> {
      assertThat(m.body()).contains("hello ₹");
      assertThat(m.param("From")).contains("+15005550006");
    });
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  void rejectsWrongCredentialsWithTwiliosErrorShape() throws Exception {
    HttpResponse<String> r = post("Messages.json", emulator.accountSid(), "wrong", "To", "+15551230001", "From", "+15005550006", "Body", "x");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"code\":20003").contains("\"more_info\"").contains("\"status\":401").contains("\"message\"");
    assertThat(emulator.messages()).isEmpty();
  }

  @Test
  void magicNumbersAnswerTheirErrorCodes() throws Exception {
    assertThat(post("Messages.json", emulator.accountSid(), emulator.authToken(), "To", "+15005550004", "From", "+15005550006", "Body", "x").body())
        .contains("\"code\":21610");
    assertThat(post("Messages.json", emulator.accountSid(), emulator.authToken(), "To", "+15551230001", "From", "+15005550008", "Body", "x").body())
        .contains("\"code\":21611");
    assertThat(post("Calls.json", emulator.accountSid(), emulator.authToken(), "To", "+15005550003", "From", "+15005550006", "Twiml", "<Response/>").body())
        .contains("\"code\":21215");
  }

  @Test
  void scriptedRepliesAreConsumedInOrderThenServiceResumes() throws Exception {
    emulator.failNext(TwilioEmulator.Reply.rateLimited(Duration.ofSeconds(3)), TwilioEmulator.Reply.htmlError(502));
    HttpResponse<String> first = post("Messages.json", emulator.accountSid(), emulator.authToken(), "To", "+15551230001", "From", "+15005550006", "Body", "x");
    HttpResponse<String> second = post("Messages.json", emulator.accountSid(), emulator.authToken(), "To", "+15551230001", "From", "+15005550006", "Body", "x");
    HttpResponse<String> third = post("Messages.json", emulator.accountSid(), emulator.authToken(), "To", "+15551230001", "From", "+15005550006", "Body", "x");
    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.headers().firstValue("Retry-After")).contains("3");
    assertThat(second.statusCode()).isEqualTo(502);
    assertThat(second.body()).startsWith("<html>");
    assertThat(third.statusCode()).isEqualTo(201);
    assertThat(emulator.requests()).extracting(TwilioEmulator.Request::status).containsExactly(429, 502, 201);
  }

  @Test
  void callsNeedWellFormedTwiml() throws Exception {
    HttpResponse<String> bad = post("Calls.json", emulator.accountSid(), emulator.authToken(), "To", "+15551230001", "From", "+15005550006", "Twiml", "<Say>hi");
    HttpResponse<String> ok = post("Calls.json", emulator.accountSid(), emulator.authToken(), "To", "+15551230001", "From", "+15005550006",
        "Twiml", "<Response><Say>hi</Say></Response>", "StatusCallbackEvent", "initiated", "StatusCallbackEvent", "completed");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(emulator.calls()).singleElement().satisfies(c -> assertThat(c.params("StatusCallbackEvent")).containsExactly("initiated", "completed"));
  }

  @Test
  void segmentsFollowGsm7AndUcs2Rules() {
    assertThat(SmsSegments.analyze("a".repeat(160)).segments()).isEqualTo(1);
    assertThat(SmsSegments.analyze("a".repeat(161)).segments()).isEqualTo(2);
    assertThat(SmsSegments.analyze("{".repeat(80)).segments()).isEqualTo(1);
    assertThat(SmsSegments.analyze("{".repeat(81)).segments()).isEqualTo(2);
    assertThat(SmsSegments.analyze("₹".repeat(70)).segments()).isEqualTo(1);
    assertThat(SmsSegments.analyze("₹".repeat(71)).segments()).isEqualTo(2);
    assertThat(SmsSegments.analyze("₹".repeat(134)).segments()).isEqualTo(2);
    assertThat(SmsSegments.analyze("₹".repeat(135)).segments()).isEqualTo(3);
  }
}
