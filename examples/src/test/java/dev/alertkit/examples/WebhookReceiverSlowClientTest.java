package dev.alertkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.twilio.TwilioWebhooks;
import dev.alertkit.webhook.WebhookHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slow clients (idle connections, half-sent headers, half-sent bodies) cannot keep a normal webhook from being served. */
class WebhookReceiverSlowClientTest {
  private static final String PUBLIC = "https://alerts.example.com";
  private static final String TOKEN = "tok";

  private final List<Socket> slow = new ArrayList<>();

  @AfterEach
  void closeSlowClients() throws IOException {
    for (Socket s : slow) {
      s.close();
    }
  }

  private Socket connect(int port, String partialRequest) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(10_000);
    slow.add(s);
    if (!partialRequest.isEmpty()) {
      OutputStream out = s.getOutputStream();
      out.write(partialRequest.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    return s;
  }

  /** Waits (bounded) until the receiver has the given number of requests in progress. */
  private static void awaitActive(WebhookReceiver receiver, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (receiver.activeRequests() < n) {
      assertThat(System.nanoTime()).as("%s requests in progress within 10 s", n).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  @Test
  void slowClientsAreCutOffAndANormalRequestIsServed() throws Exception {
    // Given a receiver with two workers and a 300 ms request timeout, and a tracked SMS
    DeliveryTracker tracker = DeliveryTracker.builder().build();
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);
    tracker.track("a-1", "alice", new Attempt("at-1", Channel.SMS, 0, "twilio-sms", "+14155550100", true, Optional.of("SM1"),
        Optional.of("queued"), Optional.empty(), 1, false, Optional.empty(), clock.instant(), clock.instant()));
    TwilioWebhooks twilio = TwilioWebhooks.builder().authToken(TOKEN).publicBaseUrl(PUBLIC).tracker(tracker).clock(clock).build();
    Map<String, WebhookHandler> routes = Map.of(TwilioWebhooks.MESSAGE_STATUS_PATH, twilio.statusCallbacks());
    String path = TwilioWebhooks.withCorrelation(TwilioWebhooks.MESSAGE_STATUS_PATH, "a-1", "alice", "at-1");

    try (WebhookReceiver receiver = WebhookReceiver.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), routes, 2,
        Duration.ofMillis(300))) {
      int port = receiver.port();
      // And slow clients holding both workers: half-sent headers, a half-sent body, and idle connections
      Socket halfHeaders = connect(port, "POST " + path + " HTTP/1.1\r\nHost: alerts.example.com\r\n");
      Socket halfBody = connect(port, "POST " + path + " HTTP/1.1\r\nHost: alerts.example.com\r\nContent-Length: 1000\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\n\r\nMessageSid=SM1");
      awaitActive(receiver, 2);
      for (int i = 0; i < 4; i++) {
        connect(port, "");
        connect(port, "POST " + path + " HTTP/1.1\r\n");
      }

      // When a normal, signed status callback arrives
      String form = "MessageSid=SM1&MessageStatus=delivered";
      String signature = hmac(PUBLIC + path + "MessageSidSM1MessageStatusdelivered");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> normal = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10)).header("X-Twilio-Signature", signature)
          .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
          HttpResponse.BodyHandlers.ofString());

      // Then it is served, and the slow clients' connections were closed by the server
      assertThat(normal.statusCode()).isEqualTo(200);
      assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(closedByServer(halfHeaders)).as("half-sent headers cut off").isTrue();
      assertThat(closedByServer(halfBody)).as("half-sent body cut off").isTrue();
    }
  }

  /** Reads until the server closes (end of stream or reset) or 10 s pass without a byte. */
  private static boolean closedByServer(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    try {
      while (in.read(buf) >= 0) {
        // drain whatever the server answered before closing
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static String hmac(String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }
}
