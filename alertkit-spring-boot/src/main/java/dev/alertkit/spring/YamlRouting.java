package dev.alertkit.spring;

import dev.alertkit.Channel;
import dev.alertkit.Match;
import dev.alertkit.QuietHoursPolicy;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.ValidationException;
import dev.alertkit.spring.AlertkitProperties.MatchProperties;
import dev.alertkit.spring.AlertkitProperties.QuietHoursProperties;
import dev.alertkit.spring.AlertkitProperties.RuleProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns {@code alertkit.routing} into the same {@link RoutingPolicy} the builder makes. */
final class YamlRouting {
  private static final String PREFIX = "alertkit.routing";

  private YamlRouting() {}

  /**
   * Builds the policy.
   *
   * @param routing the properties
   * @return the policy, or empty when no rule and no otherwise is configured (the client's default applies)
   * @throws InvalidAlertkitPropertyException naming the property path when a rule is invalid
   */
  static Optional<RoutingPolicy> policy(AlertkitProperties.Routing routing) {
    if (routing.getRules().isEmpty() && routing.getOtherwise() == null) {
      return Optional.empty();
    }
    if (routing.getOtherwise() == null) {
      throw new InvalidAlertkitPropertyException(PREFIX + ".otherwise",
          "a default rule is required so that every alert has a plan (e.g. otherwise: {deliver: [EMAIL]})", null);
    }
    RoutingPolicy.Builder b = RoutingPolicy.builder();
    List<RuleProperties> rules = routing.getRules();
    for (int i = 0; i < rules.size(); i++) {
      b.rule(rule(PREFIX + ".rules[" + i + "]", rules.get(i), false));
    }
    b.otherwise(rule(PREFIX + ".otherwise", routing.getOtherwise(), true));
    try {
      return Optional.of(b.build());
    } catch (ValidationException e) {
      throw new InvalidAlertkitPropertyException(PREFIX, e.getMessage(), e);
    }
  }

  private static Rule rule(String path, RuleProperties p, boolean otherwise) {
    if (p.getDeliver() == null || p.getDeliver().isEmpty()) {
      throw new InvalidAlertkitPropertyException(path + ".deliver", "at least one channel is required, e.g. deliver: [SMS, VOICE]", null);
    }
    Optional<Match> match = match(path + ".when", p.getWhen());
    if (otherwise && match.isPresent()) {
      throw new InvalidAlertkitPropertyException(path + ".when", "the default rule has no conditions: it applies when no rule matched", null);
    }
    try {
      Channel[] first = p.getDeliver().toArray(new Channel[0]);
      Rule r = match.isPresent() ? Rule.when(match.get()).deliver(first) : Rule.deliver(first);
      if (p.getName() != null) {
        r = r.named(p.getName());
      }
      List<List<Channel>> fallback = p.getFallback() == null ? List.of() : p.getFallback();
      for (int t = 0; t < fallback.size(); t++) {
        List<Channel> tier = fallback.get(t);
        if (tier == null || tier.isEmpty()) {
          throw new InvalidAlertkitPropertyException(path + ".fallback[" + t + "]", "a fallback tier needs at least one channel", null);
        }
        r = r.thenFallbackTo(tier.toArray(new Channel[0]));
      }
      if (p.getQuietHours() != null) {
        r = r.onQuietHours(quietHours(path + ".quiet-hours", p.getQuietHours()));
      }
      if (p.isContinueMatching()) {
        r = r.continueMatching();
      }
      if (p.isHonorPreferences()) {
        r = r.honorRecipientPreferences();
      }
      return r;
    } catch (ValidationException e) {
      throw new InvalidAlertkitPropertyException(path, e.getMessage(), e);
    }
  }

  private static QuietHoursPolicy quietHours(String path, QuietHoursProperties q) {
    if (q.getMode() == null) {
      throw new InvalidAlertkitPropertyException(path + ".mode", "is required: DEFER, BYPASS or SKIP_CHANNEL", null);
    }
    switch (q.getMode()) {
      case DEFER:
        return QuietHoursPolicy.defer();
      case BYPASS:
        return QuietHoursPolicy.bypass();
      default:
        if (q.getChannels() == null || q.getChannels().isEmpty()) {
          throw new InvalidAlertkitPropertyException(path + ".channels", "SKIP_CHANNEL needs the channels to skip, e.g. channels: [VOICE]", null);
        }
        return QuietHoursPolicy.skip(q.getChannels().toArray(new Channel[0]));
    }
  }

  /** Conditions in a fixed order, joined with {@link Match#and}, as a builder user would write them. */
  private static Optional<Match> match(String path, MatchProperties w) {
    if (w == null) {
      return Optional.empty();
    }
    List<Match> all = new ArrayList<>();
    try {
      if (w.getSeverity() != null) {
        all.add(Match.severity(w.getSeverity()));
      }
      if (w.getSeverityAtLeast() != null) {
        all.add(Match.severityAtLeast(w.getSeverityAtLeast()));
      }
      for (Map.Entry<String, String> e : w.getLabels().entrySet()) {
        all.add(Match.label(e.getKey(), e.getValue()));
      }
      for (Map.Entry<String, String> e : w.getLabelMatches().entrySet()) {
        all.add(Match.labelMatches(e.getKey(), e.getValue()));
      }
      for (String key : w.getLabelExists()) {
        all.add(Match.labelExists(key));
      }
      if (w.getRecipientCountry() != null) {
        all.add(Match.recipientCountry(w.getRecipientCountry()));
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidAlertkitPropertyException(path, e.getMessage(), e);
    }
    if (all.isEmpty()) {
      return Optional.empty();
    }
    Match m = all.get(0);
    for (int i = 1; i < all.size(); i++) {
      m = m.and(all.get(i));
    }
    return Optional.of(m);
  }
}
