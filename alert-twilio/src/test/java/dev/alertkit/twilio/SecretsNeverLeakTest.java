package dev.alertkit.twilio;

import static dev.alertkit.twilio.Fixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alertkit.Channel;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SecretsNeverLeakTest {
  static final String TOKEN = "auth-token-never-in-logs-0042";
  static final String SECRET = Fixtures.API_KEY_SECRET;

  /** Loggers raised to DEBUG: ours, the Twilio SDK's and the HTTP client's (the server side's Jetty is not ours). */
  static final List<String> CAPTURED = List.of("dev.alertkit", "com.twilio", "org.apache.hc");

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Logger root;
  private Level rootLevel;

  @BeforeEach
  void capture() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    for (String name : CAPTURED) {
      ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.DEBUG);
    }
    // httpclient5's wire and header loggers print every request header, Authorization included, at DEBUG: that is
    // the HTTP library's own diagnostic, documented in the README as "never enable in production". Everything else,
    // alertkit, the Twilio SDK and the rest of httpclient5, is captured at DEBUG.
    for (String wire : List.of("org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.wire")) {
      ((Logger) LoggerFactory.getLogger(wire)).setLevel(Level.INFO);
    }
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void release() {
    root.detachAppender(appender);
    root.setLevel(rootLevel);
    for (String name : CAPTURED) {
      ((Logger) LoggerFactory.getLogger(name)).setLevel(null);
    }
    for (String wire : List.of("org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.wire")) {
      ((Logger) LoggerFactory.getLogger(wire)).setLevel(null);
    }
  }

  @Test
  void tokensAndKeySecretsAppearInNoLogLineExceptionOrToString() {
    // Given an emulator accepting a token and an API key, and providers using each, with everything logged at DEBUG
    try (TwilioEmulator emulator = TwilioEmulator.builder().authToken(TOKEN).apiKey(Fixtures.API_KEY_SID, SECRET).start()) {
      TwilioConfig byToken = Fixtures.config(emulator).build();
      TwilioConfig byKey = TwilioConfig.builder().accountSid(emulator.accountSid()).apiKey(Fixtures.API_KEY_SID, SECRET)
          .baseUrl(emulator.baseUrl()).smsFrom(Fixtures.SMS_FROM).voiceFrom(Fixtures.VOICE_FROM).build();
      TwilioConfig wrong = Fixtures.config(emulator).authToken(TOKEN + "-wrong").build();
      StringBuilder seen = new StringBuilder();
      for (TwilioConfig cfg : List.of(byToken, byKey, wrong)) {
        try (TwilioProviders twilio = TwilioProviders.of(cfg)) {
          // When messages and calls succeed and fail
          emulator.failNext(TwilioEmulator.Reply.serverError(500));
          for (ChannelProvider p : List.of(twilio.sms(), twilio.voice())) {
            Channel ch = p.channels().iterator().next();
            SendResult a = p.send(message(ch, "+15551230001").build());
            SendResult b = p.send(message(ch, "+15005550001").build());
            seen.append(a).append(b).append(p);
          }
          seen.append(twilio).append(cfg);
        }
      }

      // Then neither the secrets nor the basic-auth header built from them appear anywhere
      for (ILoggingEvent e : appender.list) {
        seen.append(e.getFormattedMessage()).append('\n');
        if (e.getThrowableProxy() != null) {
          seen.append(e.getThrowableProxy().getMessage()).append('\n');
        }
      }
      assertThat(appender.list).isNotEmpty();
      String all = seen.toString();
      for (String secret : List.of(TOKEN, SECRET, TOKEN + "-wrong")) {
        assertThat(all).doesNotContain(secret);
      }
      assertThat(all).doesNotContain(basic(emulator.accountSid(), TOKEN)).doesNotContain(basic(Fixtures.API_KEY_SID, SECRET));
      assertThat(byKey.toString()).contains(Fixtures.API_KEY_SID).contains("****");
    }
  }

  @Test
  void validationMessagesNameTheFieldButNotTheSecret() {
    assertThatThrownBy(() -> TwilioConfig.builder().accountSid("AC0123456789abcdef0123456789abcdef").authToken("has space " + TOKEN).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("authToken: ")
        .hasMessageNotContaining(TOKEN);
    assertThatThrownBy(() -> TwilioConfig.builder().accountSid("AC0123456789abcdef0123456789abcdef")
        .apiKey(Fixtures.API_KEY_SID, "short").build())
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("apiKeySecret: ")
        .hasMessageNotContaining("short");
  }

  private static String basic(String user, String password) {
    return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
