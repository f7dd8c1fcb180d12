package dev.alertkit.internal;

import dev.alertkit.AlertListener;
import dev.alertkit.RateLimit;
import dev.alertkit.Resilience;
import dev.alertkit.Recipient;
import dev.alertkit.event.AttemptStarted;
import dev.alertkit.event.CircuitStateChanged;
import dev.alertkit.event.RateLimited;
import dev.alertkit.event.RetrySkipped;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.util.function.Function;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Calls providers through the {@link Resilience} policies: per request, a circuit breaker per provider (Failsafe,
 * count-based, half-opening on the client's clock), a rate limit per provider and sender (waiting on the client's
 * scheduler), and a timeout (on the client's scheduler); around the requests of one message, a Failsafe
 * {@link RetryPolicy} that retries only what is safe (or opted in), with backoff and jitter or the provider's
 * Retry-After, within max attempts, max duration, the alert's deadline and the provider's retry budget.
 *
 * <p>Nothing blocks a thread: requests run on the client's executor; every wait (backoff, Retry-After, rate limit,
 * timeout) is a task on the client's scheduler, adapted for Failsafe by {@link ClientScheduler}. Failsafe's own
 * {@code Timeout} and {@code RateLimiter} are not used: in Failsafe 3.3.2 an async {@code Timeout} always waits on
 * Failsafe's shared default scheduler, and both measure time with {@code System.nanoTime()}, so neither would follow
 * the client's clock and scheduler.
 *
 * <p>A batch whose messages get different answers is retried for the retryable messages only; a message once
 * answered ambiguously stays ambiguous in the final result (so that no failover resends it), even if a retry it was
 * opted into then failed otherwise. The returned future never completes exceptionally. Thread-safe.
 */
public final class FailsafeProviderCaller implements ProviderCaller {
  private static final Logger LOG = LoggerFactory.getLogger(FailsafeProviderCaller.class);
  /** Failsafe's open delay: effectively never, because half-opening follows the client's clock instead. */
  private static final Duration FAILSAFE_OPEN_DELAY = Duration.ofDays(3650);
  /** Marks a retry not made because of the alert's deadline (the engine then reports NOT_SENT). */
  static final String AFTER_DEADLINE = "would start after the alert's deadline";

  private final Timers timers;
  private final Function<ChannelProvider, Bulkhead> bulkheads;
  private final ThreadLocal<Boolean> callerRuns = new ThreadLocal<>();
  private final ClientScheduler failsafeScheduler;
  private final Clock clock;
  private final Resilience resilience;
  private final AlertListener listener;
  private final Random random;
  private final SenderRateLimiter limiter = new SenderRateLimiter();
  private final ConcurrentMap<String, ProviderState> states = new ConcurrentHashMap<>();
  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
  private volatile String closedReason;

  /**
   * Creates the caller.
   *
   * @param timers where every wait is scheduled (the scheduler fires, the executor runs)
   * @param bulkheads makes the bulkhead of a provider (called once per provider)
   * @param clock the client's clock
   * @param resilience the settings
   * @param listener where events go
   */
  public FailsafeProviderCaller(Timers timers, Function<ChannelProvider, Bulkhead> bulkheads, Clock clock, Resilience resilience,
      AlertListener listener) {
    this.timers = timers;
    this.bulkheads = bulkheads;
    this.failsafeScheduler = new ClientScheduler(timers);
    this.clock = clock;
    this.resilience = resilience;
    this.listener = listener;
    this.random = new Random(resilience.retry().jitterSeed().orElseGet(() -> new java.security.SecureRandom().nextLong()));
  }

  @Override
  public boolean callerRunsHere() {
    return Boolean.TRUE.equals(callerRuns.get());
  }

  /**
   * Runs work with "caller runs" on: a first request that finds a free permit in its provider's bulkhead is made on
   * this thread instead of being handed to the executor (a blocking {@code send} waits anyway).
   *
   * @param work the work
   * @param <T> its result
   * @return its result
   */
  public <T> T callerRuns(java.util.function.Supplier<T> work) {
    Boolean before = callerRuns.get();
    callerRuns.set(Boolean.TRUE);
    try {
      return work.get();
    } finally {
      if (before == null) {
        callerRuns.remove();
      } else {
        callerRuns.set(before);
      }
    }
  }

  /**
   * Withdraws every request of an alert that has not started and aborts those in flight: the hook for an outcome
   * decided elsewhere (e.g. an incident acknowledged). Withdrawn requests never reach the provider.
   *
   * @param alertId the alert
   * @param reason why
   */
  @Override
  public void withdraw(String alertId, String reason) {
    for (Call c : List.copyOf(inFlight)) {
      if (c.first().alert().id().equals(alertId)) {
        c.withdraw(reason);
      }
    }
  }

  /** @return the bulkheads made so far (for diagnostics and tests) */
  public List<Bulkhead> bulkheads() {
    List<Bulkhead> out = new ArrayList<>();
    for (ProviderState ps : states.values()) {
      out.add(ps.bulkhead);
    }
    return out;
  }

  /** @return how many calls are in flight (waiting for an answer, a retry or a rate-limit slot) */
  public int inFlightCount() {
    return inFlight.size();
  }

  /**
   * The circuit state of a provider, for tests and diagnostics.
   *
   * @param provider the provider name
   * @return {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}; {@code CLOSED} when it has no breaker or was never called
   */
  public String circuitState(String provider) {
    ProviderState ps = states.get(provider);
    return ps == null || ps.breaker == null ? "CLOSED" : ps.breaker.getState().name();
  }

  /**
   * Stops everything in flight: pending retries and rate-limit waits are cancelled (their messages end with the
   * last failure, amended with the reason) and later calls make no request.
   *
   * @param reason why, e.g. "the AlertClient was closed"
   */
  public void cancelAll(String reason) {
    closedReason = reason;
    for (ProviderState ps : states.values()) {
      ps.bulkhead.close(reason);
    }
    for (Call c : List.copyOf(inFlight)) {
      c.withdraw(reason);
      c.cancel();
    }
  }

  @Override
  public CompletableFuture<CallResult> call(ChannelProvider provider, List<OutboundMessage> batch, Events events) {
    ProviderState ps = states.computeIfAbsent(provider.name(), n -> new ProviderState(n, bulkheads.apply(provider)));
    Call c = new Call(provider, ps, batch, events, clock.instant(), Boolean.TRUE.equals(callerRuns.get()));
    String closed = closedReason;
    if (closed != null) {
      return CompletableFuture.completedFuture(new CallResult(ProviderInvoker.all(batch.size(),
          Failure.retryable(Failure.Fault.PROVIDER, closed + "; the request was not made").build()), 0, false));
    }
    RetryPolicy<Decision> retry = ps.retry;
    inFlight.add(c);
    CompletableFuture<Decision> f;
    try {
      f = Failsafe.with(retry).with(failsafeScheduler).getStageAsync(ctx -> c.round());
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    c.failsafe = f;
    if (closedReason != null) {
      c.cancel();
    }
    return f.handle((d, e) -> {
      inFlight.remove(c);
      return c.finish(e);
    });
  }

  // ------------------------------------------------------------------------------------------- per provider

  /** What the retry policy decides after each round of requests. */
  private static final class Decision {
    static final Decision DONE = new Decision(false, Duration.ZERO, null);
    final boolean retry;
    final Duration delay;
    final Call call;

    Decision(boolean retry, Duration delay, Call call) {
      this.retry = retry;
      this.delay = delay;
      this.call = call;
    }
  }

  /** The breaker, budget and settings of one provider. */
  private final class ProviderState {
    final String name;
    final Resilience policy;
    /** The breaker's settings, or null when the provider has none. */
    final Resilience.CircuitBreaker circuit;
    final CircuitBreaker<List<SendResult>> breaker;
    final RetryBudget budget;
    final Bulkhead bulkhead;
    /** One retry policy per provider (not per call): the call a retry belongs to travels in the decision. */
    final RetryPolicy<Decision> retry;
    volatile Instant openedAt;
    private CircuitStateChanged.State circuitState = CircuitStateChanged.State.CLOSED;

    ProviderState(String name, Bulkhead bulkhead) {
      this.name = name;
      this.bulkhead = bulkhead;
      this.policy = resilience.forProvider(name);
      this.retry = RetryPolicy.<Decision>builder()
          .handleResultIf(d -> d.retry)
          .abortOn(Throwable.class)
          .withDelayFn(ctx -> ctx.getLastResult().delay)
          .withMaxAttempts(policy.retry().maxAttempts())
          .onRetryScheduled(e -> e.getLastResult().call.retryScheduled(e.getDelay()))
          .build();
      this.budget = policy.retryBudget().map(RetryBudget::new).orElse(null);
      this.circuit = policy.circuitBreaker().orElse(null);
      if (circuit != null) {
        int window = circuit.window();
        int failures = circuit.failureThreshold();
        this.breaker = CircuitBreaker.<List<SendResult>>builder()
            .handleResultIf(results -> !results.isEmpty() && results.stream().allMatch(FailsafeProviderCaller::countsForBreaker))
            .withFailureThreshold(failures, window)
            .withSuccessThreshold(1)
            .withDelay(FAILSAFE_OPEN_DELAY)
            .onOpen(e -> {
              openedAt = clock.instant();
              circuitChanged("OPEN", "after " + breaker().getFailureCount() + " provider-side failures in the last "
                  + window + " requests; next trial at " + openedAt.plus(circuit.openFor()));
            })
            .onHalfOpen(e -> circuitChanged("HALF_OPEN", "letting one trial request through"))
            .onClose(e -> circuitChanged("CLOSED", "the trial request succeeded"))
            .build();
      } else {
        this.breaker = null;
      }
    }

    private CircuitBreaker<List<SendResult>> breaker() {
      return breaker;
    }

    private void circuitChanged(String state, String why) {
      MDC.put(ProviderInvoker.MDC_PROVIDER, name);
      try {
        if ("OPEN".equals(state)) {
          LOG.warn("circuit breaker of provider {} is now {}: {}", name, state, why);
        } else {
          LOG.info("circuit breaker of provider {} is now {}: {}", name, state, why);
        }
      } finally {
        MDC.remove(ProviderInvoker.MDC_PROVIDER);
      }
      CircuitStateChanged.State to = CircuitStateChanged.State.valueOf(state);
      CircuitStateChanged.State from;
      synchronized (this) {
        from = circuitState;
        circuitState = to;
      }
      listener.onEvent(new CircuitStateChanged(clock.instant(), name, from, to));
    }

    /** Half-opens an open circuit whose open period has passed on the client's clock; returns why a request may not go, or null. */
    String openReason(Instant now) {
      if (breaker == null) {
        return null;
      }
      Instant since = openedAt;
      if (breaker.isOpen() && since != null && !now.isBefore(since.plus(circuit.openFor()))) {
        breaker.halfOpen();
      }
      if (breaker.isOpen()) {
        return "circuit open for " + name + " since " + since + "; next trial at " + (since == null ? "?" : since.plus(circuit.openFor()));
      }
      return null;
    }

    String halfOpenBusyReason() {
      Instant since = openedAt;
      return "circuit half-open for " + name + " since " + (since == null ? "?" : since.plus(circuit.openFor()))
          + "; a trial request is in progress";
    }
  }

  private static boolean isProviderFault(SendResult r) {
    return r instanceof SendResult.Rejected && ((SendResult.Rejected) r).failure().fault() == Failure.Fault.PROVIDER;
  }

  /** A provider-side failure other than 429: a provider asking to slow down is up (Retry-After and the limiter handle it). */
  private static boolean countsForBreaker(SendResult r) {
    return isProviderFault(r) && ((SendResult.Rejected) r).failure().httpStatus().orElse(0) != 429;
  }

  private static boolean isAmbiguous(SendResult r) {
    return r instanceof SendResult.Rejected && ((SendResult.Rejected) r).failure().kind() == Failure.Kind.AMBIGUOUS;
  }

  // ------------------------------------------------------------------------------------------- per call

  /** One call: a batch of messages and its rounds of requests. Guarded by its monitor. */
  private final class Call {
    final ChannelProvider provider;
    final ProviderState ps;
    final List<OutboundMessage> batch;
    final Events events;
    final Instant startedAt;
    final SendResult[] latest;
    final boolean[] everAmbiguous;
    final int[] messageRequests;
    final boolean[] messageAmbiguousResends;
    List<Integer> retryIdx = List.of();
    int rounds;
    int requests;
    boolean ambiguousResend;
    volatile CompletableFuture<Decision> failsafe;
    CompletableFuture<Decision> current;
    java.util.concurrent.Future<?> pendingWait;
    RequestJob currentJob;
    final boolean inline;
    final List<Runnable> pendingEvents = new ArrayList<>();

    Call(ChannelProvider provider, ProviderState ps, List<OutboundMessage> batch, Events events, Instant startedAt, boolean inline) {
      this.inline = inline;
      this.provider = provider;
      this.ps = ps;
      this.batch = List.copyOf(batch);
      this.events = events;
      this.startedAt = startedAt;
      this.latest = new SendResult[batch.size()];
      this.everAmbiguous = new boolean[batch.size()];
      this.messageRequests = new int[batch.size()];
      this.messageAmbiguousResends = new boolean[batch.size()];
    }

    OutboundMessage first() {
      return batch.get(0);
    }

    List<Recipient> recipients(List<Integer> idx) {
      List<Recipient> out = new ArrayList<>(idx.size());
      for (int i : idx) {
        out.add(batch.get(i).recipient());
      }
      return out;
    }

    /** One round: the first request, or one retry of the messages still retryable. Called by Failsafe, one at a time. */
    CompletableFuture<Decision> round() {
      CompletableFuture<Decision> promise = new CompletableFuture<>();
      int n;
      List<Integer> idx;
      synchronized (this) {
        n = ++rounds;
        idx = n == 1 ? allIndexes() : retryIdx;
        current = promise;
      }
      Instant now = clock.instant();
      String closed = closedReason;
      if (closed != null) {
        done(promise, local(n, idx, Failure.retryable(Failure.Fault.PROVIDER, closed + "; the request was not made").build()));
        return promise;
      }
      String open = ps.openReason(now);
      if (open != null) {
        done(promise, local(n, idx, Failure.retryable(Failure.Fault.PROVIDER, open).build()));
        return promise;
      }
      String sender = first().sender().orElse(provider.name());
      Optional<RateLimit> limit = ps.policy.rateLimits().forSender(sender);
      if (limit.isPresent()) {
        String key = provider.name() + "|" + sender;
        Optional<Duration> wait = limiter.reserve(key, limit.get(), now);
        if (wait.isEmpty()) {
          String why = "rate limited locally: sender " + sender + " of " + provider.name() + " is limited to " + limit.get().permits()
              + " per " + limit.get().period() + " and its next free slot is at " + limiter.nextFree(key).map(Instant::toString).orElse("?")
              + ", more than " + limit.get().maxWait() + " away";
          logWithMdc(true, "{}", why);
          done(promise, local(n, idx, Failure.retryable(Failure.Fault.PROVIDER, why).build()));
          return promise;
        }
        Duration w = wait.get();
        if (!w.isZero()) {
          logWithMdc(false, "rate limit: waiting {} for the next slot of sender {} of provider {}", w, sender, provider.name());
          listener.onEvent(new RateLimited(clock.instant(), first().alert(), first().channel(), provider.name(), recipients(idx), sender, w));
          try {
            java.util.concurrent.Future<?> sf = timers.schedule(() -> {
              if (!promise.isDone()) {
                send(n, idx, promise);
              }
            }, w);
            synchronized (this) {
              pendingWait = sf;
            }
          } catch (RejectedExecutionException e) {
            done(promise, local(n, idx, Failure.retryable(Failure.Fault.PROVIDER,
                "rate limited locally and the client's scheduler is shut down; the request was not made").build()));
          }
          return promise;
        }
      }
      send(n, idx, promise);
      return promise;
    }

    private List<Integer> allIndexes() {
      List<Integer> all = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        all.add(i);
      }
      return all;
    }

    /** Makes one request for the messages at {@code idx}, with a timeout, on the executor. */
    private void send(int n, List<Integer> idx, CompletableFuture<Decision> promise) {
      if (ps.breaker != null && !ps.breaker.tryAcquirePermit()) {
        String why = ps.breaker.isHalfOpen() ? ps.halfOpenBusyReason() : ps.openReason(clock.instant());
        done(promise, local(n, idx, Failure.retryable(Failure.Fault.PROVIDER, why == null ? "circuit open for " + provider.name() : why).build()));
        return;
      }
      List<OutboundMessage> sub = new ArrayList<>(idx.size());
      for (int i : idx) {
        sub.add(batch.get(i));
      }
      RequestJob job = new RequestJob(n, idx, sub);
      synchronized (this) {
        currentJob = job;
      }
      Optional<Instant> deadline = first().alert().deadline();
      Duration maxWait = deadline.map(d -> Duration.between(clock.instant(), d)).orElse(null);
      String waitReason = deadline.map(d -> "the alert's deadline " + d + " passed while the request waited in the bulkhead of "
          + provider.name() + "; it was not made").orElse(null);
      job.answer.thenAccept(results -> {
        if (!job.started() || job.notMade) {
          if (ps.breaker != null && ps.breaker.isHalfOpen()) {
            ps.breaker.recordFailure(); // give the trial permit back by reopening; the circuit half-opens again later
          }
          done(promise, local(n, idx, results.get(0).failureIfRejected().orElseThrow()));
          return;
        }
        if (ps.breaker != null) {
          ps.breaker.recordResult(results);
        }
        done(promise, merge(n, idx, results));
      });
      ps.bulkhead.submit(job, inline && n == 1, maxWait, waitReason);
    }

    /** One request in the provider's bulkhead: withdrawn before it starts, or made (and aborted on timeout). */
    private final class RequestJob extends Bulkhead.Job {
      final int n;
      final List<Integer> idx;
      final List<OutboundMessage> sub;
      final CompletableFuture<List<SendResult>> answer = new CompletableFuture<>();
      final Abort abort = new Abort();
      /** Set when the request was not made although the bulkhead started the job (the journal refused it). */
      volatile boolean notMade;

      RequestJob(int n, List<Integer> idx, List<OutboundMessage> sub) {
        this.n = n;
        this.idx = idx;
        this.sub = sub;
      }

      @Override
      protected void refused(String reason) {
        answer.complete(ProviderInvoker.all(sub.size(), Failure.retryable(Failure.Fault.PROVIDER, reason).build()));
      }

      @Override
      protected void start() {
        try {
          events.requestStarting(sub);
        } catch (RuntimeException e) {
          notMade = true;
          LOG.warn("alert {}: request to {} not made: recording it as started failed: {}", first().alert().id(),
              provider.name(), e.toString());
          answer.complete(ProviderInvoker.all(sub.size(), Failure.retryable(Failure.Fault.PROVIDER, "the request to "
              + provider.name() + " was not made: the dispatch journal could not record it as started ("
              + e.getClass().getSimpleName() + ")").build()));
          return;
        }
        synchronized (Call.this) {
          requests++;
          for (int i : idx) {
            messageRequests[i]++;
            if (n > 1 && isAmbiguous(latest[i])) {
              ambiguousResend = true;
              messageAmbiguousResends[i] = true;
            }
          }
        }
        if (n == 1 && ps.budget != null) {
          ps.budget.recordFirst(clock.instant());
        }
        // The per-request timeout starts now, when the request leaves; the watchdog aborts the transport.
        Optional<Duration> timeout = ps.policy.timeout();
        java.util.concurrent.Future<?> watchdog = null;
        if (timeout.isPresent()) {
          try {
            watchdog = timers.schedule(() -> {
              if (answer.complete(ProviderInvoker.all(sub.size(), Failure.ambiguous(Failure.Fault.PROVIDER, "no answer from "
                  + provider.name() + " within the timeout of " + timeout.get()
                  + "; the request was aborted but may have reached the provider, so the message may have been sent").build()))) {
                abort.abort();
              }
            }, timeout.get());
          } catch (RejectedExecutionException e) {
            LOG.debug("scheduler shut down; no timeout for this request", e);
          }
        }
        List<String> ids = new ArrayList<>(sub.size());
        List<Recipient> who = new ArrayList<>(sub.size());
        for (OutboundMessage m : sub) {
          ids.add(m.attemptId());
          who.add(m.recipient());
        }
        listener.onEvent(new AttemptStarted(clock.instant(), first().alert(), first().channel(), provider.name(), who, ids, n));
        List<SendResult> r = ProviderInvoker.invoke(provider, sub, abort);
        if (watchdog != null) {
          watchdog.cancel(false);
        }
        if (!answer.complete(r)) {
          logWithMdc(true, "provider {} answered after the attempt was decided ({}); it was already reported as ambiguous",
              provider.name(), r.get(0).isAccepted() ? "accepted" : r.get(0).failureIfRejected().orElseThrow());
        }
      }
    }

    /** Withdraws the current request if it waits in the bulkhead, aborts it if it is in flight. */
    void withdraw(String reason) {
      RequestJob j;
      synchronized (this) {
        j = currentJob;
      }
      if (j != null && !j.cancel(reason + " while the request waited in the bulkhead of " + provider.name() + "; it was not made")
          && j.started() && !j.answer.isDone()) {
        j.answer.complete(ProviderInvoker.all(j.sub.size(), Failure.ambiguous(Failure.Fault.PROVIDER, reason
            + " while the request was in flight; it was aborted but may have reached the provider").build()));
        j.abort.abort();
      }
    }

    /** Completes a round, after firing the events it produced (outside the monitor). */
    private void done(CompletableFuture<Decision> promise, Decision d) {
      List<Runnable> fire;
      synchronized (this) {
        fire = List.copyOf(pendingEvents);
        pendingEvents.clear();
      }
      fire.forEach(Runnable::run);
      promise.complete(d);
    }

    /** A round that made no request (circuit open, rate limited, saturated, closed). */
    private synchronized Decision local(int n, List<Integer> idx, Failure f) {
      if (n == 1) {
        for (int i : idx) {
          latest[i] = SendResult.rejected(f);
        }
      } else {
        skip(idx, f.reason());
      }
      return Decision.DONE;
    }

    private synchronized Decision merge(int n, List<Integer> idx, List<SendResult> results) {
      for (int k = 0; k < idx.size(); k++) {
        int i = idx.get(k);
        latest[i] = results.get(k);
        everAmbiguous[i] |= isAmbiguous(results.get(k));
      }
      return decide(n, idx);
    }

    private Decision decide(int n, List<Integer> idx) {
      Resilience.Retry settings = ps.policy.retry();
      List<Integer> retry = new ArrayList<>();
      Duration retryAfter = Duration.ZERO;
      for (int i : idx) {
        Optional<Failure> f = latest[i].failureIfRejected();
        if (f.isPresent() && (f.get().kind() == Failure.Kind.RETRYABLE
            || f.get().kind() == Failure.Kind.AMBIGUOUS && settings.retryAmbiguous())) {
          retry.add(i);
          Duration ra = f.get().retryAfter().orElse(Duration.ZERO);
          if (ra.compareTo(retryAfter) > 0) {
            retryAfter = ra;
          }
        }
      }
      if (retry.isEmpty() || n >= settings.maxAttempts()) {
        return Decision.DONE;
      }
      Instant now = clock.instant();
      if (retryAfter.compareTo(settings.maxRetryAfter()) > 0) {
        skip(retry, "the provider asked to wait " + retryAfter + ", longer than maxRetryAfter " + settings.maxRetryAfter());
        return Decision.DONE;
      }
      Duration delay = backoff(n);
      if (retryAfter.compareTo(delay) > 0) {
        delay = retryAfter;
      }
      Instant at = now.plus(delay);
      if (Duration.between(startedAt, at).compareTo(settings.maxDuration()) > 0) {
        skip(retry, "a retry at " + at + " would start more than maxDuration " + settings.maxDuration() + " after the first request");
        return Decision.DONE;
      }
      Optional<Instant> deadline = first().alert().deadline();
      if (deadline.isPresent() && !at.isBefore(deadline.get())) {
        skip(retry, "a retry at " + at + " " + AFTER_DEADLINE + " " + deadline.get());
        return Decision.DONE;
      }
      if (ps.budget != null && !ps.budget.tryRetry(now)) {
        skip(retry, "the retry budget of " + provider.name() + " is spent: " + ps.budget.describe(now));
        return Decision.DONE;
      }
      retryIdx = List.copyOf(retry);
      return new Decision(true, delay, this);
    }

    private Duration backoff(int n) {
      Resilience.Backoff backoff = ps.policy.retry().backoff();
      double base = backoff.base().toNanos() * Math.pow(backoff.factor(), n - 1);
      double nanos = Math.min(base, backoff.max().toNanos());
      double jitter = backoff.jitter();
      if (jitter > 0) {
        nanos = nanos * (1 + jitter * (2 * random.nextDouble() - 1));
      }
      return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), (long) nanos));
    }

    /** Records why the messages at {@code idx} are not retried, in their failure and as an event. */
    private void skip(List<Integer> idx, String why) {
      Failure shown = null;
      for (int i : idx) {
        Optional<Failure> f = latest[i] == null ? Optional.empty() : latest[i].failureIfRejected();
        if (f.isPresent()) {
          latest[i] = SendResult.rejected(f.get().withReason(f.get().reason() + "; not retried: " + why));
          shown = shown == null ? f.get() : shown;
        }
      }
      if (shown != null) {
        logWithMdc(true, "not retrying {} via {}: {}", first().channel(), provider.name(), why);
        Failure event = shown;
        List<Recipient> who = recipients(idx);
        pendingEvents.add(() -> listener.onEvent(new RetrySkipped(clock.instant(), first().alert(), first().channel(), provider.name(),
            who, event, why)));
      }
    }

    void retryScheduled(Duration delay) {
      Failure f;
      List<Recipient> who;
      synchronized (this) {
        f = retryIdx.isEmpty() ? null : latest[retryIdx.get(0)].failureIfRejected().orElse(null);
        who = recipients(retryIdx);
      }
      if (f == null) {
        return;
      }
      logWithMdc(false, "retrying {} via {} in {} after: {}", first().channel(), provider.name(), delay, f);
      events.retryScheduled(who, f, delay);
    }

    void cancel() {
      java.util.concurrent.Future<?> w;
      CompletableFuture<Decision> f = failsafe;
      synchronized (this) {
        w = pendingWait;
      }
      if (w != null) {
        w.cancel(false);
      }
      if (f != null) {
        f.cancel(false);
      }
    }

    /** The final result: every message's last answer, amended when the call was cut short. */
    synchronized CallResult finish(Throwable e) {
      if (e instanceof CompletionException && e.getCause() != null) {
        e = e.getCause();
      }
      if (e != null) {
        String why = e instanceof CancellationException
            ? (closedReason != null ? closedReason : "the call was cancelled")
            : "internal error: " + e;
        if (!(e instanceof CancellationException)) {
          LOG.error("provider call to {} failed unexpectedly", provider.name(), e);
        }
        for (int i = 0; i < latest.length; i++) {
          if (latest[i] == null) {
            latest[i] = SendResult.rejected(messageRequests[i] > 0
                ? Failure.ambiguous(Failure.Fault.PROVIDER, why + " while the request was in flight; the message may have been sent").build()
                : Failure.retryable(Failure.Fault.PROVIDER, why + "; the request was not made").build());
          } else if (retryIdx.contains(i) && !latest[i].isAccepted()) {
            Failure f = latest[i].failureIfRejected().orElseThrow();
            latest[i] = SendResult.rejected(f.withReason(f.reason() + "; retry not made: " + why));
          }
        }
      }
      for (int i = 0; i < latest.length; i++) {
        Optional<Failure> f = latest[i].failureIfRejected();
        if (everAmbiguous[i] && f.isPresent() && f.get().kind() != Failure.Kind.AMBIGUOUS) {
          Failure.Builder b = Failure.ambiguous(f.get().fault(), f.get().reason()
              + " (an earlier request failed ambiguously, so the message may have been sent)");
          f.get().providerCode().ifPresent(b::providerCode);
          f.get().httpStatus().ifPresent(b::httpStatus);
          f.get().retryAfter().ifPresent(b::retryAfter);
          latest[i] = SendResult.rejected(b.build());
        }
      }
      List<Integer> perMessage = new ArrayList<>(latest.length);
      List<Boolean> resent = new ArrayList<>(latest.length);
      for (int i = 0; i < latest.length; i++) {
        perMessage.add(messageRequests[i]);
        resent.add(messageAmbiguousResends[i]);
      }
      return new CallResult(List.of(latest), requests, ambiguousResend, perMessage, resent);
    }

    private void logWithMdc(boolean warn, String format, Object... args) {
      OutboundMessage m = first();
      MDC.put(ProviderInvoker.MDC_ALERT_ID, m.alert().id());
      MDC.put(ProviderInvoker.MDC_CHANNEL, m.channel().name());
      MDC.put(ProviderInvoker.MDC_PROVIDER, provider.name());
      try {
        if (warn) {
          LOG.warn(format, args);
        } else {
          LOG.info(format, args);
        }
      } finally {
        MDC.remove(ProviderInvoker.MDC_ALERT_ID);
        MDC.remove(ProviderInvoker.MDC_CHANNEL);
        MDC.remove(ProviderInvoker.MDC_PROVIDER);
      }
    }
  }
}
