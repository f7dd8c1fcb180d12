package dev.alertkit;

import dev.alertkit.cost.CostControl;
import dev.alertkit.cost.CostEstimator;
import dev.alertkit.cost.PriceTable;
import dev.alertkit.incident.AckChannel;
import dev.alertkit.incident.AckLinkPages;
import dev.alertkit.incident.AckLinks;
import dev.alertkit.incident.AckResult;
import dev.alertkit.incident.EscalationPolicy;
import dev.alertkit.incident.IncidentHandle;
import dev.alertkit.incident.Incidents;
import dev.alertkit.internal.Bulkhead;
import dev.alertkit.internal.Engine;
import dev.alertkit.internal.FailsafeProviderCaller;
import dev.alertkit.internal.InMemoryAlertStateStore;
import dev.alertkit.internal.InMemoryDispatchJournal;
import dev.alertkit.internal.InMemoryIncidentStore;
import dev.alertkit.internal.InMemoryTimerService;
import dev.alertkit.internal.IncidentEngine;
import dev.alertkit.internal.Listeners;
import dev.alertkit.internal.Timers;
import dev.alertkit.spi.AlertStateStore;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.ComplianceGuard;
import dev.alertkit.spi.ContactCheck;
import dev.alertkit.spi.DeliveryStore;
import dev.alertkit.spi.DispatchJournal;
import dev.alertkit.spi.IncidentStore;
import dev.alertkit.spi.ProviderContext;
import dev.alertkit.spi.TimerService;
import dev.alertkit.spi.support.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door: raise an {@link Alert} once and it reaches its recipients over the channels the
 * {@link RoutingPolicy} plans, through the configured providers. Thread-safe; build one per application and
 * close it on shutdown.
 *
 * <pre>{@code
 * try (AlertClient client = AlertClient.builder()
 *         .provider(smsProvider)
 *         .provider(emailProvider)
 *         .routing(RoutingPolicy.builder()
 *             .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
 *             .otherwise(Rule.deliver(Channel.EMAIL))
 *             .build())
 *         .build()) {
 *   DispatchReport report = client.send(alert);                        // blocks until every recipient has an outcome
 *   CompletableFuture<DispatchReport> later = client.sendAsync(alert); // same behaviour, without blocking
 * }
 * }</pre>
 *
 * <p>The client owns what it creates (its executor and scheduler) and the providers it is given, and releases
 * them in {@link #close()}. Executors and schedulers passed in by the caller stay the caller's.
 */
public final class AlertClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertClient.class);

  private final Engine engine;
  private final FailsafeProviderCaller caller;
  private final List<ChannelProvider> providers;
  private final List<ContactCheck> contactChecks;
  private final ExecutorService ownedExecutor;
  private final ScheduledExecutorService ownedScheduler;
  private final Duration closeTimeout;
  private final int maxPendingAlerts;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RoutingPolicy routing;
  private final DeliveryTracker deliveryTracker;
  private final IncidentEngine incidents;
  private final TimerService timers;
  private final Clock clock;

  private AlertClient(Builder b, Engine engine, FailsafeProviderCaller caller, ExecutorService ownedExecutor,
      ScheduledExecutorService ownedScheduler) {
    this.engine = engine;
    this.caller = caller;
    this.providers = List.copyOf(b.providers);
    this.contactChecks = List.copyOf(b.contactChecks);
    this.ownedExecutor = ownedExecutor;
    this.ownedScheduler = ownedScheduler;
    this.closeTimeout = b.closeTimeout;
    this.maxPendingAlerts = b.maxPendingAlerts;
    this.routing = b.routing;
    this.deliveryTracker = b.builtTracker;
    this.incidents = b.builtIncidents;
    this.timers = b.builtTimers;
    this.clock = b.clock;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends an alert and waits until every recipient has an outcome (deferred recipients report
   * {@link Outcome#DEFERRED} and finish later with a {@link dev.alertkit.event.DeferredCompleted} event).
   *
   * @param alert the alert
   * @return the report: one outcome per recipient, every attempt, every skip with its reason
   * @throws NullPointerException when alert is null
   * @throws AlertRejectedException when the client is closed or at capacity ({@code maxPendingAlerts})
   * @throws DispatchInterruptedException when the calling thread is interrupted while waiting
   */
  public DispatchReport send(Alert alert) {
    // Planning, guards and the first request run on this thread (no hand-off); waits and retries use the executor.
    CompletableFuture<DispatchReport> f = caller.callerRuns(() -> sendAsync(alert));
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DispatchInterruptedException(alert.id(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("dispatch of alert " + alert.id() + " failed unexpectedly", e.getCause());
    }
  }

  /**
   * Sends an alert without blocking. Behaves exactly like {@link #send}. Cancelling the returned future does
   * not stop the dispatch.
   *
   * @param alert the alert
   * @return a future that completes with the report; it never completes exceptionally
   * @throws NullPointerException when alert is null
   * @throws AlertRejectedException when the client is closed or at capacity ({@code maxPendingAlerts})
   */
  public CompletableFuture<DispatchReport> sendAsync(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    if (closed.get()) {
      throw new AlertRejectedException("the AlertClient is closed; alert " + alert.id() + " was not sent");
    }
    if (pending.incrementAndGet() > maxPendingAlerts) {
      pending.decrementAndGet();
      throw new AlertRejectedException("the AlertClient already has " + maxPendingAlerts
          + " alerts pending (maxPendingAlerts); alert " + alert.id() + " was not sent. Slow down or raise the limit.");
    }
    if (closed.get()) {
      pending.decrementAndGet();
      throw new AlertRejectedException("the AlertClient is closed; alert " + alert.id() + " was not sent");
    }
    CompletableFuture<DispatchReport> f = engine.dispatch(alert);
    f.whenComplete((r, e) -> pending.decrementAndGet());
    return f.copy();
  }

  /**
   * Submits an alert for dispatch and returns once it is taken. With a durable {@link DispatchJournal} and
   * {@link TimerService} (alert-jdbc's {@code JdbcStores.dispatchJournal()} and {@code timerService()}), the alert is
   * first stored in the database and dispatched from there by whichever instance picks it: if this instance dies,
   * another one (or this one after a restart) finishes the dispatch, and a recipient whose request may already have
   * left is reported as possibly sent, not paged again (unless {@link Builder#resendAmbiguousOnResume}). Without
   * them, the alert is dispatched at once in memory, exactly as {@link #sendAsync} does ({@link Submission#durable()}
   * says which). Either way the outcome arrives as a {@link dev.alertkit.event.DispatchCompleted} event.
   *
   * <p>A durable submission is identified by the alert id: submitting the same id again while it is pending replaces
   * it; after it finished, its recorded outcomes are reported again and nobody is paged again (within the journal's
   * retention).
   *
   * @param alert the alert
   * @return what was taken
   * @throws NullPointerException when alert is null
   * @throws AlertRejectedException when the client is closed, at capacity (in memory: {@code maxPendingAlerts}), when
   *     the alert is too large to store
   *     (more than {@link dev.alertkit.spi.TimerEntry#MAX_PAYLOAD} characters as JSON), or when it could not be stored
   *     (e.g. the database is down; the cause says why) — then nothing was stored and nothing will be sent
   */
  public Submission submit(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    if (closed.get()) {
      throw new AlertRejectedException("the AlertClient is closed; alert " + alert.id() + " was not submitted");
    }
    Instant now = clock.instant();
    if (!engine.durable()) {
      sendAsync(alert);
      return new Submission(alert.id(), now, false);
    }
    try {
      engine.submit(alert);
    } catch (IllegalArgumentException e) {
      throw new AlertRejectedException(e.getMessage() + "; alert " + alert.id() + " was not submitted");
    } catch (RuntimeException e) {
      throw new AlertRejectedException("alert " + alert.id() + " was not submitted: it could not be stored ("
          + e.getClass().getSimpleName() + "); nothing will be sent for it", e);
    }
    return new Submission(alert.id(), now, true);
  }

  /** @return the routing policy in force */
  public RoutingPolicy routing() {
    return routing;
  }

  /**
   * The delivery tracker: the status of every accepted attempt after the provider took it, fed by the providers
   * and by webhook handlers ({@code TwilioWebhooks}, {@code SendGridWebhooks}). It keeps working after
   * {@link #close()}.
   *
   * @return the tracker
   */
  public DeliveryTracker deliveryTracker() {
    return deliveryTracker;
  }

  /**
   * Opens an incident for the alert and pages the policy's first step now; later steps follow while nobody
   * acknowledges (see {@link Incidents#raise}). An alert whose dedup key belongs to an open
   * incident attaches to it instead of starting a second escalation.
   *
   * @param alert the alert (its id becomes the incident id; the policy's targets are paged, not its recipients)
   * @param policy the escalation policy
   * @return the incident's handle
   * @throws NullPointerException when an argument is null
   * @throws ValidationException when the policy uses a channel no provider serves (the message names the step)
   * @throws AlertRejectedException when the client is closed
   */
  public IncidentHandle raise(Alert alert, EscalationPolicy policy) {
    if (closed.get()) {
      throw new AlertRejectedException("the AlertClient is closed; incident for alert " + (alert == null ? "?" : alert.id()) + " was not raised");
    }
    return incidents.raise(alert, policy);
  }

  /**
   * Acknowledges an incident from the application's own UI: no later step starts. The first acknowledgement wins.
   *
   * @param incidentId the incident
   * @param by who acknowledged
   * @return what happened (an acknowledgement after another or after resolve changes nothing and says why)
   * @throws NullPointerException when an argument is null
   */
  public AckResult acknowledge(String incidentId, String by) {
    return incidents.acknowledge(incidentId, by, AckChannel.API);
  }

  /**
   * Resolves an incident: no later step starts.
   *
   * @param incidentId the incident
   * @param by who resolved it
   * @return what happened
   * @throws NullPointerException when an argument is null
   */
  public AckResult resolve(String incidentId, String by) {
    return incidents.resolve(incidentId, by);
  }

  /**
   * Resolves the open incident with a dedup key (the monitored condition cleared).
   *
   * @param dedupKey the key
   * @param by who (or what) resolved it
   * @return what happened
   * @throws NullPointerException when an argument is null
   */
  public AckResult resolveByDedupKey(String dedupKey, String by) {
    return incidents.resolveByDedupKey(dedupKey, by);
  }

  /**
   * The incidents: look-ups and the verified-reply entry points webhook handlers use.
   *
   * @return the incidents of this client
   */
  public Incidents incidents() {
    return incidents;
  }

  /** @return whether {@link #close()} was called */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Stops taking alerts, lets in-flight dispatches finish within the close timeout (retries and rate-limit waits
   * due within it still happen), then reports whatever is left (and every deferred send) as
   * {@link Outcome#NOT_SENT}, withdraws every request still waiting in a provider's bulkhead (it never reaches the
   * provider), aborts every request in flight (it may have reached the provider; its reason says so), cancels
   * retries and waits still scheduled, and releases the executor, scheduler and providers the client owns.
   * Idempotent. See {@code docs/execution-model.md}.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      timers.close(); // no escalation step starts once the client closes
    } catch (RuntimeException e) {
      LOG.warn("timer service failed to close", e);
    }
    try {
      engine.whenIdle().get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("AlertClient closing: {} dispatches still in flight after {}; reporting them NOT_SENT", engine.inFlightCount(), closeTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.warn("AlertClient closing: unexpected dispatch failure", e.getCause());
    }
    engine.abortAll("the AlertClient was closed");
    caller.cancelAll("the AlertClient was closed");
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
    if (ownedScheduler != null) {
      ownedScheduler.shutdownNow();
    }
    Set<ChannelProvider> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (ChannelProvider p : providers) {
      if (seen.add(p)) {
        try {
          p.close();
        } catch (Exception e) {
          LOG.warn("provider {} failed to close", p.name(), e);
        }
      }
    }
    for (ContactCheck c : contactChecks) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.warn("contact check {} failed to close", c.name(), e);
      }
    }
  }

  /** Builds an {@link AlertClient}. Not thread-safe. */
  public static final class Builder {
    private final List<ChannelProvider> providers = new ArrayList<>();
    private final List<ComplianceGuard> guards = new ArrayList<>();
    private CostEstimator estimator;
    private final List<AlertListener> listeners = new ArrayList<>();
    private final List<ContactCheck> contactChecks = new ArrayList<>();
    private RoutingPolicy routing;
    private Dedup dedup;
    private AlertStateStore stateStore;
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private Executor executor;
    private int maxConcurrentSends;
    private int maxQueuedSends = 10_000;
    private Duration maxQueueWait = Duration.ofSeconds(30);
    private int maxDeferredSends = 100_000;
    private int maxPendingAlerts = 10_000;
    private Duration closeTimeout = Duration.ofSeconds(10);
    private boolean failoverOnAmbiguous;
    private DeliveryStore deliveryStore;
    private int deliveryStoreMaxEntries = DeliveryTracker.DEFAULT_MAX_ENTRIES;
    private Duration acknowledgementHorizon = DeliveryTracker.DEFAULT_ACKNOWLEDGEMENT_HORIZON;
    private DeliveryTracker builtTracker;
    private Resilience resilience = Resilience.defaults();
    private TimerService timerService;
    private IncidentStore incidentStore;
    private AckLinks ackLinks;
    private java.util.Random replyCodeRandom;
    private final List<EscalationPolicy> policies = new ArrayList<>();
    private IncidentEngine builtIncidents;
    private TimerService builtTimers;
    private DispatchJournal dispatchJournal;
    private boolean resendAmbiguousOnResume;

    private Builder() {}

    /**
     * Sets where resumable dispatches record their requests and outcomes (default: in memory). With a durable journal
     * and a durable {@link #timers timer service} (alert-jdbc), {@link AlertClient#submit} stores alerts before it
     * returns and deferred sends survive restarts; a durable timer service requires a durable journal.
     *
     * @param journal the journal
     * @return this builder
     * @throws ValidationException when journal is null
     */
    public Builder dispatchJournal(DispatchJournal journal) {
      this.dispatchJournal = Checks.notNull("dispatchJournal", journal);
      return this;
    }

    /**
     * Whether a resumed dispatch (after the instance running it died) sends again to a recipient whose request had
     * started but whose answer was not recorded (default false: it is reported as possibly sent, not resent, since a
     * page sent twice is worse than a report that says "may have been sent").
     *
     * @param resend whether to resend
     * @return this builder
     */
    public Builder resendAmbiguousOnResume(boolean resend) {
      this.resendAmbiguousOnResume = resend;
      return this;
    }

    /**
     * Sets where timers live: escalation steps, as data (default: in memory on the client's clock, scheduler and
     * executor). The client registers its handlers, starts the service when built and closes it in {@link #close()}.
     *
     * @param timers the timer service (not yet started)
     * @return this builder
     * @throws ValidationException when timers is null
     */
    public Builder timers(TimerService timers) {
      this.timerService = Checks.notNull("timers", timers);
      return this;
    }

    /**
     * Sets where incidents live (default: in memory, at most 100,000, resolved ones forgotten first). Share a store
     * between instances so that an acknowledgement on one stops the escalation on another.
     *
     * @param store the store
     * @return this builder
     * @throws ValidationException when store is null
     */
    public Builder incidentStore(IncidentStore store) {
      this.incidentStore = Checks.notNull("incidentStore", store);
      return this;
    }

    /**
     * Puts signed acknowledgement links into e-mail (and into SMS to India, where replies are impossible); serve
     * them with {@link AckLinkPages}.
     *
     * @param links the links
     * @return this builder
     * @throws ValidationException when links is null
     */
    public Builder ackLinks(AckLinks links) {
      this.ackLinks = Checks.notNull("ackLinks", links);
      return this;
    }

    /**
     * Registers an escalation policy at build time, so that incidents a durable store and timer service bring back
     * after a restart find it by name ({@code raise} registers its policy too). Validated against the providers.
     *
     * @param policy the policy
     * @return this builder
     * @throws ValidationException when policy is null
     */
    public Builder escalationPolicy(EscalationPolicy policy) {
      policies.add(Checks.notNull("escalationPolicy", policy));
      return this;
    }

    /**
     * Sets the randomness of SMS/WhatsApp reply codes (default: a {@link java.security.SecureRandom}); tests pass
     * a seeded one.
     *
     * @param random the source
     * @return this builder
     * @throws ValidationException when random is null
     */
    public Builder replyCodeRandom(java.util.Random random) {
      this.replyCodeRandom = Checks.notNull("replyCodeRandom", random);
      return this;
    }

    /**
     * Sets how provider requests are protected: retries, circuit breakers, rate limits, timeouts, retry budget
     * (default {@link Resilience#defaults()}; {@link Resilience#none()} makes exactly one request per message).
     *
     * @param resilience the settings
     * @return this builder
     * @throws ValidationException when resilience is null
     */
    public Builder resilience(Resilience resilience) {
      this.resilience = Checks.notNull("resilience", resilience);
      return this;
    }

    /**
     * Adds a provider. Several providers for one channel form its failover order, in the order added: the next
     * takes over when one fails for a provider-side reason (outage, auth, throttling) but not when the recipient
     * or the content is the problem. The client closes its providers when it is closed.
     *
     * @param provider the provider
     * @return this builder
     * @throws ValidationException when provider is null
     */
    public Builder provider(ChannelProvider provider) {
      providers.add(Checks.notNull("providers", provider));
      return this;
    }

    /**
     * Sets the routing policy. Default: one rule sending over each served channel in turn, in the order the
     * providers were added.
     *
     * @param routing the policy
     * @return this builder
     * @throws ValidationException when routing is null
     */
    public Builder routing(RoutingPolicy routing) {
      this.routing = Checks.notNull("routing", routing);
      return this;
    }

    /**
     * Prices every attempt with the default estimator assumptions: see {@link #prices(CostEstimator)}.
     *
     * @param prices the price table
     * @return this builder
     * @throws ValidationException when prices is null
     */
    public Builder prices(PriceTable prices) {
      this.estimator = CostEstimator.of(Checks.notNull("prices", prices));
      return this;
    }

    /**
     * Prices every attempt: each message that reaches a provider carries its estimate ({@link Attempt#cost()}),
     * computed after the compliance guards on the message exactly as it is sent (SMS segments, voice minutes), and
     * each report totals the attempts that may have been charged ({@link DispatchReport#cost()}). With a
     * {@link CostControl}, pass {@code cost.estimator()} so the report and the ledger agree.
     * Without prices, attempts carry no estimate.
     *
     * @param estimator the estimator (its price table and voice assumptions)
     * @return this builder
     * @throws ValidationException when estimator is null
     */
    public Builder prices(CostEstimator estimator) {
      this.estimator = Checks.notNull("prices", estimator);
      return this;
    }

    /**
     * Adds a compliance guard (e.g. India DLT), run on every outbound message before its provider is called.
     *
     * @param guard the guard
     * @return this builder
     * @throws ValidationException when guard is null
     */
    public Builder compliance(ComplianceGuard guard) {
      guards.add(Checks.notNull("compliance", guard));
      return this;
    }

    /**
     * Adds a reachability check run while each dispatch is planned, before any provider is called: e.g. the Twilio
     * module's line-type check (a landline is skipped for SMS and WhatsApp) or the SendGrid module's suppression
     * check. A channel a check refuses is skipped with the check's reason and routing moves on; a check that fails
     * never blocks a send (it is tried as usual). Checks run in the order added; the client closes them when it is
     * closed.
     *
     * @param check the check
     * @return this builder
     * @throws ValidationException when check is null
     */
    public Builder contactCheck(ContactCheck check) {
      contactChecks.add(Checks.notNull("contactChecks", check));
      return this;
    }

    /**
     * Suppresses repeated alerts with the same dedup key (default: no dedup).
     *
     * @param dedup the dedup policy
     * @return this builder
     * @throws ValidationException when dedup is null
     */
    public Builder dedup(Dedup dedup) {
      this.dedup = Checks.notNull("dedup", dedup);
      return this;
    }

    /**
     * Sets where dedup state lives (default: in memory, at most 100,000 keys).
     *
     * @param store the store
     * @return this builder
     * @throws ValidationException when store is null
     */
    public Builder stateStore(AlertStateStore store) {
      this.stateStore = Checks.notNull("stateStore", store);
      return this;
    }

    /**
     * Sets where delivery tracking state lives (default: in memory, at most {@link #deliveryStoreMaxEntries}
     * attempts, oldest evicted first). Share a store between instances when webhooks may land on another node.
     *
     * @param store the store
     * @return this builder
     * @throws ValidationException when store is null
     */
    public Builder deliveryStore(DeliveryStore store) {
      this.deliveryStore = Checks.notNull("deliveryStore", store);
      return this;
    }

    /**
     * Sets how many attempts the default in-memory delivery store keeps before evicting the oldest (default
     * 100,000). Ignored when a {@link #deliveryStore} is set.
     *
     * @param max 1 to 100,000,000
     * @return this builder
     * @throws ValidationException when outside 1..100,000,000
     */
    public Builder deliveryStoreMaxEntries(int max) {
      this.deliveryStoreMaxEntries = Checks.range("deliveryStoreMaxEntries", max, 1, 100_000_000);
      return this;
    }

    /**
     * Sets how long after an attempt was sent a "press 1" (or any acknowledgement) for it is still applied by the
     * client's delivery tracker (default 24 hours); later ones are refused, so a captured acknowledgement replayed
     * after its dedup key was forgotten changes nothing.
     *
     * @param horizon 1 minute to 30 days
     * @return this builder
     * @throws ValidationException when null or outside 1 minute to 30 days
     */
    public Builder acknowledgementHorizon(Duration horizon) {
      this.acknowledgementHorizon = Checks.range("acknowledgementHorizon", horizon, Duration.ofMinutes(1), Duration.ofDays(30));
      return this;
    }

    /**
     * Sets the clock used for every time decision (default: system UTC). Tests pass a manual clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws ValidationException when clock is null
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * Sets the scheduler for deferred sends and retry waits (default: one daemon thread the client owns). Tests
     * pass a manual scheduler driven by the manual clock. A scheduler passed here is not shut down by the client.
     *
     * @param scheduler the scheduler
     * @return this builder
     * @throws ValidationException when scheduler is null
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Checks.notNull("scheduler", scheduler);
      return this;
    }

    /**
     * Sets the executor that runs provider requests of {@code sendAsync}, retries, waits that ended and deferred
     * sends (default: a pool of daemon threads the client owns, without a queue: requests wait in their provider's
     * bulkhead, where they can be withdrawn, and the bulkheads bound how many run). A blocking {@code send} makes its
     * first request on the caller's thread. Pass an executor that does not queue, e.g.
     * {@code Executors.newVirtualThreadPerTaskExecutor()} on JDK 21+ (alertkit holds no monitor while a request
     * runs, so virtual threads are not pinned), or {@code Runnable::run} to run everything on the calling thread
     * (tests). An executor passed here is not shut down by the client.
     *
     * @param executor the executor
     * @return this builder
     * @throws ValidationException when executor is null
     */
    public Builder executor(Executor executor) {
      this.executor = Checks.notNull("executor", executor);
      return this;
    }

    /**
     * Sets how many requests may be in flight to each provider at once: the size of every provider's bulkhead
     * (default: what the provider declares in {@link ChannelProvider#maxConcurrency()}, e.g. the Twilio module's
     * connection pool size, 100). Each provider has its own bulkhead, so a stalled provider never holds up another.
     *
     * @param max 1 to 10,000
     * @return this builder
     * @throws ValidationException when outside 1..10,000
     */
    public Builder maxConcurrentSends(int max) {
      this.maxConcurrentSends = Checks.range("maxConcurrentSends", max, 1, 10_000);
      return this;
    }

    /**
     * Sets how many requests may wait in each provider's bulkhead (default 10,000). Beyond that a request fails at
     * once as a provider-side failure that was never sent ("the bulkhead of ... is full"), so failover and fallback
     * proceed immediately on other providers.
     *
     * @param max 1 to 10,000,000
     * @return this builder
     * @throws ValidationException when outside 1..10,000,000
     */
    public Builder maxQueuedSends(int max) {
      this.maxQueuedSends = Checks.range("maxQueuedSends", max, 1, 10_000_000);
      return this;
    }

    /**
     * Sets how long a request may wait in its provider's bulkhead before it is withdrawn, never sent (default 30 s;
     * also bounded by the alert's deadline). The per-request timeout ({@link Resilience}) starts only when the
     * request leaves, so waiting here never makes a sent request look timed out.
     *
     * @param wait positive, at most 1 day
     * @return this builder
     * @throws ValidationException when null, not positive or above 1 day
     */
    public Builder maxQueueWait(Duration wait) {
      if (wait == null || wait.isZero() || wait.isNegative() || wait.compareTo(Duration.ofDays(1)) > 0) {
        throw new ValidationException("maxQueueWait", "must be positive and at most 1 day (was " + wait + ")");
      }
      this.maxQueueWait = wait;
      return this;
    }

    /**
     * Sets how many sends deferred by quiet hours may wait at once (default 100,000). Beyond that a send that would
     * be deferred ends {@link Outcome#NOT_SENT} with a reason naming this limit; nothing is held without bound.
     *
     * @param max 1 to 10,000,000
     * @return this builder
     * @throws ValidationException when outside 1..10,000,000
     */
    public Builder maxDeferredSends(int max) {
      this.maxDeferredSends = Checks.range("maxDeferredSends", max, 1, 10_000_000);
      return this;
    }

    /**
     * Sets how many alerts may be in dispatch at once (default 10,000); beyond that {@code send} and
     * {@code sendAsync} throw {@link AlertRejectedException} instead of queueing without bound.
     *
     * @param max 1 to 10,000,000
     * @return this builder
     * @throws ValidationException when outside 1..10,000,000
     */
    public Builder maxPendingAlerts(int max) {
      this.maxPendingAlerts = Checks.range("maxPendingAlerts", max, 1, 10_000_000);
      return this;
    }

    /**
     * Sets how long {@link #close()} waits for in-flight dispatches before reporting them NOT_SENT (default 10 s).
     *
     * @param timeout zero or positive
     * @return this builder
     * @throws ValidationException when null or negative
     */
    public Builder closeTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative()) {
        throw new ValidationException("closeTimeout", "must be zero or positive (was " + timeout + ")");
      }
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * Lets the next provider of a channel take over after an ambiguous failure of the previous one (default:
     * off, because the first provider may have sent the message and the person would get it twice).
     *
     * @param allow whether to fail over
     * @return this builder
     */
    public Builder failoverOnAmbiguous(boolean allow) {
      this.failoverOnAmbiguous = allow;
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     * @throws ValidationException when listener is null
     */
    public Builder listener(AlertListener listener) {
      listeners.add(Checks.notNull("listener", listener));
      return this;
    }

    /**
     * Validates and builds the client.
     *
     * @return the client
     * @throws ValidationException when no provider is given, two providers share a name, a provider serves no
     *     channel, or the routing policy plans a channel no provider serves (the message names the channel)
     */
    public AlertClient build() {
      if (providers.isEmpty()) {
        throw new ValidationException("providers", "at least one ChannelProvider is required; add .provider(...)");
      }
      if (timerService != null && timerService.durable() && (dispatchJournal == null || !dispatchJournal.durable())) {
        throw new ValidationException("dispatchJournal", "a durable timer service needs a durable dispatch journal: a timer "
            + "that sends may run again after a crash, and the journal keeps it from paging twice; add "
            + ".dispatchJournal(stores.dispatchJournal())");
      }
      Map<Channel, List<ChannelProvider>> byChannel = new EnumMap<>(Channel.class);
      Set<String> names = new HashSet<>();
      Set<Channel> order = new LinkedHashSet<>();
      for (ChannelProvider p : providers) {
        String name = p.name();
        if (name == null || name.isBlank()) {
          throw new ValidationException("providers", p.getClass().getName() + " has no name");
        }
        if (!names.add(name)) {
          throw new ValidationException("providers[" + name + "]", "another provider has the same name; names must be unique");
        }
        Set<Channel> channels = p.channels();
        if (channels == null || channels.isEmpty()) {
          throw new ValidationException("providers[" + name + "]", "serves no channel");
        }
        for (Channel c : Channel.values()) {
          if (channels.contains(c)) {
            byChannel.computeIfAbsent(c, k -> new ArrayList<>()).add(p);
            order.add(c);
          }
        }
      }
      RoutingPolicy policy = routing;
      if (policy == null) {
        List<Channel> rest = new ArrayList<>(order);
        rest.remove(0);
        Rule def = Rule.deliver(order.iterator().next());
        for (Channel c : rest) {
          def = def.thenFallbackTo(c);
        }
        policy = RoutingPolicy.builder().otherwise(def.named("default")).build();
      } else {
        for (Rule r : policy.rules()) {
          checkServed(r, byChannel);
        }
        checkServed(policy.otherwise(), byChannel);
      }

      ExecutorService ownedExecutor = null;
      Executor exec = executor;
      if (exec == null) {
        // No queue here: requests wait in their provider's bulkhead (where they can be withdrawn), and the bulkheads
        // bound how many run at once, so this pool holds at most the sum of the bulkheads' permits (plus timer work).
        ThreadPoolExecutor tpe = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), threads("alertkit-send-"));
        ownedExecutor = tpe;
        exec = tpe;
      }
      ScheduledExecutorService ownedScheduler = null;
      ScheduledExecutorService sched = scheduler;
      if (sched == null) {
        ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1, threads("alertkit-scheduler-"));
        stpe.setRemoveOnCancelPolicy(true);
        ownedScheduler = stpe;
        sched = stpe;
      }
      Engine.Settings s = new Engine.Settings();
      s.providers = byChannel;
      s.guards = List.copyOf(guards);
      s.estimator = java.util.Optional.ofNullable(estimator);
      s.routing = policy;
      s.dedup = dedup;
      s.stateStore = stateStore != null ? stateStore : new InMemoryAlertStateStore(100_000);
      s.clock = clock;
      Timers timers = new Timers(sched, exec);
      s.timers = timers;
      s.maxDeferredSends = maxDeferredSends;
      TimerService timerSvc = timerService != null ? timerService
          : new InMemoryTimerService(clock, sched, exec);
      IncidentEngine incidentEngine = new IncidentEngine(
          incidentStore != null ? incidentStore : new InMemoryIncidentStore(100_000), timerSvc, clock,
          new Listeners(listeners), byChannel.keySet(), java.util.Optional.ofNullable(ackLinks),
          replyCodeRandom != null ? replyCodeRandom : new java.security.SecureRandom(), 5, Duration.ofMinutes(15));
      for (EscalationPolicy p : policies) {
        incidentEngine.register(p);
      }
      DeliveryTracker.Builder tb = DeliveryTracker.builder().maxEntries(deliveryStoreMaxEntries).clock(clock)
          .acknowledgementHorizon(acknowledgementHorizon);
      if (deliveryStore != null) {
        tb.store(deliveryStore);
      }
      listeners.forEach(tb::listener);
      tb.listener(incidentEngine);
      DeliveryTracker tracker = tb.build();
      List<AlertListener> withTracker = new ArrayList<>();
      withTracker.add(tracker.attemptRecorder());
      withTracker.addAll(listeners);
      s.listener = new Listeners(withTracker);
      this.builtTracker = tracker;
      Executor sendExecutor = exec;
      int concurrency = maxConcurrentSends;
      int queue = maxQueuedSends;
      Duration queueWait = maxQueueWait;
      FailsafeProviderCaller caller = new FailsafeProviderCaller(timers,
          p -> new Bulkhead(p.name(), concurrency > 0 ? concurrency : Math.max(1, p.maxConcurrency()), queue, queueWait, sendExecutor, timers),
          clock, resilience, s.listener);
      s.caller = caller;
      s.failoverOnAmbiguous = failoverOnAmbiguous;
      s.contactChecks = List.copyOf(contactChecks);
      s.journal = dispatchJournal != null ? dispatchJournal : new InMemoryDispatchJournal(10_000);
      s.timerService = timerSvc;
      s.resendAmbiguousOnResume = resendAmbiguousOnResume;
      this.routing = policy;
      this.builtIncidents = incidentEngine;
      this.builtTimers = timerSvc;
      Engine engine = new Engine(s);
      engine.registerTimers(timerSvc);
      AlertClient client = new AlertClient(this, engine, caller, ownedExecutor, ownedScheduler);
      incidentEngine.bind(client::sendAsync);
      timerSvc.start();
      Clock c = clock;
      ProviderContext context = new ProviderContext() {
        @Override
        public Clock clock() {
          return c;
        }

        @Override
        public void deliveryEvent(DeliveryEvent event) {
          tracker.record(java.util.Objects.requireNonNull(event, "event"));
        }
      };
      for (ChannelProvider p : providers) {
        p.attach(context);
      }
      return client;
    }

    private static void checkServed(Rule r, Map<Channel, List<ChannelProvider>> byChannel) {
      for (List<Channel> tier : r.tiers()) {
        for (Channel c : tier) {
          if (!byChannel.containsKey(c)) {
            throw new ValidationException("routing.rules[" + r.name().orElse("?") + "]",
                "plans " + c + " but no provider serves " + c + "; add a provider for " + c + " or remove it from the rule");
          }
        }
      }
    }


    private static ThreadFactory threads(String prefix) {
      AtomicInteger n = new AtomicInteger();
      return r -> {
        Thread t = new Thread(r, prefix + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
    }
  }
}
