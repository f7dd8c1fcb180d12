package dev.alertkit.benchmarks;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.sendgrid.SendGridProviders;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;
import java.util.List;
import java.util.function.UnaryOperator;

/** alertkit wired to the stub, with its defaults unless a benchmark says otherwise. */
final class Alertkit {
  private Alertkit() {}

  /** @return a Twilio configuration with defaults, pointed at the stub */
  static TwilioConfig twilio(StubServer stub) {
    return TwilioConfig.builder()
        .accountSid(RawSdks.ACCOUNT_SID)
        .authToken("stub-auth-token")
        .smsFrom(RawSdks.FROM)
        .baseUrl(stub.baseUrl())
        .build();
  }

  /** @return a SendGrid configuration with defaults, pointed at the stub */
  static SendGridConfig sendgrid(StubServer stub) {
    return SendGridConfig.builder()
        .apiKey("SG.stub-api-key")
        .from("alerts@example.com", "Alerts")
        .baseUrl(stub.baseUrl())
        .build();
  }

  /** @return a client with the Twilio SMS provider, client defaults changed by {@code tune} */
  static AlertClient smsClient(StubServer stub, UnaryOperator<AlertClient.Builder> tune) {
    return tune.apply(AlertClient.builder().provider(TwilioProviders.sms(twilio(stub)))).build();
  }

  /** @return a client with the SendGrid email provider and client defaults */
  static AlertClient emailClient(StubServer stub) {
    return AlertClient.builder().provider(SendGridProviders.email(sendgrid(stub))).build();
  }

  /** @return the benchmark alert (same title and body as the raw side sends) */
  static Alert alert(List<Recipient> recipients) {
    return Alert.builder()
        .severity(Severity.CRITICAL)
        .title("db-1 disk 97% full")
        .body("db-1 /var is at 97%. Runbook: https://runbooks.example.com/disk")
        .recipients(recipients)
        .build();
  }

  /** @return a recipient with a phone number only */
  static Recipient phone(int i) {
    return Recipient.builder("r" + i).phone("+1415555" + String.format("%04d", i % 10_000)).build();
  }

  /** @return a recipient with an email address only */
  static Recipient email(int i) {
    return Recipient.builder("r" + i).email("user" + i + "@example.com").build();
  }
}
