package dev.alertkit.sendgrid;

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

/** SendGrid configuration errors never quote the API key or the user info of a URL; plain http needs loopback or an opt-in. */
class SendGridConfigNeverEchoesSecretsTest {
  static final String KEY = "SG.secret-key-value.do-not-print";

  static SendGridConfig.Builder valid() {
    return SendGridConfig.builder().apiKey(KEY).from("alerts@example.com");
  }

  static Arguments row(String name, UnaryOperator<SendGridConfig.Builder> change, String field, String message, String secret) {
    return Arguments.of(name, change, field, message, secret);
  }

  static Stream<Arguments> leaks() {
    return Stream.of(
        row("API key with a space", b -> b.apiKey("SG.abc def-secret"), "apiKey",
            "apiKey: must not contain whitespace (found some at index 6)", "secret"),
        row("API key with a line break", b -> b.apiKey("SG.abc\ndef-secret"), "apiKey",
            "apiKey: must be a single line without control characters (found LF at index 6)", "secret"),
        row("API key pasted into the sender", b -> b.from(KEY), "fromEmail",
            "fromEmail: is not a valid email address: has no '@'", "secret-key"),
        row("base URL with user info", b -> b.baseUrl("https://apikey:SG.hunter2@proxy.example.com"), "baseUrl",
            "baseUrl: must be scheme, host and port only, without user info, path or query (was 'https://\u2022\u2022\u2022@proxy.example.com')",
            "hunter2"),
        row("base URL with a token in the query", b -> b.baseUrl("https://proxy.example.com?key=SG.hunter2"), "baseUrl",
            "baseUrl: must be scheme, host and port only, without user info, path or query (was 'https://proxy.example.com?\u2022\u2022\u2022')",
            "hunter2"),
        row("unparseable base URL with user info", b -> b.baseUrl("https://u:SG.hunter2@bad host"), "baseUrl",
            "baseUrl: 'https://\u2022\u2022\u2022@bad host' is not a valid URI: Illegal character in authority", "hunter2"),
        row("other scheme with user info", b -> b.baseUrl("ftp://u:SG.hunter2@h.example.com"), "baseUrl",
            "baseUrl: must start with http:// or https:// (was 'ftp://\u2022\u2022\u2022@h.example.com')", "hunter2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("leaks")
  void validationMessageSaysWhatIsWrongWithoutTheSecret(String name, UnaryOperator<SendGridConfig.Builder> change, String field,
      String message, String secret) {
    ValidationException e = catchThrowableOfType(() -> change.apply(valid()).build(), ValidationException.class);
    assertThat(e).as(name).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).isEqualTo(message).doesNotContain(secret);
  }

  @Test
  void plainHttpBaseUrlIsRejectedForAnyHostButLoopback() {
    assertThatThrownBy(() -> valid().baseUrl("http://api.sendgrid.example.com").build())
        .isInstanceOf(ValidationException.class)
        .hasMessage("baseUrl: must use https: plain http to api.sendgrid.example.com would send the API key in clear text"
            + " (http is accepted for loopback hosts only; allowInsecureHttp(true) overrides)");
    for (String loopback : new String[] {"http://127.0.0.1:8089", "http://localhost:1", "http://[::1]:8089"}) {
      assertThat(valid().baseUrl(loopback).build().plainHttp()).as(loopback).isTrue();
    }
  }

  @Test
  void plainHttpToAnotherHostNeedsTheOptInAndLogsAWarning() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger log = (Logger) LoggerFactory.getLogger(SendGridConfig.class);
    appender.start();
    log.addAppender(appender);
    try {
      SendGridConfig c = valid().baseUrl("http://egress-proxy.internal:3128").allowInsecureHttp(true).build();
      assertThat(c.allowInsecureHttp()).isTrue();
      assertThat(c.toBuilder().build().allowInsecureHttp()).isTrue();
      assertThat(appender.list).hasSize(2).allSatisfy(e -> {
        assertThat(e.getLevel().toString()).isEqualTo("WARN");
        assertThat(e.getFormattedMessage()).contains("http://egress-proxy.internal:3128").contains("clear text");
      });
    } finally {
      log.detachAppender(appender);
    }
  }
}
