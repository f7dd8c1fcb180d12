package dev.alertkit.india;

import static dev.alertkit.india.DltFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.SmsContent;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.ComplianceGuard.Verdict;
import dev.alertkit.spi.DltParameters;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.SmsEncoding;
import java.time.Instant;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndiaDltGuardTest {
  private final DltRegistry registry = registry();
  private final IndiaDlt guard = IndiaDlt.of(registry);
  private final Instant noon = ist("12:00");

  @Test
  void namesItselfIndiaDlt() {
    assertThat(guard.name()).isEqualTo("india-dlt");
  }

  @Test
  void rendersDltTemplateVariablesAndAmendsTheMessage() {
    // Given an alert whose SMS content is a template with variables
    OutboundMessage m = sms(INDIA_PHONE, "db-1 down", null, SmsContent.dlt(OTP, Map.of("var1", "Ravi", "var2", "482913")));

    // When checked
    Verdict v = guard.check(m, noon);

    // Then the text is rendered and sender, DLT ids and encoding are attached
    OutboundMessage out = v.message().orElseThrow();
    assertThat(out.text()).isEqualTo("Dear Ravi, your OTP is 482913. -AlertKit");
    assertThat(out.sender()).contains("ALRTKT");
    assertThat(out.dlt()).contains(new DltParameters(ENTITY, OTP, "ALRTKT"));
    assertThat(out.smsEncoding()).contains(new SmsEncoding(SmsEncoding.Charset.GSM_7, 40, 1));
  }

  @Test
  void acceptsTypedVariableKeys() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("alphanumeric1", "INC42");
    vars.put("url1", "https://alertkit.dev/t?id=42");
    vars.put("cbn1", "1800 123 4567");
    Verdict v = guard.check(sms(INDIA_PHONE, "x", null, SmsContent.dlt(TICKET, vars)), noon);
    assertThat(v.message().orElseThrow().text())
        .isEqualTo("Ticket INC42 opened. Track at https://alertkit.dev/t?id=42 or call 1800 123 4567. -AlertKit");
  }

  @Test
  void rejectsMissingUnknownAndDoubledVariables() {
    assertThat(reason(SmsContent.dlt(OTP, Map.of("var1", "Ravi"))))
        .isEqualTo("dlt.variables: sms.variables: template " + OTP + " needs a value for placeholder 2 {#numeric#} (key 'var2')");
    assertThat(reason(SmsContent.dlt(OTP, Map.of("var1", "Ravi", "var2", "1", "var3", "x"))))
        .startsWith("dlt.variables: sms.variables[var3]: template " + OTP + " has no placeholder for this key");
    Map<String, String> twice = new LinkedHashMap<>();
    twice.put("var2", "1");
    twice.put("numeric1", "2");
    twice.put("var1", "Ravi");
    assertThat(reason(SmsContent.dlt(OTP, twice)))
        .isEqualTo("dlt.variables: sms.variables[numeric1]: placeholder 2 {#numeric#} is already given as 'var2'");
  }

  @Test
  void checksRenderedVariablesLikeText() {
    assertThat(reason(SmsContent.dlt(OTP, Map.of("var1", "x".repeat(31), "var2", "1"))))
        .startsWith("dlt.variable_too_long: placeholder 1 {#var#} of template " + OTP + " is 31 characters long; the limit is 30");
    assertThat(reason(SmsContent.dlt(OTP, Map.of("var1", "Ravi", "var2", "12 34"))))
        .startsWith("dlt.variable_type: placeholder 2 {#numeric#}");
  }

  @Test
  void rejectsUnknownTemplateId() {
    assertThat(reason(SmsContent.dlt("1107999999999999999", Map.of())))
        .isEqualTo("dlt.template_unknown: template id 1107999999999999999 is not in the DLT registry (9 templates registered)");
  }

  @Test
  void checksDltTextAgainstTheGivenTemplateOnly() {
    // matches OTP, but the caller said it is the ACME template
    assertThat(reason(SmsContent.dltText(ACME, "Dear Ravi, your OTP is 482913. -AlertKit")))
        .isEqualTo("dlt.template_mismatch: the text does not match template " + ACME + " \"ACME: on-call {#var#} acknowledged the incident. -ACME\": "
            + "text differs at index 0: expected \"ACME: on-call \" but found \"Dear Ravi, your ...\"");
    Verdict ok = guard.check(sms(INDIA_PHONE, "ignored", null, SmsContent.dltText(OTP, "Dear Ravi, your OTP is 482913. -AlertKit")), noon);
    assertThat(ok.message().orElseThrow().dlt().orElseThrow().templateId()).isEqualTo(OTP);
    assertThat(ok.message().orElseThrow().text()).isEqualTo("Dear Ravi, your OTP is 482913. -AlertKit");
  }

  @Test
  void usesTheDefaultHeaderForTemplatesWithSeveralHeaders() {
    IndiaDlt withDefault = IndiaDlt.builder(registry).defaultHeader("ACMEIN").build();
    Verdict v = withDefault.check(sms(INDIA_PHONE, "Report for db-1 sent to ops@acme.in. -AlertKit", null, null), noon);
    assertThat(v.message().orElseThrow().sender()).contains("ACMEIN");
    // the default is not used for a template not registered for it
    Verdict otp = withDefault.check(sms(INDIA_PHONE, "Dear Ravi, your OTP is 1. -AlertKit", null, null), noon);
    assertThat(otp.message().orElseThrow().sender()).contains("ALRTKT");
  }

  @Test
  void builderRejectsUnregisteredDefaultHeaderAndEmptyWindow() {
    assertThatThrownBy(() -> IndiaDlt.builder(registry).defaultHeader("alrtkt"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("defaultHeader: 'alrtkt' is not a registered header (registered as 'ALRTKT'; headers are case-sensitive)");
    assertThatThrownBy(() -> IndiaDlt.builder(registry).promotionalWindow(LocalTime.of(21, 0), LocalTime.of(10, 0)))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("promotionalWindow: start must be before end");
  }

  @Test
  void promotionalWindowIsConfigurable() {
    IndiaDlt nineToNine = IndiaDlt.builder(registry).promotionalWindow(LocalTime.of(9, 0), LocalTime.of(21, 0)).build();
    String promo = "Upgrade to AlertKit Pro today! Reply STOP to opt out.";
    assertThat(nineToNine.evaluate(promo, "712345", ist("09:30")).isCompliant()).isTrue();
    assertThat(guard.evaluate(promo, "712345", ist("09:30")).isCompliant()).isFalse();
  }

  @Test
  void smsToOtherCountriesPassUnchangedButTemplatesAreRendered() {
    OutboundMessage plain = sms(US_PHONE, "anything at all", null, null);
    assertThat(guard.check(plain, noon).message()).contains(plain);

    Verdict rendered = guard.check(sms(US_PHONE, "x", null, SmsContent.dlt(OTP, Map.of("var1", "Ravi", "var2", "1"))), noon);
    assertThat(rendered.message().orElseThrow().text()).isEqualTo("Dear Ravi, your OTP is 1. -AlertKit");
    assertThat(rendered.message().orElseThrow().dlt()).isEmpty();
    assertThat(rendered.message().orElseThrow().sender()).isEmpty();

    Verdict unknown = guard.check(sms(US_PHONE, "x", null, SmsContent.dlt("1107999999999999999", Map.of())), noon);
    assertThat(unknown.failure().orElseThrow().providerCode()).contains("dlt.template_unknown");
  }

  @Test
  void otherChannelsPass() {
    Recipient r = Recipient.builder("ravi").phone(INDIA_PHONE).build();
    Alert a = Alert.builder().severity(Severity.INFO).title("t").recipient(r).createdAt(Instant.EPOCH).build();
    OutboundMessage voice = OutboundMessage.builder(a, r, Channel.VOICE).attemptId("a").to(INDIA_PHONE).text("free text").build();
    assertThat(guard.check(voice, noon).message()).contains(voice);
  }

  @Test
  void attachesUcs2EncodingForHindi() {
    Verdict v = guard.check(sms(INDIA_PHONE, "प्रिय रवि, सर्वर db-1 बंद है। -AlertKit", null, null), noon);
    assertThat(v.message().orElseThrow().smsEncoding().orElseThrow().charset()).isEqualTo(SmsEncoding.Charset.UCS_2);
  }

  @Test
  void evaluateExplainsWithoutAMessage() {
    DltResult r = guard.evaluate(SmsContent.text("Dear Ravi, your OTP is 482913. -AlertKit"), noon);
    assertThat(r.isCompliant()).isTrue();
    assertThat(r.match().orElseThrow().values()).containsExactly("Ravi", "482913");
    assertThat(r.match().orElseThrow().header()).isEqualTo("ALRTKT");
    assertThat(guard.evaluate("nope", null, noon).violation().orElseThrow().code()).isEqualTo(DltViolation.Code.NO_TEMPLATE);
  }

  @Test
  void neverReadsTheSystemClock() {
    // 03:00 UTC is 08:30 IST: outside the promotional window whatever the machine's clock says
    Instant early = Instant.parse("2025-03-14T03:00:00Z");
    assertThat(guard.evaluate("Upgrade to AlertKit Pro today! Reply STOP to opt out.", "712345", early).violation().orElseThrow().reason())
        .endsWith("it is 08:30 IST now");
  }

  private String reason(SmsContent content) {
    Verdict v = guard.check(sms(INDIA_PHONE, "db-1 down", null, content), noon);
    return v.failure().map(f -> f.providerCode().orElseThrow() + ": " + f.reason()).orElseGet(() -> "allowed: " + v.message().orElseThrow().text());
  }
}
