package dev.alertkit.testkit.emulator;

import dev.alertkit.webhook.WebhookHandler;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where an emulator delivers the signed webhooks it emits ({@link TwilioEmulator#deliver},
 * {@link SendGridEmulator#event}): straight into a {@link WebhookHandler}, or over HTTP to a receiver the test runs.
 */
@FunctionalInterface
public interface WebhookTarget {

  /**
   * Delivers one request.
   *
   * @param request the signed request, with the public URL the provider would call
   * @return the receiver's response
   * @throws UncheckedIOException when an HTTP target cannot be reached
   */
  WebhookResponse send(WebhookRequest request);

  /**
   * Delivers straight to a handler, in the calling thread.
   *
   * @param handler the handler
   * @return the target
   * @throws NullPointerException when handler is null
   */
  static WebhookTarget handler(WebhookHandler handler) {
    Objects.requireNonNull(handler, "handler");
    return handler::handle;
  }

  /**
   * Delivers over HTTP: POSTs to {@code localBaseUrl} + the request's path and query, with its headers and body, as a
   * tunnel or proxy would. Give the receiving handler the public base URL of the signed URLs.
   *
   * @param localBaseUrl e.g. {@code http://127.0.0.1:8080}
   * @return the target
   * @throws NullPointerException when localBaseUrl is null
   */
  static WebhookTarget http(String localBaseUrl) {
    Objects.requireNonNull(localBaseUrl, "localBaseUrl");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Set<String> restricted = Set.of("host", "content-length", "connection", "expect", "upgrade");
    return request -> {
      String base = localBaseUrl.endsWith("/") ? localBaseUrl.substring(0, localBaseUrl.length() - 1) : localBaseUrl;
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + request.rawPath() + request.rawQuery().map(q -> "?" + q).orElse("")))
          .timeout(Duration.ofSeconds(10)).method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
      for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
        if (!restricted.contains(h.getKey().toLowerCase(Locale.ROOT))) {
          h.getValue().forEach(v -> b.header(h.getKey(), v));
        }
      }
      try {
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return WebhookResponse.of(r.statusCode(), r.headers().firstValue("Content-Type").orElse("text/plain"), r.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new IOException("interrupted", e));
      }
    };
  }
}
