package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AlertBuilderTest {
  private static final Recipient ALICE = Recipient.builder("alice").phone("+14155550100").build();
  private static final Recipient ALICE_AGAIN = Recipient.builder("alice").email("alice@example.com").build();
  private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");

  private static Alert.Builder valid() {
    return Alert.builder().severity(Severity.WARNING).title("t").recipient(ALICE).createdAt(T0);
  }

  static Stream<Arguments> invalidAlerts() {
    return Stream.of(
        row("missing severity", () -> Alert.builder().title("t").recipient(ALICE).build(), "severity: is required"),
        row("missing title", () -> Alert.builder().severity(Severity.INFO).recipient(ALICE).build(), "title: is required"),
        row("blank title", () -> valid().title("   ").build(), "title: must not be blank"),
        row("title with newline", () -> valid().title("disk\nfull").build(),
            "title: must be a single line without control characters (found LF at index 4)"),
        row("title with escape character", () -> valid().title("disk\u001bfull").build(),
            "title: must be a single line without control characters (found U+001B at index 4)"),
        row("title too long", () -> valid().title("x".repeat(201)).build(), "title: must be at most 200 characters (was 201)"),
        row("body with NUL", () -> valid().body("a\u0000b").build(),
            "body: must not contain control characters other than tab and line breaks (found U+0000 at index 1)"),
        row("body too long", () -> valid().body("x".repeat(10_001)).build(), "body: must be at most 10000 characters (was 10001)"),
        row("no recipients", () -> Alert.builder().severity(Severity.INFO).title("t").build(), "recipients: at least one recipient is required"),
        row("duplicate recipient ids", () -> valid().recipient(ALICE_AGAIN).build(), "recipients: recipient id 'alice' appears more than once"),
        row("requested channel without address", () -> valid().channels(Channel.EMAIL).build(),
            "recipients[alice]: the alert requests EMAIL but the recipient has no email address"),
        row("requested channel twice", () -> valid().channels(Channel.SMS, Channel.SMS), "channels: SMS is requested twice"),
        row("label key with space", () -> valid().label("bad key", "v"), "labels[bad key]: key must match [A-Za-z_][A-Za-z0-9_.-]*"),
        row("label value with newline", () -> valid().label("k", "a\nb"),
            "labels[k]: must be a single line without control characters (found LF at index 1)"),
        row("label value too long", () -> valid().label("k", "x".repeat(501)), "labels[k]: must be at most 500 characters (was 501)"),
        row("too many labels", () -> {
          Alert.Builder b = valid();
          for (int i = 0; i <= Alert.MAX_LABELS; i++) {
            b.label("k" + i, "v");
          }
          return b;
        }, "labels: at most 64 labels are allowed"),
        row("dedup key with tab", () -> valid().dedupKey("a\tb"),
            "dedupKey: must be a single line without control characters (found TAB at index 1)"),
        row("id too long", () -> valid().id("x".repeat(129)), "id: must be at most 128 characters (was 129)"),
        row("deadline before creation", () -> valid().deadline(T0.minusSeconds(1)).build(),
            "deadline: 2026-11-28T08:59:59Z is before the alert's creation time 2026-11-28T09:00:00Z"),
        row("sms text too long", () -> SmsContent.text("x".repeat(1601)), "sms.text: must be at most 1600 characters (was 1601)"),
        row("blank dlt template id", () -> SmsContent.dlt(" ", Map.of()), "sms.dltTemplateId: must not be blank"),
        row("voice repeat out of range", () -> VoiceContent.say("hi").repeat(11), "voice.repeat: must be between 1 and 10 (was 11)"),
        row("email subject with CRLF", () -> EmailContent.of("a\r\nBcc: x", "b"),
            "email.subject: must be a single line without control characters (found CR at index 1)"),
        row("html on a template email", () -> EmailContent.template("d-1", Map.of()).withHtml("<p>x</p>"),
            "email.html: a template email cannot also carry an HTML body"),
        row("whatsapp template variable null", () -> WhatsAppContent.template("HX1", java.util.Collections.singletonMap("1", null)),
            "whatsapp.variables[1]: is required"));
  }

  /** Half of U+1F525 (fire), as {@code substring} leaves it when it cuts an emoji. */
  private static final String LONE = "\uD83D";

  private static String lone(String field, int index) {
    return field + ": must be well-formed Unicode text (found a lone surrogate U+D83D at index " + index
        + ", e.g. half of an emoji cut by substring)";
  }

  static Stream<Arguments> loneSurrogates() {
    return Stream.of(
        row("title", () -> valid().title("fire " + LONE).build(), lone("title", 5)),
        row("body", () -> valid().body("fire\n" + LONE + " now").build(), lone("body", 5)),
        row("id", () -> valid().id("a" + LONE), lone("id", 1)),
        row("dedupKey", () -> valid().dedupKey(LONE), lone("dedupKey", 0)),
        row("label value", () -> valid().label("k", "v" + LONE), lone("labels[k]", 1)),
        row("sms text", () -> SmsContent.text("x" + LONE), lone("sms.text", 1)),
        row("sms dlt variable", () -> SmsContent.dlt("1107161234567890123", Map.of("var1", LONE)), lone("sms.variables[var1]", 0)),
        row("voice text", () -> VoiceContent.say("\uDD25 low half"), "voice.text: must be well-formed Unicode text (found a lone"
            + " surrogate U+DD25 at index 0, e.g. half of an emoji cut by substring)"),
        row("voice name", () -> VoiceContent.say("hi").voice("Polly" + LONE), lone("voice.voice", 5)),
        row("email subject", () -> EmailContent.of("s" + LONE, "b"), lone("email.subject", 1)),
        row("email text", () -> EmailContent.of("s", "b" + LONE), lone("email.text", 1)),
        row("email html", () -> EmailContent.of("s", "b").withHtml("<p>" + LONE), lone("email.html", 3)),
        row("email template data", () -> EmailContent.template("d-1", Map.of("k", LONE)), lone("email.templateData[k]", 0)),
        row("whatsapp text", () -> WhatsAppContent.text("w" + LONE), lone("whatsapp.text", 1)),
        row("whatsapp variable", () -> WhatsAppContent.template("HX1", Map.of("1", LONE)), lone("whatsapp.variables[1]", 0)),
        row("recipient name", () -> Recipient.builder("r").name("Al" + LONE), lone("recipient[r].name", 2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("loneSurrogates")
  void rejectsLoneSurrogatesInEveryTextFieldNamingTheField(String name, Supplier<?> build, String message) {
    assertThatThrownBy(build::get).isInstanceOf(ValidationException.class).hasMessage(message);
  }

  @Test
  void keepsWholeEmojiInEveryTextField() {
    String fire = "\uD83D\uDD25";
    Alert a = valid().title(fire + " db-1").body(fire).label("k", fire).voice(VoiceContent.say(fire)).build();
    assertThat(a.title()).isEqualTo(fire + " db-1");
  }

  private static Arguments row(String name, Supplier<?> build, String message) {
    return Arguments.of(name, build, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidAlerts")
  void rejectsInvalidAlertNamingFieldAndRule(String name, Supplier<?> build, String message) {
    assertThatThrownBy(build::get).isInstanceOf(ValidationException.class).hasMessage(message);
  }

  @Test
  void buildsAnImmutableAlertWithSortedLabels() {
    Alert a = valid().id("a-1").label("zone", "z").label("app", "x").dedupKey("k").build();
    assertThat(a.id()).isEqualTo("a-1");
    assertThat(a.labels()).containsExactly(Map.entry("app", "x"), Map.entry("zone", "z"));
    assertThat(a.createdAt()).isEqualTo(T0);
    assertThatThrownBy(() -> a.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> a.recipients().add(ALICE)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void generatesAnIdWhenNoneIsGiven() {
    assertThat(valid().build().id()).isNotBlank().isNotEqualTo(valid().build().id());
  }

  @Test
  void keepsPerChannelContentOverrides() {
    Alert a = valid().sms(SmsContent.text("short")).voice(VoiceContent.say("long").repeat(2)).build();
    assertThat(a.content(Channel.SMS)).contains(SmsContent.text("short"));
    assertThat(a.content(Channel.VOICE).map(c -> ((VoiceContent) c).repeatCount())).contains(2);
    assertThat(a.content(Channel.EMAIL)).isEmpty();
  }
}
