package dev.alertkit.storm;

import dev.alertkit.Channel;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code max} notifications to one person over one channel within any {@code window}.
 *
 * @param channel the channel
 * @param max the most notifications in the window, 1..1000
 * @param window the sliding window, 1 s .. 7 days
 */
public record NotificationCap(Channel channel, int max, Duration window) {

  /**
   * Validates.
   *
   * @param channel the channel
   * @param max the most notifications
   * @param window the window
   * @throws ValidationException when a value is missing or out of range
   */
  public NotificationCap {
    Checks.notNull("cap.channel", channel);
    Checks.range("cap[" + channel + "].max", max, 1, 1000);
    Checks.notNull("cap[" + channel + "].window", window);
    if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(7)) > 0) {
      throw new ValidationException("cap[" + channel + "].window", "must be 1 s to 7 days (was " + window + ")");
    }
  }

  /**
   * A cap.
   *
   * @param channel the channel
   * @param max the most notifications
   * @param window the window
   * @return the cap
   * @throws ValidationException when a value is missing or out of range
   */
  public static NotificationCap of(Channel channel, int max, Duration window) {
    return new NotificationCap(Objects.requireNonNull(channel, "channel"), max, window);
  }

  @Override
  public String toString() {
    return max + " " + channel + " per " + window;
  }
}
