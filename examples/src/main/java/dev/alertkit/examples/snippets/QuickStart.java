package dev.alertkit.examples.snippets;

// tag::quickstart[]
import dev.alertkit.*;
import dev.alertkit.sendgrid.*;
import dev.alertkit.twilio.*;

public final class QuickStart {
  public static void main(String[] args) {
    // TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_SMS_FROM; SENDGRID_API_KEY, SENDGRID_FROM_EMAIL
    page(TwilioConfig.fromEnv(), SendGridConfig.fromEnv(), "+14155550100", "oncall@example.com");
  }

  static DispatchReport page(TwilioConfig twilio, SendGridConfig sendGrid, String phone, String email) {
    try (AlertClient client = AlertClient.builder()
        .provider(TwilioProviders.sms(twilio))
        .provider(SendGridProviders.email(sendGrid))
        .routing(RoutingPolicy.builder()
            .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("page")
                .deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
            .otherwise(Rule.deliver(Channel.EMAIL).named("email"))
            .build())
        .build()) {
      DispatchReport report = client.send(Alert.builder()
          .severity(Severity.CRITICAL)
          .title("db-1 disk 97% full")
          .dedupKey("disk:db-1:/var")
          .recipient(Recipient.builder("alice").phone(phone).email(email).build())
          .build());                              // blocks until every recipient has an outcome
      System.out.println(report.describe());
      return report;
    }
  }
}
// end::quickstart[]
