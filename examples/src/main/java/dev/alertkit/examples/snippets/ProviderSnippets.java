package dev.alertkit.examples.snippets;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.sendgrid.SendGridProviders;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;
import java.time.Duration;

/** The snippets of docs/twilio.md and docs/sendgrid.md that need no testkit. */
final class ProviderSnippets {
  private ProviderSnippets() {}

  static void twilioProviders(Alert alert) {
    // tag::twilio-providers[]
    TwilioProviders twilio = TwilioProviders.of(TwilioConfig.fromEnv());   // one account, one HTTP pool
    try (AlertClient client = AlertClient.builder()
        .provider(twilio.sms())          // "twilio-sms"
        .provider(twilio.voice())        // "twilio-voice"
        .provider(twilio.whatsapp())     // "twilio-whatsapp"
        .build()) {
      client.send(alert);
    }   // the client closes the three providers; the last close releases the shared pool
    // end::twilio-providers[]
  }

  static TwilioConfig twilioConfig(String apiKeySecret) {
    // tag::twilio-config[]
    TwilioConfig config = TwilioConfig.builder()
        .accountSid("AC0123456789abcdef0123456789abcdef")   // required
        .apiKey("SK0123456789abcdef0123456789abcdef", apiKeySecret)   // preferred; or .authToken(token), not both
        .messagingServiceSid("MG0123456789abcdef0123456789abcdef")   // optional: SMS/WhatsApp sender pool
        .smsFrom("+14155550100")                   // E.164, short code, or alphanumeric sender ID (≤ 11 chars)
        .voiceFrom("+14155550100")                 // caller ID
        .voiceFromForIndia("+14155550101")         // non-Indian caller ID for calls to +91 (see India)
        .whatsappFrom("+14155238886")              // with or without "whatsapp:"
        .statusCallbackBaseUrl("https://hooks.example.com")
        .http(TwilioConfig.DEFAULT_HTTP.toBuilder()   // optional; start from Twilio's defaults
            .connectTimeout(Duration.ofSeconds(5))     // default 5 s
            .readTimeout(Duration.ofSeconds(10))       // default 10 s
            .poolSize(100)                             // default 100 (the SDK's default is 20), for bursts
            .poolLeaseTimeout(Duration.ofSeconds(5))   // wait for a free pooled connection; default 5 s
            .build())
        .smsValidityPeriod(Duration.ofMinutes(5))  // ValidityPeriod, default 300 s (Twilio's own: 10 h), 1–36000 s
        .voiceName("Polly.Aditi").voiceLanguage("en-IN")
        .voiceRepeat(2)                            // default 2
        .ringTimeout(Duration.ofSeconds(30))       // default 30 s, 1–600
        .machineDetection(false)                   // MachineDetection=Enable when true
        .askToAcknowledge(false)                   // "press 1" when the alert has no VoiceContent
        .baseUrl("http://127.0.0.1:8089")          // emulator or egress proxy instead of https://api.twilio.com
        .build();                                  // ValidationException names the field and the rule
    // end::twilio-config[]
    return config;
  }

  static ChannelProvider sendGrid() {
    // tag::sendgrid-config[]
    SendGridConfig sendgrid = SendGridConfig.builder()
        .apiKey(System.getenv("SENDGRID_API_KEY"))        // needs the "Mail Send" permission
        .from("alerts@example.com", "Example Alerts")      // a verified sender identity
        .replyTo("oncall@example.com")
        .categories("alertkit", "ops")                     // ≤ 10, each ≤ 255 chars
        .asmGroupId(12345)                                 // optional unsubscribe group
        .http(SendGridConfig.DEFAULT_HTTP.toBuilder()       // optional; start from SendGrid's defaults
            .connectTimeout(Duration.ofSeconds(5))         // default 5 s
            .readTimeout(Duration.ofSeconds(15))           // default 15 s
            .poolSize(20)                                  // default 20 (the SDK's default is 2), for bursts
            .poolLeaseTimeout(Duration.ofSeconds(5))       // wait for a free pooled connection; default 5 s
            .build())
        .build();

    ChannelProvider email = SendGridProviders.email(sendgrid);   // name "sendgrid", channel EMAIL
    // end::sendgrid-config[]
    return email;
  }
}
