package dev.alertkit.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Alert;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.EmailContent;
import dev.alertkit.Failure;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.Severity;
import dev.alertkit.SkippedChannel;
import dev.alertkit.SmsContent;
import dev.alertkit.SmsEncoding;
import dev.alertkit.VoiceContent;
import dev.alertkit.WhatsAppContent;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
  static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void anAlertWithEveryContentAndRecipientFieldReadsBackEqual() {
    Recipient r = Recipient.builder("alice").name("Alice \"Ops\" O'Neil\u00e9").phone("+14155550100").whatsapp("+14155550199")
        .email("alice@example.com").timeZone(ZoneId.of("Europe/London")).locale(Locale.forLanguageTag("en-GB"))
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).optOut(Channel.VOICE).preferredOrder(Channel.EMAIL, Channel.SMS)
        .attribute("team", "db \"night\" \\ ops").phoneVerifiedAt(T.minusSeconds(60)).emailVerifiedAt(T.minusSeconds(120)).build();
    Alert a = Alert.builder().id("a-1").severity(Severity.WARNING).title("db-1 \u26a0 down").body("line 1\nline \"2\"\t\\")
        .label("env", "prod").dedupKey("db-1").channels(Channel.SMS, Channel.EMAIL).sms(SmsContent.dlt("1107", Map.of("host", "db-1")))
        .voice(VoiceContent.say("db one is down").repeat(2).askToAcknowledge(true).language("en-GB"))
        .whatsapp(WhatsAppContent.template("HX123", Map.of("1", "db-1")))
        .email(EmailContent.of("db-1 down", "text").withHtml("<b>down</b>")).recipient(r).createdAt(T).deadline(T.plusSeconds(600))
        .build();

    Alert back = AlertJson.readAlert(AlertJson.alert(a));

    assertThat(back).isEqualTo(a);
    assertThat(back.recipients().get(0)).isEqualTo(r);
    assertThat(back.recipients().get(0).verifiedAt(Channel.EMAIL)).contains(T.minusSeconds(120));
  }

  @Test
  void anAlertCanBeWrittenForOneOfItsRecipients() {
    Recipient a = Recipient.builder("a").phone("+14155550100").build();
    Recipient b = Recipient.builder("b").phone("+14155550101").build();
    Alert alert = Alert.builder().id("x").severity(Severity.INFO).title("t").recipient(a).recipient(b).createdAt(T).build();

    assertThat(AlertJson.readAlert(AlertJson.alert(alert, List.of(b))).recipients()).containsExactly(b);
  }

  @Test
  void aReportWithAttemptsFailuresAndSkipsReadsBackWithoutItsPlan() {
    Attempt ok = new Attempt("att-1", Channel.SMS, 0, "twilio", "+14155550100", true, Optional.of("SM1"), Optional.of("queued"),
        Optional.empty(), 2, true, Optional.of(new SmsEncoding(SmsEncoding.Charset.UCS_2, 80, 2)), T, T.plusMillis(300));
    Attempt bad = new Attempt("att-2", Channel.EMAIL, 1, "sendgrid", "alice@example.com", false, Optional.empty(), Optional.empty(),
        Optional.of(Failure.ambiguous(Failure.Fault.PROVIDER, "read timeout").providerCode("504").httpStatus(504).build()), 1, false,
        Optional.empty(), T, T.plusSeconds(10));
    RecipientReport r = new RecipientReport("alice", Outcome.ACCEPTED, Optional.of("note"), Optional.of("rule-1"), Optional.empty(),
        List.of(ok, bad), List.of(new SkippedChannel(Channel.VOICE, 0, "opted out")), Optional.of(T.plusSeconds(3600)));

    RecipientReport back = AlertJson.readReport(AlertJson.report(r));

    assertThat(back).isEqualTo(r);
    assertThat(back.attempts().get(1).failure().orElseThrow().httpStatus()).hasValue(504);
  }

  @Test
  void textThatIsNotAnAlertIsRejected() {
    assertThatThrownBy(() -> AlertJson.readAlert("{\"id\":\"x\"}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AlertJson.readAlert("[")).isInstanceOf(IllegalArgumentException.class);
  }
}
