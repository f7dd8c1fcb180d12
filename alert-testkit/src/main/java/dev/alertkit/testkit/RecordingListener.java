package dev.alertkit.testkit;

import dev.alertkit.Alert;
import dev.alertkit.AlertListener;
import dev.alertkit.Attempt;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.SkippedChannel;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.AttemptFinished;
import dev.alertkit.event.AttemptStarted;
import dev.alertkit.event.ChannelSkipped;
import dev.alertkit.event.CircuitStateChanged;
import dev.alertkit.event.DeferredCompleted;
import dev.alertkit.event.DeliveryUpdated;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.event.DispatchStarted;
import dev.alertkit.event.FallbackTaken;
import dev.alertkit.event.RateLimited;
import dev.alertkit.event.RetryScheduled;
import dev.alertkit.event.RetrySkipped;
import dev.alertkit.event.SendDeferred;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An {@link AlertListener} that records every typed {@link AlertEvent} in the order the client reported it, for
 * inspection in tests without waiting: with a client on a {@link ManualScheduler} and a blocking {@code send},
 * everything has been recorded when {@code send} returns. Thread-safe; needs no test framework.
 *
 * <pre>{@code
 * RecordingListener events = new RecordingListener();
 * AlertClient client = AlertClient.builder().provider(sms).listener(events).build();
 * client.send(alert);
 * sms.deliverAll();
 * events.attempts();                          // every Attempt, in order
 * events.events(FallbackTaken.class);         // the typed events of one kind
 * events.deliveryEvents();                    // the DELIVERED events
 * events.lastReport();                        // the DispatchReport of the last completed dispatch
 * String trace = events.describe();           // every event, one per line, e.g. for a failure message
 * }</pre>
 */
public final class RecordingListener implements AlertListener {
  private final List<AlertEvent> events = new ArrayList<>();

  /** Creates an empty recording listener. */
  public RecordingListener() {}

  @Override
  public void onEvent(AlertEvent event) {
    Objects.requireNonNull(event, "event");
    synchronized (events) {
      events.add(event);
    }
  }

  /** @return a snapshot of every event, in order */
  public List<AlertEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /**
   * The events of one type, in order.
   *
   * @param type e.g. {@code FallbackTaken.class}
   * @param <T> the type
   * @return a snapshot
   * @throws NullPointerException when type is null
   */
  public <T extends AlertEvent> List<T> events(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return events().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toUnmodifiableList());
  }

  /** @return the alerts whose dispatch started, in order */
  public List<Alert> startedAlerts() {
    return events(DispatchStarted.class).stream().map(DispatchStarted::alert).collect(Collectors.toUnmodifiableList());
  }

  /** @return every finished attempt, in order */
  public List<Attempt> attempts() {
    return events(AttemptFinished.class).stream().map(AttemptFinished::attempt).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The finished attempts for one recipient, in order.
   *
   * @param recipientId the recipient's id
   * @return a snapshot
   */
  public List<Attempt> attemptsFor(String recipientId) {
    return events(AttemptFinished.class).stream().filter(a -> a.recipient().id().equals(recipientId)).map(AttemptFinished::attempt)
        .collect(Collectors.toUnmodifiableList());
  }

  /** @return every skipped channel, in order */
  public List<SkippedChannel> skips() {
    return events(ChannelSkipped.class).stream().map(ChannelSkipped::skipped).collect(Collectors.toUnmodifiableList());
  }

  /** @return the reports of completed dispatches, in order */
  public List<DispatchReport> reports() {
    return events(DispatchCompleted.class).stream().map(DispatchCompleted::report).collect(Collectors.toUnmodifiableList());
  }

  /** @return the report of the last completed dispatch, if any */
  public Optional<DispatchReport> lastReport() {
    List<DispatchReport> r = reports();
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(r.size() - 1));
  }

  /** @return the final reports of deferred sends, in order */
  public List<RecipientReport> deferredReports() {
    return events(DeferredCompleted.class).stream().map(DeferredCompleted::report).collect(Collectors.toUnmodifiableList());
  }

  /** @return every delivery event, in order */
  public List<DeliveryEvent> deliveryEvents() {
    return events(DeliveryUpdated.class).stream().map(DeliveryUpdated::delivery).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The delivery events correlated to one recipient, in order.
   *
   * @param recipientId the recipient's id
   * @return a snapshot
   */
  public List<DeliveryEvent> deliveryEventsFor(String recipientId) {
    return deliveryEvents().stream().filter(e -> e.recipientId().equals(Optional.of(recipientId))).collect(Collectors.toUnmodifiableList());
  }

  /** @return how many events were recorded */
  public int size() {
    synchronized (events) {
      return events.size();
    }
  }

  /** Forgets every recorded event. */
  public void clear() {
    synchronized (events) {
      events.clear();
    }
  }

  /**
   * Every event, one per line, in order: for failure reports. Recipients appear by id only.
   *
   * @return the description, {@code "(no events)"} when empty
   */
  public String describe() {
    List<AlertEvent> all = events();
    if (all.isEmpty()) {
      return "(no events)";
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < all.size(); i++) {
      s.append(i == 0 ? "" : System.lineSeparator()).append(i + 1).append(". ").append(describe(all.get(i)));
    }
    return s.toString();
  }

  /**
   * One line describing an event. Recipients appear by id only.
   *
   * @param e the event
   * @return the line
   * @throws NullPointerException when e is null
   */
  public static String describe(AlertEvent e) {
    Objects.requireNonNull(e, "e");
    if (e instanceof DispatchStarted) {
      return "dispatch started: alert " + ((DispatchStarted) e).alert().id();
    }
    if (e instanceof AttemptStarted) {
      AttemptStarted a = (AttemptStarted) e;
      return "attempt started: alert " + a.alert().id() + " " + a.channel() + " via " + a.provider() + " request " + a.request()
          + " to " + ids(a.recipients());
    }
    if (e instanceof AttemptFinished) {
      AttemptFinished a = (AttemptFinished) e;
      return "attempt: alert " + a.alert().id() + " to '" + a.recipient().id() + "': " + a.attempt();
    }
    if (e instanceof RetryScheduled) {
      RetryScheduled r = (RetryScheduled) e;
      return "retry scheduled: alert " + r.alert().id() + " " + r.channel() + " via " + r.provider() + " in " + r.delay() + " after "
          + r.failure();
    }
    if (e instanceof RetrySkipped) {
      RetrySkipped r = (RetrySkipped) e;
      return "retry skipped: alert " + r.alert().id() + " " + r.channel() + " via " + r.provider() + ": " + r.reason();
    }
    if (e instanceof RateLimited) {
      RateLimited r = (RateLimited) e;
      return "rate limited: alert " + r.alert().id() + " " + r.channel() + " via " + r.provider() + " sender " + r.sender() + " waits "
          + r.delay();
    }
    if (e instanceof ChannelSkipped) {
      ChannelSkipped k = (ChannelSkipped) e;
      return "skipped: alert " + k.alert().id() + " to '" + k.recipient().id() + "': " + k.skipped();
    }
    if (e instanceof SendDeferred) {
      SendDeferred d = (SendDeferred) e;
      return "deferred: alert " + d.alert().id() + " to '" + d.recipient().id() + "' until " + d.until();
    }
    if (e instanceof FallbackTaken) {
      FallbackTaken f = (FallbackTaken) e;
      return "fallback: alert " + f.alert().id() + " to '" + f.recipient().id() + "' tier " + f.fromTier() + " -> " + f.toTier() + " "
          + f.channels();
    }
    if (e instanceof CircuitStateChanged) {
      CircuitStateChanged c = (CircuitStateChanged) e;
      return "circuit " + c.provider() + ": " + c.from() + " -> " + c.to();
    }
    if (e instanceof DispatchCompleted) {
      DispatchCompleted d = (DispatchCompleted) e;
      return "dispatch completed: alert " + d.alert().id() + " " + d.report().outcomes();
    }
    if (e instanceof DeferredCompleted) {
      DeferredCompleted d = (DeferredCompleted) e;
      return "deferred completed: alert " + d.alert().id() + " to '" + d.report().recipientId() + "': " + d.report().outcome();
    }
    if (e instanceof DeliveryUpdated) {
      DeliveryEvent d = ((DeliveryUpdated) e).delivery();
      return "delivery event: " + d.status() + " (" + d.rawStatus() + ") for " + d.provider() + " id " + d.providerMessageId()
          + d.recipientId().map(r -> " to '" + r + "'").orElse(" (uncorrelated)") + d.errorCode().map(c -> " code=" + c).orElse("");
    }
    if (e instanceof dev.alertkit.event.WebhookReceived) {
      dev.alertkit.event.WebhookReceived w = (dev.alertkit.event.WebhookReceived) e;
      return "webhook: " + w.provider() + " " + w.result();
    }
    return e.toString();
  }

  private static String ids(List<Recipient> recipients) {
    if (recipients.size() <= 5) {
      return recipients.stream().map(r -> "'" + r.id() + "'").collect(Collectors.joining(", ", "[", "]"));
    }
    return recipients.size() + " recipients ['" + recipients.get(0).id() + "', ...]";
  }

  @Override
  public String toString() {
    return "RecordingListener{" + size() + " events}";
  }
}
