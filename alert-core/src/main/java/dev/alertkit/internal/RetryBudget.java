package dev.alertkit.internal;

import dev.alertkit.Resilience;
import java.time.Duration;
import java.time.Instant;

/**
 * Limits retries to a share of recent first requests, over a sliding window on the client's clock, so that an
 * outage does not multiply traffic. The window is kept as 10 buckets, so memory is constant whatever the traffic.
 * Thread-safe.
 */
public final class RetryBudget {
  private static final int BUCKETS = 10;

  private final double ratio;
  private final int minRetries;
  private final long bucketMillis;
  private final long[] firsts = new long[BUCKETS];
  private final long[] retries = new long[BUCKETS];
  private final long[] bucketIds = new long[BUCKETS];

  /**
   * Creates the budget.
   *
   * @param settings the ratio of retries per first request, the retries always allowed and the sliding window
   */
  public RetryBudget(Resilience.RetryBudget settings) {
    this.ratio = settings.ratio();
    this.minRetries = settings.minRetries();
    this.bucketMillis = Math.max(1, settings.window().toMillis() / BUCKETS);
    java.util.Arrays.fill(bucketIds, Long.MIN_VALUE);
  }

  /**
   * Counts a first request.
   *
   * @param now the time
   */
  public synchronized void recordFirst(Instant now) {
    firsts[slot(now)]++;
  }

  /**
   * Takes one retry from the budget if there is one.
   *
   * @param now the time
   * @return whether the retry may be made (and was counted)
   */
  public synchronized boolean tryRetry(Instant now) {
    int s = slot(now);
    if (retries() + 1 > allowed()) {
      return false;
    }
    retries[s]++;
    return true;
  }

  /**
   * Describes the budget's state for a report.
   *
   * @param now the time
   * @return e.g. "12 retries for 40 first requests in the window (allowed 12)"
   */
  public synchronized String describe(Instant now) {
    slot(now);
    return retries() + " retries for " + firsts() + " first requests in the last " + Duration.ofMillis(bucketMillis * BUCKETS)
        + " (allowed: " + allowed() + ")";
  }

  private long allowed() {
    return Math.max(minRetries, (long) Math.floor(ratio * firsts()));
  }

  private long firsts() {
    long n = 0;
    for (long f : firsts) {
      n += f;
    }
    return n;
  }

  private long retries() {
    long n = 0;
    for (long r : retries) {
      n += r;
    }
    return n;
  }

  /** Moves the window to {@code now}: clears buckets that fell out of it, returns the current bucket. */
  private int slot(Instant now) {
    long id = Math.floorDiv(now.toEpochMilli(), bucketMillis);
    for (int i = 0; i < BUCKETS; i++) {
      if (bucketIds[i] != Long.MIN_VALUE && id - bucketIds[i] >= BUCKETS) {
        bucketIds[i] = Long.MIN_VALUE;
        firsts[i] = 0;
        retries[i] = 0;
      }
    }
    int s = (int) Math.floorMod(id, (long) BUCKETS);
    if (bucketIds[s] != id) {
      bucketIds[s] = id;
      firsts[s] = 0;
      retries[s] = 0;
    }
    return s;
  }
}
