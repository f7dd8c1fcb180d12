package dev.alertkit.webhook;

import dev.alertkit.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One webhook request as a {@link WebhookHandler} sees it: the method, the full URL the provider called (including
 * the query string: Twilio signs it), headers looked up case-insensitively, and the raw body bytes (signatures are
 * computed over them). Immutable.
 *
 * <pre>{@code
 * WebhookRequest request = WebhookRequest.builder()
 *     .method(exchange.getRequestMethod())
 *     .url(Webhooks.publicUrl("https://alerts.example.com", exchange.getRequestURI().toString()))
 *     .headers(exchange.getRequestHeaders())
 *     .body(Webhooks.readAtMost(exchange.getRequestBody(), handler.maxBodyBytes()))
 *     .build();
 * }</pre>
 *
 * <p>Behind a proxy or tunnel the URL your server sees (http, an internal host) differs from the one the provider
 * signed (https, the public host): build it from your public base URL, or give the handler a public base URL.
 */
public final class WebhookRequest {
  private final String method;
  private final String url;
  private final URI uri;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private WebhookRequest(Builder b) {
    if (b.method == null || b.method.isBlank()) {
      throw new ValidationException("request.method", "is required");
    }
    if (b.url == null) {
      throw new ValidationException("request.url", "is required");
    }
    this.method = b.method.strip().toUpperCase(Locale.ROOT);
    this.url = b.url;
    try {
      this.uri = new URI(b.url);
    } catch (URISyntaxException e) {
      throw new ValidationException("request.url", "is not a valid URL (" + e.getReason() + ")");
    }
    if (!uri.isAbsolute() || uri.getRawAuthority() == null
        || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new ValidationException("request.url", "must be an absolute http or https URL");
    }
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    b.headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = Collections.unmodifiableMap(h);
    this.body = b.body;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the method, upper case, e.g. {@code POST} */
  public String method() {
    return method;
  }

  /** @return the full URL as given, with its query string */
  public String url() {
    return url;
  }

  /** @return the raw (still percent-encoded) path, e.g. {@code /twilio/status} */
  public String rawPath() {
    String p = uri.getRawPath();
    return p == null || p.isEmpty() ? "/" : p;
  }

  /** @return the raw (still percent-encoded) query string, without {@code ?}, when there is one */
  public Optional<String> rawQuery() {
    return Optional.ofNullable(uri.getRawQuery());
  }

  /**
   * The first value of a header.
   *
   * @param name the header name, any case
   * @return the value, when present
   * @throws NullPointerException when name is null
   */
  public Optional<String> header(String name) {
    List<String> v = headers.get(Objects.requireNonNull(name, "name"));
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** @return every header, keys compared case-insensitively; unmodifiable */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** @return a copy of the raw body bytes */
  public byte[] body() {
    return body.clone();
  }

  /** @return the body length in bytes */
  public int bodyLength() {
    return body.length;
  }

  /** Headers and the query are left out: they may carry signatures and correlation ids. */
  @Override
  public String toString() {
    return "WebhookRequest{" + method + " " + rawPath() + ", " + body.length + " bytes}";
  }

  /** Builds a {@link WebhookRequest}. Not thread-safe. */
  public static final class Builder {
    private String method = "POST";
    private String url;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private byte[] body = new byte[0];

    private Builder() {}

    /**
     * Sets the method (default {@code POST}).
     *
     * @param method the method
     * @return this builder
     */
    public Builder method(String method) {
      this.method = method;
      return this;
    }

    /**
     * Sets the full URL the provider called, including the query string.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /**
     * Adds a header value.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     * @throws NullPointerException when name or value is null
     */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(Objects.requireNonNull(name, "name"), k -> new ArrayList<>()).add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds every header of a map (e.g. the JDK HttpServer's {@code Headers} or a servlet's headers).
     *
     * @param all the headers
     * @return this builder
     * @throws NullPointerException when all, or a name or value in it, is null
     */
    public Builder headers(Map<String, List<String>> all) {
      all.forEach((k, vs) -> vs.forEach(v -> header(k, v)));
      return this;
    }

    /**
     * Sets the raw body (copied).
     *
     * @param body the bytes
     * @return this builder
     * @throws NullPointerException when body is null
     */
    public Builder body(byte[] body) {
      this.body = Objects.requireNonNull(body, "body").clone();
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws ValidationException when the method or URL is missing, or the URL is not an absolute http(s) URL
     */
    public WebhookRequest build() {
      return new WebhookRequest(this);
    }
  }
}
