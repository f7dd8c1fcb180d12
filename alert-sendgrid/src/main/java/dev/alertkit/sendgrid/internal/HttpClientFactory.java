package dev.alertkit.sendgrid.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.client.config.CookieSpecs;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.SocketConfig;
import org.apache.http.conn.ConnectionReleaseTrigger;
import org.apache.http.entity.HttpEntityWrapper;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * Builds the Apache HttpClient 4.5 the SendGrid SDK runs on: bounded pool, timeouts, no hidden retries, and response
 * bodies read up to {@value #MAX_BODY_BYTES} bytes (the same cap as the Twilio side): the SDK reads every body into one
 * string, so without a cap a misbehaving server or proxy could make it buffer without limit.
 */
public final class HttpClientFactory {
  /** The most bytes of a response body that are read; the rest is dropped and the connection is not reused. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  private HttpClientFactory() {}

  /**
   * Builds an HTTP client.
   *
   * @param poolSize connections in the pool (total and per route)
   * @param connectTimeout TCP connect timeout
   * @param readTimeout socket read timeout (the longest silence while waiting for an answer)
   * @param poolLeaseTimeout how long to wait for a free pooled connection
   * @return a client the caller must close
   */
  public static CloseableHttpClient create(int poolSize, Duration connectTimeout, Duration readTimeout, Duration poolLeaseTimeout) {
    int readMs = millis(readTimeout);
    PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
    pool.setMaxTotal(poolSize);
    pool.setDefaultMaxPerRoute(poolSize);
    pool.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(readMs).setTcpNoDelay(true).build());
    // Re-check a pooled connection idle for over a second before reuse: with retries disabled, a connection the
    // server closed meanwhile would otherwise turn into an ambiguous failure.
    pool.setValidateAfterInactivity(1000);
    RequestConfig requests = RequestConfig.custom()
        .setConnectTimeout(millis(connectTimeout))
        .setSocketTimeout(readMs)
        .setConnectionRequestTimeout(millis(poolLeaseTimeout))
        .setRedirectsEnabled(false)
        .setCookieSpec(CookieSpecs.IGNORE_COOKIES)
        .build();
    return HttpClients.custom()
        .setConnectionManager(pool)
        .setDefaultRequestConfig(requests)
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .addInterceptorLast((HttpResponseInterceptor) (response, context) -> {
          HttpEntity entity = response.getEntity();
          if (entity != null) {
            response.setEntity(new CappedEntity(entity, MAX_BODY_BYTES));
          }
        })
        .build();
  }

  /** An entity whose content ends after {@code max} bytes and that never announces more than that. */
  static final class CappedEntity extends HttpEntityWrapper {
    private final long max;

    CappedEntity(HttpEntity wrapped, long max) {
      super(wrapped);
      this.max = max;
    }

    @Override
    public long getContentLength() {
      long length = super.getContentLength();
      // EntityUtils sizes its buffer from the announced length: never let a server announce gigabytes.
      return length > max ? -1 : length;
    }

    @Override
    public InputStream getContent() throws IOException {
      return new CappedStream(super.getContent(), max);
    }

    @Override
    public void writeTo(java.io.OutputStream out) throws IOException {
      try (InputStream in = getContent()) {
        in.transferTo(out);
      }
    }
  }

  /** Ends the stream (as if at end of body) after {@code max} bytes. */
  static final class CappedStream extends FilterInputStream {
    private long left;

    CappedStream(InputStream in, long max) {
      super(in);
      this.left = max;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(Math.min(n, left));
      left -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), left);
    }

    @Override
    public void close() throws IOException {
      if (left <= 0 && in instanceof ConnectionReleaseTrigger) {
        // Closing normally would read the rest of the body to reuse the connection: drop the connection instead.
        ((ConnectionReleaseTrigger) in).abortConnection();
        return;
      }
      super.close();
    }
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }
}
