package dev.alertkit.testkit;

import dev.alertkit.Alert;
import dev.alertkit.AlertListener;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.SkippedChannel;
import dev.alertkit.spi.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An {@link AlertListener} that records every event in the order the client reported it, for inspection in tests
 * without waiting: with a client on a {@link ManualScheduler} and a same-thread executor
 * ({@code executor(Runnable::run)}), everything has been recorded when {@code send} returns. Thread-safe; needs
 * no test framework.
 *
 * <pre>{@code
 * RecordingListener events = new RecordingListener();
 * AlertClient client = AlertClient.builder().provider(sms).listener(events).build();
 * client.send(alert);
 * sms.deliverAll();
 * events.attempts();          // every Attempt, in order
 * events.deliveryEvents();    // the DELIVERED events
 * events.lastReport();        // the DispatchReport of the last completed dispatch
 * String trace = events.describe();   // every event, one per line, e.g. for a failure message
 * }</pre>
 */
public final class RecordingListener implements AlertListener {
  private final List<Event> events = new ArrayList<>();

  /** Creates an empty recording listener. */
  public RecordingListener() {}

  /** One recorded listener call. Each record names the {@link AlertListener} method it came from. */
  public sealed interface Event permits DispatchStarted, AttemptEnded, RetryScheduled, Skipped, FellBack,
      CircuitStateChanged, DispatchCompleted, DeferredCompleted, DeliveryEventReceived {
    /** @return one line describing the event */
    String describe();
  }

  /**
   * {@link AlertListener#onDispatchStarted}.
   *
   * @param alert the alert
   */
  public record DispatchStarted(Alert alert) implements Event {
    @Override
    public String describe() {
      return "dispatch started: alert " + alert.id();
    }
  }

  /**
   * {@link AlertListener#onAttempt}.
   *
   * @param alert the alert
   * @param recipient the recipient
   * @param attempt the attempt
   */
  public record AttemptEnded(Alert alert, Recipient recipient, Attempt attempt) implements Event {
    @Override
    public String describe() {
      return "attempt: alert " + alert.id() + " to '" + recipient.id() + "': " + attempt;
    }
  }

  /**
   * {@link AlertListener#onRetryScheduled}.
   *
   * @param alert the alert
   * @param recipient the recipient
   * @param channel the channel
   * @param provider the provider name
   * @param failure the failure being retried
   * @param delay the wait
   */
  public record RetryScheduled(Alert alert, Recipient recipient, Channel channel, String provider, Failure failure, Duration delay)
      implements Event {
    @Override
    public String describe() {
      return "retry scheduled: alert " + alert.id() + " " + channel + " via " + provider + " in " + delay + " after " + failure;
    }
  }

  /**
   * {@link AlertListener#onSkipped}.
   *
   * @param alert the alert
   * @param recipient the recipient
   * @param skipped what and why
   */
  public record Skipped(Alert alert, Recipient recipient, SkippedChannel skipped) implements Event {
    @Override
    public String describe() {
      return "skipped: alert " + alert.id() + " to '" + recipient.id() + "': " + skipped;
    }
  }

  /**
   * {@link AlertListener#onFallback}.
   *
   * @param alert the alert
   * @param recipient the recipient
   * @param fromTier the tier that failed
   * @param toTier the tier that begins
   */
  public record FellBack(Alert alert, Recipient recipient, int fromTier, int toTier) implements Event {
    @Override
    public String describe() {
      return "fallback: alert " + alert.id() + " to '" + recipient.id() + "' tier " + fromTier + " -> " + toTier;
    }
  }

  /**
   * {@link AlertListener#onCircuitStateChanged}.
   *
   * @param provider the provider name
   * @param state the new state
   */
  public record CircuitStateChanged(String provider, String state) implements Event {
    @Override
    public String describe() {
      return "circuit " + provider + ": " + state;
    }
  }

  /**
   * {@link AlertListener#onDispatchCompleted}.
   *
   * @param alert the alert
   * @param report the report
   */
  public record DispatchCompleted(Alert alert, DispatchReport report) implements Event {
    @Override
    public String describe() {
      return "dispatch completed: alert " + alert.id() + " " + report.outcomes();
    }
  }

  /**
   * {@link AlertListener#onDeferredCompleted}.
   *
   * @param alert the alert
   * @param report the recipient's final report
   */
  public record DeferredCompleted(Alert alert, RecipientReport report) implements Event {
    @Override
    public String describe() {
      return "deferred completed: alert " + alert.id() + " to '" + report.recipientId() + "': " + report.outcome();
    }
  }

  /**
   * {@link AlertListener#onDeliveryEvent}.
   *
   * @param event the delivery event
   */
  public record DeliveryEventReceived(DeliveryEvent event) implements Event {
    @Override
    public String describe() {
      return "delivery event: " + event.status() + " (" + event.rawStatus() + ") for " + event.provider() + " id "
          + event.providerMessageId() + event.recipientId().map(r -> " to '" + r + "'").orElse(" (uncorrelated)")
          + event.errorCode().map(c -> " code=" + c).orElse("");
    }
  }

  private void add(Event e) {
    synchronized (events) {
      events.add(e);
    }
  }

  @Override
  public void onDispatchStarted(Alert alert) {
    add(new DispatchStarted(alert));
  }

  @Override
  public void onAttempt(Alert alert, Recipient recipient, Attempt attempt) {
    add(new AttemptEnded(alert, recipient, attempt));
  }

  @Override
  public void onRetryScheduled(Alert alert, Recipient recipient, Channel channel, String provider, Failure failure, Duration delay) {
    add(new RetryScheduled(alert, recipient, channel, provider, failure, delay));
  }

  @Override
  public void onSkipped(Alert alert, Recipient recipient, SkippedChannel skipped) {
    add(new Skipped(alert, recipient, skipped));
  }

  @Override
  public void onFallback(Alert alert, Recipient recipient, int fromTier, int toTier) {
    add(new FellBack(alert, recipient, fromTier, toTier));
  }

  @Override
  public void onCircuitStateChanged(String provider, String state) {
    add(new CircuitStateChanged(provider, state));
  }

  @Override
  public void onDispatchCompleted(Alert alert, DispatchReport report) {
    add(new DispatchCompleted(alert, report));
  }

  @Override
  public void onDeferredCompleted(Alert alert, RecipientReport report) {
    add(new DeferredCompleted(alert, report));
  }

  @Override
  public void onDeliveryEvent(DeliveryEvent event) {
    add(new DeliveryEventReceived(event));
  }

  /** @return a snapshot of every event, in order */
  public List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /**
   * The events of one type, in order.
   *
   * @param type e.g. {@code RecordingListener.FellBack.class}
   * @param <T> the type
   * @return a snapshot
   * @throws NullPointerException when type is null
   */
  public <T extends Event> List<T> events(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return events().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toUnmodifiableList());
  }

  /** @return the alerts whose dispatch started, in order */
  public List<Alert> startedAlerts() {
    return events(DispatchStarted.class).stream().map(DispatchStarted::alert).collect(Collectors.toUnmodifiableList());
  }

  /** @return every attempt, in order */
  public List<Attempt> attempts() {
    return events(AttemptEnded.class).stream().map(AttemptEnded::attempt).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The attempts for one recipient, in order.
   *
   * @param recipientId the recipient's id
   * @return a snapshot
   */
  public List<Attempt> attemptsFor(String recipientId) {
    return events(AttemptEnded.class).stream().filter(a -> a.recipient().id().equals(recipientId)).map(AttemptEnded::attempt)
        .collect(Collectors.toUnmodifiableList());
  }

  /** @return every skipped channel, in order */
  public List<SkippedChannel> skips() {
    return events(Skipped.class).stream().map(Skipped::skipped).collect(Collectors.toUnmodifiableList());
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
    return events(DeliveryEventReceived.class).stream().map(DeliveryEventReceived::event).collect(Collectors.toUnmodifiableList());
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
   * Every event, one per line, in order: for failure reports.
   *
   * @return the description, {@code "(no events)"} when empty
   */
  public String describe() {
    List<Event> all = events();
    if (all.isEmpty()) {
      return "(no events)";
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < all.size(); i++) {
      s.append(i == 0 ? "" : System.lineSeparator()).append(i + 1).append(". ").append(all.get(i).describe());
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return "RecordingListener{" + size() + " events}";
  }
}
