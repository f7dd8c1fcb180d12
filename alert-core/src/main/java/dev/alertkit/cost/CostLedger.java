package dev.alertkit.cost;

import dev.alertkit.Channel;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What each attempt was estimated to cost, what the budget decided, whether it left, and what the provider
 * charged; totals per alert. Filled by {@link CostControl} (estimates from its guard, outcomes and actual prices
 * from its listener); read by the application or metrics. Keeps the newest alerts up to a capacity. Thread-safe.
 */
public final class CostLedger {

  /** What the budget check decided for an attempt. */
  public enum Decision {
    /** Within every budget. */
    WITHIN_BUDGET,
    /** Over a soft budget, sent because the severity's policy is {@link BudgetPolicy#ALLOW}. */
    ALLOWED_OVER_BUDGET,
    /** Not sent so routing falls back to a cheaper channel. */
    DOWNGRADED,
    /** Not sent, nor anything else to this recipient for this alert. */
    SUPPRESSED,
    /** Not sent: a hard stop (usage trigger) is on for the channel. */
    HARD_STOPPED
  }

  /** Whether an attempt left. */
  public enum Status {
    /** Passed the budget check; the provider call has not finished. */
    PENDING,
    /** A provider accepted it. */
    SENT,
    /** The provider call ended ambiguously: it may have been sent, so its estimate stays counted. */
    MAYBE_SENT,
    /** It certainly did not leave (rejected by the budget, another guard or the provider). */
    NOT_SENT
  }

  /**
   * One attempt's cost.
   *
   * @param attemptId the attempt id
   * @param alertId the alert
   * @param recipientId the recipient
   * @param channel the channel
   * @param estimate the estimate before sending
   * @param decision what the budget check decided
   * @param reason why, when the decision was not {@link Decision#WITHIN_BUDGET}
   * @param status whether it left
   * @param provider the provider that took it, when known
   * @param actual what the provider charged, when it said so
   */
  public record AttemptCost(String attemptId, String alertId, String recipientId, Channel channel, CostEstimate estimate,
      Decision decision, Optional<String> reason, Status status, Optional<String> provider, Optional<Money> actual) {
    /**
     * Validates.
     *
     * @param attemptId the attempt id
     * @param alertId the alert
     * @param recipientId the recipient
     * @param channel the channel
     * @param estimate the estimate
     * @param decision the decision
     * @param reason the reason
     * @param status the status
     * @param provider the provider
     * @param actual the actual price
     * @throws NullPointerException when a value is null
     */
    public AttemptCost {
      Objects.requireNonNull(attemptId, "attemptId");
      Objects.requireNonNull(alertId, "alertId");
      Objects.requireNonNull(recipientId, "recipientId");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(estimate, "estimate");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(actual, "actual");
    }

    /** @return whether its money counts: sent, maybe sent, or still pending */
    public boolean counts() {
      return status != Status.NOT_SENT;
    }
  }

  /**
   * The cost of one alert (one dispatch).
   *
   * @param alertId the alert
   * @param attempts every attempt, in order
   * @param estimated the sum of the estimates of attempts that count
   * @param actual the sum of the actual prices reported so far
   * @param unreported attempts that count but whose actual price is not known (yet)
   */
  public record AlertCost(String alertId, List<AttemptCost> attempts, Money estimated, Money actual, int unreported) {
    /**
     * Validates and copies.
     *
     * @param alertId the alert
     * @param attempts the attempts
     * @param estimated the estimated total
     * @param actual the actual total
     * @param unreported attempts without an actual price
     * @throws NullPointerException when a value is null
     */
    public AlertCost {
      Objects.requireNonNull(alertId, "alertId");
      attempts = List.copyOf(attempts);
      Objects.requireNonNull(estimated, "estimated");
      Objects.requireNonNull(actual, "actual");
    }

    /** @return the best known total: actual where reported, the estimate elsewhere */
    public Money bestKnown() {
      Money sum = Money.zero(estimated.currency());
      for (AttemptCost a : attempts) {
        if (a.counts()) {
          sum = sum.plus(a.actual().filter(m -> m.currency().equals(estimated.currency())).orElse(a.estimate().total()));
        }
      }
      return sum;
    }
  }

  private final Currency currency;
  private final int maxAlerts;
  private final Map<String, List<String>> byAlert;
  private final Map<String, AttemptCost> byAttempt = new HashMap<>();

  CostLedger(Currency currency, int maxAlerts) {
    this.currency = currency;
    this.maxAlerts = maxAlerts;
    this.byAlert = new LinkedHashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
        if (size() > CostLedger.this.maxAlerts) {
          eldest.getValue().forEach(byAttempt::remove);
          return true;
        }
        return false;
      }
    };
  }

  synchronized void add(AttemptCost a) {
    if (byAttempt.putIfAbsent(a.attemptId(), a) == null) {
      byAlert.computeIfAbsent(a.alertId(), k -> new ArrayList<>()).add(a.attemptId());
    }
  }

  synchronized Optional<AttemptCost> update(String attemptId, java.util.function.UnaryOperator<AttemptCost> f) {
    AttemptCost a = byAttempt.get(attemptId);
    if (a == null) {
      return Optional.empty();
    }
    AttemptCost b = f.apply(a);
    byAttempt.put(attemptId, b);
    return Optional.of(b);
  }

  /**
   * One attempt's cost.
   *
   * @param attemptId the attempt id
   * @return the cost, when the ledger saw the attempt
   */
  public synchronized Optional<AttemptCost> attempt(String attemptId) {
    return Optional.ofNullable(byAttempt.get(attemptId));
  }

  /**
   * One alert's cost.
   *
   * @param alertId the alert id
   * @return the cost, when the ledger saw the alert
   */
  public synchronized Optional<AlertCost> alert(String alertId) {
    List<String> ids = byAlert.get(alertId);
    if (ids == null) {
      return Optional.empty();
    }
    List<AttemptCost> list = new ArrayList<>();
    Money est = Money.zero(currency);
    Money act = Money.zero(currency);
    int unreported = 0;
    for (String id : ids) {
      AttemptCost a = byAttempt.get(id);
      list.add(a);
      if (a.counts()) {
        est = est.plus(a.estimate().total());
        if (a.actual().isPresent() && a.actual().get().currency().equals(currency)) {
          act = act.plus(a.actual().get());
        } else {
          unreported++;
        }
      }
    }
    return Optional.of(new AlertCost(alertId, list, est, act, unreported));
  }

  /** @return every attempt the ledger holds, oldest alert first */
  public synchronized List<AttemptCost> attempts() {
    List<AttemptCost> all = new ArrayList<>();
    byAlert.values().forEach(ids -> ids.forEach(id -> all.add(byAttempt.get(id))));
    return all;
  }

  /** @return the currency of estimates and totals */
  public Currency currency() {
    return currency;
  }

  @Override
  public synchronized String toString() {
    return "CostLedger{" + byAlert.size() + " alerts, " + byAttempt.size() + " attempts}";
  }
}
