package dev.alertkit.testkit;

import com.sun.net.httpserver.HttpServer;
import dev.alertkit.webhook.WebhookHandler;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import dev.alertkit.webhook.Webhooks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port, the JDK's {@code com.sun.net.httpserver}) that serves
 * {@link WebhookHandler}s by path, for end-to-end tests of status callbacks, inbound replies and acknowledgement
 * links: a provider emulator or a browser calls {@link #baseUrl()} plus the mounted path, and the handler answers as
 * it would behind your web framework. A path with no handler answers 404. Close it after the test.
 */
public final class LoopbackWebhookServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, WebhookHandler> handlers = new ConcurrentHashMap<>();

  /**
   * Starts the server on the loopback address and an ephemeral port.
   *
   * @throws UncheckedIOException if no port can be bound
   */
  public LoopbackWebhookServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      try (exchange) {
        String raw = exchange.getRequestURI().getRawPath();
        WebhookHandler h = handlers.get(raw);
        byte[] out;
        int status;
        String type;
        if (h == null) {
          status = 404;
          type = "text/plain";
          out = "no handler".getBytes(StandardCharsets.UTF_8);
        } else {
          WebhookRequest.Builder b = WebhookRequest.builder().method(exchange.getRequestMethod())
              .url(baseUrl() + exchange.getRequestURI().toString())
              .body(Webhooks.readAtMost(exchange.getRequestBody(), h.maxBodyBytes() + 1));
          exchange.getRequestHeaders().forEach((k, v) -> v.forEach(x -> b.header(k, x)));
          WebhookResponse r = h.handle(b.build());
          status = r.status();
          type = r.contentType();
          out = r.body();
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
          }
        }
      }
    });
    server.start();
  }

  /**
   * Serves {@code handler} at {@code path} (the raw request path, for example {@code /alertkit/twilio/status}),
   * replacing any handler mounted there before.
   *
   * @param path the raw request path, starting with {@code /}
   * @param handler the handler that answers requests to that path
   * @return this server
   * @throws NullPointerException if {@code path} or {@code handler} is null
   */
  public LoopbackWebhookServer mount(String path, WebhookHandler handler) {
    handlers.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /**
   * The server's base URL, {@code http://127.0.0.1:<port>}, without a trailing slash.
   *
   * @return the base URL
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
  }
}
