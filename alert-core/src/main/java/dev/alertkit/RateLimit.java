package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * How fast one sender may send through one provider, e.g. one message per second for a US long code. Immutable.
 * Sends are spaced evenly ({@code period / permits} apart, no bursts); a send that would have to wait longer than
 * {@link #maxWait()} is not made and fails as retryable ("rate limited locally"), so routing can fall back.
 *
 * <pre>{@code
 * RateLimit usLongCode = RateLimit.perSecond(1).withMaxWait(Duration.ofSeconds(20));
 * RateLimit tollFree = RateLimit.of(3, Duration.ofSeconds(1));
 * }</pre>
 */
public final class RateLimit {
  /** How long a send waits for its turn by default. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

  private final int permits;
  private final Duration period;
  private final Duration maxWait;

  private RateLimit(int permits, Duration period, Duration maxWait) {
    this.permits = permits;
    this.period = period;
    this.maxWait = maxWait;
  }

  /**
   * A limit of {@code permits} sends per {@code period}, waiting at most {@link #DEFAULT_MAX_WAIT}.
   *
   * @param permits 1 to 1,000,000
   * @param period at least 1 ms, at most 1 day
   * @return the limit
   * @throws ValidationException when permits or period is out of range
   */
  public static RateLimit of(int permits, Duration period) {
    Checks.range("rateLimit.permits", permits, 1, 1_000_000);
    if (period == null || period.compareTo(Duration.ofMillis(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
      throw new ValidationException("rateLimit.period", "must be between 1 ms and 1 day (was " + period + ")");
    }
    return new RateLimit(permits, period, DEFAULT_MAX_WAIT);
  }

  /**
   * A limit of {@code permits} sends per second.
   *
   * @param permits 1 to 1,000,000
   * @return the limit
   * @throws ValidationException when permits is out of range
   */
  public static RateLimit perSecond(int permits) {
    return of(permits, Duration.ofSeconds(1));
  }

  /**
   * A copy with another bound on how long a send may wait for its turn.
   *
   * @param maxWait zero (never wait) to 1 hour
   * @return the copy
   * @throws ValidationException when null, negative or above 1 hour
   */
  public RateLimit withMaxWait(Duration maxWait) {
    if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(Duration.ofHours(1)) > 0) {
      throw new ValidationException("rateLimit.maxWait", "must be between 0 and 1 hour (was " + maxWait + ")");
    }
    return new RateLimit(permits, period, maxWait);
  }

  /** @return how many sends per {@link #period()} */
  public int permits() {
    return permits;
  }

  /** @return the period */
  public Duration period() {
    return period;
  }

  /** @return the longest a send waits for its turn before failing as "rate limited locally" */
  public Duration maxWait() {
    return maxWait;
  }

  /** @return the spacing between two sends: {@code period / permits} (at least 1 ns) */
  public Duration interval() {
    long nanos = period.toNanos() / permits;
    return Duration.ofNanos(Math.max(1, nanos));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateLimit && ((RateLimit) o).permits == permits && ((RateLimit) o).period.equals(period)
        && ((RateLimit) o).maxWait.equals(maxWait);
  }

  @Override
  public int hashCode() {
    return Objects.hash(permits, period, maxWait);
  }

  @Override
  public String toString() {
    return permits + " per " + period + " (max wait " + maxWait + ")";
  }
}
