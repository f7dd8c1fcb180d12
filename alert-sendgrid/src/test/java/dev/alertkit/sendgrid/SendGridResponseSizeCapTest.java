package dev.alertkit.sendgrid;

import static dev.alertkit.sendgrid.Fixtures.alert;
import static dev.alertkit.sendgrid.Fixtures.message;
import static dev.alertkit.sendgrid.Fixtures.recipient;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.alertkit.Recipient;
import dev.alertkit.sendgrid.internal.HttpClientFactory;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.spi.SendResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SendGrid answers are read up to 1 MiB, like Twilio's: a server that sends a huge body cannot make the SDK buffer it all. */
class SendGridResponseSizeCapTest {
  static final long HUGE = 256L << 20;

  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    pool.shutdownNow();
  }

  @Test
  void aHugeErrorBodyIsReadOnlyUpToTheCapAndTheStatusStillClassifies() throws Exception {
    // Given a "SendGrid" on loopback that answers 400 with a 256 MiB body
    AtomicLong written = new AtomicLong();
    CompletableFuture<Void> serverDone = new CompletableFuture<>();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(400, HUGE);
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'x');
      byte[] start = "{\"errors\":[{\"message\":\"".getBytes(StandardCharsets.US_ASCII);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(start);
        written.addAndGet(start.length);
        while (written.get() + chunk.length <= HUGE) {
          out.write(chunk);
          written.addAndGet(chunk.length);
        }
      } catch (IOException clientWentAway) {
        // expected once the client stops reading
      } finally {
        serverDone.complete(null);
      }
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Recipient a = recipient("a");
    try (ChannelProvider email = SendGridProviders.email(SendGridConfig.builder().apiKey("SG.test-key").from("alerts@example.com")
        .baseUrl(base).http(SendGridConfig.DEFAULT_HTTP.toBuilder().readTimeout(Duration.ofSeconds(10)).build()).build())) {
      // When a mail is sent
      SendResult result = email.send(message(alert(a).build(), a));

      // Then the 400 is classified from the status (permanent, HTTP 400) ...
      Failure f = result.failureIfRejected().orElseThrow();
      assertThat(f.kind()).isEqualTo(Failure.Kind.PERMANENT);
      assertThat(f.httpStatus()).hasValue(400);
      assertThat(f.reason().length()).isLessThanOrEqualTo(Failure.MAX_REASON_LENGTH);
    }
    // ... and the client stopped reading near the cap: the server could not write the whole body
    serverDone.get(30, TimeUnit.SECONDS);
    assertThat(written.get()).as("bytes the server managed to write").isLessThan(HUGE)
        .isLessThan(HttpClientFactory.MAX_BODY_BYTES + (64L << 20));
  }
}
