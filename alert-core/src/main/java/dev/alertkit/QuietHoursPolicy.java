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
 *
 * <p><b>Default.</b> A rule that does not call {@link Rule#onQuietHours(QuietHoursPolicy)} is severity-aware
 * ({@link #defaultFor(Severity)}): a {@link Severity#CRITICAL} alert bypasses quiet hours, so a page is never held
 * overnight by accident; {@link Severity#WARNING} and {@link Severity#INFO} alerts are deferred until the window
 * ends. Set a policy on the rule to change this, e.g. {@code onQuietHours(QuietHoursPolicy.defer())} also defers
 * CRITICAL alerts. {@link RoutingPolicy#route} resolves the default for each alert, so its
 * {@link RoutingPolicy.Decision#quietHours()} is never the "default" but the policy that applies.
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
      set.add(dev.alertkit.spi.support.Checks.notNull("quietHoursPolicy.skip", c));
    }
    return new QuietHoursPolicy(Mode.SKIP_CHANNEL, Set.copyOf(set));
  }

  /** How {@link RoutingPolicy#describe()} names the policy of a rule that does not set one ({@link #defaultFor}). */
  public static final String DEFAULT_DESCRIPTION = "default: CRITICAL bypasses, WARNING and INFO defer";

  /**
   * The policy of a rule that does not set one: {@link #bypass()} for {@link Severity#CRITICAL} alerts,
   * {@link #defer()} for lower severities.
   *
   * @param severity the alert's severity
   * @return the policy that applies
   * @throws ValidationException when severity is null
   */
  public static QuietHoursPolicy defaultFor(Severity severity) {
    return dev.alertkit.spi.support.Checks.notNull("quietHoursPolicy.severity", severity) == Severity.CRITICAL ? bypass() : defer();
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
