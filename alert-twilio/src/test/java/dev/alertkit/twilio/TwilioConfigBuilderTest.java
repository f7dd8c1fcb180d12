package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.HttpSettings;
import dev.alertkit.ValidationException;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TwilioConfigBuilderTest {
  static final String AC = "AC0123456789abcdef0123456789abcdef";

  static TwilioConfig.Builder valid() {
    return TwilioConfig.builder().accountSid(AC).authToken("token-12345678");
  }

  @Test
  void defaultsAreSizedForAlerts() {
    TwilioConfig c = valid().build();
    assertThat(c.http()).isEqualTo(TwilioConfig.DEFAULT_HTTP);
    assertThat(c.http().poolSize()).isEqualTo(100);
    assertThat(c.http().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.http().readTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.http().poolLeaseTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.smsValidityPeriod()).isEqualTo(Duration.ofSeconds(300));
    assertThat(c.voiceRepeat()).isEqualTo(2);
    assertThat(c.ringTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.machineDetection()).isFalse();
    assertThat(c.usesApiKey()).isFalse();
  }

  static Stream<Arguments> invalid() {
    return Stream.<Arguments>of(
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.accountSid(null), "accountSid", "is required"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.accountSid("AC123"), "accountSid", "32 hex"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.authToken(null), "authToken", "credentials are required"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.apiKey("SK0123456789abcdef0123456789abcdef", "secret-123"), "authToken", "not both"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.authToken(null).apiKey("AK1", "secret-123"), "apiKeySid", "'SK'"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.messagingServiceSid("MG1"), "messagingServiceSid", "'MG'"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.smsFrom("TOO-LONG-SENDER-ID"), "smsFrom", "alphanumeric"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.voiceFrom("0123"), "voiceFrom", "E.164"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.voiceFromForIndia("+911140000000"), "voiceFromForIndia", "non-Indian"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.statusCallbackBaseUrl("ftp://x"), "statusCallbackBaseUrl", "http(s)"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.baseUrl("http://127.0.0.1:1?x=1"), "baseUrl", "query"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.http(null), "http", "is required"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.smsValidityPeriod(Duration.ofSeconds(36_001)), "smsValidityPeriod", "36000"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.voiceRepeat(11), "voiceRepeat", "between 1 and 10"),
        Arguments.of((UnaryOperator<TwilioConfig.Builder>) b -> b.ringTimeout(Duration.ofSeconds(601)), "ringTimeout", "600"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("invalid")
  void buildNamesTheFieldAndTheRule(UnaryOperator<TwilioConfig.Builder> change, String field, String rule) {
    assertThatThrownBy(() -> change.apply(valid()).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageStartingWith(field + ": ")
        .hasMessageContaining(rule);
  }

  @Test
  void httpSettingsReplaceTheDefaults() {
    HttpSettings http = TwilioConfig.DEFAULT_HTTP.toBuilder().readTimeout(Duration.ofSeconds(3)).poolSize(7).build();
    TwilioConfig c = valid().http(http).build();
    assertThat(c.http()).isEqualTo(http);
    assertThat(c.http().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.toString()).contains("readTimeout=PT3S").contains("poolSize=7");
  }

  @Test
  @SuppressWarnings("removal")
  void deprecatedFlatSettersStillWorkAndAreValidatedInBuild() {
    // Given the setters of earlier versions, applied on top of http(...)
    TwilioConfig c = valid().http(HttpSettings.defaults()).connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2))
        .poolTimeout(Duration.ofSeconds(3)).connectionPoolSize(4).build();
    // Then they land in http() and the deprecated getters read it
    assertThat(c.http()).isEqualTo(HttpSettings.builder().connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2))
        .poolLeaseTimeout(Duration.ofSeconds(3)).poolSize(4).build());
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.poolTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.connectionPoolSize()).isEqualTo(4);
    // And a bad value fails in build(), naming the HttpSettings field and the rule
    TwilioConfig.Builder bad = valid().readTimeout(Duration.ZERO);
    assertThatThrownBy(bad::build).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("http.readTimeout"))
        .hasMessageContaining("between 1 ms and 10 minutes");
    assertThatThrownBy(() -> valid().connectionPoolSize(0).build()).hasMessage("http.poolSize: must be between 1 and 1000 (was 0)");
  }

  @Test
  void fromEnvReadsEveryVariableAndPrefersTheApiKey() {
    TwilioConfig c = TwilioConfig.fromEnv(Map.of(
        "TWILIO_ACCOUNT_SID", AC,
        "TWILIO_API_KEY", "SK0123456789abcdef0123456789abcdef",
        "TWILIO_API_SECRET", "api-secret-123",
        "TWILIO_AUTH_TOKEN", "token-ignored-when-key-set",
        "TWILIO_MESSAGING_SERVICE_SID", "MG0123456789abcdef0123456789abcdef",
        "TWILIO_SMS_FROM", "ALERTK",
        "TWILIO_VOICE_FROM", "+14155550100",
        "TWILIO_WHATSAPP_FROM", "whatsapp:+14155238886",
        "TWILIO_STATUS_CALLBACK_BASE_URL", "https://hooks.example.com/"));
    assertThat(c.usesApiKey()).isTrue();
    assertThat(c.apiKeySid()).contains("SK0123456789abcdef0123456789abcdef");
    assertThat(c.messagingServiceSid()).contains("MG0123456789abcdef0123456789abcdef");
    assertThat(c.smsFrom()).contains("ALERTK");
    assertThat(c.voiceFrom()).contains("+14155550100");
    assertThat(c.whatsappFrom()).contains("+14155238886");
    assertThat(c.statusCallbackBaseUrl()).get().hasToString("https://hooks.example.com");
    assertThat(c.toString()).doesNotContain("api-secret-123").doesNotContain("token-ignored");
  }

  @Test
  void fromEnvErrorsNameTheVariable() {
    assertThatThrownBy(() -> TwilioConfig.fromEnv(Map.of("TWILIO_ACCOUNT_SID", "nope", "TWILIO_AUTH_TOKEN", "token-12345678")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("accountSid").hasMessageContaining("TWILIO_ACCOUNT_SID");
    assertThatThrownBy(() -> TwilioConfig.fromEnv(Map.of()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("TWILIO_ACCOUNT_SID");
  }

  @Test
  void toStringMasksTheAuthToken() {
    assertThat(valid().build().toString()).doesNotContain("token-12345678").contains("****").contains(AC);
  }
}
