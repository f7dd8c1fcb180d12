package dev.alertkit.india;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.SmsContent;
import dev.alertkit.spi.OutboundMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/** A small registry and message helpers shared by the DLT tests. */
final class DltFixtures {
  static final String ENTITY = "1101234567890123456";
  static final String OTP = "1107000000000000001";
  static final String DOWN = "1107000000000000002";
  static final String TICKET = "1107000000000000003";
  static final String PROMO = "1107000000000000004";
  static final String HINDI = "1107000000000000005";
  static final String ACME = "1107000000000000006";
  static final String REPORT = "1107000000000000007";
  static final String QUOTES = "1107000000000000008";
  static final String BADLINK = "1107000000000000009";
  static final String INDIA_PHONE = "+919812345678";
  static final String US_PHONE = "+14155550123";

  private DltFixtures() {}

  static DltRegistry registry() {
    return DltRegistry.builder(ENTITY)
        .header("ALRTKT")
        .header("ACMEIN")
        .header("712345", DltHeader.Type.PROMOTIONAL)
        .template(t(OTP, TemplateCategory.SERVICE_IMPLICIT, "Dear {#var#}, your OTP is {#numeric#}. -AlertKit", "ALRTKT"))
        .template(t(DOWN, TemplateCategory.SERVICE_IMPLICIT, "Alert: {#var#} is DOWN since {#var#}.\nDetails: https://alertkit.dev/status -AlertKit", "ALRTKT"))
        .template(t(TICKET, TemplateCategory.SERVICE_IMPLICIT, "Ticket {#alphanumeric#} opened. Track at {#url#} or call {#cbn#}. -AlertKit", "ALRTKT"))
        .template(t(PROMO, TemplateCategory.PROMOTIONAL, "Upgrade to AlertKit Pro today! Reply STOP to opt out.", "712345"))
        .template(t(HINDI, TemplateCategory.SERVICE_IMPLICIT, "प्रिय {#var#}, सर्वर {#var#} बंद है। -AlertKit", "ALRTKT"))
        .template(t(ACME, TemplateCategory.SERVICE_IMPLICIT, "ACME: on-call {#var#} acknowledged the incident. -ACME", "ACMEIN"))
        .template(t(REPORT, TemplateCategory.SERVICE_EXPLICIT, "Report for {#var#} sent to {#email#}. -AlertKit", "ALRTKT", "ACMEIN"))
        .template(t(QUOTES, TemplateCategory.SERVICE_IMPLICIT, "It’s {#var#}: check “{#var#}” now. -AlertKit", "ALRTKT"))
        .template(t(BADLINK, TemplateCategory.SERVICE_IMPLICIT, "Visit https://evil.example/x for {#var#}. -AlertKit", "ALRTKT"))
        .whitelistUrl("https://alertkit.dev/status")
        .whitelistDynamicUrl("https://alertkit.dev/t?id=")
        .callbackNumber("1800 123 4567")
        .build();
  }

  static DltTemplate t(String id, TemplateCategory category, String text, String... headers) {
    return DltTemplate.builder(id).category(category).header(headers).text(text).build();
  }

  /** An instant on a fixed day at a local time in India. */
  static Instant ist(String hhmm) {
    return LocalDate.of(2025, 3, 14).atTime(LocalTime.parse(hhmm)).atZone(IndiaDlt.INDIA).toInstant();
  }

  static OutboundMessage sms(String to, String text, String sender, SmsContent content) {
    Recipient r = Recipient.builder("ravi").phone(to).build();
    Alert.Builder a = Alert.builder().severity(Severity.CRITICAL).title("db-1 down").recipient(r).createdAt(Instant.EPOCH);
    if (content != null) {
      a.sms(content);
    }
    OutboundMessage.Builder m = OutboundMessage.builder(a.build(), r, Channel.SMS).attemptId("attempt-1").to(to).text(text);
    if (sender != null) {
      m.sender(sender);
    }
    return m.build();
  }
}
