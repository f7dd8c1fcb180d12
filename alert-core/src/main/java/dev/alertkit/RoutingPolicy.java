package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Ordered routing rules plus a required default rule: the first rule whose {@link Match} holds gives a recipient
 * its {@link DeliveryPlan} (later rules too when it says {@link Rule#continueMatching()}). Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * RoutingPolicy policy = RoutingPolicy.builder()
 *     .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical")
 *         .deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL)
 *         .onQuietHours(QuietHoursPolicy.bypass()))
 *     .rule(Rule.when(Match.severity(Severity.WARNING)).deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
 *     .otherwise(Rule.deliver(Channel.EMAIL))
 *     .build();
 * }</pre>
 *
 * <p>Quiet hours: a rule that does not set {@link Rule#onQuietHours(QuietHoursPolicy)} lets {@link Severity#CRITICAL}
 * alerts through and defers lower severities ({@link QuietHoursPolicy#defaultFor(Severity)}); {@link #route}
 * resolves this per alert. Unnamed rules are called {@code rule-1}, {@code rule-2}, ... by position and the
 * default rule {@code default}; {@link #describe()} lists the rules as the client sees them.
 */
public final class RoutingPolicy {
  /** The rule name reported when the alert itself requested its channels. */
  public static final String REQUESTED_CHANNELS = "requested-channels";

  private final List<Rule> rules;
  private final Rule otherwise;
  private final Set<String> generatedNames;

  private RoutingPolicy(List<Rule> rules, Rule otherwise, Set<String> generatedNames) {
    this.rules = rules;
    this.otherwise = otherwise;
    this.generatedNames = generatedNames;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The routing decision for one recipient of an alert.
   *
   * @param rule the name of the matched rule(s), joined with {@code +} when rules continued
   * @param plan the delivery plan
   * @param quietHours what to do inside the recipient's quiet hours, already resolved for the alert (a rule that
   *     set none gets {@link QuietHoursPolicy#defaultFor(Severity)} of the alert's severity)
   * @param honorPreferences whether the recipient's preferred order may reorder tiers
   * @param requireVerified whether addresses without {@link Recipient#verifiedAt(Channel)} are skipped
   */
  public record Decision(String rule, DeliveryPlan plan, QuietHoursPolicy quietHours, boolean honorPreferences,
      boolean requireVerified) {
    /**
     * Validates.
     *
     * @param rule the name of the matched rule(s), joined with {@code +} when rules continued
     * @param plan the delivery plan
     * @param quietHours what to do inside the recipient's quiet hours
     * @param honorPreferences whether the recipient's preferred order may reorder tiers
     * @param requireVerified whether addresses without {@link Recipient#verifiedAt(Channel)} are skipped
     * @throws NullPointerException when a value is null
     */
    public Decision {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(quietHours, "quietHours");
    }

    /**
     * A decision that does not require verified addresses.
     *
     * @param rule the name of the matched rule(s), joined with {@code +} when rules continued
     * @param plan the delivery plan
     * @param quietHours what to do inside the recipient's quiet hours
     * @param honorPreferences whether the recipient's preferred order may reorder tiers
     * @throws NullPointerException when a value is null
     */
    public Decision(String rule, DeliveryPlan plan, QuietHoursPolicy quietHours, boolean honorPreferences) {
      this(rule, plan, quietHours, honorPreferences, false);
    }
  }

  /**
   * Routes one recipient. When the alert requested channels, they form the plan (one tier each, in order) and
   * the matched rule still decides quiet hours. The first matched rule that set a quiet hours policy decides it;
   * when none did, the alert's severity does ({@link QuietHoursPolicy#defaultFor(Severity)}: CRITICAL bypasses,
   * lower severities defer).
   *
   * @param alert the alert
   * @param recipient the recipient
   * @param now the client's clock reading
   * @return the decision
   * @throws NullPointerException when an argument is null
   */
  public Decision route(Alert alert, Recipient recipient, Instant now) {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(now, "now");
    List<Rule> matched = new ArrayList<>();
    for (Rule r : rules) {
      if (r.match().test(alert, recipient, now)) {
        matched.add(r);
        if (!r.continues()) {
          break;
        }
      }
    }
    if (matched.isEmpty() || matched.get(matched.size() - 1).continues()) {
      matched.add(otherwise);
    }
    QuietHoursPolicy quiet = matched.stream().map(Rule::quietHours).flatMap(java.util.Optional::stream).findFirst()
        .orElseGet(() -> QuietHoursPolicy.defaultFor(alert.severity()));
    boolean verified = matched.stream().anyMatch(Rule::requiresVerifiedAddresses);
    if (!alert.requestedChannels().isEmpty()) {
      return new Decision(REQUESTED_CHANNELS, DeliveryPlan.sequential(alert.requestedChannels().toArray(new Channel[0])),
          quiet, false, verified);
    }
    List<List<Channel>> tiers = new ArrayList<>();
    Set<Channel> seen = EnumSet.noneOf(Channel.class);
    StringBuilder name = new StringBuilder();
    for (Rule r : matched) {
      if (name.length() > 0) {
        name.append('+');
      }
      name.append(r.name().orElse("?"));
      for (int i = 0; i < r.tiers().size(); i++) {
        while (tiers.size() <= i) {
          tiers.add(new ArrayList<>());
        }
        for (Channel c : r.tiers().get(i)) {
          if (seen.add(c)) {
            tiers.get(i).add(c);
          }
        }
      }
    }
    tiers.removeIf(List::isEmpty);
    boolean prefs = matched.stream().anyMatch(Rule::honorsPreferences);
    return new Decision(name.toString(), DeliveryPlan.of(tiers), quiet, prefs, verified);
  }

  /** @return the rules in order, without the default */
  public List<Rule> rules() {
    return rules;
  }

  /** @return the default rule */
  public Rule otherwise() {
    return otherwise;
  }

  /** @return every channel any rule can plan */
  public Set<Channel> channels() {
    Set<Channel> all = EnumSet.noneOf(Channel.class);
    rules.forEach(r -> r.tiers().forEach(all::addAll));
    otherwise.tiers().forEach(all::addAll);
    return all;
  }

  /**
   * The rules as the client applies them, one per line, in order, the default rule last: name (and whether the
   * name was given or is the position-based {@code rule-N}), condition, plan, quiet hours policy (or the
   * severity-aware default), e.g.
   * <pre>
   * critical: when severity&gt;=CRITICAL: [SMS, VOICE] -&gt; EMAIL; quiet hours: bypass
   * rule-2 (unnamed: name it with .named(...)): when severity=WARNING: SMS -&gt; EMAIL; quiet hours: default: CRITICAL bypasses, WARNING and INFO defer
   * default (otherwise: when no rule matches): EMAIL; quiet hours: default: CRITICAL bypasses, WARNING and INFO defer
   * </pre>
   *
   * @return the description
   */
  public String describe() {
    StringBuilder s = new StringBuilder();
    for (Rule r : rules) {
      s.append(r.name().orElseThrow());
      if (generatedNames.contains(r.name().orElseThrow())) {
        s.append(" (unnamed: name it with .named(...))");
      }
      s.append(": when ").append(r.match());
      describe(s, r);
      s.append('\n');
    }
    s.append(otherwise.name().orElseThrow()).append(" (otherwise: when no rule matches)");
    describe(s, otherwise);
    return s.toString();
  }

  private static void describe(StringBuilder s, Rule r) {
    s.append(": ").append(DeliveryPlan.of(r.tiers()));
    if (r.continues()) {
      s.append(", continue matching");
    }
    if (r.honorsPreferences()) {
      s.append(", honours recipient preferences");
    }
    s.append("; quiet hours: ").append(r.quietHours().map(QuietHoursPolicy::toString).orElse(QuietHoursPolicy.DEFAULT_DESCRIPTION));
  }

  @Override
  public String toString() {
    return "RoutingPolicy{rules=" + rules + ", otherwise=" + otherwise + "}";
  }

  /** Builds a {@link RoutingPolicy}. Not thread-safe. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();
    private Rule otherwise;

    private Builder() {}

    /**
     * Appends a rule; rules are tried in the order added.
     *
     * @param rule the rule
     * @return this builder
     * @throws ValidationException when rule is null
     */
    public Builder rule(Rule rule) {
      rules.add(Checks.notNull("routing.rules[" + rules.size() + "]", rule));
      return this;
    }

    /**
     * Sets the default rule, used when no rule matches (required).
     *
     * @param rule the rule; its condition is ignored
     * @return this builder
     * @throws ValidationException when rule is null
     */
    public Builder otherwise(Rule rule) {
      this.otherwise = Checks.notNull("routing.otherwise", rule);
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws ValidationException when there is no default rule, a rule has no channels, or two rules share a
     *     name
     */
    public RoutingPolicy build() {
      if (otherwise == null) {
        throw new ValidationException("routing.otherwise", "a default rule is required so that every alert has a plan; add .otherwise(Rule.deliver(...))");
      }
      List<Rule> named = new ArrayList<>();
      Set<String> names = new java.util.HashSet<>();
      Set<String> generated = new java.util.HashSet<>();
      for (int i = 0; i < rules.size(); i++) {
        if (rules.get(i).name().isEmpty()) {
          generated.add("rule-" + (i + 1));
        }
        Rule r = rules.get(i).withDefaultName("rule-" + (i + 1));
        if (!names.add(r.name().orElseThrow())) {
          throw new ValidationException("routing.rules[" + r.name().orElseThrow() + "]", "another rule has the same name");
        }
        named.add(r);
      }
      Rule def = otherwise.withDefaultName("default");
      return new RoutingPolicy(List.copyOf(named), def, Set.copyOf(generated));
    }
  }
}
