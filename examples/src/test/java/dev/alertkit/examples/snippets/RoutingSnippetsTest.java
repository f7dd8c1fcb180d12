package dev.alertkit.examples.snippets;

import static dev.alertkit.testkit.AlertAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Failure;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import org.junit.jupiter.api.Test;

/** The routing snippets of docs/routing.md do what the page says. */
class RoutingSnippetsTest {
  private final FakeProvider twilioSms = FakeProvider.of("twilio-sms", Channel.SMS);
  private final FakeProvider backupSms = FakeProvider.of("backup-sms", Channel.SMS);
  private final FakeProvider voice = FakeProvider.voice();
  private final FakeProvider whatsapp = FakeProvider.whatsapp();
  private final FakeProvider email = FakeProvider.email();

  @Test
  void unnamedRulesAreNamedByPositionAndTheDefaultIsDefault() {
    RoutingPolicy routing = RoutingSnippets.namedRules();

    assertThat(routing.rules()).extracting(r -> r.name().orElseThrow()).containsExactly("page", "rule-2");
    assertThat(routing.otherwise().name()).contains("default");
  }

  @Test
  void atNightADatabaseWarningToIndiaGoesByWhatsAppWithoutSms() {
    ManualClock clock = ManualClock.at("2026-11-28T17:00:00Z");   // 22:30 in Asia/Kolkata: alice's quiet hours
    try (AlertClient client = AlertClient.builder()
        .provider(twilioSms).provider(backupSms).provider(voice).provider(whatsapp).provider(email)
        .routing(RoutingSnippets.policy())
        .clock(clock).scheduler(ManualScheduler.on(clock)).executor(Runnable::run)
        .build()) {
      DispatchReport report = client.send(RoutingSnippets.alert());
      System.out.println(report.describe());

      assertThat(report.recipient("alice").rule()).contains("india+db-warning");
      assertThat(report).recipient("alice").isAccepted();
      assertThat(whatsapp).sentTo("alice").hasCount(1);
      assertThat(twilioSms).nothingSent();
      assertThat(email).nothingSent();
    }
  }

  @Test
  void theBackupSmsProviderTakesOverWhenTwilioHasAnOutage() {
    twilioSms.failNext(1, Failure.permanent(Failure.Fault.PROVIDER, "authentication failed").providerCode("20003").build());
    Alert alert = Alert.builder().severity(dev.alertkit.Severity.WARNING).title("db-1 disk 91% full")
        .label("service", "db")
        .recipient(dev.alertkit.Recipient.builder("carol").phone("+14155550100").email("carol@example.com").build())
        .build();

    DispatchReport report = RoutingSnippets.send(RoutingSnippets.policy(), alert, twilioSms, backupSms, voice,
        whatsapp, email);

    assertThat(report.outcome("carol")).isEqualTo(Outcome.ACCEPTED);
    assertThat(backupSms).sentTo("carol").hasCount(1);
    assertThat(email).nothingSent();
  }
}
