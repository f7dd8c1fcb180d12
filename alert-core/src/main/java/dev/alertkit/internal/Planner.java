package dev.alertkit.internal;

import dev.alertkit.Channel;
import dev.alertkit.DeliveryPlan;
import dev.alertkit.QuietHoursPolicy;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The planner stage's pure parts: a recipient's tiers after preferences, and whether a planned channel is skipped
 * (and why). No threads, no state: testable with plain values.
 */
public final class Planner {
  private Planner() {}

  /**
   * Why a planned channel is skipped.
   *
   * @param reason the reason, for the report
   * @param byPolicy whether a policy (not a missing address or provider) skipped it; a recipient whose every channel
   *     was skipped by policy ends SUPPRESSED rather than FAILED
   */
  public record Skip(String reason, boolean byPolicy) {
    /**
     * Validates.
     *
     * @param reason the reason
     * @param byPolicy whether a policy skipped it
     */
    public Skip {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The recipient's tiers: the rule's plan, with the person's preferred channels first within each tier, one at a
   * time in their order, when the rule honours preferences; the other channels of a tier stay parallel.
   *
   * @param decision the routing decision
   * @param recipient the recipient
   * @return the tiers, in order
   */
  public static List<List<Channel>> tiers(RoutingPolicy.Decision decision, Recipient recipient) {
    DeliveryPlan plan = decision.plan();
    List<Channel> prefs = recipient.preferredOrder();
    if (!decision.honorPreferences() || prefs.isEmpty()) {
      return plan.tiers();
    }
    List<List<Channel>> out = new ArrayList<>();
    for (List<Channel> t : plan.tiers()) {
      List<Channel> rest = new ArrayList<>(t);
      for (Channel p : prefs) {
        if (rest.remove(p)) {
          out.add(List.of(p));
        }
      }
      if (!rest.isEmpty()) {
        out.add(List.copyOf(rest));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Whether a planned channel is skipped for a recipient at a time.
   *
   * @param decision the routing decision
   * @param recipient the recipient
   * @param channel the channel
   * @param now the time
   * @param served whether a provider serves the channel
   * @return the skip, or empty when the channel is sent
   */
  public static Optional<Skip> skip(RoutingPolicy.Decision decision, Recipient recipient, Channel channel, Instant now, boolean served) {
    if (recipient.address(channel).isEmpty()) {
      return Optional.of(new Skip("recipient has no " + (channel == Channel.EMAIL ? "email address" : "phone number"), false));
    }
    if (recipient.optedOut().contains(channel)) {
      return Optional.of(new Skip("recipient opted out of " + channel, false));
    }
    if (decision.requireVerified() && recipient.verifiedAt(channel).isEmpty()) {
      return Optional.of(new Skip("the " + (channel == Channel.EMAIL ? "email address" : channel == Channel.WHATSAPP
          && recipient.whatsapp().isPresent() ? "WhatsApp number" : "phone number") + " is not verified and rule '"
          + decision.rule() + "' requires verified addresses", true));
    }
    QuietHoursPolicy q = decision.quietHours();
    if (q.mode() == QuietHoursPolicy.Mode.SKIP_CHANNEL && q.skippedChannels().contains(channel) && recipient.isQuietAt(now)) {
      return Optional.of(new Skip("quiet hours " + recipient.quietHours() + " in " + recipient.timeZone() + " (rule skips "
          + channel + " then)", true));
    }
    if (!served) {
      return Optional.of(new Skip("no provider serves " + channel, false));
    }
    return Optional.empty();
  }
}
