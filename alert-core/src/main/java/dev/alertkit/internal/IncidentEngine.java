package dev.alertkit.internal;

import dev.alertkit.Alert;
import dev.alertkit.AlertListener;
import dev.alertkit.AlertRejectedException;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.event.AckRejected;
import dev.alertkit.event.AlertAttachedToIncident;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.DeliveryUpdated;
import dev.alertkit.event.EscalationStepStarted;
import dev.alertkit.event.IncidentAcknowledged;
import dev.alertkit.event.IncidentExhausted;
import dev.alertkit.event.IncidentOpened;
import dev.alertkit.event.IncidentResolved;
import dev.alertkit.event.ReplyOptOut;
import dev.alertkit.incident.AckChannel;
import dev.alertkit.incident.AckLinks;
import dev.alertkit.incident.AckResult;
import dev.alertkit.incident.EscalationPolicy;
import dev.alertkit.incident.EscalationStep;
import dev.alertkit.incident.EscalationTarget;
import dev.alertkit.incident.Incident;
import dev.alertkit.incident.IncidentHandle;
import dev.alertkit.incident.IncidentState;
import dev.alertkit.incident.Incidents;
import dev.alertkit.incident.Notification;
import dev.alertkit.incident.ReplyResult;
import dev.alertkit.incident.TimelineEntry;
import dev.alertkit.oncall.OnCall;
import dev.alertkit.spi.IncidentStore;
import dev.alertkit.spi.TimerEntry;
import dev.alertkit.spi.TimerService;
import dev.alertkit.spi.support.Redaction;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs incidents: pages each step through the client's own dispatch ({@code sendAsync}, one alert per person and
 * channel so that each carries the person's reply code), keeps every state change a compare-and-set in the
 * {@link IncidentStore}, and keeps the next step as a timer ({@link #TIMER_KIND}, key = incident id, payload =
 * {@code round:step} or {@code exhausted}) in the {@link TimerService}. Hears "press 1" as a
 * {@link DeliveryUpdated} with status {@link DeliveryStatus#ACKNOWLEDGED} for an alert a step sent.
 *
 * <p>Races: an acknowledgement moves TRIGGERED to ACKNOWLEDGED by compare-and-set and then cancels the timer; a
 * step that fires compare-and-sets its start only while TRIGGERED and at the expected position, so exactly one of
 * them wins. A step that started before the acknowledgement sends nothing more after it (each notification checks
 * the state first); a request already with the provider completes and is marked "after acknowledgement".
 */
public final class IncidentEngine implements Incidents, AlertListener {
  /** The timer kind of escalation steps. */
  public static final String TIMER_KIND = "alertkit.escalation";
  /** When the first step runs again if the instance that raised the incident died while paging it. */
  static final Duration FIRST_STEP_GUARD = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(IncidentEngine.class);
  /**
   * The WhatsApp template variable that receives the person's reply code: business-initiated WhatsApp messages must
   * be approved templates, so a template that says "Reply {{ackCode}} to acknowledge" declares this variable (with
   * any placeholder value) and each step fills in the person's code.
   */
  public static final String ACK_CODE_VARIABLE = "ackCode";
  private static final String EXHAUSTED = "exhausted";
  private static final int MAX_CAS_TRIES = 1_000;
  private static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE",
      "STOP ALL", "OPT OUT");
  private static final Set<String> START = Set.of("START", "YES", "UNSTOP", "OPTIN", "OPT IN");
  private static final Set<String> HELP = Set.of("HELP", "INFO");
  private static final Pattern CODE = Pattern.compile("(?:^|\\D)(\\d{4,8})(?:\\D|$)");

  private final IncidentStore store;
  private final TimerService timers;
  private final Clock clock;
  private final AlertListener events;
  private final Set<Channel> served;
  private final Optional<AckLinks> links;
  private final Random random;
  private final int maxWrongCodes;
  private final Duration wrongCodeWindow;
  private final Map<String, EscalationPolicy> policies = new ConcurrentHashMap<>();
  private volatile Function<Alert, CompletableFuture<DispatchReport>> sender;

  /**
   * @param store incident state
   * @param timers step timers
   * @param clock the client's clock
   * @param events the client's listeners (incident events go there)
   * @param served the channels the client's providers serve
   * @param links signed links, if configured
   * @param random makes reply codes (a {@link SecureRandom} in production)
   * @param maxWrongCodes wrong codes allowed per sender and window
   * @param wrongCodeWindow the rate-limit window
   */
  public IncidentEngine(IncidentStore store, TimerService timers, Clock clock, AlertListener events, Set<Channel> served,
      Optional<AckLinks> links, Random random, int maxWrongCodes, Duration wrongCodeWindow) {
    this.store = Objects.requireNonNull(store, "store");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
    this.served = Set.copyOf(served);
    this.links = Objects.requireNonNull(links, "links");
    this.random = Objects.requireNonNull(random, "random");
    this.maxWrongCodes = maxWrongCodes;
    this.wrongCodeWindow = wrongCodeWindow;
  }

  /**
   * Connects the engine to the client's dispatch, and registers the step timer handler (before the timer service
   * starts).
   *
   * @param sender the client's {@code sendAsync}
   */
  public void bind(Function<Alert, CompletableFuture<DispatchReport>> sender) {
    this.sender = Objects.requireNonNull(sender, "sender");
    timers.register(TIMER_KIND, this::onTimer);
  }

  /**
   * Makes a policy known by name (incidents in a durable store name their policy; register the policies at start).
   *
   * @param policy the policy
   */
  public void register(EscalationPolicy policy) {
    policy.checkChannels(served);
    policies.put(policy.name(), policy);
  }

  // ---------------------------------------------------------------------------------------------------- raise

  @Override
  public IncidentHandle raise(Alert alert, EscalationPolicy policy) {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(policy, "policy");
    if (sender == null) {
      throw new IllegalStateException("the incident engine is not bound to a client");
    }
    register(policy);
    Instant now = clock.instant();
    Incident fresh = Incident.open(alert, policy.name(), now);
    Incident stored = store.createOrGetOpen(fresh);
    if (!stored.id().equals(fresh.id())) {
      int[] count = new int[1];
      Optional<Incident> after = update(stored.id(), i -> {
        count[0] = i.attachedAlerts() + 1;
        return i.toBuilder().attached().timeline(entry(TimelineEntry.Type.ATTACHED, -1, -1, null, null,
            "alert " + alert.id() + " (\"" + alert.title() + "\") with dedup key " + alert.dedupKey().orElse("") + " attached; "
                + count[0] + " so far")).build();
      });
      LOG.info("alert {} attached to open incident {} (dedup key)", alert.id(), stored.id());
      emit(new AlertAttachedToIncident(now, stored.id(), alert, count[0]));
      return new IncidentHandle(after.map(Incident::id).orElse(stored.id()), this, true);
    }
    LOG.info("incident {} opened with policy {}", fresh.id(), policy.name());
    emit(new IncidentOpened(now, fresh.id(), policy.name(), alert.title()));
    // The first step's own timer, replaced by the next step's when the first step has paged: if this instance dies
    // while paging, another one runs the first step again (a durable timer service) and pages whoever was not paged.
    timers.schedule(new TimerEntry(TIMER_KIND, fresh.id(), now.plus(FIRST_STEP_GUARD), "0:0"));
    startStep(fresh.id(), 0, 0);
    return new IncidentHandle(fresh.id(), this, false);
  }

  // ---------------------------------------------------------------------------------------------------- timers

  private void onTimer(TimerEntry timer) {
    String id = timer.key();
    String payload = timer.payload();
    if (EXHAUSTED.equals(payload.split("\\|", 2)[0])) {
      String[] p = payload.split("\\|");
      exhaust(id, Integer.parseInt(p[1]), Integer.parseInt(p[2]));
      return;
    }
    String[] rs = payload.split(":");
    startStep(id, Integer.parseInt(rs[0]), Integer.parseInt(rs[1]));
  }

  private void startStep(String id, int round, int step) {
    Optional<Incident> current = store.find(id);
    if (current.isEmpty()) {
      LOG.warn("escalation step {} of incident {} not started: the incident store does not know the incident", step + 1, id);
      return;
    }
    EscalationPolicy policy = policies.get(current.get().policyName());
    if (policy == null) {
      LOG.error("escalation step {} of incident {} not started: policy {} is not registered on this client", step + 1, id,
          current.get().policyName());
      return;
    }
    EscalationStep spec = policy.steps().get(step);
    Instant now = clock.instant();
    List<Recipient> people = new ArrayList<>();
    List<String> onCall = new ArrayList<>();
    List<TimelineEntry> onCallEntries = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (EscalationTarget t : spec.targets()) {
      EscalationTarget.Resolved r = t.resolve(now);
      r.onCall().ifPresent(oc -> {
        onCall.add(oc.schedule() + ": " + oc.reason());
        onCallEntries.add(entry(TimelineEntry.Type.ON_CALL, round, step, null, null, "schedule " + oc.schedule() + ": "
            + (oc.recipients().isEmpty() ? "nobody on call (" + oc.reason() + ")" : oc.reason())));
      });
      for (Recipient p : r.recipients()) {
        if (ids.add(p.id())) {
          people.add(p);
        }
      }
    }
    boolean lastStep = step == policy.steps().size() - 1;
    boolean lastRound = round == policy.repeat();
    Instant due = now.plus(spec.waitForAck());
    String payload = lastStep && lastRound ? EXHAUSTED + "|" + round + "|" + step
        : lastStep ? (round + 1) + ":0" : round + ":" + (step + 1);
    String[] cancelled = new String[1];
    Optional<Incident> started = update(id, i -> {
      cancelled[0] = null;
      if (i.state() != IncidentState.TRIGGERED) {
        cancelled[0] = "incident " + i.state().name().toLowerCase(Locale.ROOT) + why(i);
        return i.toBuilder().timeline(entry(TimelineEntry.Type.STEP_CANCELLED, round, step, null, null,
            "not started: " + cancelled[0])).build();
      }
      if (!isNext(i, round, step)) {
        cancelled[0] = "stale";
        return null;
      }
      Incident.Builder b = i.toBuilder().position(round, step).nextStepDue(Optional.of(due))
          .timeline(entry(TimelineEntry.Type.STEP_STARTED, round, step, null, null,
              "paging " + (people.isEmpty() ? "nobody" : String.join(", ", ids(people))) + "; next "
                  + (lastStep && lastRound ? "exhausted" : "step") + " at " + due));
      onCallEntries.forEach(b::timeline);
      return b.build();
    });
    if (started.isEmpty() || cancelled[0] != null) {
      if ("stale".equals(cancelled[0])) {
        Incident at = started.orElse(null);
        if (at != null && at.state() == IncidentState.TRIGGERED && at.round() == round && at.step() == step && at.nextStepDue().isPresent()) {
          // A durable timer ran again after its instance died after starting this step: the escalation must go on,
          // and nobody is paged twice. A person with a notification recorded for this step may have been paged (the
          // notification is recorded before the page leaves): not paged again. A person without one was certainly not
          // paged (the instance died before): paged now, so the step's page is not lost.
          List<Recipient> unpaged = new ArrayList<>();
          for (Recipient p : people) {
            boolean recorded = at.notifications().stream()
                .anyMatch(n -> n.recipientId().equals(p.id()) && n.round() == round && n.step() == step);
            if (!recorded) {
              unpaged.add(p);
            }
          }
          LOG.warn("escalation step {} round {} of incident {} ran again (instance restarted?): next step kept; {} of {} "
              + "people had no page recorded and are paged now, the others are not paged again", step + 1, round + 1, id,
              unpaged.size(), people.size());
          timers.schedule(new TimerEntry(TIMER_KIND, id, at.nextStepDue().get(), payload));
          for (Recipient p : unpaged) {
            deliver(id, round, step, p, spec.via().tiers(), 0, false);
          }
          return;
        }
        LOG.info("escalation step {} round {} of incident {} ignored: the incident is not at the step before it", step + 1, round + 1, id);
      } else if (cancelled[0] != null) {
        LOG.info("escalation step {} of incident {} not started: {}", step + 1, id, cancelled[0]);
      }
      return;
    }
    LOG.info("incident {} step {} (round {}) paging {} people", id, step + 1, round + 1, people.size());
    emit(new EscalationStepStarted(now, id, round, step, ids(people), onCall));
    for (Recipient p : people) {
      deliver(id, round, step, p, spec.via().tiers(), 0, false);
    }
    // The next step replaces this step's own timer only now, after every page of this step was recorded and handed
    // to the client: if the instance dies before, this step's timer runs again and pages whoever has no page recorded.
    timers.schedule(new TimerEntry(TIMER_KIND, id, due, payload));
    if (store.find(id).map(i -> i.state() != IncidentState.TRIGGERED).orElse(true)) {
      timers.cancel(TIMER_KIND, id); // acknowledged between the start and the timer
    }
  }

  private static boolean isNext(Incident i, int round, int step) {
    if (i.step() < 0) {
      return round == 0 && step == 0;
    }
    return (round == i.round() && step == i.step() + 1) || (round == i.round() + 1 && step == 0);
  }

  private void exhaust(String id, int round, int step) {
    EscalationPolicy[] policy = new EscalationPolicy[1];
    boolean[] changed = new boolean[1];
    update(id, i -> {
      changed[0] = false;
      if (i.state() != IncidentState.TRIGGERED || i.round() != round || i.step() != step) {
        return null;
      }
      policy[0] = policies.get(i.policyName());
      changed[0] = true;
      return i.toBuilder().state(IncidentState.EXHAUSTED).nextStepDue(Optional.empty())
          .timeline(entry(TimelineEntry.Type.EXHAUSTED, round, step, null, null,
              "nobody acknowledged after " + (round + 1) + " round(s) of " + (step + 1) + " step(s)")).build();
    });
    if (!changed[0]) {
      return;
    }
    LOG.warn("incident {} exhausted: nobody acknowledged", id);
    emit(new IncidentExhausted(clock.instant(), id, policy[0] == null ? "?" : policy[0].name(), round + 1));
    if (policy[0] != null && policy[0].exhaustedVia().isPresent()) {
      for (Recipient r : policy[0].exhaustedNotify()) {
        deliver(id, round, -1, r, policy[0].exhaustedVia().get().tiers(), 0, true);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------- sending

  private void deliver(String id, int round, int step, Recipient person, List<List<Channel>> tiers, int tier, boolean notice) {
    if (tier >= tiers.size()) {
      record(id, entry(TimelineEntry.Type.NOT_NOTIFIED, round, step, person.id(), null,
          tiers.isEmpty() ? "no channel planned" : "every planned channel failed or was skipped"));
      return;
    }
    Optional<Incident> now = store.find(id);
    if (now.isEmpty()) {
      return;
    }
    if (!notice && now.get().state() != IncidentState.TRIGGERED) {
      record(id, entry(TimelineEntry.Type.NOT_NOTIFIED, round, step, person.id(), null,
          "not sent: incident " + now.get().state().name().toLowerCase(Locale.ROOT) + why(now.get()) + " before this notification left"));
      return;
    }
    List<Channel> channels = new ArrayList<>();
    for (Channel c : tiers.get(tier)) {
      if (!person.canReceive(c)) {
        record(id, entry(TimelineEntry.Type.NOT_NOTIFIED, round, step, person.id(), c, "no " + c + " address (or opted out)"));
      } else if ((c == Channel.SMS || c == Channel.WHATSAPP) && store.isOptedOut(person.address(c).get(), c)) {
        record(id, entry(TimelineEntry.Type.NOT_NOTIFIED, round, step, person.id(), c, "the number replied STOP to " + c));
      } else {
        channels.add(c);
      }
    }
    if (channels.isEmpty()) {
      deliver(id, round, step, person, tiers, tier + 1, notice);
      return;
    }
    List<CompletableFuture<Boolean>> sent = new ArrayList<>();
    for (Channel c : channels) {
      sent.add(sendOne(id, round, step, person, c, notice));
    }
    CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> {
      boolean any = sent.stream().anyMatch(f -> f.getNow(false));
      if (!any) {
        deliver(id, round, step, person, tiers, tier + 1, notice);
      }
    });
  }

  private CompletableFuture<Boolean> sendOne(String id, int round, int step, Recipient person, Channel channel, boolean notice) {
    Incident incident = store.find(id).orElseThrow();
    if (!notice && incident.state() != IncidentState.TRIGGERED) {
      record(id, entry(TimelineEntry.Type.NOT_NOTIFIED, round, step, person.id(), channel, "not sent: incident "
          + incident.state().name().toLowerCase(Locale.ROOT) + why(incident) + " before this notification left"));
      return CompletableFuture.completedFuture(true); // no fallback either
    }
    String address = person.address(channel).orElseThrow();
    String code = notice ? "" : codeFor(incident, person.id(), address);
    String alertId = alertId(id, round, step, person.id(), channel);
    Alert message;
    try {
      message = stepAlert(incident, alertId, person, channel, code, notice);
    } catch (RuntimeException e) {
      record(id, entry(TimelineEntry.Type.NOT_NOTIFIED, round, step, person.id(), channel, "could not build the message: " + e.getMessage()));
      return CompletableFuture.completedFuture(false);
    }
    if (!notice) {
      Notification n = new Notification(person.id(), channel, address, round, step, alertId, code, clock.instant());
      update(id, i -> i.toBuilder().notification(n).build());
    }
    CompletableFuture<DispatchReport> f;
    try {
      f = sender.apply(message);
    } catch (AlertRejectedException e) {
      record(id, entry(TimelineEntry.Type.NOT_NOTIFIED, round, step, person.id(), channel, e.getMessage()));
      return CompletableFuture.completedFuture(false);
    }
    return f.handle((report, e) -> {
      if (e != null) {
        record(id, entry(TimelineEntry.Type.NOT_NOTIFIED, round, step, person.id(), channel, "dispatch failed: " + e));
        return false;
      }
      RecipientReport rr = report.recipients().get(0);
      boolean ok = rr.outcome() == Outcome.ACCEPTED || rr.outcome() == Outcome.DELIVERED || rr.outcome() == Outcome.DEFERRED;
      Incident after = store.find(id).orElse(incident);
      String late = !notice && after.state() != IncidentState.TRIGGERED ? " (after " + after.state().name().toLowerCase(Locale.ROOT)
          + why(after) + ")" : "";
      record(id, entry(notice ? TimelineEntry.Type.EXHAUSTED_NOTIFIED : ok ? TimelineEntry.Type.NOTIFIED : TimelineEntry.Type.NOT_NOTIFIED,
          round, step, person.id(), channel, (ok ? rr.outcome().name().toLowerCase(Locale.ROOT) : rr.describe())
              + late));
      return ok;
    });
  }

  private Alert stepAlert(Incident incident, String alertId, Recipient person, Channel channel, String code, boolean notice) {
    Alert a = incident.alert();
    String base = a.body().orElse(a.title());
    String extra = "";
    if (notice) {
      base = "Nobody acknowledged: " + a.title() + "\n" + base;
    } else if (channel == Channel.WHATSAPP || channel == Channel.SMS && !"IN".equals(person.phoneRegion().orElse(""))) {
      extra = "\nReply " + code + " to acknowledge.";
    } else if ((channel == Channel.EMAIL || channel == Channel.SMS) && links.isPresent()) {
      extra = "\nAcknowledge: " + links.get().url(incident.id(), person.id(), clock.instant());
    }
    if (base.length() + extra.length() > Alert.MAX_BODY_LENGTH) {
      base = base.substring(0, Alert.MAX_BODY_LENGTH - extra.length());
    }
    Alert.Builder b = Alert.builder().id(alertId).severity(a.severity()).title(a.title()).body(base + extra).labels(a.labels())
        .label("alertkit.incident", incident.id()).recipient(person).channels(channel).createdAt(clock.instant());
    Optional<dev.alertkit.ChannelContent> content = a.content(channel);
    if (content.isPresent() && content.get() instanceof dev.alertkit.WhatsAppContent && !notice) {
      dev.alertkit.WhatsAppContent wa = (dev.alertkit.WhatsAppContent) content.get();
      if (wa.contentSid().isPresent() && wa.variables().containsKey(ACK_CODE_VARIABLE)) {
        Map<String, String> vars = new java.util.LinkedHashMap<>(wa.variables());
        vars.put(ACK_CODE_VARIABLE, code);
        content = Optional.of(dev.alertkit.WhatsAppContent.template(wa.contentSid().get(), vars));
      }
    }
    content.ifPresent(b::content);
    return b.build();
  }

  private String codeFor(Incident incident, String recipientId, String address) {
    Optional<String> existing = incident.replyCode(recipientId);
    if (existing.isPresent()) {
      return existing.get();
    }
    Set<String> taken = new HashSet<>();
    for (Incident other : store.findOpenByNotifiedAddress(address)) {
      other.notifications().forEach(n -> taken.add(n.replyCode()));
    }
    String code;
    do {
      synchronized (random) {
        code = String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
      }
    } while (taken.contains(code));
    return code;
  }

  private static String alertId(String id, int round, int step, String recipientId, Channel channel) {
    String suffix = (step < 0 ? "x" : "r" + (round + 1) + "s" + (step + 1)) + "." + channel.name().toLowerCase(Locale.ROOT);
    String readable = id + "~" + suffix + "." + recipientId;
    if (readable.length() <= Alert.MAX_ID_LENGTH) {
      return readable;
    }
    return java.util.UUID.randomUUID() + "~" + suffix;
  }

  // ---------------------------------------------------------------------------------------------------- acks

  @Override
  public AckResult acknowledge(String incidentId, String by, AckChannel via) {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(via, "via");
    return change(incidentId, by, via, true);
  }

  @Override
  public AckResult resolve(String incidentId, String by) {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(by, "by");
    return change(incidentId, by, AckChannel.API, false);
  }

  @Override
  public AckResult resolveByDedupKey(String dedupKey, String by) {
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(by, "by");
    Optional<Incident> open = store.findOpenByDedupKey(dedupKey);
    if (open.isEmpty()) {
      String reason = "no open incident has dedup key " + dedupKey;
      LOG.info("resolve by {} ignored: {}", by, reason);
      emit(new AckRejected(clock.instant(), dedupKey, by, AckChannel.API, reason));
      return new AckResult(AckResult.Outcome.UNKNOWN_INCIDENT, dedupKey, reason, Optional.empty());
    }
    return resolve(open.get().id(), by);
  }

  private AckResult change(String id, String by, AckChannel via, boolean ack) {
    AckResult.Outcome[] outcome = new AckResult.Outcome[1];
    String[] reason = new String[1];
    Instant now = clock.instant();
    Optional<Incident> after = update(id, i -> {
      if (i.state() == IncidentState.RESOLVED) {
        outcome[0] = AckResult.Outcome.ALREADY_RESOLVED;
        reason[0] = "already resolved" + why(i);
      } else if (ack && i.state() == IncidentState.ACKNOWLEDGED) {
        outcome[0] = AckResult.Outcome.ALREADY_ACKNOWLEDGED;
        reason[0] = "already acknowledged" + why(i);
      } else {
        outcome[0] = ack ? AckResult.Outcome.ACKNOWLEDGED : AckResult.Outcome.RESOLVED;
        reason[0] = (ack ? "acknowledged by " : "resolved by ") + by + " via " + via
            + (i.step() >= 0 ? " at step " + (i.step() + 1) + (i.round() > 0 ? " of round " + (i.round() + 1) : "") : "");
        Incident.Builder b = i.toBuilder().state(ack ? IncidentState.ACKNOWLEDGED : IncidentState.RESOLVED).nextStepDue(Optional.empty());
        if (ack) {
          b.acknowledged(by, via, now);
        } else {
          b.resolved(by, now);
        }
        return b.timeline(entry(ack ? TimelineEntry.Type.ACKNOWLEDGED : TimelineEntry.Type.RESOLVED, i.round(), i.step(),
            null, via == AckChannel.API || via == AckChannel.LINK ? null : channelOf(via), by + " via " + via)).build();
      }
      return i.toBuilder().timeline(entry(TimelineEntry.Type.ACK_IGNORED, -1, -1, null, null,
          (ack ? "acknowledgement" : "resolve") + " by " + by + " via " + via + " ignored: " + reason[0])).build();
    });
    if (after.isEmpty()) {
      String r = "unknown incident (never opened on this store, or forgotten)";
      LOG.warn("{} by {} via {} for incident {} ignored: {}", ack ? "acknowledgement" : "resolve", by, via, id, r);
      emit(new AckRejected(now, id, by, via, r));
      return new AckResult(AckResult.Outcome.UNKNOWN_INCIDENT, id, r, Optional.empty());
    }
    Incident i = after.get();
    if (outcome[0] == AckResult.Outcome.ACKNOWLEDGED || outcome[0] == AckResult.Outcome.RESOLVED) {
      boolean cancelled = timers.cancel(TIMER_KIND, id);
      LOG.info("incident {} {}; pending step cancelled: {}", id, reason[0], cancelled);
      emit(ack ? new IncidentAcknowledged(now, id, by, via, i.round(), i.step()) : new IncidentResolved(now, id, by));
    } else {
      LOG.info("{} by {} via {} for incident {} ignored: {}", ack ? "acknowledgement" : "resolve", by, via, id, reason[0]);
      emit(new AckRejected(now, id, by, via, reason[0]));
    }
    return new AckResult(outcome[0], id, reason[0], Optional.of(i));
  }

  private static Channel channelOf(AckChannel via) {
    switch (via) {
      case VOICE:
        return Channel.VOICE;
      case SMS:
        return Channel.SMS;
      case WHATSAPP:
        return Channel.WHATSAPP;
      default:
        return null;
    }
  }

  private static String why(Incident i) {
    if (i.state() == IncidentState.RESOLVED) {
      return " by " + i.resolvedBy().orElse("?") + i.resolvedAt().map(t -> " at " + t).orElse("");
    }
    if (i.state() == IncidentState.ACKNOWLEDGED) {
      return " by " + i.acknowledgedBy().orElse("?") + i.acknowledgedAt().map(t -> " at " + t).orElse("");
    }
    return "";
  }

  /** Press 1 (or a provider's own acknowledgement) for an alert a step sent acknowledges its incident. */
  @Override
  public void onEvent(AlertEvent event) {
    if (!(event instanceof DeliveryUpdated)) {
      return;
    }
    DeliveryEvent d = ((DeliveryUpdated) event).delivery();
    if (d.status() != DeliveryStatus.ACKNOWLEDGED || d.alertId().isEmpty()) {
      return;
    }
    Optional<Incident> incident = store.findByNotificationAlertId(d.alertId().get());
    if (incident.isEmpty()) {
      return; // an ordinary alert, not an incident's
    }
    String by = d.recipientId().orElseGet(() -> incident.get().notifications().stream()
        .filter(n -> n.alertId().equals(d.alertId().get())).map(Notification::recipientId).findFirst().orElse("?"));
    AckChannel via = d.channel().map(c -> c == Channel.VOICE ? AckChannel.VOICE : c == Channel.SMS ? AckChannel.SMS
        : c == Channel.WHATSAPP ? AckChannel.WHATSAPP : AckChannel.LINK).orElse(AckChannel.VOICE);
    acknowledge(incident.get().id(), by, via);
  }

  // ---------------------------------------------------------------------------------------------------- replies

  @Override
  public ReplyResult reply(Channel channel, String from, String body) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(body, "body");
    if (channel != Channel.SMS && channel != Channel.WHATSAPP) {
      throw new IllegalArgumentException("replies come by SMS or WhatsApp, not " + channel);
    }
    String sender = from.startsWith("whatsapp:") ? from.substring("whatsapp:".length()) : from;
    String word = body.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s.!]+$", "").replaceAll("\\s+", " ");
    Instant now = clock.instant();
    if (STOP.contains(word) || START.contains(word) || HELP.contains(word)) {
      boolean out = STOP.contains(word);
      boolean in = START.contains(word);
      if (out || in) {
        store.setOptedOut(sender, channel, out);
      }
      for (Incident i : store.findOpenByNotifiedAddress(sender)) {
        i.notifications().stream().filter(n -> n.address().equals(sender)).findFirst().ifPresent(n -> record(i.id(),
            entry(TimelineEntry.Type.OPTED_OUT, -1, -1, n.recipientId(), channel, word + (out ? ": opted out of " + channel
                : in ? ": opted back in to " + channel : ": asked for help"))));
      }
      LOG.info("reply keyword {} from {} over {} recorded", word, Redaction.phone(sender), channel);
      emit(new ReplyOptOut(now, sender, channel, word, out));
      // Twilio answers STOP/START/HELP itself on long codes and toll-free numbers: answer nothing to avoid a second text.
      return new ReplyResult(out ? ReplyResult.Outcome.OPTED_OUT : in ? ReplyResult.Outcome.OPTED_IN : ReplyResult.Outcome.HELP,
          Optional.empty(), Optional.empty());
    }
    long window = now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), wrongCodeWindow.toMillis());
    if (store.wrongCodes(sender, window) >= maxWrongCodes) {
      LOG.warn("reply from {} over {} ignored: {} wrong codes within {}", Redaction.phone(sender), channel, maxWrongCodes, wrongCodeWindow);
      emit(new AckRejected(now, "?", sender, via(channel), "rate limited: too many wrong codes"));
      return new ReplyResult(ReplyResult.Outcome.RATE_LIMITED,
          Optional.of("Too many wrong codes. Try again later or acknowledge by phone."), Optional.empty());
    }
    List<Incident> candidates = store.findOpenByNotifiedAddress(sender);
    if (candidates.isEmpty()) {
      store.countWrongCode(sender, window);
      LOG.info("reply from {} over {} ignored: no open incident notified that number", Redaction.phone(sender), channel);
      emit(new AckRejected(now, "?", sender, via(channel), "the sender was not notified by any open incident"));
      return new ReplyResult(ReplyResult.Outcome.NOT_NOTIFIED, Optional.empty(), Optional.empty());
    }
    Matcher m = CODE.matcher(body);
    String code = m.find() ? m.group(1) : null;
    if (code != null) {
      for (Incident i : candidates) {
        Optional<Notification> n = i.notifications().stream()
            .filter(x -> x.address().equals(sender) && x.replyCode().equals(code)).findFirst();
        if (n.isPresent()) {
          AckResult r = acknowledge(i.id(), n.get().recipientId(), via(channel));
          String answer = r.outcome() == AckResult.Outcome.ACKNOWLEDGED ? "Acknowledged: " + i.alert().title() + ". Thank you."
              : "Already " + r.reason().replaceFirst("^already ", "") + ". Nothing changed.";
          return new ReplyResult(ReplyResult.Outcome.CODE_ACCEPTED, Optional.of(answer), Optional.of(r));
        }
      }
    }
    int wrong = store.countWrongCode(sender, window);
    LOG.info("reply from {} over {}: unknown code ({} wrong within the window)", Redaction.phone(sender), channel, wrong);
    emit(new AckRejected(now, "?", sender, via(channel), "unknown code"));
    return new ReplyResult(ReplyResult.Outcome.UNKNOWN_CODE,
        Optional.of("Unknown code. Reply with the code from the alert message to acknowledge."), Optional.empty());
  }

  private static AckChannel via(Channel c) {
    return c == Channel.WHATSAPP ? AckChannel.WHATSAPP : AckChannel.SMS;
  }

  @Override
  public Optional<Incident> find(String incidentId) {
    return store.find(Objects.requireNonNull(incidentId, "incidentId"));
  }

  @Override
  public Optional<AckLinks> links() {
    return links;
  }

  /** @return the store */
  public IncidentStore store() {
    return store;
  }

  /** @return the clock */
  public Clock clock() {
    return clock;
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  private TimelineEntry entry(TimelineEntry.Type type, int round, int step, String recipientId, Channel channel, String detail) {
    return new TimelineEntry(clock.instant(), type, round, step, Optional.ofNullable(recipientId), Optional.ofNullable(channel), detail);
  }

  private void record(String id, TimelineEntry e) {
    update(id, i -> i.toBuilder().timeline(e).build());
  }

  /** Compare-and-set loop: {@code change} returns the next version, or null for "no change". */
  private Optional<Incident> update(String id, Function<Incident, Incident> change) {
    for (int tries = 0; tries < MAX_CAS_TRIES; tries++) {
      Optional<Incident> cur = store.find(id);
      if (cur.isEmpty()) {
        return Optional.empty();
      }
      Incident next = change.apply(cur.get());
      if (next == null) {
        return cur;
      }
      if (store.replace(cur.get(), next)) {
        return Optional.of(next);
      }
    }
    throw new IllegalStateException("incident " + id + " changed " + MAX_CAS_TRIES + " times while one change was decided");
  }

  private void emit(AlertEvent e) {
    events.onEvent(e);
  }

  private static List<String> ids(List<Recipient> people) {
    List<String> out = new ArrayList<>();
    people.forEach(p -> out.add(p.id()));
    return out;
  }

  @Override
  public String toString() {
    return "IncidentEngine{" + store + ", " + policies.size() + " policies}";
  }
}
