package dev.alertkit.internal;

import dev.alertkit.Alert;
import dev.alertkit.AlertListener;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.Dedup;
import dev.alertkit.DeliveryPlan;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.QuietHoursPolicy;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.SkippedChannel;
import dev.alertkit.cost.CostEstimate;
import dev.alertkit.cost.CostEstimator;
import dev.alertkit.event.AttemptFinished;
import dev.alertkit.event.ChannelSkipped;
import dev.alertkit.event.DeferredCompleted;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.event.DispatchResumed;
import dev.alertkit.event.DispatchStarted;
import dev.alertkit.event.FallbackTaken;
import dev.alertkit.event.RetryScheduled;
import dev.alertkit.event.SendDeferred;
import dev.alertkit.spi.AlertStateStore;
import dev.alertkit.spi.AlertStateStore.DedupState;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.ComplianceGuard;
import dev.alertkit.spi.ContactCheck;
import dev.alertkit.spi.DispatchJournal;
import dev.alertkit.spi.TimerEntry;
import dev.alertkit.spi.TimerService;
import dev.alertkit.spi.support.AlertJson;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches alerts: dedup, routing, quiet hours, rendering, compliance guards, provider calls with failover,
 * tier fallback, deadlines, deferral, and the report. Thread-safe; all per-alert state is guarded by its
 * {@link AlertRun}'s monitor, and no lock is held while a provider, guard or listener runs.
 */
public final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** Everything the engine needs, assembled by the client builder. */
  public static final class Settings {
    /** Providers per channel, in failover order. */
    public Map<Channel, List<ChannelProvider>> providers = new EnumMap<>(Channel.class);
    /** Guards in order. */
    public List<ComplianceGuard> guards = List.of();
    /** The routing policy. */
    public RoutingPolicy routing;
    /** Dedup policy, or null for none. */
    public Dedup dedup;
    /** Dedup state. */
    public AlertStateStore stateStore;
    /** The clock. */
    public Clock clock;
    /** Where deferred sends are scheduled. */
    public Timers timers;
    /** How many deferred sends may wait at once. */
    public int maxDeferredSends = 100_000;
    /** How providers are called. */
    public ProviderCaller caller;
    /** The listeners. */
    public AlertListener listener;
    /** Whether another provider of the same channel may take over after an ambiguous failure. */
    public boolean failoverOnAmbiguous;
    /** Reachability checks, in order (contacts hook). */
    public List<ContactCheck> contactChecks = List.of();
    /** Estimates each prepared message, when the client has prices. */
    public Optional<CostEstimator> estimator = Optional.empty();
    /** Where resumable dispatches record their requests and reports. */
    public DispatchJournal journal;
    /** The client's timer service: durable submissions and, when it is durable, deferred sends. */
    public TimerService timerService;
    /** Whether a resumed dispatch sends again to a recipient whose request may have left before the crash. */
    public boolean resendAmbiguousOnResume;
  }

  /** The timer kind of durable submissions (key = alert id, payload = the alert's JSON text). */
  public static final String SUBMISSION_TIMER = "alertkit.submission";
  /** The timer kind of durable deferred sends (key = alert id / recipient id, payload = the alert for that recipient). */
  public static final String DEFERRED_TIMER = "alertkit.deferred-send";
  /** How long a submission whose journal could not be read or written waits before it is tried again. */
  static final Duration RESUME_RETRY = Duration.ofSeconds(30);

  private final Settings s;
  private final Preparer preparer;
  private final Set<AlertRun> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, AlertRun> byId = new ConcurrentHashMap<>();
  private final Map<DeferredSend, Boolean> deferred = new ConcurrentHashMap<>();
  /** Set while a dispatch begins on the thread that asked for it (not an engine thread). */
  private final ThreadLocal<Boolean> beginning = new ThreadLocal<>();

  /**
   * Creates the engine.
   *
   * @param settings the settings; not copied, must not change afterwards
   */
  public Engine(Settings settings) {
    this.s = settings;
    this.preparer = new Preparer(settings.guards, settings.clock, settings.estimator);
  }

  /** @return how many alert dispatches are in flight (deferred sends not counted) */
  public int inFlightCount() {
    return inFlight.size();
  }

  /** @return how many deferred sends are waiting */
  public int deferredCount() {
    return deferred.size();
  }

  /**
   * Dispatches an alert.
   *
   * @param alert the alert
   * @return the report; never completes exceptionally
   */
  public CompletableFuture<DispatchReport> dispatch(Alert alert) {
    AlertRun run = new AlertRun(alert, s.clock.instant(), null, false, null);
    for (Recipient r : alert.recipients()) {
      run.recipients.add(new RecipientRun(r));
    }
    return start(run);
  }

  // ---------------------------------------------------------------------------------------------- durable

  /** @return whether submissions and deferred sends are kept durably (a durable journal and timer service) */
  public boolean durable() {
    return s.journal != null && s.journal.durable() && s.timerService != null && s.timerService.durable();
  }

  /**
   * Registers the handlers of durable submissions and deferred sends (before the timer service starts).
   *
   * @param timers the client's timer service
   */
  public void registerTimers(TimerService timers) {
    timers.register(SUBMISSION_TIMER, t -> onDue(t, false));
    timers.register(DEFERRED_TIMER, t -> onDue(t, true));
  }

  /**
   * Persists an alert as a durable submission: a timer due now whose handler dispatches it on whichever instance
   * picks it. Returns once the timer service has stored it.
   *
   * @param alert the alert
   * @throws IllegalArgumentException when the alert's text is too long for a timer payload
   * @throws RuntimeException when the timer service could not store it
   */
  public void submit(Alert alert) {
    String json = AlertJson.alert(alert);
    if (json.length() > TimerEntry.MAX_PAYLOAD) {
      throw new IllegalArgumentException("alert " + alert.id() + " is " + json.length() + " characters as JSON; a durable "
          + "submission holds at most " + TimerEntry.MAX_PAYLOAD + " (split the recipients over several alerts, or use sendAsync)");
    }
    s.timerService.schedule(new TimerEntry(SUBMISSION_TIMER, alert.id(), s.clock.instant(), json));
  }

  /**
   * A durable submission or deferred send is due: resume it from the journal and wait for it (the timer stays
   * claimed by this instance meanwhile, so that another picks it up if this one dies).
   */
  private void onDue(TimerEntry t, boolean deferredSend) throws InterruptedException {
    Alert alert;
    try {
      alert = AlertJson.readAlert(t.payload());
    } catch (RuntimeException e) {
      LOG.error("timer {}: its alert cannot be read ({}); dropped", t, e.toString());
      return;
    }
    String dispatchId = deferredSend ? t.key() + "/deferred" : alert.id();
    AlertRun run;
    try {
      run = resumeRun(alert, dispatchId, deferredSend);
    } catch (RuntimeException e) {
      LOG.warn("alert {}: the dispatch journal could not be read ({}); trying again in {}", alert.id(), e.toString(), RESUME_RETRY);
      s.timerService.schedule(new TimerEntry(t.kind(), t.key(), s.clock.instant().plus(RESUME_RETRY), t.payload()));
      return;
    }
    DispatchReport report;
    try {
      report = start(run).get();
    } catch (InterruptedException e) {
      handOver(run, "the instance running it was stopping");
      s.timerService.schedule(new TimerEntry(t.kind(), t.key(), s.clock.instant(), t.payload()));
      throw e;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("dispatch of alert " + alert.id() + " failed unexpectedly", e.getCause());
    }
    if (run.handedOver || run.journalFailed) {
      // Not finished here: run it again (elsewhere, or here later); what started is reported as possibly sent.
      s.timerService.schedule(new TimerEntry(t.kind(), t.key(),
          s.clock.instant().plus(run.journalFailed ? RESUME_RETRY : Duration.ZERO), t.payload()));
      return;
    }
    if (deferredSend) {
      s.listener.onEvent(new DeferredCompleted(now0(), alert, report.recipients().get(0)));
    }
  }

  /** A resumable run: recipients with a report keep it, those whose request may have left are not resent. */
  private AlertRun resumeRun(Alert alert, String dispatchId, boolean deferredSend) {
    DispatchJournal.Recorded rec = s.journal.read(dispatchId);
    Instant now = s.clock.instant();
    AlertRun run = new AlertRun(alert, now, null, deferredSend, dispatchId);
    Map<String, List<DispatchJournal.AttemptMark>> started = new java.util.HashMap<>();
    List<String> kept = new ArrayList<>();
    List<String> possiblySent = new ArrayList<>();
    List<String> resent = new ArrayList<>();
    for (DispatchJournal.AttemptMark m : rec.marks()) {
      if (m.mark() == DispatchJournal.Mark.STARTED) {
        started.computeIfAbsent(m.recipientId(), k -> new ArrayList<>()).add(m);
      }
    }
    for (Recipient r : alert.recipients()) {
      RecipientRun rr = new RecipientRun(r);
      run.recipients.add(rr);
      String reported = rec.reports().get(r.id());
      if (reported != null) {
        rr.restore(AlertJson.readReport(reported));
        kept.add(r.id());
        continue;
      }
      List<DispatchJournal.AttemptMark> marks = started.get(r.id());
      if (marks == null) {
        continue; // nothing may have left: dispatch as usual
      }
      if (s.resendAmbiguousOnResume) {
        LOG.warn("alert {} recipient {}: a request may have left before the dispatch was interrupted; sending again "
            + "(resendAmbiguousOnResume)", alert.id(), r.id());
        rr.notes.add("sent again after an interrupted dispatch: an earlier request may also have reached the provider");
        resent.add(r.id());
        continue;
      }
      rr.restore(interrupted(r, marks, now));
      possiblySent.add(r.id());
    }
    for (RecipientRun rr : run.recipients) {
      if (rr.restored != null && rec.reports().containsKey(rr.recipient.id())) {
        rr.journaled = true;
      }
    }
    if (!rec.isEmpty()) {
      run.announced = true; // the first run announced it
      run.resumed = true;
      LOG.info("alert {}: resuming an interrupted dispatch ({} of {} recipients already decided)", alert.id(),
          run.recipients.stream().filter(x -> x.outcome != null).count(), run.recipients.size());
      s.listener.onEvent(new DispatchResumed(now0(), alert, kept, possiblySent, resent));
    }
    return run;
  }

  private static RecipientReport interrupted(Recipient r, List<DispatchJournal.AttemptMark> marks, Instant now) {
    List<Attempt> attempts = new ArrayList<>();
    StringBuilder what = new StringBuilder();
    for (DispatchJournal.AttemptMark m : marks) {
      String reason = "the instance sending this " + m.channel() + " via " + m.provider() + " stopped after the request "
          + "started (at " + m.at() + ") and before its answer was recorded; it may have been sent, so it was not resent";
      attempts.add(new Attempt(m.attemptId(), m.channel(), 0, m.provider(), r.address(m.channel()).orElse("-"), false,
          Optional.empty(), Optional.empty(), Optional.of(Failure.ambiguous(Failure.Fault.PROVIDER, reason).build()), 1, false,
          Optional.empty(), m.at(), now));
      what.append(what.length() == 0 ? "" : ", ").append(m.channel()).append(" via ").append(m.provider());
    }
    return new RecipientReport(r.id(), Outcome.FAILED, Optional.of("the dispatch was interrupted (its instance stopped) while "
        + what + " was in flight; it may have been sent, so it was not sent again (to resend such messages, set "
        + "resendAmbiguousOnResume)"), Optional.empty(), Optional.empty(), attempts, List.of(), Optional.empty());
  }

  /** Stops a resumable run without writing its reports: another run (elsewhere, or later) finishes it. */
  private void handOver(AlertRun run, String reason) {
    synchronized (run) {
      run.handedOver = true;
    }
    s.caller.withdraw(run.alert.id(), reason);
    run.abort(reason);
  }

  /** @return a future that completes when every in-flight dispatch has completed */
  public CompletableFuture<Void> whenIdle() {
    return CompletableFuture.allOf(inFlight.stream().map(r -> r.done).toArray(CompletableFuture<?>[]::new));
  }

  /**
   * Ends every in-flight dispatch and deferred send now: whatever has no outcome is reported {@code NOT_SENT}.
   *
   * @param reason why, e.g. "client closed"
   */
  public void abortAll(String reason) {
    for (DeferredSend d : List.copyOf(deferred.keySet())) {
      d.cancel(reason);
    }
    for (AlertRun run : List.copyOf(inFlight)) {
      if (run.dispatchId != null && durable()) {
        handOver(run, reason); // left to another instance (or a restart), not reported NOT_SENT
      } else {
        run.abort(reason);
      }
    }
  }

  /** Like {@code allOf}, without allocating a tree of relays for the common single-future case. */
  private static CompletableFuture<Void> all(List<CompletableFuture<Void>> fs) {
    if (fs.size() == 1) {
      return fs.get(0);
    }
    return CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0]));
  }

  private Instant now0() {
    return s.clock.instant();
  }

  private CompletableFuture<DispatchReport> start(AlertRun run) {
    inFlight.add(run);
    if (!run.deferred) {
      byId.putIfAbsent(run.alert.id(), run);
    }
    run.done.whenComplete((r, e) -> {
      inFlight.remove(run);
      byId.remove(run.alert.id(), run);
    });
    boolean outer = beginning.get() == null;
    if (outer) {
      beginning.set(Boolean.TRUE);
    }
    try {
      begin(run);
    } catch (RuntimeException e) {
      LOG.error("alert {}: dispatch failed unexpectedly", run.alert.id(), e);
      run.abort("internal error: " + e);
    } finally {
      if (outer) {
        beginning.remove();
      }
    }
    return run.done;
  }

  private void begin(AlertRun run) {
    Alert alert = run.alert;
    if (!run.deferred && !run.announced) {
      run.announced = true;
      s.listener.onEvent(new DispatchStarted(now0(), alert));
    }
    Instant now = run.startedAt;
    if (alert.deadline().isPresent() && !now.isBefore(alert.deadline().get())) {
      run.finishAllWith(Outcome.NOT_SENT, "the alert's deadline " + alert.deadline().get() + " had passed before dispatch");
      return;
    }
    if (!run.deferred && s.dedup != null && alert.dedupKey().isPresent() && !run.holdsDedupClaim && !allDecided(run)) {
      String key = alert.dedupKey().get();
      AlertStateStore.Claim claim = s.stateStore.claim(key, alert.id(), now, s.dedup.window(), s.dedup.repeatInterval());
      if (!claim.claimed()) {
        DedupState st = claim.state();
        AlertRun original = st.inFlight() ? byId.get(st.alertId()) : null;
        if (original != null && original != run) {
          // Join the original: suppressed if it reaches someone, sent in its own right if it reaches nobody.
          original.done.whenComplete((report, e) -> joined(run, key, st.alertId(), report));
          return;
        }
        run.finishAllWith(Outcome.SUPPRESSED, suppressedReason(key, st));
        return;
      }
      run.holdsDedupClaim = true;
    }
    for (RecipientRun rr : run.recipients) {
      if (rr.outcome != null) {
        continue; // restored from the journal
      }
      if (rr.decision == null) {
        try {
          rr.decision = s.routing.route(alert, rr.recipient, now);
        } catch (RuntimeException e) {
          LOG.error("alert {}: routing threw for recipient {}", alert.id(), rr.recipient.id(), e);
          run.finish(rr, Outcome.FAILED, "routing failed: " + e);
          continue;
        }
      }
      if (!run.deferred && rr.decision.quietHours().mode() == QuietHoursPolicy.Mode.DEFER && rr.recipient.isQuietAt(now)) {
        Instant due = rr.recipient.quietUntil(now);
        if (alert.deadline().isPresent() && !due.isBefore(alert.deadline().get())) {
          run.finish(rr, Outcome.NOT_SENT, "quiet hours until " + due + " (" + rr.recipient.timeZone()
              + ") last past the alert's deadline " + alert.deadline().get());
        } else if (s.timerService != null && s.timerService.durable()) {
          String why = "quiet hours " + rr.recipient.quietHours() + " in " + rr.recipient.timeZone() + "; will send at " + due;
          Optional<String> failed = scheduleDurableDeferred(alert, rr.recipient, due);
          if (failed.isPresent()) {
            run.finish(rr, Outcome.NOT_SENT, "quiet hours until " + due + ", but the deferred send could not be stored: "
                + failed.get() + "; not sent");
          } else {
            rr.deferredUntil = due;
            run.finish(rr, Outcome.DEFERRED, why + " (kept by the durable timer service)");
            s.listener.onEvent(new SendDeferred(now0(), alert, rr.recipient, due, why));
          }
        } else if (deferred.size() >= s.maxDeferredSends) {
          run.finish(rr, Outcome.NOT_SENT, "quiet hours until " + due + " (" + rr.recipient.timeZone() + "), but "
              + s.maxDeferredSends + " deferred sends are already waiting (maxDeferredSends); this send was not deferred and not made");
          LOG.warn("alert {} recipient {}: not deferred: {} deferred sends already waiting (maxDeferredSends)", alert.id(),
              rr.recipient.id(), s.maxDeferredSends);
        } else {
          rr.deferredUntil = due;
          String why = "quiet hours " + rr.recipient.quietHours() + " in " + rr.recipient.timeZone() + "; will send at " + due;
          run.finish(rr, Outcome.DEFERRED, why);
          s.listener.onEvent(new SendDeferred(now0(), alert, rr.recipient, due, why));
          scheduleDeferred(alert, rr, due);
        }
      }
    }
    runTier(run, 0);
  }

  private static boolean allDecided(AlertRun run) {
    for (RecipientRun rr : run.recipients) {
      if (rr.outcome == null) {
        return false;
      }
    }
    return true;
  }

  /** Schedules a deferred send on the durable timer service; empty when stored, else why not. */
  private Optional<String> scheduleDurableDeferred(Alert alert, Recipient recipient, Instant due) {
    try {
      String json = AlertJson.alert(alert, List.of(recipient));
      if (json.length() > TimerEntry.MAX_PAYLOAD) {
        return Optional.of("the alert is " + json.length() + " characters as JSON, more than a timer holds (" + TimerEntry.MAX_PAYLOAD + ")");
      }
      s.timerService.schedule(new TimerEntry(DEFERRED_TIMER, alert.id() + "/" + recipient.id(), due, json));
      return Optional.empty();
    } catch (RuntimeException e) {
      LOG.warn("alert {} recipient {}: deferred send not stored: {}", alert.id(), recipient.id(), e.toString());
      return Optional.of(e.getClass().getSimpleName());
    }
  }

  private String suppressedReason(String key, DedupState st) {
    Duration window = s.dedup.window();
    String policy = " (window " + window + s.dedup.repeatInterval().map(r -> ", repeats every " + r).orElse("") + "); "
        + st.suppressed() + " suppressed since";
    if (st.inFlight()) {
      return "duplicate of dedup key '" + key + "' (alert " + st.alertId() + "), which was still being sent (since "
          + st.claimedAt() + ") when this one arrived; its outcome is in its own report" + policy;
    }
    return "duplicate of dedup key '" + key + "' (alert " + st.alertId() + ") last sent at " + st.lastSent().orElseThrow() + policy;
  }

  /** A duplicate that waited for the original in flight: suppressed if the original reached someone, else sent. */
  private void joined(AlertRun run, String key, String originalId, DispatchReport original) {
    boolean reached = original != null && original.recipients().stream()
        .anyMatch(r -> r.outcome() == Outcome.ACCEPTED || r.outcome() == Outcome.DEFERRED || r.outcome() == Outcome.DELIVERED);
    if (reached) {
      run.finishAllWith(Outcome.SUPPRESSED, "duplicate of dedup key '" + key + "' (alert " + originalId
          + "), which was in flight when this one arrived and then reached its recipients at " + original.finishedAt());
      return;
    }
    LOG.info("alert {}: the alert {} it duplicated (dedup key '{}') reached nobody; sending this one", run.alert.id(), originalId, key);
    try {
      begin(run);
    } catch (RuntimeException e) {
      LOG.error("alert {}: dispatch failed unexpectedly", run.alert.id(), e);
      run.abort("internal error: " + e);
    }
  }

  private void releaseDedup(Alert alert, boolean reached) {
    String key = alert.dedupKey().orElseThrow();
    if (reached) {
      s.stateStore.complete(key, alert.id(), s.clock.instant());
    } else {
      s.stateStore.release(key, alert.id());
    }
  }

  // ---------------------------------------------------------------------------------------------- tiers

  private void runTier(AlertRun run, int tier) {
    Instant now = s.clock.instant();
    AttemptIds ids = newAttemptIds();
    Map<Channel, String> texts = new EnumMap<>(Channel.class);
    List<Pending> sends = new ArrayList<>();
    List<Runnable> events = new ArrayList<>();
    synchronized (run) {
      if (run.completed) {
        return;
      }
      for (RecipientRun rr : run.recipients) {
        if (rr.outcome != null) {
          continue;
        }
        List<List<Channel>> tiers = tiersFor(rr);
        if (tier >= tiers.size()) {
          continue; // decided in afterTier
        }
        rr.tier = tier;
        if (run.alert.deadline().isPresent() && !now.isBefore(run.alert.deadline().get())) {
          run.finish(rr, Outcome.NOT_SENT, "the alert's deadline " + run.alert.deadline().get() + " passed before tier "
              + (tier + 1) + " " + tiers.get(tier) + " could be sent" + failureSummary(rr, "; earlier: "));
          continue;
        }
        for (Channel c : tiers.get(tier)) {
          Optional<String> skip = skipReason(rr, c, now);
          if (skip.isPresent()) {
            SkippedChannel k = new SkippedChannel(c, tier, skip.get());
            rr.skipped.add(k);
            events.add(() -> s.listener.onEvent(new ChannelSkipped(now0(), run.alert, rr.recipient, k)));
            continue;
          }
          OutboundMessage m = OutboundMessage.builder(run.alert, rr.recipient, c)
              .attemptId(ids.next())
              .to(rr.recipient.address(c).orElseThrow())
              .text(texts.computeIfAbsent(c, ch -> Renderer.text(run.alert, ch)))
              .build();
          sends.add(new Pending(rr, m, tier, now));
        }
      }
    }
    events.forEach(Runnable::run);

    // Contacts hook: reachability checks (Lookup line type, SendGrid suppressions) may call a remote service, so
    // they run outside the lock, after the cheap skips and before guards and any provider call.
    sends = checkContacts(run, sends);

    // Guards run outside the lock: they may be slow (template matching) and call user code.
    List<Pending> ready = new ArrayList<>();
    for (Pending p : sends) {
      Optional<Attempt> rejected = guard(p);
      if (rejected.isPresent()) {
        record(run, p.rr, rejected.get());
      } else {
        ready.add(p);
      }
    }
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (List<Pending> group : groupByChannel(ready)) {
      calls.add(sendWithFailover(run, group, 0));
    }
    Thread caller = callerThread();
    all(calls)
        .whenComplete((v, e) -> offCaller(caller, () -> afterTier(run, tier)));
  }

  /** @return the thread of a sendAsync caller while its dispatch begins here, else null (an engine or send thread) */
  private Thread callerThread() {
    return beginning.get() != null && !s.caller.callerRunsHere() ? Thread.currentThread() : null;
  }

  /** Runs work here, or on the executor when this is a sendAsync caller's thread (which never waits for listeners). */
  private void offCaller(Thread caller, Runnable work) {
    if (Thread.currentThread() == caller) {
      s.timers.hand(work);
    } else {
      work.run();
    }
  }

  private List<List<Channel>> tiersFor(RecipientRun rr) {
    if (rr.tiers == null) {
      rr.tiers = Planner.tiers(rr.decision, rr.recipient);
    }
    return rr.tiers;
  }

  private Optional<String> skipReason(RecipientRun rr, Channel c, Instant now) {
    Optional<Planner.Skip> skip = Planner.skip(rr.decision, rr.recipient, c, now, !s.providers.getOrDefault(c, List.of()).isEmpty());
    if (skip.isPresent() && skip.get().byPolicy()) {
      rr.policyBlocked = true;
    }
    return skip.map(Planner.Skip::reason);
  }

  /**
   * Contacts hook: asks every {@link ContactCheck} serving the channel about each planned message. A skip becomes a
   * {@link SkippedChannel} (and the message is dropped before any send); attributes are attached to the message; a
   * note goes into the recipient's report. A check that throws or returns null counts as "ok" (send as usual).
   */
  private List<Pending> checkContacts(AlertRun run, List<Pending> sends) {
    if (s.contactChecks.isEmpty() || sends.isEmpty()) {
      return sends;
    }
    List<Pending> out = new ArrayList<>(sends.size());
    for (Pending p : sends) {
      OutboundMessage m = p.message;
      String skip = null;
      List<String> notes = new ArrayList<>();
      for (ContactCheck check : s.contactChecks) {
        if (!check.channels().contains(m.channel())) {
          continue;
        }
        ContactCheck.Verdict v;
        try {
          v = Objects.requireNonNull(check.check(run.alert, p.rr.recipient, m.channel(), m.to(), p.startedAt), "returned null");
        } catch (RuntimeException e) {
          LOG.warn("alert {} recipient {}: contact check {} failed for {} ({}); sending as usual", run.alert.id(),
              p.rr.recipient.id(), check.name(), m.channel(), e.toString());
          continue;
        }
        if (v.skipReason().isPresent()) {
          skip = v.skipReason().get() + " (" + check.name() + ")";
          break;
        }
        if (!v.attributes().isEmpty()) {
          OutboundMessage.Builder b = m.toBuilder();
          v.attributes().forEach(b::attribute);
          m = b.build();
        }
        v.note().ifPresent(n -> notes.add(p.message.channel() + ": " + n + " (" + check.name() + ")"));
      }
      if (skip == null) {
        p.message = m;
        if (!notes.isEmpty()) {
          synchronized (run) {
            p.rr.notes.addAll(notes);
          }
        }
        out.add(p);
        continue;
      }
      SkippedChannel k = new SkippedChannel(m.channel(), p.tier, skip);
      synchronized (run) {
        if (run.completed) {
          continue;
        }
        p.rr.skipped.add(k);
      }
      s.listener.onEvent(new ChannelSkipped(now0(), run.alert, p.rr.recipient, k));
    }
    return out;
  }

  private Optional<Attempt> guard(Pending p) {
    Preparer.Prepared prepared = preparer.prepare(p.message, p.tier, p.startedAt);
    if (prepared.rejected().isPresent()) {
      if (prepared.byPolicy()) {
        p.rr.policyBlockedSync(true);
      }
      return prepared.rejected();
    }
    p.message = prepared.message().orElseThrow();
    p.cost = prepared.cost();
    return Optional.empty();
  }

  private static List<List<Pending>> groupByChannel(List<Pending> ready) {
    Map<Channel, List<Pending>> by = new EnumMap<>(Channel.class);
    for (Pending p : ready) {
      by.computeIfAbsent(p.message.channel(), k -> new ArrayList<>()).add(p);
    }
    return new ArrayList<>(by.values());
  }

  /** Sends a group of one channel through provider {@code index}, failing over to the next for provider faults. */
  private CompletableFuture<Void> sendWithFailover(AlertRun run, List<Pending> group, int index) {
    Channel channel = group.get(0).message.channel();
    List<ChannelProvider> chain = s.providers.get(channel);
    ChannelProvider provider = chain.get(index);
    int size = Math.max(1, provider.maxBatchSize());
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    for (int from = 0; from < group.size(); from += size) {
      List<Pending> chunk = group.subList(from, Math.min(group.size(), from + size));
      List<OutboundMessage> batch = new ArrayList<>(chunk.size());
      chunk.forEach(p -> batch.add(p.message));
      Instant started = s.clock.instant();
      ProviderCaller.Events events = new ProviderCaller.Events() {
        @Override
        public void retryScheduled(List<Recipient> who, Failure failure, Duration delay) {
          if (run.dispatchId != null && failure.kind() != Failure.Kind.AMBIGUOUS) {
            journalNotSent(run, chunk, who, provider);
          }
          s.listener.onEvent(new RetryScheduled(now0(), run.alert, channel, provider.name(), who, failure, delay));
        }

        @Override
        public void requestStarting(List<OutboundMessage> messages) {
          if (run.dispatchId != null) {
            Instant at = s.clock.instant();
            List<DispatchJournal.AttemptMark> marks = new ArrayList<>(messages.size());
            for (OutboundMessage m : messages) {
              marks.add(new DispatchJournal.AttemptMark(m.recipient().id(), m.attemptId(), m.channel(), provider.name(),
                  DispatchJournal.Mark.STARTED, at));
            }
            s.journal.mark(run.dispatchId, marks);
          }
        }
      };
      // A sendAsync caller's thread never runs what follows a provider's answer (listeners, fallbacks): if the answer
      // is in before the continuation is attached, the continuation would run right here, so it is handed on.
      Thread caller = callerThread();
      CompletableFuture<Void> part = s.caller.call(provider, batch, events)
          .thenCompose(result -> {
            if (Thread.currentThread() == caller) {
              CompletableFuture<Void> handed = new CompletableFuture<>();
              s.timers.hand(() -> afterCall(run, chunk, provider, chain, index, started, result).whenComplete((v, e) -> {
                if (e != null) {
                  handed.completeExceptionally(e);
                } else {
                  handed.complete(null);
                }
              }));
              return handed;
            }
            return afterCall(run, chunk, provider, chain, index, started, result);
          })
          .exceptionally(e -> {
            LOG.error("alert {}: unexpected error while sending {}", run.alert.id(), channel, e);
            return null;
          });
      parts.add(part);
    }
    return all(parts);
  }

  /** Records a provider's answer for each message of a chunk and fails over what may go to the channel's next provider. */
  private CompletableFuture<Void> afterCall(AlertRun run, List<Pending> chunk, ChannelProvider provider, List<ChannelProvider> chain,
      int index, Instant started, ProviderCaller.CallResult result) {
    List<Pending> next = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      Pending p = chunk.get(i);
      SendResult sr = result.results().get(i);
      Attempt a = attempt(p, provider, sr, result, i, started);
      if (run.dispatchId != null && a.requests() > 0 && !a.accepted()
          && a.failure().orElseThrow().kind() != Failure.Kind.AMBIGUOUS) {
        journalNotSent(run, List.of(p), List.of(p.rr.recipient), provider);
      }
      record(run, p.rr, a);
      if (!a.accepted() && Decider.failOver(a.failure().orElseThrow(), index + 1 < chain.size(), s.failoverOnAmbiguous)) {
        next.add(p.retarget(newAttemptIds().next()));
      }
    }
    return next.isEmpty() ? CompletableFuture.<Void>completedFuture(null) : sendWithFailover(run, next, index + 1);
  }

  /** Marks the messages of these recipients certainly not sent (so far), so that a resumed run may send them. */
  private void journalNotSent(AlertRun run, List<Pending> chunk, List<Recipient> who, ChannelProvider provider) {
    Instant at = s.clock.instant();
    List<DispatchJournal.AttemptMark> marks = new ArrayList<>();
    for (Pending p : chunk) {
      if (who.contains(p.rr.recipient)) {
        marks.add(new DispatchJournal.AttemptMark(p.rr.recipient.id(), p.message.attemptId(), p.message.channel(),
            provider.name(), DispatchJournal.Mark.NOT_SENT, at));
      }
    }
    if (marks.isEmpty()) {
      return;
    }
    try {
      s.journal.mark(run.dispatchId, marks);
    } catch (RuntimeException e) {
      // Left STARTED: a resumed run reports these as possibly sent rather than sending them again.
      LOG.warn("alert {}: could not record {} messages as not sent: {}", run.alert.id(), marks.size(), e.toString());
    }
  }

  private Attempt attempt(Pending p, ChannelProvider provider, SendResult sr, ProviderCaller.CallResult call, int i, Instant started) {
    Attempt a = bare(p, provider, sr, call, i, started);
    return p.cost.isPresent() ? a.withCost(p.cost.get()) : a;
  }

  private Attempt bare(Pending p, ChannelProvider provider, SendResult sr, ProviderCaller.CallResult call, int i, Instant started) {
    OutboundMessage m = p.message;
    Instant finished = s.clock.instant();
    if (sr instanceof SendResult.Accepted) {
      SendResult.Accepted a = (SendResult.Accepted) sr;
      return new Attempt(m.attemptId(), m.channel(), p.tier, provider.name(), m.to(), true, a.providerMessageId(),
          a.providerStatus(), Optional.empty(), call.messageRequests().get(i), call.messageAmbiguousResends().get(i), m.smsEncoding(), started, finished);
    }
    Failure f = ((SendResult.Rejected) sr).failure();
    return new Attempt(m.attemptId(), m.channel(), p.tier, provider.name(), m.to(), false, Optional.empty(),
        Optional.empty(), Optional.of(f), call.messageRequests().get(i), call.messageAmbiguousResends().get(i), m.smsEncoding(), started, finished);
  }

  private void record(AlertRun run, RecipientRun rr, Attempt a) {
    synchronized (run) {
      if (run.completed) {
        LOG.warn("alert {}: attempt {} for {} ended after the dispatch was closed: {}", run.alert.id(), a.attemptId(), rr.recipient.id(), a);
        return;
      }
      rr.attempts.add(a);
      if (a.requests() > 0) {
        rr.providerTried = true;
      }
    }
    // A failed attempt is an expected, reported outcome (routing may still reach the person): INFO. A recipient
    // that ends FAILED is logged at WARN when the dispatch completes.
    LOG.info("alert {} recipient {}: {}", run.alert.id(), rr.recipient.id(), a);
    s.listener.onEvent(new AttemptFinished(now0(), run.alert, rr.recipient, a));
  }

  private void afterTier(AlertRun run, int tier) {
    boolean more = false;
    List<Runnable> events = new ArrayList<>();
    Map<String, String> decided = run.dispatchId == null ? null : new java.util.LinkedHashMap<>();
    synchronized (run) {
      if (run.completed) {
        return;
      }
      for (RecipientRun rr : run.recipients) {
        if (rr.outcome != null) {
          continue;
        }
        if (decided != null) {
          events.add(() -> {
            synchronized (run) {
              if (rr.outcome != null && !rr.journaled && !run.handedOver) {
                decided.put(rr.recipient.id(), AlertJson.report(rr.report()));
              }
            }
          });
        }
        Decider.AfterTier next = Decider.afterTier(rr.attempts, tier, tiersFor(rr).size(), rr.providerTried, rr.policyBlocked,
            run.alert.deadline(), s.clock.instant());
        if (next == Decider.AfterTier.ACCEPTED) {
          run.finish(rr, Outcome.ACCEPTED, rr.notes.isEmpty() ? null : String.join("; ", rr.notes));
        } else if (next == Decider.AfterTier.NEXT_TIER) {
          more = true;
          events.add(() -> {
            org.slf4j.MDC.put(ProviderInvoker.MDC_ALERT_ID, run.alert.id());
            try {
              LOG.info("alert {} recipient {}: every channel of tier {} failed; falling back to tier {} {}", run.alert.id(),
                  rr.recipient.id(), tier + 1, tier + 2, tiersFor(rr).get(tier + 1));
            } finally {
              org.slf4j.MDC.remove(ProviderInvoker.MDC_ALERT_ID);
            }
            s.listener.onEvent(new FallbackTaken(now0(), run.alert, rr.recipient, tier, tier + 1, tiersFor(rr).get(tier + 1)));
          });
        } else if (next == Decider.AfterTier.NOT_SENT_BY_DEADLINE) {
          run.finish(rr, Outcome.NOT_SENT, "not sent by the alert's deadline " + run.alert.deadline().orElseThrow()
              + failureSummary(rr, ": "));
          LOG.warn("alert {} recipient {}: NOT_SENT by the deadline ({})", run.alert.id(), rr.recipient.id(), rr.reason);
        } else if (next == Decider.AfterTier.SUPPRESSED_BY_POLICY) {
          run.finish(rr, Outcome.SUPPRESSED, "not sent because of policy" + failureSummary(rr, ": "));
        } else {
          run.finish(rr, Outcome.FAILED, "every planned channel failed" + failureSummary(rr, ": "));
          LOG.warn("alert {} recipient {}: FAILED ({})", run.alert.id(), rr.recipient.id(), rr.reason);
        }
      }
    }
    events.forEach(Runnable::run);
    if (decided != null && !decided.isEmpty()) {
      // A recipient decided in this tier is journaled now, so that a crash while others are still being sent does not
      // report it as possibly sent.
      try {
        s.journal.finish(run.dispatchId, decided, s.clock.instant());
        synchronized (run) {
          for (RecipientRun rr : run.recipients) {
            if (decided.containsKey(rr.recipient.id())) {
              rr.journaled = true;
            }
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("alert {}: could not journal {} decided recipients yet ({}); trying again when the dispatch ends",
            run.alert.id(), decided.size(), e.toString());
      }
    }
    if (more) {
      runTier(run, tier + 1);
    } else {
      run.completeIfDone();
    }
  }

  private static String failureSummary(RecipientRun rr, String prefix) {
    StringBuilder s = new StringBuilder();
    for (Attempt a : rr.attempts) {
      s.append(s.length() == 0 ? "" : "; ").append(a.channel()).append(" via ").append(a.provider()).append(": ")
          .append(a.failure().map(Failure::reason).orElse("accepted"));
    }
    for (SkippedChannel k : rr.skipped) {
      s.append(s.length() == 0 ? "" : "; ").append(k.channel()).append(" skipped: ").append(k.reason());
    }
    return s.length() == 0 ? "" : prefix + s;
  }

  /**
   * Attempt ids for one batch of messages: 32 hex digits, the first 16 drawn once per batch from {@link UUID}'s
   * secure random source, the last 16 per message from {@link java.util.concurrent.ThreadLocalRandom} (one secure
   * draw per recipient cost more than the rest of a 10,000-recipient fan-out).
   */
  private static final class AttemptIds {
    private final String prefix;

    AttemptIds() {
      UUID u = UUID.randomUUID();
      this.prefix = Long.toHexString((u.getMostSignificantBits() ^ u.getLeastSignificantBits()) | Long.MIN_VALUE).substring(1);
    }

    String next() {
      return prefix + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE).substring(1);
    }
  }

  private static AttemptIds newAttemptIds() {
    return new AttemptIds();
  }

  // ---------------------------------------------------------------------------------------------- deferral

  private void scheduleDeferred(Alert alert, RecipientRun original, Instant due) {
    DeferredSend d = new DeferredSend(alert, original);
    deferred.put(d, Boolean.TRUE);
    try {
      d.future = s.timers.schedule(d::fire, Duration.between(s.clock.instant(), due));
    } catch (RuntimeException e) {
      deferred.remove(d);
      d.report(notSent(original, "could not schedule the deferred send: " + e));
    }
  }

  private RecipientReport notSent(RecipientRun original, String reason) {
    return new RecipientReport(original.recipient.id(), Outcome.NOT_SENT, Optional.of(reason),
        Optional.of(original.decision.rule()), Optional.of(original.decision.plan()), List.of(), List.of(), Optional.empty());
  }

  private final class DeferredSend {
    final Alert alert;
    final RecipientRun original;
    volatile java.util.concurrent.Future<?> future;
    private final java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();

    DeferredSend(Alert alert, RecipientRun original) {
      this.alert = alert;
      this.original = original;
    }

    void fire() {
      if (deferred.remove(this) == null) {
        return;
      }
      RecipientRun rr = new RecipientRun(original.recipient);
      rr.decision = original.decision;
      AlertRun run = new AlertRun(alert, s.clock.instant(), this, true, null);
      run.recipients.add(rr);
      start(run).thenAccept(report -> report(report.recipients().get(0)));
    }

    void cancel(String reason) {
      if (deferred.remove(this) == null) {
        return;
      }
      java.util.concurrent.Future<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
      report(notSent(original, reason + " before the deferred send (due " + original.deferredUntil + ") was made"));
    }

    void report(RecipientReport report) {
      // No monitor around the listener: it may block (and must not pin a virtual thread).
      if (reported.compareAndSet(false, true)) {
        s.listener.onEvent(new DeferredCompleted(now0(), alert, report));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- state

  /** One message waiting to be sent. */
  private static final class Pending {
    final RecipientRun rr;
    OutboundMessage message;
    final int tier;
    final Instant startedAt;
    /** The estimate of the prepared message, when the client has prices. */
    Optional<CostEstimate> cost = Optional.empty();

    Pending(RecipientRun rr, OutboundMessage message, int tier, Instant startedAt) {
      this.rr = rr;
      this.message = message;
      this.tier = tier;
      this.startedAt = startedAt;
    }

    Pending retarget(String attemptId) {
      Pending next = new Pending(rr, message.toBuilder().attemptId(attemptId).build(), tier, startedAt);
      next.cost = cost;
      return next;
    }
  }

  /** The state of one recipient within one dispatch; guarded by the owning {@link AlertRun}. */
  private static final class RecipientRun {
    final Recipient recipient;
    RoutingPolicy.Decision decision;
    List<List<Channel>> tiers;
    int tier;
    final List<Attempt> attempts = new ArrayList<>();
    final List<SkippedChannel> skipped = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    Outcome outcome;
    String reason;
    Instant deferredUntil;
    boolean providerTried;
    volatile boolean policyBlocked;
    /** The report decided by an earlier run of a resumed dispatch. */
    RecipientReport restored;
    /** Its report is in the journal. */
    boolean journaled;

    RecipientRun(Recipient recipient) {
      this.recipient = recipient;
    }

    void policyBlockedSync(boolean b) {
      policyBlocked = b;
    }

    /** Takes a report decided earlier (a resumed dispatch). */
    void restore(RecipientReport r) {
      restored = r;
      outcome = r.outcome();
      reason = r.reason().orElse(null);
      attempts.addAll(r.attempts());
    }

    RecipientReport report() {
      if (restored != null) {
        return restored;
      }
      return new RecipientReport(recipient.id(), outcome, Optional.ofNullable(reason),
          Optional.ofNullable(decision).map(RoutingPolicy.Decision::rule),
          Optional.ofNullable(decision).map(RoutingPolicy.Decision::plan),
          attempts, skipped, Optional.ofNullable(deferredUntil));
    }
  }

  /** One alert's dispatch (or one deferred recipient's). */
  private final class AlertRun {
    final Alert alert;
    final Instant startedAt;
    final DeferredSend deferredFrom;
    /** A deferred send (in memory or durable): no dedup claim, no quiet-hours deferral, no dispatch events. */
    final boolean deferred;
    /** The journal id of a resumable run (durable submission or deferred send), else null. */
    final String dispatchId;
    /** Stopped without writing its reports; another run finishes it. */
    boolean handedOver;
    /** Its reports could not be written to the journal. */
    volatile boolean journalFailed;
    /** A run of a dispatch that an earlier run started. */
    boolean resumed;
    final List<RecipientRun> recipients = new ArrayList<>();
    final CompletableFuture<DispatchReport> done = new CompletableFuture<>();
    boolean completed;
    boolean holdsDedupClaim;
    boolean announced;

    AlertRun(Alert alert, Instant startedAt, DeferredSend deferredFrom, boolean deferred, String dispatchId) {
      this.alert = alert;
      this.startedAt = startedAt;
      this.deferredFrom = deferredFrom;
      this.deferred = deferred;
      this.dispatchId = dispatchId;
    }

    /** Caller holds the monitor or is the only thread touching this run. */
    void finish(RecipientRun rr, Outcome outcome, String reason) {
      rr.outcome = outcome;
      rr.reason = reason;
    }

    void finishAllWith(Outcome outcome, String reason) {
      synchronized (this) {
        for (RecipientRun rr : recipients) {
          if (rr.outcome == null) {
            finish(rr, outcome, reason);
          }
        }
      }
      // Outside the monitor: completing runs the store (dedup release), listeners and callers' continuations.
      completeIfDone();
    }

    void abort(String reason) {
      synchronized (this) {
        if (completed) {
          return;
        }
        for (RecipientRun rr : recipients) {
          if (rr.outcome != null) {
            continue;
          }
          boolean accepted = rr.attempts.stream().anyMatch(Attempt::accepted);
          if (accepted) {
            finish(rr, Outcome.ACCEPTED, null);
          } else {
            finish(rr, Outcome.NOT_SENT, reason + " before the send completed; a request that was in flight may still have reached the provider"
                + failureSummary(rr, "; so far: "));
          }
        }
      }
      completeIfDone();
    }

    void completeIfDone() {
      DispatchReport report;
      synchronized (this) {
        if (completed) {
          return;
        }
        for (RecipientRun rr : recipients) {
          if (rr.outcome == null) {
            return;
          }
        }
        completed = true;
        List<RecipientReport> reports = new ArrayList<>();
        recipients.forEach(rr -> reports.add(rr.report()));
        report = new DispatchReport(alert.id(), startedAt, s.clock.instant(), reports);
      }
      boolean handed;
      synchronized (this) {
        handed = handedOver;
      }
      if (dispatchId != null && !handed) {
        Map<String, String> reports = new java.util.LinkedHashMap<>();
        synchronized (this) {
          for (RecipientRun rr : recipients) {
            if (!rr.journaled) {
              reports.put(rr.recipient.id(), AlertJson.report(rr.report()));
            }
          }
        }
        try {
          if (!reports.isEmpty()) {
            s.journal.finish(dispatchId, reports, report.finishedAt());
          }
        } catch (RuntimeException e) {
          journalFailed = true;
          LOG.warn("alert {}: the dispatch's reports could not be written to the journal ({}); it will be resumed, and "
              + "what was sent reported as possibly sent", alert.id(), e.toString());
        }
      }
      if (holdsDedupClaim && !handed) {
        releaseDedup(alert, report.recipients().stream()
            .anyMatch(r -> r.outcome() == Outcome.ACCEPTED || r.outcome() == Outcome.DEFERRED || r.outcome() == Outcome.DELIVERED));
      }
      if (!deferred && !handed && !journalFailed) {
        s.listener.onEvent(new DispatchCompleted(now0(), alert, report));
      }
      done.complete(report);
    }
  }
}
