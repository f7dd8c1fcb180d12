package dev.alertkit.sendgrid.internal;

import java.time.Duration;
import org.apache.http.client.config.CookieSpecs;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.SocketConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/** Builds the Apache HttpClient 4.5 the SendGrid SDK runs on: bounded pool, timeouts, no hidden retries. */
public final class HttpClientFactory {
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
        .build();
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }
}
