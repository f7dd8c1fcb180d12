package dev.alertkit;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a routing rule does when a recipient is inside their quiet hours (in their own time zone).
 *
 * <ul>
 *   <li>{@link #defer()}: hold the whole send until the window ends; the report says {@link Outcome#DEFERRED} with
 *       the due time, and the final outcome arrives later through a {@link dev.alertkit.event.DeferredCompleted} event.
 *   <li>{@link #skip(Channel...)}: skip the given channels (e.g. no voice calls at night) and send the others.
 *   <li>{@link #bypass()}: ignore quiet hours (for critical alerts).
 * </ul>
 */
public final class QuietHoursPolicy {
  /** The three behaviours. */
  public enum Mode {
    /** Hold the send until the window ends. */
    DEFER,
    /** Skip some channels, send the rest. */
    SKIP_CHANNEL,
    /** Ignore quiet hours. */
    BYPASS
  }

  private final Mode mode;
  private final Set<Channel> skipped;

  private QuietHoursPolicy(Mode mode, Set<Channel> skipped) {
    this.mode = mode;
    this.skipped = skipped;
  }

  /** @return the policy that defers the send until the quiet window ends */
  public static QuietHoursPolicy defer() {
    return new QuietHoursPolicy(Mode.DEFER, Set.of());
  }

  /** @return the policy that ignores quiet hours */
  public static QuietHoursPolicy bypass() {
    return new QuietHoursPolicy(Mode.BYPASS, Set.of());
  }

  /**
   * Skips channels during quiet hours and sends the others.
   *
   * @param channels the channels that must not disturb, e.g. {@code VOICE}
   * @return the policy
   * @throws ValidationException when no channel is given or one is null
   */
  public static QuietHoursPolicy skip(Channel... channels) {
    if (channels.length == 0) {
      throw new ValidationException("quietHoursPolicy.skip", "name at least one channel to skip");
    }
    Set<Channel> set = EnumSet.noneOf(Channel.class);
    for (Channel c : channels) {
      set.add(dev.alertkit.internal.Checks.notNull("quietHoursPolicy.skip", c));
    }
    return new QuietHoursPolicy(Mode.SKIP_CHANNEL, Set.copyOf(set));
  }

  /** @return the mode */
  public Mode mode() {
    return mode;
  }

  /** @return the channels skipped, for {@link Mode#SKIP_CHANNEL} */
  public Set<Channel> skippedChannels() {
    return skipped;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuietHoursPolicy && mode == ((QuietHoursPolicy) o).mode && skipped.equals(((QuietHoursPolicy) o).skipped);
  }

  @Override
  public int hashCode() {
    return mode.hashCode() * 31 + skipped.hashCode();
  }

  @Override
  public String toString() {
    return mode == Mode.SKIP_CHANNEL ? "skip " + skipped : mode.toString().toLowerCase(java.util.Locale.ROOT);
  }
}
