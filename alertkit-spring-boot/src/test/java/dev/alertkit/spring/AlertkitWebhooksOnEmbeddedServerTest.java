package dev.alertkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.testkit.emulator.WebhookTarget;
import dev.alertkit.webhook.WebhookRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The real embedded server: alertkit sends through the emulators, the emulators call the mounted endpoints over
 * HTTP with signatures made for the public URL (as through a reverse proxy), and the tracker moves. A tampered
 * request changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = AlertkitWebhooksOnEmbeddedServerTest.App.class,
    properties = {
        "alertkit.webhooks.public-base-url=https://hooks.example.com",
        "alertkit.routing.rules[0].name=page",
        "alertkit.routing.rules[0].when.severity-at-least=CRITICAL",
        "alertkit.routing.rules[0].deliver=SMS,EMAIL",
        "alertkit.routing.otherwise.deliver=EMAIL",
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.show-details=always",
        "alertkit.ack-links.signing-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="})
@AlertkitEmulators
class AlertkitWebhooksOnEmbeddedServerTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @Autowired AlertClient alerts;
  @Autowired TwilioEmulator twilio;
  @Autowired SendGridEmulator sendgrid;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void signedCallbacksThroughTheEmbeddedServerMoveTheTrackerAndForgedOnesDoNot() throws Exception {
    Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
    DispatchReport report = alerts.send(Alert.builder().id("disk-1").severity(Severity.CRITICAL).title("db-1 disk full")
        .recipient(alice).build());
    assertThat(report.recipients()).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED));

    WebhookTarget server = WebhookTarget.http("http://127.0.0.1:" + port);
    String sid = twilio.messages().get(0).sid();

    // A forged callback (right URL, wrong signature) is refused and changes nothing.
    WebhookTarget forging = request -> server.send(forge(request));
    assertThat(twilio.deliver(sid, forging).status()).isEqualTo(403);
    assertThat(alerts.deliveryTracker().status("disk-1", "alice").orElseThrow().best()).isNotEqualTo(DeliveryStatus.DELIVERED);

    // Genuine, signed callbacks are believed.
    assertThat(twilio.deliver(sid, server).status()).isEqualTo(200);
    String mailId = sendgrid.mails().get(0).messageId();
    assertThat(sendgrid.event(mailId, "delivered", Instant.now(), server).status()).isEqualTo(200);
    assertThat(alerts.deliveryTracker().status("disk-1", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.DELIVERED);

    // Health: providers, circuits and the last webhook per provider; no secrets.
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/alertkit"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"", "twilio-sms", "sendgrid", "\"lastStatus\":200")
        .doesNotContain(twilio.authToken()).doesNotContain(sendgrid.apiKey());
  }

  @Test
  void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
    byte[] big = new byte[200_000];
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alertkit/twilio/message-status"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void ackLinkPagesAreMountedAndATamperedLinkChangesNothing() throws Exception {
    assertThat(alerts.incidents().links()).isPresent();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alertkit/ack?t=forged"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
    assertThat(page.body()).contains("Link not valid", "Nothing was changed");
  }

  private static WebhookRequest forge(WebhookRequest signed) {
    WebhookRequest.Builder b = WebhookRequest.builder().method(signed.method()).url(signed.url()).body(signed.body());
    signed.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("X-Twilio-Signature")) {
        values.forEach(v -> b.header(name, v));
      }
    });
    return b.header("X-Twilio-Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=").build();
  }

}
