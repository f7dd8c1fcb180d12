package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alertkit.ValidationException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** Configuration errors say what is wrong with a secret (length, prefix) and never quote it; plain http needs loopback or an opt-in. */
class TwilioConfigNeverEchoesSecretsTest {
  static final String AC = "AC0123456789abcdef0123456789abcdef";
  static final String TOKEN = "f00dfeedcafe0123456789abcdef4711";
  static final String SK = "SK0123456789abcdef0123456789abcdef";
  static final String KEY_SECRET = "key-secret-do-not-echo-4711";

  static TwilioConfig.Builder valid() {
    return TwilioConfig.builder().accountSid(AC).authToken(TOKEN);
  }

  static Arguments row(String name, UnaryOperator<TwilioConfig.Builder> change, String field, String message, String secret) {
    return Arguments.of(name, change, field, message, secret);
  }

  static Stream<Arguments> leaks() {
    return Stream.of(
        row("account SID and auth token swapped", b -> b.accountSid(TOKEN).authToken(AC), "accountSid",
            "accountSid: must be 'AC' followed by 32 hex characters (got 32 characters, not starting with 'AC'; value not shown)", TOKEN),
        row("account SID holding an API key secret", b -> b.accountSid(KEY_SECRET), "accountSid",
            "accountSid: must be 'AC' followed by 32 hex characters (got 27 characters, not starting with 'AC'; value not shown)", KEY_SECRET),
        row("API key SID and secret swapped", b -> b.authToken(null).apiKey(KEY_SECRET, SK), "apiKeySid",
            "apiKeySid: must be 'SK' followed by 32 hex characters (got 27 characters, not starting with 'SK'; value not shown)", KEY_SECRET),
        row("auth token with whitespace", b -> b.authToken("secret token 123"), "authToken",
            "authToken: must be 8 to 256 characters without whitespace (got 16 characters; value not shown)", "secret token"),
        row("API key secret too short", b -> b.authToken(null).apiKey(SK, "short"), "apiKeySecret",
            "apiKeySecret: must be 8 to 256 characters without whitespace (got 5 characters; value not shown)", "short"),
        row("messaging service SID holding a token", b -> b.messagingServiceSid(TOKEN), "messagingServiceSid",
            "messagingServiceSid: must be 'MG' followed by 32 hex characters (got 32 characters, not starting with 'MG'; value not shown)", TOKEN),
        row("base URL with user info", b -> b.baseUrl("https://user:hunter2@proxy.example.com"), "baseUrl",
            "baseUrl: must not have a query, fragment or user info (was 'https://\u2022\u2022\u2022@proxy.example.com')", "hunter2"),
        row("callback URL with user info and query", b -> b.statusCallbackBaseUrl("https://u:hunter2@h.example.com/x?token=abc"),
            "statusCallbackBaseUrl", "statusCallbackBaseUrl: must not have a query, fragment or user info (was "
                + "'https://\u2022\u2022\u2022@h.example.com/x?\u2022\u2022\u2022')", "hunter2"),
        row("unparseable URL with user info", b -> b.baseUrl("https://u:hunter2@bad host"), "baseUrl",
            "baseUrl: must be an absolute http(s) URL (was 'https://\u2022\u2022\u2022@bad host': Illegal character in authority)", "hunter2"),
        row("URL of another scheme with user info", b -> b.baseUrl("ftp://u:hunter2@h.example.com"), "baseUrl",
            "baseUrl: must be an absolute http(s) URL with a host (was 'ftp://\u2022\u2022\u2022@h.example.com')", "hunter2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("leaks")
  void validationMessageSaysWhatIsWrongWithoutTheSecret(String name, UnaryOperator<TwilioConfig.Builder> change, String field,
      String message, String secret) {
    ValidationException e = catchThrowableOfType(() -> change.apply(valid()).build(), ValidationException.class);
    assertThat(e).as(name).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).isEqualTo(message).doesNotContain(secret);
  }

  @Test
  void plainHttpBaseUrlIsRejectedForAnyHostButLoopback() {
    assertThatThrownBy(() -> valid().baseUrl("http://api.twilio.example.com").build())
        .isInstanceOf(ValidationException.class)
        .hasMessage("baseUrl: must use https: plain http to api.twilio.example.com would send the account's credentials in"
            + " clear text (http is accepted for loopback hosts only; allowInsecureHttp(true) overrides)");
    for (String loopback : new String[] {"http://127.0.0.1:8089", "http://localhost:1", "http://[::1]:8089", "http://127.1.2.3"}) {
      assertThat(valid().baseUrl(loopback).build().baseUrl()).as(loopback).isPresent();
    }
    assertThat(valid().baseUrl("https://api.twilio.example.com").build().allowInsecureHttp()).isFalse();
  }

  @Test
  void plainHttpToAnotherHostNeedsTheOptInAndLogsAWarning() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger log = (Logger) LoggerFactory.getLogger(TwilioConfig.class);
    appender.start();
    log.addAppender(appender);
    try {
      TwilioConfig c = valid().baseUrl("http://egress-proxy.internal:3128").allowInsecureHttp(true).build();
      assertThat(c.allowInsecureHttp()).isTrue();
      assertThat(appender.list).singleElement().satisfies(e -> {
        assertThat(e.getLevel().toString()).isEqualTo("WARN");
        assertThat(e.getFormattedMessage()).contains("http://egress-proxy.internal:3128").contains("clear text");
      });
      valid().baseUrl("http://127.0.0.1:8089").allowInsecureHttp(true).build();
      assertThat(appender.list).hasSize(1);
    } finally {
      log.detachAppender(appender);
    }
  }
}
