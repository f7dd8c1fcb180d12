package dev.alertkit.twilio;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A real HTTP server on 127.0.0.1 that mounts webhook handlers by path, for end-to-end tests. */
final class LoopbackWebhookServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, WebhookHandler> handlers = new ConcurrentHashMap<>();

  LoopbackWebhookServer() {
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
          out = "no handler".getBytes(java.nio.charset.StandardCharsets.UTF_8);
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

  LoopbackWebhookServer mount(String path, WebhookHandler handler) {
    handlers.put(path, handler);
    return this;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
