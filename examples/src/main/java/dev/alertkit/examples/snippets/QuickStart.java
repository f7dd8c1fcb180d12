package dev.alertkit.examples.snippets;

// tag::quickstart[]
import dev.alertkit.*;
import dev.alertkit.sendgrid.*;
import dev.alertkit.twilio.*;

public final class QuickStart {
  public static void main(String[] args) {
    // TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_SMS_FROM; SENDGRID_API_KEY, SENDGRID_FROM_EMAIL
    try (AlertClient alerts = client(TwilioConfig.fromEnv(), SendGridConfig.fromEnv())) {   // one per application
      DispatchReport report = alerts.send(Alert.builder()
          .severity(Severity.CRITICAL)
          .title("db-1 disk 97% full")
          .recipient(Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build())
          .build());                              // blocks until every recipient has an outcome
      System.out.println(report.describe());
    }
  }

  static AlertClient client(TwilioConfig twilio, SendGridConfig sendGrid) {
    return AlertClient.builder()
        .provider(TwilioProviders.sms(twilio))
        .provider(SendGridProviders.email(sendGrid))
        .routing(RoutingPolicy.builder()
            .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("page")
                .deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
            .otherwise(Rule.deliver(Channel.EMAIL).named("email"))
            .build())
        .build();
  }
}
// end::quickstart[]
