package dev.alertkit;

import dev.alertkit.cost.Money;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that happened for one recipient of one alert: the rule that matched, the plan, every attempt and
 * skip with its reason, and exactly one final {@link Outcome}.
 *
 * @param recipientId the recipient's id
 * @param outcome the final outcome
 * @param reason why the outcome is what it is (always present unless {@link Outcome#ACCEPTED} or
 *     {@link Outcome#DELIVERED})
 * @param rule the name of the routing rule that produced the plan, when routing ran
 * @param plan the plan, when routing ran
 * @param attempts every attempt in order
 * @param skipped every planned channel that was not attempted, with the reason
 * @param deferredUntil when a deferred send is due, for {@link Outcome#DEFERRED}
 */
public record RecipientReport(
    String recipientId,
    Outcome outcome,
    Optional<String> reason,
    Optional<String> rule,
    Optional<DeliveryPlan> plan,
    List<Attempt> attempts,
    List<SkippedChannel> skipped,
    Optional<Instant> deferredUntil) {

  /**
   * Validates and copies.
   *
   * @param recipientId the recipient's id
   * @param outcome the final outcome
   * @param reason why the outcome is what it is (always present unless {@link Outcome#ACCEPTED} or {@link Outcome#DELIVERED})
   * @param rule the name of the routing rule that produced the plan, when routing ran
   * @param plan the plan, when routing ran
   * @param attempts every attempt in order
   * @param skipped every planned channel that was not attempted, with the reason
   * @param deferredUntil when a deferred send is due, for {@link Outcome#DEFERRED}
   * @throws NullPointerException when a value is null
   */
  public RecipientReport {
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(plan, "plan");
    attempts = List.copyOf(attempts);
    skipped = List.copyOf(skipped);
    Objects.requireNonNull(deferredUntil, "deferredUntil");
  }

  /** @return the attempts the providers accepted */
  public List<Attempt> acceptedAttempts() {
    List<Attempt> out = new ArrayList<>();
    for (Attempt a : attempts) {
      if (a.accepted()) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * What this recipient's attempts are estimated to have cost: the sum of {@link Attempt#cost()} over the attempts that
   * {@linkplain Attempt#mayHaveBeenCharged() may have been charged} (accepted, or ambiguous), per currency. Empty when
   * the client has no prices (or nothing may have been charged). The provider's actual price comes later, with
   * delivery updates ({@link DeliveryEvent#price()}).
   *
   * @return the total per currency, in the order first seen
   */
  public Map<Currency, Money> cost() {
    Map<Currency, Money> out = new LinkedHashMap<>();
    addCost(attempts, out);
    return out;
  }

  /**
   * Adds the estimates of the attempts that may have been charged, per currency.
   *
   * @param attempts the attempts
   * @param into the totals so far
   */
  static void addCost(Iterable<Attempt> attempts, Map<Currency, Money> into) {
    for (Attempt a : attempts) {
      if (a.mayHaveBeenCharged() && a.cost().isPresent()) {
        Money m = a.cost().get().total();
        into.merge(m.currency(), m, Money::plus);
      }
    }
  }

  /** @return the distinct channels attempted, in order */
  public List<Channel> channelsTried() {
    List<Channel> out = new ArrayList<>();
    for (Attempt a : attempts) {
      if (!out.contains(a.channel())) {
        out.add(a.channel());
      }
    }
    return out;
  }

  /**
   * A compact multi-line trace, e.g.
   * <pre>
   * alice: ACCEPTED  rule=critical  plan=[SMS, VOICE] -> EMAIL
   *   SMS via twilio-sms: PERMANENT/RECIPIENT: invalid 'To' number [code 21211]
   *   VOICE skipped: quiet hours until 2026-11-28T01:30:00Z
   *   EMAIL via sendgrid: accepted id=abc
   * </pre>
   * With prices, the recipient's line ends with its estimated total ({@code cost=0.0248 USD (estimated)}) and each attempt
   * that may have been charged with its estimate:
   * <pre>
   * bob: ACCEPTED  rule=critical  plan=[SMS]  cost=0.0237 USD (estimated)
   *   SMS via twilio-sms: accepted id=SM1 status=queued, estimated 0.0237 USD
   * </pre>
   *
   * @return the trace
   */
  public String describe() {
    StringBuilder s = new StringBuilder().append(recipientId).append(": ").append(outcome);
    reason.ifPresent(r -> s.append(" (").append(r).append(')'));
    rule.ifPresent(r -> s.append("  rule=").append(r));
    plan.ifPresent(p -> s.append("  plan=").append(p));
    deferredUntil.ifPresent(d -> s.append("  due=").append(d));
    Map<Currency, Money> cost = cost();
    if (!cost.isEmpty()) {
      s.append("  cost=").append(costText(cost)).append(" (estimated)");
    }
    for (Attempt a : attempts) {
      s.append("\n  ").append(a);
    }
    for (SkippedChannel k : skipped) {
      s.append("\n  ").append(k);
    }
    return s.toString();
  }

  /**
   * Money per currency as text, e.g. {@code 0.0248 USD + 0.01 EUR}.
   *
   * @param cost the totals
   * @return the text
   */
  static String costText(Map<Currency, Money> cost) {
    StringBuilder s = new StringBuilder();
    for (Money m : cost.values()) {
      s.append(s.length() == 0 ? "" : " + ").append(m);
    }
    return s.toString();
  }
}
