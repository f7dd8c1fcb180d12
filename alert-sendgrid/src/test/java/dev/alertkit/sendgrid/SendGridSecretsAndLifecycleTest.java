package dev.alertkit.sendgrid;

import static dev.alertkit.sendgrid.Fixtures.alert;
import static dev.alertkit.sendgrid.Fixtures.config;
import static dev.alertkit.sendgrid.Fixtures.message;
import static dev.alertkit.sendgrid.Fixtures.recipient;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.alertkit.Alert;
import dev.alertkit.Recipient;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.SendResult;
import dev.alertkit.sendgrid.internal.HttpClientFactory;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.protocol.HttpContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The API key stays out of logs and strings; close releases the HTTP client exactly once. */
class SendGridSecretsAndLifecycleTest {
  private SendGridEmulator emulator;
  private ListAppender<ILoggingEvent> logs;
  private Logger root;

  @BeforeEach
  void start() {
    emulator = SendGridEmulator.start("SG.TopSecretKey-0123456789");
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs = new ListAppender<>() {
      @Override
      protected void append(ILoggingEvent e) {
        e.prepareForDeferredProcessing(); // capture the MDC as it was when the line was logged
        super.append(e);
      }
    };
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stop() {
    root.detachAppender(logs);
    emulator.close();
  }

  @Test
  void apiKeyNeverAppearsInLogsFailuresOrToString() {
    // Given providers with the right key and with a wrong secret key, and sends that succeed and fail
    Recipient a = recipient("a");
    Alert alert = alert(a).build();
    StringBuilder seen = new StringBuilder();
    try (ChannelProvider good = SendGridProviders.email(config(emulator).build());
        ChannelProvider bad = SendGridProviders.email(config(emulator).apiKey("SG.OtherSecretKey-987").build())) {
      emulator.failNext(SendGridEmulator.Behavior.serverError());
      seen.append(good.send(message(alert, a)));
      seen.append(good.send(message(alert, a)));
      seen.append(bad.send(message(alert, a)));
      seen.append(good).append(bad);
    }

    // Then logs were written (at DEBUG and WARN) but none holds a key, in message, arguments, MDC or stack trace
    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list).anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN);
    for (ILoggingEvent e : logs.list) {
      seen.append(e.getFormattedMessage()).append(e.getMDCPropertyMap());
      if (e.getThrowableProxy() != null) {
        seen.append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
    }
    assertThat(seen.toString()).doesNotContain("TopSecretKey").doesNotContain("OtherSecretKey");
    // And the provider's log lines carry the MDC keys of the design
    assertThat(logs.list).filteredOn(e -> e.getLoggerName().startsWith("dev.alertkit.sendgrid"))
        .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("alert.provider", "sendgrid").containsEntry("alert.id", "alert-1"));
  }

  @Test
  void closeClosesTheHttpClientExactlyOnce() throws Exception {
    // Given a provider over an HTTP client that counts close calls
    CountingHttpClient http = new CountingHttpClient(HttpClientFactory.create(2, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)));
    SendGridEmailProvider provider = new SendGridEmailProvider(config(emulator).build(), http, SendGridProviders.MAX_REQUEST_BYTES);
    Recipient a = recipient("a");
    assertThat(provider.send(message(alert(a).build(), a)).isAccepted()).isTrue();

    // When closed twice
    provider.close();
    provider.close();

    // Then the HTTP client was closed once, and later sends are refused without a request
    assertThat(http.closes.get()).isEqualTo(1);
    SendResult after = provider.send(message(alert(a).build(), a));
    assertThat(after.isAccepted()).isFalse();
    assertThat(emulator.requestCount()).isEqualTo(1);
    assertThat(provider.toString()).contains("closed");
  }

  /** Delegates to a real client and counts {@link #close()}. */
  private static final class CountingHttpClient extends CloseableHttpClient {
    private final CloseableHttpClient delegate;
    final AtomicInteger closes = new AtomicInteger();

    CountingHttpClient(CloseableHttpClient delegate) {
      this.delegate = delegate;
    }

    @Override
    protected CloseableHttpResponse doExecute(HttpHost target, HttpRequest request, HttpContext context) throws IOException {
      return delegate.execute(target, request, context);
    }

    @Override
    public void close() throws IOException {
      closes.incrementAndGet();
      delegate.close();
    }

    @Override
    @SuppressWarnings("deprecation")
    public org.apache.http.params.HttpParams getParams() {
      return delegate.getParams();
    }

    @Override
    @SuppressWarnings("deprecation")
    public org.apache.http.conn.ClientConnectionManager getConnectionManager() {
      return delegate.getConnectionManager();
    }
  }
}
