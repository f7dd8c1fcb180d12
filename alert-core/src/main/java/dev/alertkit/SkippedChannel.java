package dev.alertkit;

import java.util.Objects;

/**
 * A planned channel that was not attempted for a recipient, and why (no address, opted out, quiet hours, no
 * provider serves it).
 *
 * @param channel the channel
 * @param tier the plan tier it belonged to, from 0
 * @param reason a human-readable reason
 */
public record SkippedChannel(Channel channel, int tier, String reason) {
  /**
   * Validates.
   *
   * @param channel the channel
   * @param tier the plan tier it belonged to, from 0
   * @param reason a human-readable reason
   * @throws NullPointerException when channel or reason is null
   */
  public SkippedChannel {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return channel + " skipped: " + reason;
  }
}
