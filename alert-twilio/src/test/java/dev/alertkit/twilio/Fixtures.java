package dev.alertkit.twilio;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.ChannelContent;
import dev.alertkit.HttpSettings;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders shared by the tests: alerts, messages and configurations pointing at a {@link TwilioEmulator}. */
final class Fixtures {
  static final String SMS_FROM = "+15005550006";
  static final String VOICE_FROM = "+15005550006";
  static final String WHATSAPP_FROM = "+14155238886";
  static final String CALLBACK_BASE = "https://hooks.example.com/app";
  static final String ALERT_ID = "alert-42";
  static final String ATTEMPT_ID = "attempt 1/a&b";
  static final String API_KEY_SID = "SK0123456789abcdef0123456789abcdef";
  static final String API_KEY_SECRET = "key-secret-do-not-log-4711";

  private Fixtures() {}

  static TwilioConfig.Builder config(TwilioEmulator emulator) {
    return TwilioConfig.builder()
        .accountSid(emulator.accountSid())
        .authToken(emulator.authToken())
        .baseUrl(emulator.baseUrl())
        .smsFrom(SMS_FROM)
        .voiceFrom(VOICE_FROM)
        .whatsappFrom(WHATSAPP_FROM)
        .statusCallbackBaseUrl(CALLBACK_BASE)
        .http(http().build());
  }

  /** Twilio's defaults with short timeouts for tests. */
  static HttpSettings.Builder http() {
    return TwilioConfig.DEFAULT_HTTP.toBuilder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5));
  }

  static Recipient alice(String phone) {
    return Recipient.builder("alice").phone(phone).whatsapp(phone).build();
  }

  static Alert alert(Recipient r, ChannelContent... contents) {
    Alert.Builder b = Alert.builder().id(ALERT_ID).severity(Severity.CRITICAL).title("db-1 disk 97% full")
        .body("db-1 /var is at 97%").recipient(r).createdAt(Instant.parse("2025-01-01T00:00:00Z"));
    for (ChannelContent c : contents) {
      b.content(c);
    }
    return b.build();
  }

  static OutboundMessage.Builder message(Channel channel, String to, ChannelContent... contents) {
    Recipient r = alice(to);
    return OutboundMessage.builder(alert(r, contents), r, channel).attemptId(ATTEMPT_ID).to(to).text("db-1 disk 97% full");
  }

  /** Decodes the query string of a URL into a map (first value per name). */
  static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = url.substring(url.indexOf('?') + 1);
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
