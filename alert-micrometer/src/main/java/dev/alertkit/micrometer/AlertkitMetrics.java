package dev.alertkit.micrometer;

import dev.alertkit.Alert;
import dev.alertkit.AlertListener;
import dev.alertkit.Attempt;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.ValidationException;
import dev.alertkit.cost.Money;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.AttemptFinished;
import dev.alertkit.event.AttemptStarted;
import dev.alertkit.event.ChannelSkipped;
import dev.alertkit.event.CircuitStateChanged;
import dev.alertkit.event.DeferredCompleted;
import dev.alertkit.event.DispatchResumed;
import dev.alertkit.event.DeliveryUpdated;
import dev.alertkit.event.IncidentExhausted;
import dev.alertkit.event.IncidentResolved;
import dev.alertkit.event.IncidentAcknowledged;
import dev.alertkit.event.IncidentOpened;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.event.DispatchStarted;
import dev.alertkit.event.FallbackTaken;
import dev.alertkit.event.RateLimited;
import dev.alertkit.event.RetryScheduled;
import dev.alertkit.event.RetrySkipped;
import dev.alertkit.event.WebhookReceived;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters and Observation spans for everything an {@link dev.alertkit.AlertClient} does, as one
 * {@link AlertListener} built on the typed events of {@code dev.alertkit.event}:
 *
 * <pre>{@code
 * AlertClient client = AlertClient.builder().provider(...).listener(AlertkitMetrics.bind(meterRegistry)).build();
 * }</pre>
 *
 * <p>The client's {@link dev.alertkit.DeliveryTracker} (and so the webhook handlers fed by it) tells the same
 * listeners, so delivery and webhook meters need nothing more. A tracker built on its own takes the listener through
 * {@code DeliveryTracker.builder().listener(metrics)}. One instance may serve several clients; bind one instance per
 * registry (give each a {@link Builder#tags common tag} when two must be told apart).
 *
 * <h2>Meters</h2>
 * <table>
 *   <caption>The meter catalogue (also in docs/metrics.md)</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 *   <tr><td>{@value #ALERTS}</td><td>counter</td><td>severity</td><td>alerts dispatched</td></tr>
 *   <tr><td>{@value #RECIPIENTS}</td><td>counter</td><td>severity, outcome</td><td>recipients that reached their
 *       final outcome (a deferred recipient counts once, when its deferred send ends)</td></tr>
 *   <tr><td>{@value #ATTEMPTS}</td><td>counter</td><td>channel, provider, result, kind, fault</td><td>attempts ended
 *       (one per recipient and channel try; {@code kind}/{@code fault} are {@code none} when accepted)</td></tr>
 *   <tr><td>{@value #ATTEMPT_DURATION}</td><td>timer</td><td>channel, provider, result</td><td>how long attempts took,
 *       retries and waits included (client clock)</td></tr>
 *   <tr><td>{@value #SKIPPED}</td><td>counter</td><td>channel</td><td>planned channels not tried</td></tr>
 *   <tr><td>{@value #FALLBACKS}</td><td>counter</td><td>severity</td><td>fallbacks to a next tier</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>counter</td><td>channel, provider, kind, fault</td><td>requests scheduled for
 *       resending</td></tr>
 *   <tr><td>{@value #RETRIES_SKIPPED}</td><td>counter</td><td>channel, provider, kind, fault</td><td>retryable
 *       failures not resent (budget, deadline, circuit)</td></tr>
 *   <tr><td>{@value #RATELIMIT_WAITS}</td><td>timer</td><td>channel, provider</td><td>requests that waited for a
 *       sender's rate limit, and how long</td></tr>
 *   <tr><td>{@value #CIRCUIT_STATE}</td><td>gauge</td><td>provider, state</td><td>1 for the provider's current
 *       circuit state, 0 for the others</td></tr>
 *   <tr><td>{@value #PENDING}</td><td>gauge</td><td></td><td>dispatches started and not completed</td></tr>
 *   <tr><td>{@value #DEFERRED}</td><td>gauge</td><td></td><td>recipients deferred (quiet hours) whose send has not
 *       ended</td></tr>
 *   <tr><td>{@value #DELIVERY_STATUS}</td><td>counter</td><td>channel, provider, status</td><td>provider reports that
 *       moved a delivery status (or matched nothing: channel {@code none})</td></tr>
 *   <tr><td>{@value #DELIVERY_LATENCY}</td><td>timer</td><td>channel, provider</td><td>from the provider accepting a
 *       message to the first report that it reached the person</td></tr>
 *   <tr><td>{@value #WEBHOOKS}</td><td>counter</td><td>provider, result</td><td>delivery reports by what became of
 *       them (verified, duplicate, uncorrelated, refused) and webhook requests rejected</td></tr>
 *   <tr><td>{@value #COST_ESTIMATED}</td><td>counter</td><td>channel, provider, currency</td><td>the estimate
 *       ({@link Attempt#cost()}, when the client has prices) of each attempt that may have been charged (accepted
 *       or ambiguous), in the currency's units</td></tr>
 *   <tr><td>{@value #COST_CHARGED}</td><td>counter</td><td>channel, provider, currency</td><td>what the provider
 *       reported it charged ({@link DeliveryEvent#price()} on a delivery update), in the currency's units</td></tr>
 *   <tr><td>{@value #INCIDENTS}</td><td>counter</td><td>state</td><td>incidents by the state they reached
 *       (triggered, acknowledged, resolved, exhausted)</td></tr>
 *   <tr><td>{@value #INCIDENT_TIME_TO_ACKNOWLEDGE}</td><td>timer</td><td>via</td><td>from an incident's opening to
 *       its acknowledgement, by acknowledgement channel</td></tr>
 * </table>
 *
 * <h2>Observations</h2>
 * With an {@link ObservationRegistry}: one {@code alertkit.dispatch} observation per alert, one
 * {@code alertkit.attempt} observation per recipient attempt (child of its dispatch), and one short
 * {@code alertkit.delivery} observation per provider report, child of the attempt it names by correlation id while
 * that attempt is still tracked (see {@link Builder#maxTrackedAttempts}). Names and key values come from the
 * {@link DefaultAlertObservationConvention default conventions}, replaceable through the builder.
 *
 * <p>Thread-safe. Listener methods are quick and never block.
 */
public final class AlertkitMetrics implements AlertListener {
  private static final Logger LOG = LoggerFactory.getLogger(AlertkitMetrics.class);

  /** Counter: alerts dispatched. */
  public static final String ALERTS = "alertkit.alerts";
  /** Counter: recipients by final outcome. */
  public static final String RECIPIENTS = "alertkit.recipients";
  /** Counter: attempts ended. */
  public static final String ATTEMPTS = "alertkit.attempts";
  /** Timer: attempt duration. */
  public static final String ATTEMPT_DURATION = "alertkit.attempt.duration";
  /** Counter: planned channels skipped. */
  public static final String SKIPPED = "alertkit.skipped";
  /** Counter: fallbacks to a next tier. */
  public static final String FALLBACKS = "alertkit.fallbacks";
  /** Counter: requests scheduled for resending. */
  public static final String RETRIES = "alertkit.retries";
  /** Counter: retryable failures not resent. */
  public static final String RETRIES_SKIPPED = "alertkit.retries.skipped";
  /** Timer: rate-limit waits. */
  public static final String RATELIMIT_WAITS = "alertkit.ratelimit.waits";
  /** Gauge: circuit state per provider. */
  public static final String CIRCUIT_STATE = "alertkit.circuit.state";
  /** Counter: durable dispatches resumed after their instance stopped. */
  public static final String RESUMED = "alertkit.resumed";
  /** Counter: recipients of resumed dispatches, by what became of them ({@code state}: kept, possibly_sent, resent). */
  public static final String RESUMED_RECIPIENTS = "alertkit.resumed.recipients";
  /** Gauge: dispatches in progress. */
  public static final String PENDING = "alertkit.pending";
  /** Gauge: deferred recipients waiting. */
  public static final String DEFERRED = "alertkit.deferred";
  /** Counter: delivery status reports. */
  public static final String DELIVERY_STATUS = "alertkit.delivery.status";
  /** Timer: accepted to delivered. */
  public static final String DELIVERY_LATENCY = "alertkit.delivery.latency";
  /** Counter: webhook reports and rejected requests. */
  public static final String WEBHOOKS = "alertkit.webhooks";
  /** Counter: estimated cost of attempts that may have been charged, in the currency's units. */
  public static final String COST_ESTIMATED = "alertkit.cost.estimated";
  /** Counter: what providers reported they charged, in the currency's units. */
  public static final String COST_CHARGED = "alertkit.cost.charged";

  /** Tag: alert severity, e.g. {@code critical}. */
  public static final String TAG_SEVERITY = "severity";
  /** Tag: final outcome, e.g. {@code accepted}. */
  public static final String TAG_OUTCOME = "outcome";
  /** Tag: ISO 4217 currency code, e.g. {@code USD}. */
  public static final String TAG_CURRENCY = "currency";
  /** Tag: channel, e.g. {@code sms}. */
  public static final String TAG_CHANNEL = "channel";
  /** Tag: the provider's configured name, e.g. {@code twilio-sms}. */
  public static final String TAG_PROVIDER = "provider";
  /** Counter: incidents by state reached (triggered, acknowledged, resolved, exhausted). */
  public static final String INCIDENTS = "alertkit.incidents";
  /** Timer: from an incident's opening to its acknowledgement, by acknowledgement channel. */
  public static final String INCIDENT_TIME_TO_ACKNOWLEDGE = "alertkit.incident.time.to.acknowledge";
  /** Tag: the channel an acknowledgement came through (voice, sms, whatsapp, link, api). */
  public static final String TAG_VIA = "via";
  /** Tag: {@code accepted} or {@code failed} (attempts); {@code verified}, {@code rejected}... (webhooks). */
  public static final String TAG_RESULT = "result";
  /** Tag: failure kind: {@code retryable}, {@code permanent}, {@code ambiguous} or {@code none}. */
  public static final String TAG_KIND = "kind";
  /** Tag: failure fault: {@code provider}, {@code recipient}, {@code content} or {@code none}. */
  public static final String TAG_FAULT = "fault";
  /** Tag: delivery status, e.g. {@code delivered}. */
  public static final String TAG_STATUS = "status";
  /** Tag: circuit state: {@code closed}, {@code open}, {@code half_open}. */
  public static final String TAG_STATE = "state";
  /** High-cardinality key: the alert id (observations only). */
  public static final String KEY_ALERT_ID = "alertkit.alert.id";
  /** High-cardinality key: the attempt id (observations only). */
  public static final String KEY_ATTEMPT_ID = "alertkit.attempt.id";
  /** High-cardinality key: the provider's message id (observations only). */
  public static final String KEY_PROVIDER_MESSAGE_ID = "alertkit.provider.message.id";

  /** The default number of accepted attempts remembered for delivery latency and span links. */
  public static final int DEFAULT_MAX_TRACKED_ATTEMPTS = 100_000;

  private static final DefaultAlertObservationConvention DEFAULT_ALERT = new DefaultAlertObservationConvention();
  private static final DefaultAttemptObservationConvention DEFAULT_ATTEMPT = new DefaultAttemptObservationConvention();
  private static final DefaultDeliveryObservationConvention DEFAULT_DELIVERY = new DefaultDeliveryObservationConvention();

  private final MeterRegistry registry;
  private final Tags common;
  private final ObservationRegistry observations;
  private final boolean observing;
  private final AlertObservationConvention alertConvention;
  private final AttemptObservationConvention attemptConvention;
  private final DeliveryObservationConvention deliveryConvention;
  private final boolean histograms;
  private final int maxTracked;

  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong deferred = new AtomicLong();
  private final Map<Key, Meter> meters = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<CircuitStateChanged.State>> circuits = new ConcurrentHashMap<>();
  private final Map<String, Observation> dispatches = new ConcurrentHashMap<>();
  private final Map<String, Observation> attempts = new ConcurrentHashMap<>();
  private final Map<String, Instant> incidentsOpened = new ConcurrentHashMap<>();
  private final Map<String, Tracked> accepted;
  private final AtomicBoolean warnedFull = new AtomicBoolean();

  private AlertkitMetrics(Builder b) {
    this.registry = b.meterRegistry;
    this.common = b.tags;
    this.observations = b.observationRegistry;
    this.observing = !b.observationRegistry.isNoop();
    this.alertConvention = b.alertConvention;
    this.attemptConvention = b.attemptConvention;
    this.deliveryConvention = b.deliveryConvention;
    this.histograms = b.histograms;
    this.maxTracked = b.maxTrackedAttempts;
    int max = maxTracked;
    this.accepted = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Tracked> eldest) {
        return size() > max;
      }
    });
    Gauge.builder(PENDING, pending, AtomicLong::get).tags(common).strongReference(true)
        .description("Dispatches started and not completed").register(registry);
    Gauge.builder(DEFERRED, deferred, AtomicLong::get).tags(common).strongReference(true)
        .description("Recipients deferred by quiet hours whose send has not ended").register(registry);
  }

  /**
   * Meters only, with the defaults: the one-line wiring.
   *
   * @param registry where the meters go
   * @return the listener to pass to {@code AlertClient.builder().listener(...)}
   * @throws ValidationException when registry is null
   */
  public static AlertkitMetrics bind(MeterRegistry registry) {
    return builder().meterRegistry(registry).build();
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Updates the meters and observations for one event. Events this version does not know are ignored.
   *
   * @param event the event
   */
  @Override
  public void onEvent(AlertEvent event) {
    // instanceof rather than a switch: new event kinds (incidents, cost) are added here when they exist.
    if (event instanceof AttemptFinished e) {
      attemptFinished(e);
    } else if (event instanceof AttemptStarted e) {
      attemptStarted(e);
    } else if (event instanceof DispatchStarted e) {
      dispatchStarted(e);
    } else if (event instanceof DispatchCompleted e) {
      dispatchCompleted(e);
    } else if (event instanceof DispatchResumed e) {
      count(RESUMED, "Durable dispatches resumed after the instance running them stopped", TAG_SEVERITY,
          TagValues.of(e.alert().severity()));
      resumed("kept", e.kept().size());
      resumed("possibly_sent", e.possiblySent().size());
      resumed("resent", e.resent().size());
    } else if (event instanceof DeliveryUpdated e) {
      deliveryUpdated(e);
    } else if (event instanceof WebhookReceived e) {
      count(WEBHOOKS, "Delivery reports by what became of them, and webhook requests rejected",
          TAG_PROVIDER, e.provider(), TAG_RESULT, TagValues.of(e.result()));
    } else if (event instanceof DeferredCompleted e) {
      deferred.updateAndGet(v -> v > 0 ? v - 1 : 0);
      recipientOutcome(e.alert(), e.report().outcome());
    } else if (event instanceof ChannelSkipped e) {
      count(SKIPPED, "Planned channels not tried", TAG_CHANNEL, TagValues.of(e.skipped().channel()));
    } else if (event instanceof FallbackTaken e) {
      count(FALLBACKS, "Fallbacks to a next tier", TAG_SEVERITY, TagValues.of(e.alert().severity()));
    } else if (event instanceof RetryScheduled e) {
      count(RETRIES, "Requests scheduled for resending", TAG_CHANNEL, TagValues.of(e.channel()), TAG_PROVIDER, e.provider(),
          TAG_KIND, TagValues.of(e.failure().kind()), TAG_FAULT, TagValues.of(e.failure().fault()));
    } else if (event instanceof RetrySkipped e) {
      count(RETRIES_SKIPPED, "Retryable failures not resent (budget, deadline, circuit)", TAG_CHANNEL,
          TagValues.of(e.channel()), TAG_PROVIDER, e.provider(), TAG_KIND, TagValues.of(e.failure().kind()), TAG_FAULT,
          TagValues.of(e.failure().fault()));
    } else if (event instanceof RateLimited e) {
      timer(RATELIMIT_WAITS, "Requests that waited for a sender's rate limit", false, TAG_CHANNEL, TagValues.of(e.channel()),
          TAG_PROVIDER, e.provider()).record(e.delay());
    } else if (event instanceof CircuitStateChanged e) {
      circuit(e.provider()).set(e.to());
    } else if (event instanceof IncidentOpened e) {
      count(INCIDENTS, "Incidents by state reached", TAG_STATE, "triggered");
      if (incidentsOpened.size() < maxTracked) {
        incidentsOpened.put(e.incidentId(), e.at());
      }
    } else if (event instanceof IncidentAcknowledged e) {
      count(INCIDENTS, "Incidents by state reached", TAG_STATE, "acknowledged");
      Instant opened = incidentsOpened.remove(e.incidentId());
      if (opened != null && !e.at().isBefore(opened)) {
        timer(INCIDENT_TIME_TO_ACKNOWLEDGE, "From an incident's opening to its acknowledgement", false, TAG_VIA,
            e.via().name().toLowerCase(java.util.Locale.ROOT)).record(Duration.between(opened, e.at()));
      }
    } else if (event instanceof IncidentResolved e) {
      count(INCIDENTS, "Incidents by state reached", TAG_STATE, "resolved");
      incidentsOpened.remove(e.incidentId());
    } else if (event instanceof IncidentExhausted e) {
      count(INCIDENTS, "Incidents by state reached", TAG_STATE, "exhausted");
      incidentsOpened.remove(e.incidentId());
    }
    // SendDeferred: the deferred gauge counts DEFERRED outcomes from DispatchCompleted, which carries every deferral.
  }

  private void dispatchStarted(DispatchStarted e) {
    pending.incrementAndGet();
    if (observing && dispatches.size() < maxTracked) {
      Alert alert = e.alert();
      Observation o = Observation.createNotStarted(alertConvention, DEFAULT_ALERT, () -> new AlertObservationContext(alert), observations);
      // Two dispatches of one alert id at once (a duplicate being suppressed): the first one has the span.
      if (dispatches.putIfAbsent(alert.id(), o) == null) {
        o.start();
      }
    }
  }

  private void dispatchCompleted(DispatchCompleted e) {
    pending.updateAndGet(v -> v > 0 ? v - 1 : 0);
    String severity = TagValues.of(e.alert().severity());
    count(ALERTS, "Alerts dispatched", TAG_SEVERITY, severity);
    for (RecipientReport r : e.report().recipients()) {
      if (r.outcome() == Outcome.DEFERRED) {
        deferred.incrementAndGet();
      } else {
        recipientOutcome(e.alert(), r.outcome());
      }
    }
    Observation o = dispatches.remove(e.alert().id());
    if (o != null) {
      ((AlertObservationContext) o.getContext()).report(e.report());
      o.stop();
    }
  }

  private void recipientOutcome(Alert alert, Outcome outcome) {
    count(RECIPIENTS, "Recipients by final outcome", TAG_SEVERITY, TagValues.of(alert.severity()), TAG_OUTCOME, TagValues.of(outcome));
  }

  private void attemptStarted(AttemptStarted e) {
    circuit(e.provider());
    if (!observing) {
      return;
    }
    for (int i = 0; i < e.attemptIds().size(); i++) {
      String id = e.attemptIds().get(i);
      Observation running = attempts.get(id);
      if (running != null) {
        running.event(Observation.Event.of("alertkit.resend", "request resent after a retryable failure"));
      } else if (attempts.size() < maxTracked) {
        Observation o = attemptObservation(e.alert(), e.recipients().get(i), e.channel(), e.provider(), id);
        if (attempts.putIfAbsent(id, o) == null) {
          o.start();
        }
      } else {
        warnFull();
      }
    }
  }

  private Observation attemptObservation(Alert alert, Recipient recipient, dev.alertkit.Channel channel, String provider, String id) {
    Observation o = Observation.createNotStarted(attemptConvention, DEFAULT_ATTEMPT,
        () -> new AttemptObservationContext(alert, recipient, channel, provider, id), observations);
    Observation parent = dispatches.get(alert.id());
    if (parent != null) {
      o.parentObservation(parent);
    }
    return o;
  }

  private void attemptFinished(AttemptFinished e) {
    Attempt a = e.attempt();
    String channel = TagValues.of(a.channel());
    String result = TagValues.result(a);
    count(ATTEMPTS, "Attempts ended", TAG_CHANNEL, channel, TAG_PROVIDER, a.provider(), TAG_RESULT, result, TAG_KIND,
        TagValues.kind(a), TAG_FAULT, TagValues.fault(a));
    timer(ATTEMPT_DURATION, "How long attempts took, retries and waits included", histograms, TAG_CHANNEL, channel,
        TAG_PROVIDER, a.provider(), TAG_RESULT, result).record(a.elapsed());
    if (a.cost().isPresent() && a.mayHaveBeenCharged()) {
      Money m = a.cost().get().total();
      add(COST_ESTIMATED, "Estimated cost of attempts that may have been charged", m, TAG_CHANNEL, channel, TAG_PROVIDER, a.provider(),
          TAG_CURRENCY, m.currency().getCurrencyCode());
    }
    if (a.requests() > 0) {
      circuit(a.provider()); // a real provider (a compliance guard or an open circuit makes no request)
    }
    Observation o = null;
    if (observing) {
      o = attempts.remove(a.attemptId());
      if (o == null) {
        // No AttemptStarted (engines that do not emit it): a span with the right parent and key values, and no length;
        // the attempt's own startedAt/finishedAt are in the attempt.duration timer.
        o = attemptObservation(e.alert(), e.recipient(), a.channel(), a.provider(), a.attemptId()).start();
      }
      ((AttemptObservationContext) o.getContext()).attempt(a);
    }
    if (a.accepted()) {
      accepted.put(a.attemptId(), new Tracked(a.finishedAt(), o));
    }
    if (o != null) {
      if (a.failure().isPresent()) {
        o.error(new AttemptFailedException(a.failure().get()));
      }
      o.stop();
    }
  }

  private void deliveryUpdated(DeliveryUpdated e) {
    DeliveryEvent d = e.delivery();
    String channel = TagValues.of(d.channel().orElse(null));
    count(DELIVERY_STATUS, "Provider reports that moved a delivery status", TAG_CHANNEL, channel, TAG_PROVIDER, d.provider(),
        TAG_STATUS, TagValues.of(d.status()));
    if (d.price().isPresent()) {
      Money m = d.price().get();
      add(COST_CHARGED, "What providers reported they charged", m, TAG_CHANNEL, channel, TAG_PROVIDER, d.provider(),
          TAG_CURRENCY, m.currency().getCurrencyCode());
    }
    Tracked t = d.attemptId().map(accepted::get).orElse(null);
    if (t != null) {
      if (reached(d.status()) && t.latencyRecorded.compareAndSet(false, true)) {
        Duration latency = Duration.between(t.acceptedAt, d.occurredAt());
        timer(DELIVERY_LATENCY, "From the provider accepting a message to the first report that it reached the person",
            histograms, TAG_CHANNEL, channel, TAG_PROVIDER, d.provider()).record(latency.isNegative() ? Duration.ZERO : latency);
      }
      if (d.status().isTerminal()) {
        accepted.remove(d.attemptId().get());
      }
    }
    if (observing) {
      Observation o = Observation.createNotStarted(deliveryConvention, DEFAULT_DELIVERY, () -> new DeliveryObservationContext(d), observations);
      if (t != null && t.observation != null) {
        o.parentObservation(t.observation);
      }
      o.start().stop();
    }
  }

  private static boolean reached(DeliveryStatus s) {
    return s == DeliveryStatus.DELIVERED || s == DeliveryStatus.READ || s == DeliveryStatus.ANSWERED
        || s == DeliveryStatus.COMPLETED || s == DeliveryStatus.ACKNOWLEDGED;
  }

  private AtomicReference<CircuitStateChanged.State> circuit(String provider) {
    AtomicReference<CircuitStateChanged.State> ref = circuits.get(provider);
    if (ref != null) {
      return ref;
    }
    return circuits.computeIfAbsent(provider, p -> {
      AtomicReference<CircuitStateChanged.State> r = new AtomicReference<>(CircuitStateChanged.State.CLOSED);
      for (CircuitStateChanged.State s : CircuitStateChanged.State.values()) {
        Gauge.builder(CIRCUIT_STATE, r, x -> x.get() == s ? 1 : 0).tags(common).tags(TAG_PROVIDER, p, TAG_STATE, TagValues.of(s))
            .strongReference(true).description("1 for the provider's current circuit state, 0 for the others").register(registry);
      }
      return r;
    });
  }

  private void resumed(String state, int recipients) {
    for (int i = 0; i < recipients; i++) {
      count(RESUMED_RECIPIENTS, "Recipients of resumed dispatches: outcome kept, reported possibly sent, or sent again",
          TAG_STATE, state);
    }
  }

  private void count(String name, String description, String... tags) {
    ((Counter) meter(new Key(name, tags), k -> Counter.builder(name).description(description).tags(common).tags(tags).register(registry)))
        .increment();
  }

  private void add(String name, String description, Money amount, String... tags) {
    ((Counter) meter(new Key(name, tags), k -> Counter.builder(name).description(description).tags(common).tags(tags).register(registry)))
        .increment(amount.amount().doubleValue());
  }

  private Timer timer(String name, String description, boolean histogram, String... tags) {
    return (Timer) meter(new Key(name, tags), k -> {
      Timer.Builder b = Timer.builder(name).description(description).tags(common).tags(tags);
      if (histogram) {
        b.publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(DELIVERY_LATENCY.equals(name) ? Duration.ofHours(1) : Duration.ofMinutes(2));
      }
      return b.register(registry);
    });
  }

  private Meter meter(Key key, Function<Key, Meter> make) {
    Meter m = meters.get(key);
    return m != null ? m : meters.computeIfAbsent(key, make);
  }

  private void warnFull() {
    if (warnedFull.compareAndSet(false, true)) {
      LOG.warn("alertkit metrics: {} attempt observations in flight (maxTrackedAttempts); further attempts get no span until some end", maxTracked);
    }
  }

  /** @return how many accepted attempts are remembered for delivery latency (bounded by maxTrackedAttempts) */
  int trackedAttempts() {
    return accepted.size();
  }

  /** @return how many dispatch and attempt observations are open */
  int openObservations() {
    return dispatches.size() + attempts.size();
  }

  @Override
  public String toString() {
    return "AlertkitMetrics{" + registry.getClass().getSimpleName() + (observing ? ", observations" : "") + "}";
  }

  /** A meter's name and tag values: the cache key (tags are bounded, so the cache is). */
  private record Key(String name, String t0, String t1, String t2, String t3, String t4) {
    Key(String name, String[] tags) {
      this(name, at(tags, 1), at(tags, 3), at(tags, 5), at(tags, 7), at(tags, 9));
    }

    private static String at(String[] tags, int i) {
      return i < tags.length ? tags[i] : null;
    }
  }

  /** An accepted attempt, remembered until a terminal report or eviction. */
  private static final class Tracked {
    final Instant acceptedAt;
    final Observation observation;
    final AtomicBoolean latencyRecorded = new AtomicBoolean();

    Tracked(Instant acceptedAt, Observation observation) {
      this.acceptedAt = acceptedAt;
      this.observation = observation;
    }
  }

  /** Builds {@link AlertkitMetrics}; validated in {@link #build()}. */
  public static final class Builder {
    private MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private AlertObservationConvention alertConvention;
    private AttemptObservationConvention attemptConvention;
    private DeliveryObservationConvention deliveryConvention;
    private Tags tags = Tags.empty();
    private boolean histograms = true;
    private int maxTrackedAttempts = DEFAULT_MAX_TRACKED_ATTEMPTS;

    private Builder() {}

    /**
     * Sets where the meters go (required).
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /**
     * Sets where the observations go (default {@link ObservationRegistry#NOOP}: no observations).
     *
     * @param registry the registry, e.g. one with Micrometer Tracing's handlers
     * @return this builder
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = registry;
      return this;
    }

    /**
     * Replaces the dispatch observation's convention (default {@link DefaultAlertObservationConvention}).
     *
     * @param convention the convention, or null for the default
     * @return this builder
     */
    public Builder alertConvention(AlertObservationConvention convention) {
      this.alertConvention = convention;
      return this;
    }

    /**
     * Replaces the attempt observation's convention (default {@link DefaultAttemptObservationConvention}).
     *
     * @param convention the convention, or null for the default
     * @return this builder
     */
    public Builder attemptConvention(AttemptObservationConvention convention) {
      this.attemptConvention = convention;
      return this;
    }

    /**
     * Replaces the delivery observation's convention (default {@link DefaultDeliveryObservationConvention}).
     *
     * @param convention the convention, or null for the default
     * @return this builder
     */
    public Builder deliveryConvention(DeliveryObservationConvention convention) {
      this.deliveryConvention = convention;
      return this;
    }

    /**
     * Adds tags to every meter, e.g. {@code Tags.of("client", "billing")} when two clients share a registry. Use
     * bounded values only.
     *
     * @param tags the tags
     * @return this builder
     * @throws NullPointerException when tags is null
     */
    public Builder tags(Tags tags) {
      this.tags = this.tags.and(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /**
     * Whether the two latency timers ({@value AlertkitMetrics#ATTEMPT_DURATION}, {@value AlertkitMetrics#DELIVERY_LATENCY}) publish
     * percentile histograms, so that a backend can compute p95 across instances (default true; a
     * {@link io.micrometer.core.instrument.config.MeterFilter} can also decide).
     *
     * @param publish whether to publish
     * @return this builder
     */
    public Builder percentileHistograms(boolean publish) {
      this.histograms = publish;
      return this;
    }

    /**
     * Sets how many accepted attempts are remembered (for delivery latency and to link a delivery span to its attempt)
     * and how many observations may be open at once (default 100,000, like the delivery tracker). The oldest is
     * forgotten first; a report about a forgotten attempt is still counted, without latency or link.
     *
     * @param max 1 to 10,000,000
     * @return this builder
     */
    public Builder maxTrackedAttempts(int max) {
      this.maxTrackedAttempts = max;
      return this;
    }

    /**
     * Builds the listener and registers the {@value AlertkitMetrics#PENDING} and {@value AlertkitMetrics#DEFERRED} gauges.
     *
     * @return the listener
     * @throws ValidationException when the meter registry is missing, a registry or convention is null, or
     *     maxTrackedAttempts is outside 1..10,000,000
     */
    public AlertkitMetrics build() {
      if (meterRegistry == null) {
        throw new ValidationException("meterRegistry", "is required");
      }
      if (observationRegistry == null) {
        throw new ValidationException("observationRegistry", "must not be null (leave it unset for no observations)");
      }
      if (maxTrackedAttempts < 1 || maxTrackedAttempts > 10_000_000) {
        throw new ValidationException("maxTrackedAttempts", "must be 1..10,000,000 (was " + maxTrackedAttempts + ")");
      }
      return new AlertkitMetrics(this);
    }
  }
}
