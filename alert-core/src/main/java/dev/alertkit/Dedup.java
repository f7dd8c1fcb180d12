package dev.alertkit;

import java.time.Duration;
import java.util.Optional;

/**
 * Suppression of repeats: an alert whose {@link Alert#dedupKey() dedup key} was seen less than {@link #window()}
 * ago is {@link Outcome#SUPPRESSED} (the window slides: an alert that keeps firing stays suppressed). With a
 * {@link #repeatEvery repeat interval}, a still-firing alert is sent again once that long has passed since it
 * was last sent (Alertmanager's {@code repeat_interval}). An occurrence whose dispatch reached nobody (every
 * recipient failed or was not sent) does not count as sent, so the next occurrence goes out.
 *
 * <pre>{@code
 * Dedup.window(Duration.ofMinutes(10)).repeatEvery(Duration.ofHours(4));
 * }</pre>
 */
public final class Dedup {
  private final Duration window;
  private final Duration repeatInterval;

  private Dedup(Duration window, Duration repeatInterval) {
    this.window = window;
    this.repeatInterval = repeatInterval;
  }

  /**
   * Suppresses repeats seen within a window.
   *
   * @param window a positive duration
   * @return the policy
   * @throws ValidationException when window is null, zero or negative
   */
  public static Dedup window(Duration window) {
    if (window == null || window.isZero() || window.isNegative()) {
      throw new ValidationException("dedup.window", "must be a positive duration (was " + window + ")");
    }
    return new Dedup(window, null);
  }

  /**
   * Sends a still-firing alert again after an interval.
   *
   * @param interval a positive duration
   * @return a copy with the repeat interval
   * @throws ValidationException when interval is null, zero or negative
   */
  public Dedup repeatEvery(Duration interval) {
    if (interval == null || interval.isZero() || interval.isNegative()) {
      throw new ValidationException("dedup.repeatInterval", "must be a positive duration (was " + interval + ")");
    }
    return new Dedup(window, interval);
  }

  /** @return the dedup window */
  public Duration window() {
    return window;
  }

  /** @return the repeat interval, if any */
  public Optional<Duration> repeatInterval() {
    return Optional.ofNullable(repeatInterval);
  }

  @Override
  public String toString() {
    return "Dedup{window=" + window + (repeatInterval == null ? "" : ", repeatEvery=" + repeatInterval) + "}";
  }
}
