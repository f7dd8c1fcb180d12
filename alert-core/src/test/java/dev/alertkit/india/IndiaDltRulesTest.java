package dev.alertkit.india;

import static dev.alertkit.india.DltFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.alertkit.spi.ComplianceGuard.Verdict;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DLT rules as a table: each row is a header ("-" for none), an IST time, the final SMS text to a +91 number,
 * and what the guard must decide: {@code ok <templateId> <header>} or the exact {@code dlt.*} code and reason.
 */
class IndiaDltRulesTest {
  private static final IndiaDlt GUARD = IndiaDlt.of(registry());
  private static final String DEVANAGARI_30 = "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवश";
  private static final String LATIN_30 = "abcdefghijklmnopqrstuvwxyzABCD";

  static Stream<Arguments> rows() {
    return Stream.of(
        // exact match and header choice
        arguments("exact match", "ALRTKT", "12:00", "Dear Ravi, your OTP is 482913. -AlertKit", "ok " + OTP + " ALRTKT"),
        arguments("header chosen: only one registered", "-", "03:00", "Dear Ravi, your OTP is 482913. -AlertKit", "ok " + OTP + " ALRTKT"),
        arguments("placeholder value with the separator in it", "-", "12:00", "Dear Ravi, Jr., your OTP is 482913. -AlertKit", "ok " + OTP + " ALRTKT"),
        arguments("empty {#var#}", "-", "12:00", "Dear , your OTP is 482913. -AlertKit", "ok " + OTP + " ALRTKT"),
        arguments("static text with newline and whitelisted URL", "-", "12:00",
            "Alert: db-1 is DOWN since 10:42.\nDetails: https://alertkit.dev/status -AlertKit", "ok " + DOWN + " ALRTKT"),
        // static text must match exactly
        arguments("case differs", "ALRTKT", "12:00", "Dear Ravi, your otp is 482913. -AlertKit",
            "dlt.no_template: the text matches no registered DLT template; closest is " + OTP + " \"Dear {#var#}, your OTP is {#numeric#}. -AlertKit\": "
                + "text differs at index 16: expected \"Dear Ravi, your OTP is \" but found \"Dear Ravi, your otp is 482913. -...\" (letter case differs; static text is case-sensitive)"),
        arguments("punctuation differs", "ALRTKT", "12:00", "Dear Ravi; your OTP is 482913. -AlertKit",
            "dlt.no_template: the text matches no registered DLT template; closest is " + OTP + " \"Dear {#var#}, your OTP is {#numeric#}. -AlertKit\": "
                + "text differs at index 9: expected \"Dear Ravi, your OTP is \" but found \"Dear Ravi; your OTP is 48...\""),
        arguments("double space", "ALRTKT", "12:00", "Dear Ravi, your  OTP is 482913. -AlertKit",
            "dlt.no_template: the text matches no registered DLT template; closest is " + OTP + " \"Dear {#var#}, your OTP is {#numeric#}. -AlertKit\": "
                + "text differs at index 16: expected \"Dear Ravi, your OTP is \" but found \"Dear Ravi, your  OTP is 482913. ...\" (double space)"),
        arguments("missing full stop after a placeholder", "ALRTKT", "12:00", "Dear Ravi, your OTP is 482913 -AlertKit",
            "dlt.no_template: the text matches no registered DLT template; closest is " + OTP + " \"Dear {#var#}, your OTP is {#numeric#}. -AlertKit\": "
                + "text differs at index 29: expected \"...ur OTP is 482913. -AlertKit\" but found \"...ur OTP is 482913 -AlertKit\""),
        arguments("missing trailing full stop", "712345", "12:00", "Upgrade to AlertKit Pro today! Reply STOP to opt out",
            "dlt.no_template: the text matches no registered DLT template; closest is " + PROMO + " \"Upgrade to AlertKit Pro today! Reply STOP to opt out.\": "
                + "text differs at index 52: expected \"... STOP to opt out.\" but found the end of the message (the text ends early)"),
        arguments("space instead of newline", "ALRTKT", "12:00", "Alert: db-1 is DOWN since 10:42. Details: https://alertkit.dev/status -AlertKit",
            "dlt.no_template: the text matches no registered DLT template; closest is " + DOWN + " \"Alert: {#var#} is DOWN since {#var#}.\\nDetails: https://alertkit.dev/status -A...\": "
                + "text differs at index 32: expected \"...OWN since 10:42.\\nDetails: https:...\" but found \"...OWN since 10:42. Details: https:...\" (line breaks differ)"),
        arguments("straight quote where the template has a curly one", "ALRTKT", "12:00", "It's db-1: check “disk” now. -AlertKit",
            "dlt.no_template: the text matches no registered DLT template; closest is " + QUOTES + " \"It’s {#var#}: check “{#var#}” now. -AlertKit\": "
                + "text differs at index 2: expected \"It’s \" but found \"It's db-1: check “...\" (straight vs curly quote: expected U+2019, found U+0027)"),
        arguments("curly quotes as registered", "-", "12:00", "It’s db-1: check “disk” now. -AlertKit", "ok " + QUOTES + " ALRTKT"),
        arguments("extra text after the template", "-", "12:00", "Dear Ravi, your OTP is 482913. -AlertKit Thanks",
            "dlt.no_template: the text matches no registered DLT template; closest is " + OTP + " \"Dear {#var#}, your OTP is {#numeric#}. -AlertKit\": "
                + "text differs at index 40: expected the end of the message but found \"...82913. -AlertKit Thanks\" (extra text after the template's end)"),
        // variable length: 30 code points allowed, 31 not
        arguments("{#var#} of 30 characters", "-", "12:00", "Dear " + LATIN_30 + ", your OTP is 1. -AlertKit", "ok " + OTP + " ALRTKT"),
        arguments("{#var#} of 31 characters", "-", "12:00", "Dear " + LATIN_30 + "E, your OTP is 1. -AlertKit",
            "dlt.variable_too_long: placeholder 1 {#var#} of template " + OTP + " is 31 characters long; the limit is 30 (value \"abcdefghijklmnop...\")"),
        arguments("Hindi template, exact", "-", "12:00", "प्रिय रवि, सर्वर db-1 बंद है। -AlertKit", "ok " + HINDI + " ALRTKT"),
        arguments("Hindi {#var#} of 30 code points", "-", "12:00", "प्रिय " + DEVANAGARI_30 + ", सर्वर db-1 बंद है। -AlertKit", "ok " + HINDI + " ALRTKT"),
        arguments("Hindi {#var#} of 31 code points", "-", "12:00", "प्रिय " + DEVANAGARI_30 + "ष, सर्वर db-1 बंद है। -AlertKit",
            "dlt.variable_too_long: placeholder 1 {#var#} of template " + HINDI + " is 31 characters long; the limit is 30 (value \"कखगघङचछजझञटठडढणत...\")"),
        arguments("Hindi static text differs", "-", "12:00", "प्रिय रवि, सर्वर db-1 बंद हैं। -AlertKit",
            "dlt.no_template: the text matches no registered DLT template; closest is " + HINDI + " \"प्रिय {#var#}, सर्वर {#var#} बंद है। -AlertKit\": "
                + "text differs at index 28: expected \"...र्वर db-1 बंद है। -AlertKit\" but found \"...र्वर db-1 बंद हैं। -AlertKit\""),
        // typed placeholders
        arguments("{#numeric#} with a letter", "-", "12:00", "Dear Ravi, your OTP is 48A913. -AlertKit",
            "dlt.variable_type: placeholder 2 {#numeric#} of template " + OTP + " must be digits 0-9 only; found 'A' at index 2 of \"48A913\""),
        arguments("typed placeholders all valid", "-", "12:00",
            "Ticket INC42 opened. Track at https://alertkit.dev/t?id=42 or call 1800 123 4567. -AlertKit", "ok " + TICKET + " ALRTKT"),
        arguments("{#alphanumeric#} with a hyphen", "-", "12:00",
            "Ticket INC-42 opened. Track at https://alertkit.dev/t?id=42 or call 1800 123 4567. -AlertKit",
            "dlt.variable_type: placeholder 1 {#alphanumeric#} of template " + TICKET + " must be letters and digits only; found '-' at index 3 of \"INC-42\""),
        arguments("{#url#} not whitelisted", "-", "12:00",
            "Ticket INC42 opened. Track at https://evil.example/t?id=42 or call 1800 123 4567. -AlertKit",
            "dlt.url_not_whitelisted: URL 'https://evil.example/t?id=42' in placeholder 2 {#url#} of template " + TICKET + " is not whitelisted in the DLT registry"),
        arguments("{#cbn#} not registered", "-", "12:00",
            "Ticket INC42 opened. Track at https://alertkit.dev/t?id=42 or call 1800 999 0000. -AlertKit",
            "dlt.callback_not_registered: placeholder 3 {#cbn#} of template " + TICKET + ": '1800 999 0000' is not a registered call-back number"),
        arguments("{#email#} valid", "ACMEIN", "12:00", "Report for db-1 sent to ops@acme.in. -AlertKit", "ok " + REPORT + " ACMEIN"),
        arguments("{#email#} invalid", "ACMEIN", "12:00", "Report for db-1 sent to ops-at-acme. -AlertKit",
            "dlt.variable_type: placeholder 2 {#email#} of template " + REPORT + " must be an email address; found \"ops-at-acme\""),
        // URLs anywhere in the text
        arguments("URL in static text not whitelisted", "-", "12:00", "Visit https://evil.example/x for db-1. -AlertKit",
            "dlt.url_not_whitelisted: URL 'https://evil.example/x' is not whitelisted in the DLT registry (every URL in an SMS to India must be whitelisted; template " + BADLINK + ")"),
        arguments("URL inside a {#var#}", "-", "12:00", "Dear www.evil.example, your OTP is 1. -AlertKit",
            "dlt.url_not_whitelisted: URL 'www.evil.example' is not whitelisted in the DLT registry (every URL in an SMS to India must be whitelisted; template " + OTP + ")"),
        // promotional window (IST)
        arguments("promotional at 09:59 IST", "712345", "09:59", "Upgrade to AlertKit Pro today! Reply STOP to opt out.",
            "dlt.promotional_hours: template " + PROMO + " is promotional and may only be sent between 10:00 and 21:00 IST (Asia/Kolkata); it is 09:59 IST now"),
        arguments("promotional at 10:00 IST", "712345", "10:00", "Upgrade to AlertKit Pro today! Reply STOP to opt out.", "ok " + PROMO + " 712345"),
        arguments("promotional at 20:59 IST", "712345", "20:59", "Upgrade to AlertKit Pro today! Reply STOP to opt out.", "ok " + PROMO + " 712345"),
        arguments("promotional at 21:00 IST", "712345", "21:00", "Upgrade to AlertKit Pro today! Reply STOP to opt out.",
            "dlt.promotional_hours: template " + PROMO + " is promotional and may only be sent between 10:00 and 21:00 IST (Asia/Kolkata); it is 21:00 IST now"),
        arguments("service template at night", "ALRTKT", "02:30", "Dear Ravi, your OTP is 482913. -AlertKit", "ok " + OTP + " ALRTKT"),
        // headers
        arguments("header case mismatch", "alrtkt", "12:00", "Dear Ravi, your OTP is 482913. -AlertKit",
            "dlt.header_case: header 'alrtkt' is registered as 'ALRTKT' (headers are case-sensitive); send it exactly as registered"),
        arguments("header not registered", "FOOBAR", "12:00", "Dear Ravi, your OTP is 482913. -AlertKit",
            "dlt.header_not_registered: header 'FOOBAR' is not registered for principal entity " + ENTITY + " (registered: ALRTKT, ACMEIN, 712345)"),
        arguments("header not registered for the template", "ACMEIN", "12:00", "Dear Ravi, your OTP is 482913. -AlertKit",
            "dlt.header_not_for_template: template " + OTP + " is not registered for header 'ACMEIN' (it is registered for ALRTKT)"),
        arguments("template with two headers and none chosen", "-", "12:00", "Report for db-1 sent to ops@acme.in. -AlertKit",
            "dlt.header_ambiguous: template " + REPORT + " is registered for several headers (ALRTKT, ACMEIN) and none is chosen: "
                + "set the message sender or IndiaDlt.builder(registry).defaultHeader(...)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decidesAsTheTableSays(String name, String header, String istTime, String text, String expected) {
    // Given an SMS to an Indian number
    OutboundMessage message = sms(INDIA_PHONE, text, "-".equals(header) ? null : header, null);

    // When the guard checks it
    Verdict verdict = GUARD.check(message, ist(istTime));

    // Then it decides as the row says
    if (expected.startsWith("ok ")) {
      String[] ok = expected.split(" ");
      assertThat(verdict.failure()).as("failure").isEmpty();
      OutboundMessage sent = verdict.message().orElseThrow();
      assertThat(sent.dlt()).hasValueSatisfying(d -> {
        assertThat(d.templateId()).isEqualTo(ok[1]);
        assertThat(d.header()).isEqualTo(ok[2]);
        assertThat(d.principalEntityId()).isEqualTo(ENTITY);
      });
      assertThat(sent.sender()).contains(ok[2]);
      assertThat(sent.text()).isEqualTo(text);
      assertThat(sent.smsEncoding()).isPresent();
    } else {
      assertThat(verdict.message()).isEmpty();
      Failure f = verdict.failure().orElseThrow();
      assertThat(f.kind()).isEqualTo(Failure.Kind.PERMANENT);
      assertThat(f.fault()).isEqualTo(Failure.Fault.CONTENT);
      assertThat(f.providerCode().orElseThrow() + ": " + f.reason()).isEqualTo(expected);
    }
  }
}
