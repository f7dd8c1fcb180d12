package dev.alertkit.twilio.internal;

import com.twilio.constant.EnumConstants;
import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's HTTP layer, replaced: exactly one HTTP attempt per SDK call, timeouts that bind, a bounded pool, an
 * optional base-URL rewrite, and per-call capture of status, headers and body.
 *
 * <ul>
 *   <li>{@link #reliableRequest(Request)} (which the SDK's {@code HttpClient} implements as "retry any 5xx three
 *       times") calls {@link #makeRequest(Request)} once; the httpclient5 client is built with
 *       {@code disableAutomaticRetries()}, so 429/503 are not retried behind our back either.
 *   <li>Timeouts are set on the connection manager ({@link ConnectionConfig} connect and socket timeout,
 *       {@link SocketConfig} SO_TIMEOUT) and on every request ({@link RequestConfig} response and pool-lease
 *       timeouts): the SDK's {@code NetworkHttpClient} overwrote the per-request config with its 30 s defaults.
 *   <li>{@link #capture(Supplier)} runs one SDK call and returns what went over the wire, confined to the calling
 *       thread; the SDK's shared {@code lastResponse} field is never used.
 * </ul>
 *
 * <p>Authorization headers are never logged here. Thread-safe.
 */
public final class TwilioHttpClient extends HttpClient implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(TwilioHttpClient.class);
  private static final int MAX_BODY_BYTES = 1 << 20;

  private final CloseableHttpClient client;
  private final RequestConfig requestConfig;
  private final String baseUrl;
  private final ThreadLocal<Exchange.Recorder> current = new ThreadLocal<>();
  private final ThreadLocal<dev.alertkit.spi.AbortSignal> abort = new ThreadLocal<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Builds the client and its connection pool.
   *
   * @param baseUrl replaces scheme, host and port of every SDK URL ({@code https://api.twilio.com}), when present
   * @param connectTimeout TCP connect timeout
   * @param readTimeout longest wait for response bytes
   * @param poolTimeout longest wait for a free pooled connection
   * @param poolSize most connections at once
   * @param userAgent the User-Agent header
   */
  public TwilioHttpClient(
      Optional<URI> baseUrl, Duration connectTimeout, Duration readTimeout, Duration poolTimeout, int poolSize, String userAgent) {
    this.baseUrl = baseUrl.map(URI::toString).orElse(null);
    Timeout read = Timeout.of(readTimeout);
    ConnectionConfig connectionConfig = ConnectionConfig.custom()
        .setConnectTimeout(Timeout.of(connectTimeout))
        .setSocketTimeout(read)
        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
        .setTimeToLive(TimeValue.ofMinutes(5))
        .build();
    SocketConfig socketConfig = SocketConfig.custom().setSoTimeout(read).setSoKeepAlive(true).setTcpNoDelay(true).build();
    PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
        .setDefaultConnectionConfig(connectionConfig)
        .setDefaultSocketConfig(socketConfig)
        .setMaxConnPerRoute(poolSize)
        .setMaxConnTotal(poolSize)
        .build();
    this.requestConfig = RequestConfig.custom()
        .setConnectionRequestTimeout(Timeout.of(poolTimeout))
        .setResponseTimeout(read)
        .setRedirectsEnabled(false)
        .build();
    this.client = HttpClients.custom()
        .setConnectionManager(pool)
        .setDefaultRequestConfig(requestConfig)
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .setUserAgent(userAgent)
        .build();
  }

  /**
   * Runs one SDK call on the calling thread and captures what went over the wire. Never throws for SDK or
   * transport failures: they are returned.
   *
   * @param <T> the SDK resource type
   * @param call the SDK call, e.g. {@code () -> creator.create(restClient)}
   * @return the value or the exception, with the exchange
   */
  public <T> Captured<T> capture(Supplier<T> call) {
    return capture(call, dev.alertkit.spi.AbortSignal.never());
  }

  /**
   * Like {@link #capture(Supplier)}, and the request it makes registers its cancellation with {@code abort}: when
   * the client aborts (timeout, close), the HTTP request is cancelled and the blocked call fails at once.
   *
   * @param <T> the SDK resource type
   * @param call the SDK call
   * @param abort the client's abort signal
   * @return the value or the exception, with the exchange
   */
  public <T> Captured<T> capture(Supplier<T> call, dev.alertkit.spi.AbortSignal abort) {
    dev.alertkit.spi.AbortSignal previousAbort = this.abort.get();
    this.abort.set(abort);
    try {
      return captureNow(call);
    } finally {
      if (previousAbort == null) {
        this.abort.remove();
      } else {
        this.abort.set(previousAbort);
      }
    }
  }

  private <T> Captured<T> captureNow(Supplier<T> call) {
    Exchange.Recorder previous = current.get();
    Exchange.Recorder recorder = new Exchange.Recorder();
    current.set(recorder);
    try {
      T value = call.get();
      return new Captured<>(Optional.ofNullable(value), Optional.empty(), recorder.toExchange());
    } catch (RuntimeException e) {
      return new Captured<>(Optional.empty(), Optional.of(e), recorder.toExchange());
    } finally {
      if (previous == null) {
        current.remove();
      } else {
        current.set(previous);
      }
    }
  }

  /**
   * Makes the request exactly once (the SDK's version retries 5xx up to three times).
   *
   * @param request the SDK's request
   * @return the response
   */
  @Override
  public Response reliableRequest(Request request) {
    return makeRequest(request);
  }

  /**
   * Makes the request exactly once, ignoring the retry arguments.
   *
   * @param request the SDK's request
   * @param retryCodes ignored
   * @param retries ignored
   * @param delayMillis ignored
   * @return the response
   */
  @Override
  public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
    return makeRequest(request);
  }

  /**
   * Sends one HTTP request.
   *
   * @param request the SDK's request
   * @return the response, whatever its status
   * @throws ApiConnectionException when no response arrived (the cause says why)
   */
  @Override
  public Response makeRequest(Request request) {
    Exchange.Recorder recorder = current.get();
    if (recorder != null) {
      recorder.requestStarted();
    }
    try {
      if (closed.get()) {
        throw new IllegalStateException("the Twilio HTTP client is closed");
      }
      HttpUriRequestBase http = toHttpRequest(request);
      dev.alertkit.spi.AbortSignal signal = abort.get();
      if (signal != null) {
        if (signal.isAborted()) {
          throw new IOException("the request was aborted by the client before it was sent");
        }
        signal.onAbort(http::cancel);
      }
      log.debug("Twilio {} {}", http.getMethod(), http.getRequestUri());
      return client.execute(http, response -> {
        HttpEntity entity = response.getEntity();
        String body = entity == null ? "" : read(entity);
        Header[] headers = response.getHeaders();
        if (recorder != null) {
          recorder.response(response.getCode(), headerMap(headers), body);
        }
        return new Response(body, response.getCode(), headers);
      });
    } catch (IOException | RuntimeException e) {
      if (recorder != null) {
        recorder.transportFailure(e);
      }
      throw new ApiConnectionException("Twilio request failed without a response: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }
  }

  private HttpUriRequestBase toHttpRequest(Request request) {
    URI uri = URI.create(rewrite(request.constructURL().toString()));
    HttpUriRequestBase http = new HttpUriRequestBase(request.getMethod().toString(), uri);
    http.setConfig(requestConfig);
    if (request.requiresAuthentication()) {
      http.addHeader(HttpHeaders.AUTHORIZATION, request.getAuthString());
    }
    for (Map.Entry<String, List<String>> e : request.getHeaderParams().entrySet()) {
      for (String v : e.getValue()) {
        http.addHeader(e.getKey(), v);
      }
    }
    http.addHeader(HttpHeaders.ACCEPT, "application/json");
    if (request.getMethod() != HttpMethod.GET) {
      EnumConstants.ContentType type = request.getContentType();
      if (type != null && EnumConstants.ContentType.JSON.getValue().equals(type.getValue())) {
        http.setEntity(new StringEntity(Objects.toString(request.getBody(), ""), ContentType.APPLICATION_JSON));
      } else {
        List<NameValuePair> form = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : request.getPostParams().entrySet()) {
          for (String v : e.getValue()) {
            form.add(new BasicNameValuePair(e.getKey(), v));
          }
        }
        http.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
      }
    }
    return http;
  }

  /**
   * Rewrites an SDK URL onto the base URL override, keeping path and query.
   *
   * @param url e.g. {@code https://api.twilio.com/2010-04-01/Accounts/AC.../Messages.json}
   * @return the URL to call
   */
  String rewrite(String url) {
    if (baseUrl == null) {
      return url;
    }
    URI u = URI.create(url);
    return baseUrl + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  private static String read(HttpEntity entity) throws IOException {
    try (InputStream in = entity.getContent()) {
      if (in == null) {
        return "";
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) != -1) {
        if (out.size() + n > MAX_BODY_BYTES) {
          throw new IOException("Twilio response body larger than " + MAX_BODY_BYTES + " bytes");
        }
        out.write(buf, 0, n);
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static Map<String, String> headerMap(Header[] headers) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Header h : headers) {
      map.putIfAbsent(h.getName(), h.getValue());
    }
    return map;
  }

  /** @return whether {@link #close()} was called */
  public boolean isClosed() {
    return closed.get();
  }

  /** Closes the connection pool; later requests fail. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      client.close(CloseMode.GRACEFUL);
      log.debug("Twilio HTTP connection pool closed");
    }
  }
}
