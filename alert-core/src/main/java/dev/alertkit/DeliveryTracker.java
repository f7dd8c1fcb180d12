package dev.alertkit;

import dev.alertkit.event.WebhookReceived;
import dev.alertkit.internal.InMemoryDeliveryStore;
import dev.alertkit.internal.Listeners;
import dev.alertkit.spi.DeliveryStore;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.Redaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every accepted attempt after the provider took it: correlates provider reports (webhooks, fakes) to the
 * attempt, moves its status forward only, drops duplicates, tells the listeners, and answers "what is the status
 * of alert X for recipient Y". Thread-safe.
 *
 * <p>An {@link AlertClient} owns one ({@link AlertClient#deliveryTracker()}); it registers every accepted attempt
 * and routes the events its providers report. Webhook handlers ({@code TwilioWebhooks}, {@code SendGridWebhooks})
 * feed it verified events.
 *
 * <pre>{@code
 * DeliveryTracker tracker = client.deliveryTracker();
 * tracker.status(alert.id(), "alice").ifPresent(s -> {
 *   if (s.isAcknowledged()) { ... } else if (s.isReached()) { ... }
 * });
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Correlation.</b> An event is matched to an attempt by our attempt id (the correlation the provider
 *       module put into the status callback URL or the mail's custom args) or else by the provider's message id.
 *       An event that carries our alert, recipient and attempt ids and a channel is tracked even if it arrives
 *       before the client registered the attempt. An event that matches nothing is reported to the listeners
 *       unchanged ({@link DeliveryEvent#isCorrelated()} false unless it carried our ids) and otherwise ignored.</li>
 *   <li><b>Forward only.</b> The status of an attempt changes only when {@link DeliveryStatus#canMoveTo} allows:
 *       late, repeated and out-of-order events never move it back, terminal statuses are final, and ACKNOWLEDGED
 *       may follow anything. A failure reported after DELIVERED (an email bounced after the receiving server
 *       accepted it) wins, because DELIVERED is not terminal.</li>
 *   <li><b>Deduplication.</b> By the provider's event id when it has one (SendGrid {@code sg_event_id}, Twilio's
 *       {@code I-Twilio-Idempotency-Token}), else by (provider message id, our attempt id, raw status), as Twilio
 *       advises for (MessageSid, MessageStatus). The key is remembered only after the store update committed: when
 *       the store fails, the provider's retry is processed rather than dropped as a duplicate.</li>
 *   <li><b>Acknowledgements.</b> An {@link DeliveryStatus#ACKNOWLEDGED} event applies only to an attempt the store
 *       holds, and only within the acknowledgement horizon (default 24 hours) after the attempt was sent; otherwise
 *       it is {@link Kind#REFUSED} with an INFO line saying why. It never creates a state.</li>
 *   <li><b>Listeners.</b> {@link AlertListener#onEvent} ({@link dev.alertkit.event.DeliveryUpdated}) hears every event that moved a status (enriched
 *       with the alert, recipient and attempt ids, the channel and the provider name the attempt was sent with),
 *       every event with an {@link DeliveryStatus#UNKNOWN} status (the raw string is kept), and every event that
 *       matched no attempt. It does not hear duplicates, nor stale events that did not move the status. Events for
 *       one attempt that are processed concurrently may reach listeners in either order; {@link #attempt} is the
 *       authoritative state.</li>
 *   <li><b>Counting.</b> Every report given to {@link #record} is also told to the listeners as a
 *       {@link WebhookReceived} (verified, duplicate or uncorrelated), after any {@code DeliveryUpdated} it caused;
 *       webhook handlers report the requests they reject through {@link #webhookRejected}.</li>
 * </ul>
 */
public final class DeliveryTracker {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryTracker.class);

  /** The default number of attempts the in-memory store keeps. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  /** How long after an attempt was sent an acknowledgement for it is accepted, by default. */
  public static final Duration DEFAULT_ACKNOWLEDGEMENT_HORIZON = Duration.ofHours(24);

  private final DeliveryStore store;
  private final AlertListener listener;
  private final Duration acknowledgementHorizon;
  private final java.time.Clock clock;

  private DeliveryTracker(DeliveryStore store, AlertListener listener, Duration acknowledgementHorizon, java.time.Clock clock) {
    this.store = store;
    this.listener = listener;
    this.acknowledgementHorizon = acknowledgementHorizon;
    this.clock = clock;
  }

  /** @return a builder, for a tracker used without an {@link AlertClient} (e.g. a separate webhook receiver) */
  public static Builder builder() {
    return new Builder();
  }

  /** What {@link #record} did with an event. */
  public enum Kind {
    /** The event moved the attempt's status forward. */
    APPLIED,
    /** The event matched an attempt but did not move its status (stale, out of order, or an unknown status). */
    NOT_APPLIED,
    /** The event was seen before and was ignored. */
    DUPLICATE,
    /** The event matched no tracked attempt (unknown message id, evicted, or ambiguous). */
    UNMATCHED,
    /**
     * An acknowledgement that was not applied because no tracked attempt matches it, or because it came more than
     * the acknowledgement horizon after the attempt was sent (a replayed "press 1": Twilio signatures carry no
     * time). Logged at INFO with the reason; listeners do not hear it.
     */
    REFUSED
  }

  /**
   * The result of recording an event.
   *
   * @param kind what happened
   * @param event the event as the listeners heard it (enriched when matched)
   * @param state the attempt's state after the event, when matched
   */
  public record Result(Kind kind, DeliveryEvent event, Optional<DeliveryState> state) {
    /**
     * Validates.
     *
     * @param kind what happened
     * @param event the event as the listeners heard it
     * @param state the attempt's state after the event, when matched
     * @throws NullPointerException when a value is null
     */
    public Result {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Registers an attempt a provider accepted, so that later events for it are correlated. Failed attempts are
   * ignored. Registering an attempt twice, or after an early webhook created its state, merges and keeps the
   * furthest status.
   *
   * @param alertId the alert's id
   * @param recipientId the recipient's id
   * @param attempt the attempt
   * @throws NullPointerException when an argument is null
   */
  public void track(String alertId, String recipientId, Attempt attempt) {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(attempt, "attempt");
    if (!attempt.accepted()) {
      return;
    }
    String raw = attempt.providerStatus().orElse("accepted");
    DeliveryStatus initial = initialStatus(raw);
    store.update(attempt.attemptId(), cur -> {
      if (cur == null) {
        return new DeliveryState(attempt.attemptId(), alertId, recipientId, attempt.channel(), attempt.provider(),
            attempt.providerMessageId(), initial, raw, Optional.empty(), Optional.empty(), attempt.finishedAt(), true,
            attempt.finishedAt());
      }
      boolean move = cur.status().canMoveTo(initial);
      return new DeliveryState(cur.attemptId(), alertId, recipientId, attempt.channel(), attempt.provider(),
          attempt.providerMessageId().or(cur::providerMessageId), move ? initial : cur.status(), move ? raw : cur.rawStatus(),
          move ? Optional.empty() : cur.errorCode(), move ? Optional.empty() : cur.reason(),
          move ? attempt.finishedAt() : cur.updatedAt(), true, attempt.finishedAt());
    });
  }

  /**
   * Records an event, deduplicated by (provider message id, attempt id, raw status).
   *
   * @param event the event
   * @return what happened
   * @throws NullPointerException when event is null
   */
  public Result record(DeliveryEvent event) {
    Objects.requireNonNull(event, "event");
    return heard(event, recordWithKey(event, "status:" + event.providerMessageId() + '\u0000' + event.attemptId().orElse("") + '\u0000'
        + event.rawStatus().toLowerCase(Locale.ROOT)));
  }

  /**
   * Records an event the provider identified with its own event id (e.g. SendGrid's {@code sg_event_id}),
   * deduplicated by that id.
   *
   * @param event the event
   * @param providerEventId the provider's id for this event
   * @return what happened
   * @throws NullPointerException when an argument is null
   */
  public Result record(DeliveryEvent event, String providerEventId) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(providerEventId, "providerEventId");
    return heard(event, recordWithKey(event, "event:" + event.provider() + '\u0000' + providerEventId));
  }

  /**
   * Tells the listeners that a webhook handler rejected a request before reading any report in it (a
   * {@link WebhookReceived} with {@link WebhookReceived.Result#REJECTED}), so that rejections can be counted.
   * Handlers call it for every 4xx answer; the reason is theirs to log.
   *
   * @param provider the handler's provider family, e.g. {@code "twilio"} or {@code "sendgrid"}
   * @throws NullPointerException when provider is null
   */
  public void webhookRejected(String provider) {
    listener.onEvent(new WebhookReceived(clock.instant(), Objects.requireNonNull(provider, "provider"), WebhookReceived.Result.REJECTED));
  }

  private Result heard(DeliveryEvent event, Result result) {
    WebhookReceived.Result r = switch (result.kind()) {
      case DUPLICATE -> WebhookReceived.Result.DUPLICATE;
      case UNMATCHED -> WebhookReceived.Result.UNCORRELATED;
      case APPLIED, NOT_APPLIED -> WebhookReceived.Result.VERIFIED;
      case REFUSED -> WebhookReceived.Result.REFUSED;
    };
    listener.onEvent(new WebhookReceived(clock.instant(), event.provider(), r));
    return result;
  }

  private Result recordWithKey(DeliveryEvent event, String dedupKey) {
    if (store.isSeen(dedupKey)) {
      return duplicate(event);
    }
    boolean ack = event.status() == DeliveryStatus.ACKNOWLEDGED;
    Optional<String> attemptId = resolveAttempt(event, !ack);
    if (attemptId.isEmpty()) {
      if (ack) {
        return refused(event, dedupKey, "no tracked attempt matches it (unknown, or evicted from the delivery store)");
      }
      // Nothing to update: remembering the key is the only effect, so a duplicate is one whose key is remembered.
      return store.markSeen(dedupKey) ? unmatched(event) : duplicate(event);
    }
    DeliveryStatus[] from = new DeliveryStatus[1];
    boolean[] moved = new boolean[1];
    String[] refusal = new String[1];
    // The update runs first and the dedup key is remembered only after it committed: a store that fails leaves the
    // event retryable (the provider's retry is processed, not dropped as a duplicate). Processing an event twice is
    // harmless because a status only moves forward (a repeated event moves nothing, and only a move is announced).
    Optional<DeliveryState> after = store.update(attemptId.get(), cur -> {
      refusal[0] = null;
      from[0] = cur == null ? null : cur.status();
      moved[0] = false;
      if (ack) {
        if (cur == null) {
          refusal[0] = "no tracked attempt matches it (unknown, or evicted from the delivery store)";
          return null;
        }
        if (event.occurredAt().isAfter(cur.sentAt().plus(acknowledgementHorizon))) {
          refusal[0] = "the attempt was sent at " + cur.sentAt() + ", more than " + acknowledgementHorizon
              + " (the acknowledgement horizon) before it";
          return cur;
        }
      }
      DeliveryState base = cur != null ? cur : provisional(event, attemptId.get());
      moved[0] = base != null && base.status().canMoveTo(event.status());
      if (!moved[0]) {
        return base;
      }
      return new DeliveryState(base.attemptId(), base.alertId(), base.recipientId(), base.channel(), base.provider(),
          base.providerMessageId().or(() -> Optional.of(event.providerMessageId())), event.status(), event.rawStatus(),
          event.errorCode(), event.reason(), event.occurredAt(), base.registered(), base.sentAt());
    });
    if (refusal[0] != null) {
      return refused(event, dedupKey, refusal[0]);
    }
    boolean first = store.markSeen(dedupKey);
    if (after.isEmpty()) {
      return first ? unmatched(event) : duplicate(event);
    }
    DeliveryState state = after.get();
    DeliveryEvent enriched = new DeliveryEvent(Optional.of(state.alertId()), Optional.of(state.recipientId()),
        Optional.of(state.attemptId()), Optional.of(state.channel()), state.provider(), event.providerMessageId(),
        event.status(), event.rawStatus(), event.errorCode(), event.reason(), event.occurredAt(), event.price());
    if (moved[0]) {
      LOG.debug("alert {} recipient {} attempt {}: {} -> {} ({})", state.alertId(), state.recipientId(), state.attemptId(),
          from[0] == null ? "-" : from[0], state.status(), Redaction.oneLine(event.rawStatus()));
      listener.onEvent(new dev.alertkit.event.DeliveryUpdated(clock.instant(), enriched));
      return new Result(Kind.APPLIED, enriched, Optional.of(state));
    }
    if (!first) {
      return duplicate(event);
    }
    if (event.status() == DeliveryStatus.UNKNOWN) {
      LOG.info("alert {} attempt {}: unknown {} status '{}' kept as UNKNOWN", state.alertId(), state.attemptId(),
          event.provider(), Redaction.oneLine(event.rawStatus()));
      listener.onEvent(new dev.alertkit.event.DeliveryUpdated(clock.instant(), enriched));
    } else {
      LOG.debug("alert {} attempt {}: {} ({}) does not move {} forward; not applied", state.alertId(), state.attemptId(),
          event.status(), Redaction.oneLine(event.rawStatus()), state.status());
    }
    return new Result(Kind.NOT_APPLIED, enriched, Optional.of(state));
  }

  private Result duplicate(DeliveryEvent event) {
    LOG.debug("duplicate delivery event ignored: {} {} {}", event.provider(), Redaction.oneLine(event.providerMessageId()),
        Redaction.oneLine(event.rawStatus()));
    return new Result(Kind.DUPLICATE, event, Optional.empty());
  }

  private Result refused(DeliveryEvent event, String dedupKey, String why) {
    store.markSeen(dedupKey);
    LOG.info("{} acknowledgement for message {} (alert {}, attempt {}) not applied: {}", event.provider(),
        Redaction.oneLine(event.providerMessageId()), Redaction.oneLine(event.alertId().orElse("?")),
        Redaction.oneLine(event.attemptId().orElse("?")), why);
    return new Result(Kind.REFUSED, event, Optional.empty());
  }

  private Result unmatched(DeliveryEvent event) {
    LOG.info("{} event for unknown message {} ({}) reported uncorrelated", event.provider(),
        Redaction.oneLine(event.providerMessageId()), Redaction.oneLine(event.rawStatus()));
    listener.onEvent(new dev.alertkit.event.DeliveryUpdated(clock.instant(), event));
    return new Result(Kind.UNMATCHED, event, Optional.empty());
  }

  private Optional<String> resolveAttempt(DeliveryEvent event, boolean mayCreate) {
    if (event.attemptId().isPresent()) {
      String id = event.attemptId().get();
      if (store.get(id).isPresent() || mayCreate && canCreate(event)) {
        return Optional.of(id);
      }
    }
    List<DeliveryState> byMessage = store.findByProviderMessageId(event.providerMessageId());
    if (byMessage.size() == 1) {
      return Optional.of(byMessage.get(0).attemptId());
    }
    if (byMessage.size() > 1) {
      LOG.warn("{} message {} belongs to {} attempts and the event names none; reported uncorrelated (put our "
          + "attempt id into every personalization's custom args)", event.provider(), Redaction.oneLine(event.providerMessageId()),
          byMessage.size());
    }
    return Optional.empty();
  }

  private static boolean canCreate(DeliveryEvent e) {
    return e.alertId().isPresent() && e.recipientId().isPresent() && e.attemptId().isPresent() && e.channel().isPresent();
  }

  private static DeliveryState provisional(DeliveryEvent e, String attemptId) {
    if (!canCreate(e)) {
      return null;
    }
    return new DeliveryState(attemptId, e.alertId().get(), e.recipientId().get(), e.channel().get(), e.provider(),
        Optional.of(e.providerMessageId()), DeliveryStatus.QUEUED, "accepted", Optional.empty(), Optional.empty(),
        e.occurredAt(), false, e.occurredAt());
  }

  private static DeliveryStatus initialStatus(String raw) {
    for (DeliveryStatus s : DeliveryStatus.values()) {
      if (s != DeliveryStatus.UNKNOWN && s.name().equalsIgnoreCase(raw)) {
        return s;
      }
    }
    return DeliveryStatus.QUEUED;
  }

  /**
   * Remembers a deduplication key, e.g. a webhook request's idempotency token, in the tracker's store.
   *
   * @param dedupKey the key; prefix it with its source, e.g. {@code "twilio-idempotency:" + token}
   * @return true the first time the key is seen, false while it is remembered
   * @throws NullPointerException when dedupKey is null
   */
  public boolean firstSeen(String dedupKey) {
    return store.markSeen(Objects.requireNonNull(dedupKey, "dedupKey"));
  }

  /**
   * The state of one attempt.
   *
   * @param attemptId the attempt id
   * @return the state, empty when unknown or evicted
   * @throws NullPointerException when attemptId is null
   */
  public Optional<DeliveryState> attempt(String attemptId) {
    return store.get(Objects.requireNonNull(attemptId, "attemptId"));
  }

  /**
   * Every tracked attempt of an alert.
   *
   * @param alertId the alert id
   * @return the states, possibly empty
   * @throws NullPointerException when alertId is null
   */
  public List<DeliveryState> attempts(String alertId) {
    return store.findByAlert(Objects.requireNonNull(alertId, "alertId"));
  }

  /**
   * The delivery status of an alert for one recipient, over every tracked attempt.
   *
   * @param alertId the alert id
   * @param recipientId the recipient id
   * @return the summary, empty when no attempt of the alert for the recipient is tracked
   * @throws NullPointerException when an argument is null
   */
  public Optional<RecipientStatus> status(String alertId, String recipientId) {
    Objects.requireNonNull(recipientId, "recipientId");
    List<DeliveryState> mine = new ArrayList<>();
    for (DeliveryState s : attempts(alertId)) {
      if (s.recipientId().equals(recipientId)) {
        mine.add(s);
      }
    }
    return mine.isEmpty() ? Optional.empty() : Optional.of(RecipientStatus.of(alertId, recipientId, mine));
  }

  /** The listener an {@link AlertClient} puts first, so every accepted attempt is registered before others hear it. */
  AlertListener attemptRecorder() {
    return event -> {
      if (event instanceof dev.alertkit.event.AttemptFinished) {
        dev.alertkit.event.AttemptFinished f = (dev.alertkit.event.AttemptFinished) event;
        track(f.alert().id(), f.recipient().id(), f.attempt());
      }
    };
  }

  @Override
  public String toString() {
    return "DeliveryTracker{" + store.getClass().getSimpleName() + "}";
  }

  /** Builds a {@link DeliveryTracker}. Not thread-safe. */
  public static final class Builder {
    private DeliveryStore store;
    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private Duration acknowledgementHorizon = DEFAULT_ACKNOWLEDGEMENT_HORIZON;
    private final List<AlertListener> listeners = new ArrayList<>();
    private java.time.Clock clock = java.time.Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the clock that stamps the events the tracker's listeners hear (default the system clock; the client
     * passes its own).
     *
     * @param clock the clock
     * @return this builder
     * @throws ValidationException when clock is null
     */
    public Builder clock(java.time.Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * Sets where state lives (default: in memory, bounded by {@link #maxEntries}).
     *
     * @param store the store
     * @return this builder
     * @throws ValidationException when store is null
     */
    public Builder store(DeliveryStore store) {
      if (store == null) {
        throw new ValidationException("deliveryStore", "is required");
      }
      this.store = store;
      return this;
    }

    /**
     * Sets how many attempts the default in-memory store keeps before evicting the oldest (default 100,000).
     * Ignored when a {@link #store} is set.
     *
     * @param max 1 to 100,000,000
     * @return this builder
     * @throws ValidationException when outside 1..100,000,000
     */
    public Builder maxEntries(int max) {
      Checks.range("deliveryStoreMaxEntries", max, 1, 100_000_000);
      this.maxEntries = max;
      return this;
    }

    /**
     * Adds a listener for delivery events.
     *
     * @param listener the listener
     * @return this builder
     * @throws ValidationException when listener is null
     */
    public Builder listener(AlertListener listener) {
      if (listener == null) {
        throw new ValidationException("listener", "is required");
      }
      listeners.add(listener);
      return this;
    }

    /**
     * Sets how long after an attempt was sent an acknowledgement ("press 1") for it is still applied (default
     * {@link DeliveryTracker#DEFAULT_ACKNOWLEDGEMENT_HORIZON}, 24 hours). Later ones are {@link Kind#REFUSED}: a
     * captured acknowledgement request replayed after its deduplication key was forgotten must not acknowledge
     * anything.
     *
     * @param horizon 1 minute to 30 days
     * @return this builder
     * @throws ValidationException when null or outside 1 minute to 30 days
     */
    public Builder acknowledgementHorizon(Duration horizon) {
      Checks.notNull("acknowledgementHorizon", horizon);
      if (horizon.compareTo(Duration.ofMinutes(1)) < 0 || horizon.compareTo(Duration.ofDays(30)) > 0) {
        throw new ValidationException("acknowledgementHorizon", "must be between 1 minute and 30 days (was " + horizon + ")");
      }
      this.acknowledgementHorizon = horizon;
      return this;
    }

    /** @return the tracker */
    public DeliveryTracker build() {
      return new DeliveryTracker(store != null ? store : InMemoryDeliveryStore.ofMaxEntries(maxEntries), new Listeners(listeners),
          acknowledgementHorizon, clock);
    }
  }
}
