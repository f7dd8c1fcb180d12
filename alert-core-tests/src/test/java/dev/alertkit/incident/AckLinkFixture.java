package dev.alertkit.incident;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.LoopbackWebhookServer;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A client whose escalation e-mails carry signed links, served by {@link AckLinkPages} on a loopback server. */
final class AckLinkFixture implements AutoCloseable {
  final ManualClock clock = ManualClock.at("2026-03-02T10:00:00Z");
  final FakeProvider email = FakeProvider.email();
  final LoopbackWebhookServer server = new LoopbackWebhookServer();
  final AlertClient client;
  final IncidentHandle incident;

  AckLinkFixture() {
    AckLinks links = AckLinks.builder().signingKey("0123456789abcdef0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8))
        .baseUrl(server.baseUrl()).ttl(Duration.ofHours(24)).build();
    client = AlertClient.builder().clock(clock).scheduler(ManualScheduler.on(clock)).executor(Runnable::run).provider(email)
        .resilience(Resilience.none()).ackLinks(links).build();
    server.mount(links.path(), AckLinkPages.of(client));
    Recipient alice = Recipient.builder("alice").email("alice@example.com").build();
    incident = client.raise(Alert.builder().id("inc-1").severity(Severity.CRITICAL).title("db-1 down").body("db-1 is not answering")
        .recipient(alice).createdAt(clock).build(), EscalationPolicy.builder("mail")
        .step(s -> s.target(EscalationTarget.recipient(alice)).via(Rule.deliver(Channel.EMAIL)).waitForAck(Duration.ofMinutes(10))).build());
  }

  String link() {
    Matcher m = Pattern.compile("Acknowledge: (\\S+)").matcher(email.messages().get(0).text());
    if (!m.find()) {
      throw new AssertionError("no link in " + email.messages().get(0).text());
    }
    return m.group(1);
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
