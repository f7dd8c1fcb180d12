package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One routing rule: when its {@link Match} holds, it gives the recipient a {@link DeliveryPlan}. Immutable;
 * every method returns a new rule.
 *
 * <pre>{@code
 * Rule.when(Match.severityAtLeast(Severity.CRITICAL))
 *     .named("critical")
 *     .deliver(Channel.SMS, Channel.VOICE)        // tier 1, in parallel
 *     .thenFallbackTo(Channel.EMAIL)              // tier 2, when every tier-1 channel failed
 *     .onQuietHours(QuietHoursPolicy.bypass());
 * Rule.deliver(Channel.EMAIL);                    // matches everything: use as the default rule
 * }</pre>
 *
 * <p>A rule without {@link #onQuietHours(QuietHoursPolicy)} lets CRITICAL alerts through quiet hours and defers
 * lower severities ({@link QuietHoursPolicy#defaultFor(Severity)}). A rule without {@link #named(String)} is
 * called {@code rule-N} by its position.
 */
public final class Rule {
  private final String name;
  private final Match match;
  private final List<List<Channel>> tiers;
  private final boolean continueMatching;
  private final QuietHoursPolicy quietHours;
  private final boolean honorPreferences;
  private final boolean requireVerified;

  private Rule(String name, Match match, List<List<Channel>> tiers, boolean cont, QuietHoursPolicy quiet, boolean prefs) {
    this(name, match, tiers, cont, quiet, prefs, false);
  }

  private Rule(String name, Match match, List<List<Channel>> tiers, boolean cont, QuietHoursPolicy quiet, boolean prefs,
      boolean requireVerified) {
    this.name = name;
    this.match = match;
    this.tiers = tiers;
    this.continueMatching = cont;
    this.quietHours = quiet;
    this.honorPreferences = prefs;
    this.requireVerified = requireVerified;
  }

  /**
   * Starts a rule with a condition.
   *
   * @param match the condition
   * @return the condition; {@link Condition#deliver} makes the rule
   * @throws ValidationException when match is null
   */
  public static Condition when(Match match) {
    return new Condition(Checks.notNull("rule.match", match));
  }

  /**
   * A rule that matches everything, delivering over the given channels in parallel; the usual default rule.
   *
   * @param channels the first tier's channels
   * @return the rule
   * @throws ValidationException when no channel is given or one repeats
   */
  public static Rule deliver(Channel... channels) {
    return when(Match.always()).deliver(channels);
  }

  /** The first half of a rule: its condition. */
  public static final class Condition {
    private final Match match;
    private final String name;

    private Condition(Match match) {
      this(match, null);
    }

    private Condition(Match match, String name) {
      this.match = match;
      this.name = name;
    }

    /**
     * Names the rule; the name appears in reports. Without one the rule is called {@code rule-N} by position.
     *
     * @param name one line, at most 100 characters
     * @return a copy with the name
     * @throws ValidationException when the name is blank, multi-line or too long
     */
    public Condition named(String name) {
      return new Condition(match, Checks.singleLine("rule.name", name, 100));
    }

    /**
     * Sets the first tier: channels sent in parallel.
     *
     * @param channels one or more distinct channels
     * @return the rule
     * @throws ValidationException when no channel is given or one is null or repeated
     */
    public Rule deliver(Channel... channels) {
      Rule empty = new Rule(name, match, List.of(), false, null, false);
      return new Rule(name, match, List.of(empty.tier(channels, 0, List.of())), false, null, false);
    }
  }

  /**
   * Names the rule; the name appears in reports and in {@link RoutingPolicy#describe()}. Without a name a rule is
   * called {@code rule-N} by its position (1-based) and the default rule {@code default}; name rules so that a
   * report says which rule routed an alert.
   *
   * @param name one line, at most 100 characters
   * @return a copy with the name
   * @throws ValidationException when the name is blank, multi-line or too long
   */
  public Rule named(String name) {
    return new Rule(Checks.singleLine("rule.name", name, 100), match, tiers, continueMatching, quietHours, honorPreferences, requireVerified);
  }

  /**
   * Adds a tier tried only when every channel of the previous tier failed or was skipped.
   *
   * @param channels one or more distinct channels
   * @return a copy with the added tier
   * @throws ValidationException when no channel is given or a channel repeats anywhere in the plan
   */
  public Rule thenFallbackTo(Channel... channels) {
    List<List<Channel>> copy = new ArrayList<>(tiers);
    copy.add(tier(channels, tiers.size(), tiers));
    return new Rule(name, match, List.copyOf(copy), continueMatching, quietHours, honorPreferences, requireVerified);
  }

  /**
   * Lets later rules match too (Alertmanager's {@code continue}); their tiers are merged into this plan, tier by
   * tier.
   *
   * @return a copy that continues matching
   */
  public Rule continueMatching() {
    return new Rule(name, match, tiers, true, quietHours, honorPreferences, requireVerified);
  }

  /**
   * Chooses what happens inside a recipient's quiet hours. When rules are merged by
   * {@link #continueMatching()}, the first matched rule that set a policy decides. When none did, the default is
   * severity-aware ({@link QuietHoursPolicy#defaultFor(Severity)}): a {@link Severity#CRITICAL} alert bypasses
   * quiet hours and lower severities are deferred. Say {@code onQuietHours(QuietHoursPolicy.defer())} to hold
   * CRITICAL alerts too.
   *
   * @param policy the policy
   * @return a copy with the policy
   * @throws ValidationException when policy is null
   */
  public Rule onQuietHours(QuietHoursPolicy policy) {
    return new Rule(name, match, tiers, continueMatching, Checks.notNull(label() + ".quietHours", policy), honorPreferences, requireVerified);
  }

  /**
   * Lets a recipient's preferred channel order reorder the channels within each tier.
   *
   * @return a copy that honours preferences
   */
  public Rule honorRecipientPreferences() {
    return new Rule(name, match, tiers, continueMatching, quietHours, true, requireVerified);
  }

  /**
   * Refuses addresses the recipient has not verified ({@link Recipient#verifiedAt(Channel)} empty): such a channel
   * is skipped with the reason, and routing moves on (the next channel, the next tier). When rules are merged by
   * {@link #continueMatching()}, any matched rule that requires verification makes the whole plan require it.
   *
   * <pre>{@code
   * Rule.when(Match.severityAtLeast(Severity.CRITICAL))
   *     .deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL)
   *     .requireVerifiedAddresses();    // never page a number nobody confirmed
   * }</pre>
   *
   * @return a copy that requires verified addresses
   */
  public Rule requireVerifiedAddresses() {
    return new Rule(name, match, tiers, continueMatching, quietHours, honorPreferences, true);
  }

  /** @return whether this rule refuses unverified addresses */
  public boolean requiresVerifiedAddresses() {
    return requireVerified;
  }

  Rule withDefaultName(String defaultName) {
    return name != null ? this : new Rule(defaultName, match, tiers, continueMatching, quietHours, honorPreferences, requireVerified);
  }

  /** @return the name, when set */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** @return the condition */
  public Match match() {
    return match;
  }

  /** @return the tiers in order */
  public List<List<Channel>> tiers() {
    return tiers;
  }

  /** @return whether later rules may match too */
  public boolean continues() {
    return continueMatching;
  }

  /**
   * The quiet hours policy this rule set, if it set one.
   *
   * @return the policy, or empty when the rule leaves it to other rules or to the severity-aware default
   *     ({@link QuietHoursPolicy#defaultFor(Severity)}: CRITICAL bypasses, lower severities defer)
   */
  public Optional<QuietHoursPolicy> quietHours() {
    return Optional.ofNullable(quietHours);
  }

  /** @return whether recipients' preferred order reorders tiers */
  public boolean honorsPreferences() {
    return honorPreferences;
  }

  private String label() {
    return name == null ? "rule" : "rule[" + name + "]";
  }

  private List<Channel> tier(Channel[] channels, int index, List<List<Channel>> earlier) {
    String field = label() + ".tiers[" + index + "]";
    if (channels == null || channels.length == 0) {
      throw new ValidationException(field, "a tier needs at least one channel");
    }
    List<Channel> out = new ArrayList<>();
    for (Channel c : channels) {
      Checks.notNull(field, c);
      if (out.contains(c) || earlier.stream().anyMatch(t -> t.contains(c))) {
        throw new ValidationException(field, c + " appears more than once in the rule's plan");
      }
      out.add(c);
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "Rule{" + (name == null ? "" : name + ", ") + "when " + match + ", tiers=" + tiers
        + (continueMatching ? ", continue" : "") + (quietHours == null ? "" : ", quietHours=" + quietHours)
        + (requireVerified ? ", verified addresses only" : "") + "}";
  }
}
