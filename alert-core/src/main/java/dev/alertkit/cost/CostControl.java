package dev.alertkit.cost;

import dev.alertkit.Alert;
import dev.alertkit.AlertListener;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.Severity;
import dev.alertkit.ValidationException;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.AttemptFinished;
import dev.alertkit.event.DeliveryUpdated;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.internal.InMemoryBudgetStore;
import dev.alertkit.spi.BudgetStore;
import dev.alertkit.spi.ComplianceGuard;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices every attempt before it is sent, enforces {@link Budget}s, honours hard stops (e.g. from Twilio usage
 * triggers) and keeps a {@link CostLedger}. Register both halves with the client, the guard after any other
 * compliance guard (it prices the message as it will be sent):
 *
 * <pre>{@code
 * CostControl cost = CostControl.builder().prices(prices).zone(ZoneId.of("Asia/Kolkata"))
 *     .budget(Budget.daily("sms-per-day", new BigDecimal("25")).channels(Channel.SMS).build())
 *     .onExceeded(Severity.WARNING, BudgetPolicy.DOWNGRADE)
 *     .build();
 * AlertClient.builder()...compliance(IndiaDlt.of(registry)).compliance(cost.guard()).listener(cost.listener()).build();
 * }</pre>
 *
 * <p>Per message the guard: rejects it when a hard stop is on for its channel; otherwise estimates it and
 * reserves the estimate, atomically, in every budget bucket that covers it (budget × tenant × period). When a
 * budget would be exceeded the alert's severity decides ({@link #builder()} defaults: INFO and WARNING
 * {@link BudgetPolicy#DOWNGRADE}, CRITICAL {@link BudgetPolicy#ALLOW}); a hard cap turns ALLOW into DOWNGRADE. A
 * rejected message is an attempt with a {@link Failure} (PERMANENT, CONTENT) whose reason names the budget, what was
 * spent and the limit; routing then falls back to the next tier. The listener releases the reservation of an
 * attempt that certainly did not leave, keeps it for one that was sent or may have been, and settles it to the
 * provider's price when a delivery event carries one.
 *
 * <p>Thread-safe. Budget state lives in the {@link BudgetStore} (in memory by default).
 */
public final class CostControl {
  private static final Logger LOG = LoggerFactory.getLogger(CostControl.class);
  private static final String GUARD_NAME = "cost-control";
  private static final int MAX_SUPPRESSED = 10_000;

  private final CostEstimator estimator;
  private final ZoneId zone;
  private final List<Budget> budgets;
  private final Map<Severity, BudgetPolicy> policies;
  private final BudgetStore store;
  private final Clock clock;
  private final Map<String, Set<Channel>> categories;
  private final CostLedger ledger;
  private final Map<String, String> stopReasons = new ConcurrentHashMap<>();
  private final Map<String, Suppressed> suppressed = new ConcurrentHashMap<>();
  private final ComplianceGuard guard = new Guard();
  private final AlertListener listener = new Listener();

  private record Suppressed(String reason, Instant until) {}

  private CostControl(Builder b) {
    this.estimator = b.estimator;
    this.zone = b.zone;
    this.budgets = List.copyOf(b.budgets);
    this.policies = new EnumMap<>(b.policies);
    this.store = b.store;
    this.clock = b.clock;
    Map<String, Set<Channel>> cats = new LinkedHashMap<>();
    b.categories.forEach((k, v) -> cats.put(k, Set.copyOf(v)));
    this.categories = Map.copyOf(cats);
    this.ledger = new CostLedger(estimator.prices().currency(), b.ledgerCapacity);
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the guard to register with {@code AlertClient.Builder.compliance(...)} */
  public ComplianceGuard guard() {
    return guard;
  }

  /** @return the listener to register with {@code AlertClient.Builder.listener(...)} */
  public AlertListener listener() {
    return listener;
  }

  /** @return estimates, decisions and actual prices per attempt and alert */
  public CostLedger ledger() {
    return ledger;
  }

  /** @return the estimator */
  public CostEstimator estimator() {
    return estimator;
  }

  /**
   * What has been spent (reserved and settled) in a budget's current period.
   *
   * @param budgetName the budget's name
   * @param tenant the value of the budget's label, or empty for a budget without one or alerts without the label
   * @return the amount
   * @throws ValidationException when no budget has that name
   */
  public Money spent(String budgetName, Optional<String> tenant) {
    Budget b = budgets.stream().filter(x -> x.name().equals(budgetName)).findFirst()
        .orElseThrow(() -> new ValidationException("budgetName", "no budget named '" + budgetName + "'"));
    return new Money(store.spent(bucketKey(b, tenant.orElse(""), clock.instant())), estimator.prices().currency());
  }

  /**
   * Switches a hard stop on for a usage category: every message on the category's channels is rejected (CRITICAL
   * too) until {@code until}, and routing falls back to other channels.
   *
   * @param category a category configured with {@link Builder#usageCategory} (defaults: {@code twilio:sms},
   *     {@code twilio:calls}, {@code twilio:totalprice})
   * @param until when it ends ({@link Instant#MAX}: until {@link #resume})
   * @param reason a sentence shown in the report of every message it stops
   * @throws ValidationException when the category is unknown or an argument is null
   */
  public void hardStop(String category, Instant until, String reason) {
    if (!categories.containsKey(category)) {
      throw new ValidationException("category", "unknown usage category '" + category + "' (known: " + categories.keySet() + ")");
    }
    Checks.notNull("until", until);
    stopReasons.put(category, Checks.singleLine("reason", reason, 500));
    store.hardStop(category, until);
    LOG.warn("hard stop on for {} ({}) until {}: {}", category, categories.get(category), until == Instant.MAX ? "resumed" : until, reason);
  }

  /**
   * Switches a hard stop off.
   *
   * @param category the category
   */
  public void resume(String category) {
    store.clearHardStop(category);
    LOG.info("hard stop off for {}", category);
  }

  /**
   * Whether a hard stop is on for a category now.
   *
   * @param category the category
   * @return when it ends, if on
   */
  public Optional<Instant> hardStopUntil(String category) {
    return store.hardStopUntil(category, clock.instant());
  }

  /** @return the zone of budget periods */
  public ZoneId zone() {
    return zone;
  }

  /**
   * When the current budget period ends.
   *
   * @param period day or month
   * @param now the instant
   * @return the start of the next day or month in the zone
   */
  public Instant periodEnd(Budget.Period period, Instant now) {
    ZonedDateTime z = now.atZone(zone);
    return period == Budget.Period.DAY ? z.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant()
        : YearMonth.from(z).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
  }

  private String bucketKey(Budget b, String tenant, Instant now) {
    LocalDate d = now.atZone(zone).toLocalDate();
    String period = b.period() == Budget.Period.DAY ? d.toString() : YearMonth.from(d).toString();
    return "budget:" + b.name() + ":" + (b.perLabel().isPresent() ? b.perLabel().get() + "=" + tenant : "") + ":" + period;
  }

  private Optional<String> stopped(Channel c, Instant now) {
    for (Map.Entry<String, Set<Channel>> e : categories.entrySet()) {
      if (e.getValue().contains(c)) {
        Optional<Instant> until = store.hardStopUntil(e.getKey(), now);
        if (until.isPresent()) {
          return Optional.of("hard stop on " + e.getKey() + (until.get() == Instant.MAX ? "" : " until " + until.get())
              + ": " + stopReasons.getOrDefault(e.getKey(), "usage limit reached") + "; " + c + " not sent");
        }
      }
    }
    return Optional.empty();
  }

  private ComplianceGuard.Verdict check(OutboundMessage m, Instant now) {
    Optional<CostLedger.AttemptCost> seen = ledger.attempt(m.attemptId());
    if (seen.isPresent()) {
      // the same attempt checked again (a resend of one attempt): decided once, reserved once
      CostLedger.AttemptCost a = seen.get();
      boolean allowed = a.decision() == CostLedger.Decision.WITHIN_BUDGET || a.decision() == CostLedger.Decision.ALLOWED_OVER_BUDGET;
      return allowed ? ComplianceGuard.Verdict.allow(m)
          : ComplianceGuard.Verdict.reject(Failure.permanent(Failure.Fault.CONTENT, a.reason().orElse(a.decision().toString())).build());
    }
    String who = m.alert().id() + "\u0000" + m.recipient().id();
    CostEstimate est = estimator.estimate(m);
    Optional<String> stop = stopped(m.channel(), now);
    if (stop.isPresent()) {
      return reject(m, est, CostLedger.Decision.HARD_STOPPED, stop.get());
    }
    Suppressed s = suppressed.get(who);
    if (s != null && now.isBefore(s.until())) {
      return reject(m, est, CostLedger.Decision.SUPPRESSED, s.reason());
    }
    List<BudgetStore.Bucket> buckets = new ArrayList<>();
    Map<String, Budget> byKey = new LinkedHashMap<>();
    for (Budget b : budgets) {
      if (b.channels().contains(m.channel())) {
        String tenant = b.perLabel().map(l -> m.alert().labels().getOrDefault(l, "")).orElse("");
        String key = bucketKey(b, tenant, now);
        buckets.add(new BudgetStore.Bucket(key, b.limit()));
        byKey.put(key, b);
      }
    }
    BigDecimal amount = est.total().amount();
    List<BudgetStore.Bucket> over = store.reserve(m.attemptId(), buckets, amount, true);
    if (over.isEmpty()) {
      record(m, est, CostLedger.Decision.WITHIN_BUDGET, Optional.empty(), CostLedger.Status.PENDING);
      return ComplianceGuard.Verdict.allow(m);
    }
    boolean hard = over.stream().anyMatch(b -> byKey.get(b.key()).hard());
    BudgetPolicy policy = policies.get(m.alert().severity());
    StringBuilder why = new StringBuilder();
    for (BudgetStore.Bucket b : over) {
      Budget budget = byKey.get(b.key());
      if (why.length() > 0) {
        why.append("; ");
      }
      why.append(budget.hard() ? "hard cap " : "budget ").append(budget.name())
          .append(budget.perLabel().map(l -> " for " + l + "=" + m.alert().labels().getOrDefault(l, "(none)")).orElse(""))
          .append(" would be exceeded: ").append(store.spent(b.key()).stripTrailingZeros().toPlainString()).append(" of ")
          .append(b.limit().stripTrailingZeros().toPlainString()).append(' ').append(estimator.prices().currency())
          .append(" spent this ").append(budget.period().name().toLowerCase(Locale.ROOT)).append(" (").append(zone).append("), this ")
          .append(m.channel()).append(" costs ").append(est.total());
    }
    if (policy == BudgetPolicy.ALLOW && !hard) {
      store.reserve(m.attemptId(), buckets, amount, false);
      LOG.warn("alert {}: {} sent over budget ({} policy ALLOW): {}", m.alert().id(), m.channel(), m.alert().severity(), why);
      record(m, est, CostLedger.Decision.ALLOWED_OVER_BUDGET, Optional.of(why + "; sent anyway (" + m.alert().severity() + " policy ALLOW)"),
          CostLedger.Status.PENDING);
      return ComplianceGuard.Verdict.allow(m);
    }
    if (policy != BudgetPolicy.SUPPRESS && m.channel() != Channel.EMAIL) {
      return reject(m, est, CostLedger.Decision.DOWNGRADED, why + "; " + m.channel() + " not sent (" + m.alert().severity()
          + " policy " + (policy == BudgetPolicy.ALLOW ? "ALLOW, but a hard cap" : "DOWNGRADE") + "), routing falls back to a cheaper channel");
    }
    String reason = why + "; suppressed (" + m.alert().severity() + " policy " + policy
        + (m.channel() == Channel.EMAIL && policy != BudgetPolicy.SUPPRESS ? ", nothing cheaper than EMAIL" : "") + ")";
    if (suppressed.size() > MAX_SUPPRESSED) {
      suppressed.values().removeIf(x -> !now.isBefore(x.until()));
    }
    suppressed.put(who, new Suppressed(reason, now.plus(java.time.Duration.ofDays(1))));
    return reject(m, est, CostLedger.Decision.SUPPRESSED, reason);
  }

  private ComplianceGuard.Verdict reject(OutboundMessage m, CostEstimate est, CostLedger.Decision d, String reason) {
    record(m, est, d, Optional.of(reason), CostLedger.Status.NOT_SENT);
    LOG.info("alert {}: {} to recipient {} not sent: {}", m.alert().id(), m.channel(), m.recipient().id(), reason);
    return ComplianceGuard.Verdict.reject(Failure.permanent(Failure.Fault.CONTENT, reason).build());
  }

  private void record(OutboundMessage m, CostEstimate est, CostLedger.Decision d, Optional<String> reason, CostLedger.Status status) {
    ledger.add(new CostLedger.AttemptCost(m.attemptId(), m.alert().id(), m.recipient().id(), m.channel(), est, d, reason, status,
        Optional.empty(), Optional.empty()));
  }

  private void finished(Alert alert, String recipientId, Attempt a) {
    Optional<CostLedger.AttemptCost> known = ledger.attempt(a.attemptId());
    if (known.isEmpty()) {
      if (a.accepted()) {
        // an attempt the guard did not see (e.g. failover to a second provider under a new attempt id): count it
        String text = alert.body().orElse(alert.title());
        CostEstimate est = estimator.estimate(a.channel(), a.to(), text, a.smsEncoding());
        List<BudgetStore.Bucket> buckets = new ArrayList<>();
        Instant now = a.finishedAt();
        for (Budget b : budgets) {
          if (b.channels().contains(a.channel())) {
            String tenant = b.perLabel().map(l -> alert.labels().getOrDefault(l, "")).orElse("");
            buckets.add(new BudgetStore.Bucket(bucketKey(b, tenant, now), b.limit()));
          }
        }
        store.reserve(a.attemptId(), buckets, est.total().amount(), false);
        ledger.add(new CostLedger.AttemptCost(a.attemptId(), alert.id(), recipientId, a.channel(), est, CostLedger.Decision.WITHIN_BUDGET,
            Optional.empty(), CostLedger.Status.SENT, Optional.of(a.provider()), Optional.empty()));
      }
      return;
    }
    if (known.get().status() != CostLedger.Status.PENDING) {
      return;
    }
    CostLedger.Status status;
    if (a.accepted()) {
      status = CostLedger.Status.SENT;
    } else if (a.failure().map(f -> f.kind() == Failure.Kind.AMBIGUOUS).orElse(false)) {
      status = CostLedger.Status.MAYBE_SENT;
    } else {
      status = CostLedger.Status.NOT_SENT;
      store.release(a.attemptId());
    }
    ledger.update(a.attemptId(), x -> new CostLedger.AttemptCost(x.attemptId(), x.alertId(), x.recipientId(), x.channel(), x.estimate(),
        x.decision(), x.reason(), status, Optional.of(a.provider()), x.actual()));
  }

  private void delivered(DeliveryEvent e) {
    if (e.price().isEmpty() || e.attemptId().isEmpty()) {
      return;
    }
    Money price = e.price().get();
    Optional<CostLedger.AttemptCost> updated = ledger.update(e.attemptId().get(), x -> new CostLedger.AttemptCost(x.attemptId(),
        x.alertId(), x.recipientId(), x.channel(), x.estimate(), x.decision(), x.reason(),
        x.status() == CostLedger.Status.NOT_SENT ? x.status() : CostLedger.Status.SENT, x.provider().or(() -> Optional.of(e.provider())),
        Optional.of(price)));
    if (updated.isPresent() && updated.get().counts()) {
      if (price.currency().equals(estimator.prices().currency())) {
        store.settle(e.attemptId().get(), price.amount());
      } else {
        LOG.warn("attempt {}: provider price {} is not in the budget currency {}; the estimate stays counted", e.attemptId().get(), price,
            estimator.prices().currency());
      }
    }
  }

  @Override
  public String toString() {
    return "CostControl{" + budgets + ", policies=" + policies + ", zone=" + zone + ", store=" + store + "}";
  }

  private final class Guard implements ComplianceGuard {
    @Override
    public String name() {
      return GUARD_NAME;
    }

    @Override
    public Verdict check(OutboundMessage message, Instant now) {
      return CostControl.this.check(message, now);
    }

    @Override
    public String toString() {
      return "CostControl.guard";
    }
  }

  private final class Listener implements AlertListener {
    @Override
    public void onEvent(AlertEvent event) {
      if (event instanceof AttemptFinished) {
        AttemptFinished f = (AttemptFinished) event;
        finished(f.alert(), f.recipient().id(), f.attempt());
      } else if (event instanceof DeliveryUpdated) {
        delivered(((DeliveryUpdated) event).delivery());
      }
    }

    @Override
    public String toString() {
      return "CostControl.listener";
    }
  }

  /** Builds a {@link CostControl}. Not thread-safe. */
  public static final class Builder {
    private CostEstimator estimator;
    private ZoneId zone = ZoneId.of("UTC");
    private final List<Budget> budgets = new ArrayList<>();
    private final Map<Severity, BudgetPolicy> policies = new EnumMap<>(Severity.class);
    private BudgetStore store;
    private Clock clock = Clock.systemUTC();
    private final Map<String, Set<Channel>> categories = new LinkedHashMap<>();
    private int ledgerCapacity = 10_000;

    private Builder() {
      policies.put(Severity.INFO, BudgetPolicy.DOWNGRADE);
      policies.put(Severity.WARNING, BudgetPolicy.DOWNGRADE);
      policies.put(Severity.CRITICAL, BudgetPolicy.ALLOW);
      categories.put("twilio:sms", EnumSet.of(Channel.SMS));
      categories.put("twilio:calls", EnumSet.of(Channel.VOICE));
      categories.put("twilio:totalprice", EnumSet.of(Channel.SMS, Channel.VOICE, Channel.WHATSAPP));
    }

    /**
     * Prices from a table, with the default estimator assumptions.
     *
     * @param prices the table
     * @return this builder
     * @throws ValidationException when null
     */
    public Builder prices(PriceTable prices) {
      this.estimator = CostEstimator.of(Checks.notNull("cost.prices", prices));
      return this;
    }

    /**
     * Prices and assumptions from an estimator.
     *
     * @param estimator the estimator
     * @return this builder
     */
    public Builder estimator(CostEstimator estimator) {
      this.estimator = estimator;
      return this;
    }

    /**
     * @param zone where days and months of budgets begin (default UTC)
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /**
     * Adds a budget.
     *
     * @param budget the budget
     * @return this builder
     * @throws ValidationException when null or its name is used already
     */
    public Builder budget(Budget budget) {
      Checks.notNull("cost.budget", budget);
      if (budgets.stream().anyMatch(b -> b.name().equals(budget.name()))) {
        throw new ValidationException("cost.budget", "two budgets are named '" + budget.name() + "'");
      }
      budgets.add(budget);
      return this;
    }

    /**
     * Sets what happens when a message of a severity would exceed a budget.
     *
     * @param severity the severity
     * @param policy the policy
     * @return this builder
     * @throws ValidationException when null
     */
    public Builder onExceeded(Severity severity, BudgetPolicy policy) {
      policies.put(Checks.notNull("cost.onExceeded.severity", severity), Checks.notNull("cost.onExceeded.policy", policy));
      return this;
    }

    /**
     * @param store where spend is counted (default: in memory, per process)
     * @return this builder
     */
    public Builder store(BudgetStore store) {
      this.store = store;
      return this;
    }

    /**
     * @param clock the client's clock (budget periods, hard stop expiry)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Names a usage category a hard stop can switch on, and the channels it stops.
     *
     * @param category e.g. {@code "twilio:sms"}
     * @param channels the channels it stops
     * @return this builder
     * @throws ValidationException when the category is blank or no channel is given
     */
    public Builder usageCategory(String category, Channel... channels) {
      Checks.singleLine("cost.usageCategory", category, 100);
      if (channels == null || channels.length == 0) {
        throw new ValidationException("cost.usageCategory[" + category + "]", "needs at least one channel");
      }
      Set<Channel> set = EnumSet.noneOf(Channel.class);
      for (Channel c : channels) {
        set.add(Checks.notNull("cost.usageCategory[" + category + "].channels", c));
      }
      categories.put(category, set);
      return this;
    }

    /**
     * @param alerts how many alerts the ledger remembers (default 10,000), 1..10,000,000
     * @return this builder
     * @throws ValidationException when out of range
     */
    public Builder ledgerCapacity(int alerts) {
      this.ledgerCapacity = Checks.range("cost.ledgerCapacity", alerts, 1, 10_000_000);
      return this;
    }

    /**
     * Builds it.
     *
     * @return the cost control
     * @throws ValidationException when prices are missing or a value is null
     */
    public CostControl build() {
      Checks.notNull("cost.prices", estimator);
      Checks.notNull("cost.zone", zone);
      Checks.notNull("cost.clock", clock);
      if (store == null) {
        store = new InMemoryBudgetStore();
      }
      return new CostControl(this);
    }
  }
}
