package dev.alertkit.examples.snippets;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Dedup;
import dev.alertkit.DispatchReport;
import dev.alertkit.Match;
import dev.alertkit.QuietHoursPolicy;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.spi.ChannelProvider;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/** The snippets of docs/routing.md. */
final class RoutingSnippets {
  private RoutingSnippets() {}

  static RoutingPolicy namedRules() {
    // tag::routing-named[]
    RoutingPolicy routing = RoutingPolicy.builder()
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("page")     // "page" in every report
            .deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL))
        .rule(Rule.when(Match.label("team", "payments"))                          // unnamed: "rule-2"
            .deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
        .otherwise(Rule.deliver(Channel.EMAIL))                                   // the default: "default"
        .build();
    // end::routing-named[]
    return routing;
  }

  static Alert alert() {
    // tag::routing-alert[]
    Recipient alice = Recipient.builder("alice")
        .phone("+91 98123 45678")                      // parsed with libphonenumber, stored as +919812345678
        .email("alice@example.com")
        .timeZone(ZoneId.of("Asia/Kolkata"))
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))
        .build();

    Alert alert = Alert.builder()
        .severity(Severity.WARNING)
        .title("db-1 disk 91% full")
        .body("db-1 /var is at 91%. Runbook: https://runbooks.example.com/disk")
        .label("service", "db")
        .dedupKey("disk:db-1")
        .recipient(alice)
        .build();
    // end::routing-alert[]
    return alert;
  }

  static RoutingPolicy policy() {
    // tag::routing-policy[]
    RoutingPolicy routing = RoutingPolicy.builder()
        // India: try WhatsApp as well, then carry on matching the rules below (Alertmanager's `continue`)
        .rule(Rule.when(Match.recipientCountry("IN")).named("india")
            .deliver(Channel.WHATSAPP).continueMatching())
        // critical: SMS and a voice call at once; email only if both fail; ignore quiet hours
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical")
            .deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL)
            .onQuietHours(QuietHoursPolicy.bypass()))
        // database warnings: SMS, then email; at night no SMS, but email still goes
        .rule(Rule.when(Match.severity(Severity.WARNING).and(Match.labelMatches("service", "db|postgres")))
            .named("db-warning")
            .deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)
            .onQuietHours(QuietHoursPolicy.skip(Channel.SMS)))
        // everything else: email, held until the person's quiet hours end
        .otherwise(Rule.deliver(Channel.EMAIL).named("default").onQuietHours(QuietHoursPolicy.defer()))
        .build();
    // end::routing-policy[]
    return routing;
  }

  static DispatchReport send(RoutingPolicy routing, Alert alert, ChannelProvider twilioSms, ChannelProvider backupSms,
      ChannelProvider twilioVoice, ChannelProvider twilioWhatsApp, ChannelProvider sendgridEmail) {
    // tag::routing-client[]
    try (AlertClient client = AlertClient.builder()
        .provider(twilioSms).provider(backupSms)        // two SMS providers: backupSms takes over on provider faults
        .provider(twilioVoice).provider(twilioWhatsApp).provider(sendgridEmail)
        .routing(routing)
        .dedup(Dedup.window(Duration.ofMinutes(10)).repeatEvery(Duration.ofHours(4)))
        .build()) {
      DispatchReport report = client.send(alert);
      System.out.println(report.describe());
      return report;
    }
    // end::routing-client[]
  }
}
