package dev.alertkit.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.HttpSettings;
import dev.alertkit.ValidationException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SendGridConfigBuilderTest {
  private static final String KEY = "SG.secret-key-value.do-not-print";

  private SendGridConfig.Builder valid() {
    return SendGridConfig.builder().apiKey(KEY).from("alerts@example.com");
  }

  @Test
  void buildsWithDefaults() {
    SendGridConfig c = valid().build();
    assertThat(c.apiKey()).isEqualTo(KEY);
    assertThat(c.dataResidency()).isEqualTo(SendGridConfig.DataResidency.GLOBAL);
    assertThat(c.sandbox()).isFalse();
    assertThat(c.categories()).isEmpty();
    assertThat(c.http()).isEqualTo(SendGridConfig.DEFAULT_HTTP);
    assertThat(c.http().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.http().readTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.http().poolSize()).isEqualTo(20);
    assertThat(c.http().poolLeaseTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.hostAndPort()).isEqualTo("api.sendgrid.com");
    assertThat(c.plainHttp()).isFalse();
  }

  @Test
  void requiresApiKeyAndSender() {
    assertThatThrownBy(() -> SendGridConfig.builder().from("a@example.com").build())
        .isInstanceOf(ValidationException.class).hasMessage("apiKey: is required");
    assertThatThrownBy(() -> SendGridConfig.builder().apiKey(KEY).build())
        .isInstanceOf(ValidationException.class).hasMessage("fromEmail: is required");
  }

  @Test
  void rejectsBadKeyWithoutEchoingIt() {
    assertThatThrownBy(() -> valid().apiKey("SG.abc def-secret"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("apiKey: must not contain whitespace")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> valid().apiKey("SG.abc\nsecret")).hasMessageNotContaining("secret");
    assertThatThrownBy(() -> valid().apiKey(" ")).hasMessage("apiKey: must not be blank");
  }

  @Test
  void rejectsInvalidAddresses() {
    assertThatThrownBy(() -> valid().from("nope")).hasMessage("fromEmail: is not a valid email address: has no '@'");
    assertThatThrownBy(() -> valid().replyTo("x@")).hasMessageStartingWith("replyTo:");
  }

  @Test
  void enforcesSendGridCategoryLimits() {
    List<String> eleven = IntStream.range(0, 11).mapToObj(i -> "c" + i).collect(Collectors.toList());
    assertThatThrownBy(() -> valid().categories(eleven))
        .isInstanceOf(ValidationException.class)
        .hasMessage("categories: at most 10 categories are allowed by SendGrid (was 11)");
    assertThatThrownBy(() -> valid().categories("x".repeat(256)))
        .hasMessage("categories[0]: must be at most 255 characters (was 256)");
    assertThatThrownBy(() -> valid().categories("a", "a")).hasMessage("categories[1]: 'a' is listed twice");
    assertThat(valid().categories(Collections.nCopies(1, "x".repeat(255))).build().categories()).hasSize(1);
    assertThat(valid().categories(IntStream.range(0, 10).mapToObj(i -> "c" + i).collect(Collectors.toList())).build().categories()).hasSize(10);
  }

  @Test
  void validatesNumbersAndTimeouts() {
    assertThatThrownBy(() -> valid().asmGroupId(0)).hasMessage("asmGroupId: must be positive (was 0)");
    assertThatThrownBy(() -> valid().http(null)).hasMessage("http: is required");
  }

  @Test
  void httpSettingsReplaceTheDefaults() {
    HttpSettings http = SendGridConfig.DEFAULT_HTTP.toBuilder().poolSize(50).build();
    SendGridConfig c = valid().http(http).build();
    assertThat(c.http()).isEqualTo(http);
    assertThat(c.http().readTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.toBuilder().build().http()).isEqualTo(http);
    assertThat(c.toString()).contains("poolSize=50");
  }

  @Test
  @SuppressWarnings("removal")
  void deprecatedFlatSettersStillWorkAndValidateAsTheyAreCalled() {
    // Given the setters of earlier versions, applied on top of http(...)
    SendGridConfig c = valid().http(HttpSettings.defaults()).connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2))
        .poolLeaseTimeout(Duration.ofSeconds(3)).poolSize(4).build();
    // Then they land in http() and the deprecated getters read it
    assertThat(c.http()).isEqualTo(HttpSettings.builder().connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2))
        .poolLeaseTimeout(Duration.ofSeconds(3)).poolSize(4).build());
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.poolLeaseTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.poolSize()).isEqualTo(4);
    // And a bad value fails at once, naming the HttpSettings field and the rule
    assertThatThrownBy(() -> valid().poolSize(0)).hasMessage("http.poolSize: must be between 1 and 1000 (was 0)");
    assertThatThrownBy(() -> valid().readTimeout(Duration.ZERO)).hasMessageStartingWith("http.readTimeout: must be between 1 ms and 10 minutes");
    assertThatThrownBy(() -> valid().connectTimeout(Duration.ofMinutes(11))).hasMessageStartingWith("http.connectTimeout:");
    assertThatThrownBy(() -> valid().poolLeaseTimeout(null)).hasMessage("http.poolLeaseTimeout: is required");
  }

  @Test
  void baseUrlOverridesHostAndScheme() {
    SendGridConfig c = valid().baseUrl("http://127.0.0.1:8089").build();
    assertThat(c.hostAndPort()).isEqualTo("127.0.0.1:8089");
    assertThat(c.plainHttp()).isTrue();
    assertThat(valid().baseUrl("https://proxy.example.com/").build().hostAndPort()).isEqualTo("proxy.example.com");
    assertThatThrownBy(() -> valid().baseUrl("ftp://x")).hasMessageStartingWith("baseUrl: must start with http:// or https://");
    assertThatThrownBy(() -> valid().baseUrl("http://x/v3")).hasMessageStartingWith("baseUrl: must be scheme, host and port only");
  }

  @Test
  void euDataResidencyUsesTheEuHost() {
    SendGridConfig c = valid().dataResidency(SendGridConfig.DataResidency.EU).build();
    assertThat(c.hostAndPort()).isEqualTo("api.eu.sendgrid.com");
    try (SendGridEmailProvider p = (SendGridEmailProvider) SendGridProviders.email(c)) {
      assertThat(p.host()).isEqualTo("api.eu.sendgrid.com");
    }
  }

  @Test
  void readsTheEnvironment() {
    // Given every variable
    Map<String, String> env = Map.of(
        "SENDGRID_API_KEY", KEY,
        "SENDGRID_FROM_EMAIL", "alerts@example.com",
        "SENDGRID_FROM_NAME", "Alerts",
        "SENDGRID_REPLY_TO", "ops@example.com",
        "SENDGRID_DATA_RESIDENCY", "EU",
        "SENDGRID_SANDBOX", "yes");

    // When read
    SendGridConfig c = SendGridConfig.fromEnv(env);

    // Then each is applied
    assertThat(c.apiKey()).isEqualTo(KEY);
    assertThat(c.fromEmail()).isEqualTo("alerts@example.com");
    assertThat(c.fromName()).contains("Alerts");
    assertThat(c.replyTo()).contains("ops@example.com");
    assertThat(c.dataResidency()).isEqualTo(SendGridConfig.DataResidency.EU);
    assertThat(c.sandbox()).isTrue();
  }

  @Test
  void environmentErrorsNameTheVariable() {
    assertThatThrownBy(() -> SendGridConfig.fromEnv(Map.of("SENDGRID_FROM_EMAIL", "a@example.com")))
        .hasMessageStartingWith("SENDGRID_API_KEY: is required");
    assertThatThrownBy(() -> SendGridConfig.fromEnv(Map.of("SENDGRID_API_KEY", KEY, "SENDGRID_FROM_EMAIL", " ")))
        .hasMessageStartingWith("SENDGRID_FROM_EMAIL: is required");
    assertThatThrownBy(() -> SendGridConfig.fromEnv(Map.of("SENDGRID_API_KEY", KEY, "SENDGRID_FROM_EMAIL", "a@example.com", "SENDGRID_DATA_RESIDENCY", "us")))
        .hasMessage("SENDGRID_DATA_RESIDENCY: must be 'global' or 'eu' (was 'us')");
    assertThatThrownBy(() -> SendGridConfig.fromEnv(Map.of("SENDGRID_API_KEY", KEY, "SENDGRID_FROM_EMAIL", "a@example.com", "SENDGRID_SANDBOX", "maybe")))
        .hasMessageStartingWith("SENDGRID_SANDBOX:");
    assertThatThrownBy(() -> SendGridConfig.fromEnv(Map.of("SENDGRID_API_KEY", "SG.a b", "SENDGRID_FROM_EMAIL", "a@example.com")))
        .hasMessageStartingWith("SENDGRID_API_KEY: must not contain whitespace");
  }

  @Test
  void builderFromEnvAllowsMoreSettings() {
    SendGridConfig c = SendGridConfig.builderFromEnv(Map.of("SENDGRID_API_KEY", KEY, "SENDGRID_FROM_EMAIL", "a@example.com"))
        .http(SendGridConfig.DEFAULT_HTTP.toBuilder().poolSize(50).build()).build();
    assertThat(c.http().poolSize()).isEqualTo(50);
  }

  @Test
  void toStringMasksTheKey() {
    SendGridConfig c = valid().categories("ops").build();
    assertThat(c.toString()).doesNotContain(KEY).doesNotContain("secret").contains("apiKey=****");
    assertThat(valid().toString()).doesNotContain("secret");
    assertThat(c.toBuilder().build().apiKey()).isEqualTo(KEY);
  }
}
