package dev.alertkit.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal loopback stub of the two provider endpoints the benchmarks call: Twilio Messages/Calls create (201 and a
 * realistic JSON resource) and SendGrid {@code /v3/mail/send} (202, empty body, {@code X-Message-Id}). It counts
 * requests and SendGrid personalizations.
 *
 * <p>With a delay, the handler reads the request, then returns its thread to the pool; a
 * {@link ScheduledExecutorService} writes the response when the delay has passed. No thread sleeps per request, so
 * 1,000 concurrent delayed requests need neither 1,000 server threads nor queue behind a small pool.
 *
 * <p>The JDK server leaves TCP_NODELAY off unless {@code sun.net.httpserver.nodelay=true} is set before its first use
 * (every response would then stall ~40 ms on delayed ACKs); this class sets it in its static initializer, and the
 * command line sets it too.
 */
public final class StubServer implements AutoCloseable {
  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final byte[] EMPTY = new byte[0];
  private static final String ACCOUNT = "AC00000000000000000000000000000000";

  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService timer;
  private volatile long delayNanos;
  private final AtomicInteger twilioRequests = new AtomicInteger();
  private final AtomicInteger sendgridRequests = new AtomicInteger();
  private final AtomicLong personalizations = new AtomicLong();
  private final AtomicLong ids = new AtomicLong();
  private final java.util.Set<Integer> clientPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private StubServer(int threads) throws IOException {
    // The JDK server closes keep-alive connections beyond 200 idle ones (sun.net.httpserver.maxIdleConnections); a client
    // that reuses one of them at that moment gets no response (NoHttpResponseException), which alertkit rightly reports
    // as possibly sent. After the earlier phases of a full run the stub holds more than 200, and a few requests of the
    // saturated burst failed that way: a stub artefact, not a property of the code measured. Read once, before the
    // first server of this JVM starts; a value given on the command line wins.
    if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
      System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2048);
    AtomicInteger n = new AtomicInteger();
    handlers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "stub-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    timer = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "stub-delay-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(handlers);
    server.createContext("/2010-04-01/", this::twilio);
    server.createContext("/v3/mail/send", this::sendgrid);
    server.start();
  }

  /**
   * Starts a stub on 127.0.0.1 and an ephemeral port.
   *
   * @param threads handler threads (16–256)
   * @return the running stub
   * @throws IOException if the socket cannot be bound
   */
  public static StubServer start(int threads) throws IOException {
    if (threads < 16 || threads > 256) {
      throw new IllegalArgumentException("threads must be 16..256");
    }
    return new StubServer(threads);
  }

  /** @return the port on 127.0.0.1 */
  public int port() {
    return server.getAddress().getPort();
  }

  /** @return {@code http://127.0.0.1:PORT} */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /**
   * Sets the fixed delay before every response (zero: answer at once).
   *
   * @param delay the delay
   */
  public void delay(Duration delay) {
    this.delayNanos = delay.toNanos();
  }

  /** @return Twilio create requests since the last reset */
  public int twilioRequests() {
    return twilioRequests.get();
  }

  /** @return SendGrid mail/send requests since the last reset */
  public int sendgridRequests() {
    return sendgridRequests.get();
  }

  /** @return SendGrid personalizations received since the last reset */
  public long personalizations() {
    return personalizations.get();
  }

  /** Zeroes the counters. */
  public void resetCounters() {
    twilioRequests.set(0);
    sendgridRequests.set(0);
    personalizations.set(0);
    clientPorts.clear();
  }

  /** @return distinct client ports seen since the last reset (= TCP connections used) */
  public int connections() {
    return clientPorts.size();
  }

  private void twilio(HttpExchange ex) throws IOException {
    clientPorts.add(ex.getRemoteAddress().getPort());
    readAll(ex);
    String path = ex.getRequestURI().getPath();
    if (!"POST".equals(ex.getRequestMethod()) || !(path.endsWith("/Messages.json") || path.endsWith("/Calls.json"))) {
      respond(ex, 404, "application/json", "{\"code\":20404,\"message\":\"not found\",\"status\":404}".getBytes(StandardCharsets.UTF_8), null);
      return;
    }
    twilioRequests.incrementAndGet();
    boolean call = path.endsWith("/Calls.json");
    String sid = (call ? "CA" : "SM") + String.format("%032x", ids.incrementAndGet());
    byte[] body = (call ? callJson(sid) : messageJson(sid)).getBytes(StandardCharsets.UTF_8);
    later(ex, 201, "application/json; charset=utf-8", body, null);
  }

  private void sendgrid(HttpExchange ex) throws IOException {
    clientPorts.add(ex.getRemoteAddress().getPort());
    byte[] req = readAll(ex);
    if (!"POST".equals(ex.getRequestMethod())) {
      respond(ex, 405, "application/json", EMPTY, null);
      return;
    }
    sendgridRequests.incrementAndGet();
    personalizations.addAndGet(count(req, "\"to\":".getBytes(StandardCharsets.US_ASCII)));
    String messageId = String.format("stub%018x", ids.incrementAndGet());
    later(ex, 202, null, EMPTY, messageId);
  }

  private void later(HttpExchange ex, int status, String type, byte[] body, String messageId) {
    long d = delayNanos;
    if (d <= 0) {
      respond(ex, status, type, body, messageId);
    } else {
      timer.schedule(() -> respond(ex, status, type, body, messageId), d, TimeUnit.NANOSECONDS);
    }
  }

  private static void respond(HttpExchange ex, int status, String type, byte[] body, String messageId) {
    try {
      if (type != null) {
        ex.getResponseHeaders().set("Content-Type", type);
      }
      if (messageId != null) {
        ex.getResponseHeaders().set("X-Message-Id", messageId);
      }
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      // the client went away; nothing to do in a stub
    } finally {
      ex.close();
    }
  }

  private static byte[] readAll(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  private static int count(byte[] hay, byte[] needle) {
    int n = 0;
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      n++;
    }
    return n;
  }

  private static String messageJson(String sid) {
    return "{\"account_sid\":\"" + ACCOUNT + "\",\"api_version\":\"2010-04-01\","
        + "\"body\":\"[CRITICAL] db-1 disk 97% full\",\"date_created\":\"Thu, 24 Jul 2025 10:00:00 +0000\","
        + "\"date_sent\":null,\"date_updated\":\"Thu, 24 Jul 2025 10:00:00 +0000\",\"direction\":\"outbound-api\","
        + "\"error_code\":null,\"error_message\":null,\"from\":\"+15005550006\",\"messaging_service_sid\":null,"
        + "\"num_media\":\"0\",\"num_segments\":\"1\",\"price\":null,\"price_unit\":\"USD\",\"sid\":\"" + sid + "\","
        + "\"status\":\"queued\",\"subresource_uris\":{\"media\":\"/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + sid
        + "/Media.json\"},\"to\":\"+14155550100\",\"uri\":\"/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + sid + ".json\"}";
  }

  private static String callJson(String sid) {
    return "{\"account_sid\":\"" + ACCOUNT + "\",\"annotation\":null,\"answered_by\":null,\"api_version\":\"2010-04-01\","
        + "\"caller_name\":null,\"date_created\":\"Thu, 24 Jul 2025 10:00:00 +0000\",\"date_updated\":\"Thu, 24 Jul 2025 10:00:00 +0000\","
        + "\"direction\":\"outbound-api\",\"duration\":null,\"end_time\":null,\"forwarded_from\":null,\"from\":\"+15005550006\","
        + "\"from_formatted\":\"(500) 555-0006\",\"group_sid\":null,\"parent_call_sid\":null,\"phone_number_sid\":null,"
        + "\"price\":null,\"price_unit\":\"USD\",\"sid\":\"" + sid + "\",\"start_time\":null,\"status\":\"queued\","
        + "\"to\":\"+14155550100\",\"to_formatted\":\"(415) 555-0100\",\"trunk_sid\":null,"
        + "\"uri\":\"/2010-04-01/Accounts/" + ACCOUNT + "/Calls/" + sid + ".json\",\"queue_time\":\"0\"}";
  }

  @Override
  public void close() {
    server.stop(0);
    timer.shutdownNow();
    handlers.shutdownNow();
  }
}
