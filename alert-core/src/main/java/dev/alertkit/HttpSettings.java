package dev.alertkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How a provider talks HTTP: connect and read timeouts, connection pool size and the wait for a free pooled
 * connection. One vocabulary for every provider ({@code TwilioConfig.Builder#http}, {@code SendGridConfig.Builder#http}).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * HttpSettings http = TwilioConfig.DEFAULT_HTTP.toBuilder()   // start from the provider's own defaults
 *     .readTimeout(Duration.ofSeconds(8))
 *     .poolSize(200)
 *     .build();
 * }</pre>
 *
 * <p>What each timeout means for an alert: a connect timeout or a pool lease timeout is safe to retry (the request
 * never left); a read timeout is ambiguous (the provider may have taken the message).
 */
public final class HttpSettings {
  /** Shortest timeout accepted: 1 ms. */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
  /** Longest timeout accepted: 10 minutes. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  /** Largest pool size accepted. */
  public static final int MAX_POOL_SIZE = 1000;

  private static final HttpSettings DEFAULTS = new Builder().build();

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int poolSize;
  private final Duration poolLeaseTimeout;

  private HttpSettings(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.poolSize = b.poolSize;
    this.poolLeaseTimeout = b.poolLeaseTimeout;
  }

  /**
   * Generic defaults: connect 5 s, read 10 s, 20 pooled connections, 5 s wait for a free one. Each provider has its own
   * defaults ({@code TwilioConfig.DEFAULT_HTTP}, {@code SendGridConfig.DEFAULT_HTTP}); start from those to change one
   * value.
   *
   * @return the defaults
   */
  public static HttpSettings defaults() {
    return DEFAULTS;
  }

  /**
   * Starts from {@link #defaults()}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these values, to derive a variant.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.poolSize = poolSize;
    b.poolLeaseTimeout = poolLeaseTimeout;
    return b;
  }

  /** @return the TCP connect timeout */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** @return the read timeout: the longest wait for the next bytes of an answer once the request is sent */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** @return the most connections open to the provider at once: the most requests in flight */
  public int poolSize() {
    return poolSize;
  }

  /** @return the longest wait for a free pooled connection when every one is busy */
  public Duration poolLeaseTimeout() {
    return poolLeaseTimeout;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof HttpSettings)) {
      return false;
    }
    HttpSettings other = (HttpSettings) o;
    return poolSize == other.poolSize && connectTimeout.equals(other.connectTimeout)
        && readTimeout.equals(other.readTimeout) && poolLeaseTimeout.equals(other.poolLeaseTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(connectTimeout, readTimeout, poolSize, poolLeaseTimeout);
  }

  @Override
  public String toString() {
    return "HttpSettings{connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", poolSize=" + poolSize
        + ", poolLeaseTimeout=" + poolLeaseTimeout + "}";
  }

  /**
   * Builds {@link HttpSettings}; {@link #build()} validates every value and names the field ({@code http.readTimeout}
   * ...) and the rule. Not thread-safe.
   */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private int poolSize = 20;
    private Duration poolLeaseTimeout = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * Sets the TCP connect timeout. A connect timeout is safe to retry: the request never left.
     *
     * @param timeout 1 ms to 10 minutes
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Sets the read timeout: the longest wait for the next bytes of an answer. A read timeout makes the send
     * ambiguous: the provider may have taken the message.
     *
     * @param timeout 1 ms to 10 minutes
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /**
     * Sets the most connections open to the provider at once. Size it for bursts: at least the number of sends that
     * may be in flight at the same time.
     *
     * @param size 1 to {@value HttpSettings#MAX_POOL_SIZE}
     * @return this builder
     */
    public Builder poolSize(int size) {
      this.poolSize = size;
      return this;
    }

    /**
     * Sets the longest wait for a free pooled connection; running out is safe to retry.
     *
     * @param timeout 1 ms to 10 minutes
     * @return this builder
     */
    public Builder poolLeaseTimeout(Duration timeout) {
      this.poolLeaseTimeout = timeout;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the settings
     * @throws ValidationException naming the field ({@code http.connectTimeout}, {@code http.readTimeout},
     *     {@code http.poolLeaseTimeout}, {@code http.poolSize}) when a timeout is missing or outside 1 ms to 10
     *     minutes, or the pool size is outside 1 to {@value HttpSettings#MAX_POOL_SIZE}
     */
    public HttpSettings build() {
      timeout("http.connectTimeout", connectTimeout);
      timeout("http.readTimeout", readTimeout);
      timeout("http.poolLeaseTimeout", poolLeaseTimeout);
      if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
        throw new ValidationException("http.poolSize", "must be between 1 and " + MAX_POOL_SIZE + " (was " + poolSize + ")");
      }
      return new HttpSettings(this);
    }

    private static void timeout(String field, Duration timeout) {
      if (timeout == null) {
        throw new ValidationException(field, "is required");
      }
      if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new ValidationException(field, "must be between 1 ms and 10 minutes (was " + timeout + ")");
      }
    }
  }
}
