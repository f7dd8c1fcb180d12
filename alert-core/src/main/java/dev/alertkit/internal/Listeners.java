package dev.alertkit.internal;

import dev.alertkit.Alert;
import dev.alertkit.AlertListener;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.SkippedChannel;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.spi.Failure;
import dev.alertkit.event.AttemptFinished;
import dev.alertkit.event.ChannelSkipped;
import dev.alertkit.event.CircuitStateChanged;
import dev.alertkit.event.DeferredCompleted;
import dev.alertkit.event.DeliveryUpdated;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.event.DispatchStarted;
import dev.alertkit.event.RateLimited;
import dev.alertkit.event.RetryScheduled;
import dev.alertkit.event.RetrySkipped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to the configured listeners; a listener that throws is logged and skipped.
 *
 * <p>Bridge (until the staged engine emits typed events itself): every positional callback is also delivered as its
 * typed {@link AlertEvent} through {@link AlertListener#onEvent}. Batch callbacks name only the recipient the caller
 * passed, and {@code AttemptStarted} is not emitted yet.
 */
public final class Listeners implements AlertListener {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
  private final List<AlertListener> listeners;
  private final Clock clock;
  private final Map<String, CircuitStateChanged.State> circuits = new ConcurrentHashMap<>();

  /**
   * Creates the fan-out on the system clock.
   *
   * @param listeners the listeners, in order
   */
  public Listeners(List<AlertListener> listeners) {
    this(listeners, Clock.systemUTC());
  }

  /**
   * Creates the fan-out.
   *
   * @param listeners the listeners, in order
   * @param clock stamps the typed events
   */
  public Listeners(List<AlertListener> listeners, Clock clock) {
    this.listeners = List.copyOf(listeners);
    this.clock = clock;
  }

  private void typed(AlertEvent event) {
    onEvent(event);
  }

  private void each(String event, Consumer<AlertListener> call) {
    for (AlertListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("listener {} threw from {}; ignored", l.getClass().getName(), event, e);
      }
    }
  }

  @Override
  public void onEvent(AlertEvent event) {
    each("onEvent", l -> l.onEvent(event));
  }

  @Override
  public void onDispatchStarted(Alert alert) {
    each("onDispatchStarted", l -> l.onDispatchStarted(alert));
    typed(new DispatchStarted(clock.instant(), alert));
  }

  @Override
  public void onAttempt(Alert alert, Recipient recipient, Attempt attempt) {
    each("onAttempt", l -> l.onAttempt(alert, recipient, attempt));
    typed(new AttemptFinished(clock.instant(), alert, recipient, attempt));
  }

  @Override
  public void onRetryScheduled(Alert alert, Recipient recipient, Channel channel, String provider, Failure failure, Duration delay) {
    each("onRetryScheduled", l -> l.onRetryScheduled(alert, recipient, channel, provider, failure, delay));
    typed(new RetryScheduled(clock.instant(), alert, channel, provider, List.of(recipient), failure, delay));
  }

  @Override
  public void onRetrySkipped(Alert alert, Recipient recipient, Channel channel, String provider, Failure failure, String reason) {
    each("onRetrySkipped", l -> l.onRetrySkipped(alert, recipient, channel, provider, failure, reason));
    typed(new RetrySkipped(clock.instant(), alert, channel, provider, List.of(recipient), failure, reason));
  }

  @Override
  public void onRateLimited(Alert alert, Recipient recipient, Channel channel, String provider, String sender, Duration wait) {
    each("onRateLimited", l -> l.onRateLimited(alert, recipient, channel, provider, sender, wait));
    typed(new RateLimited(clock.instant(), alert, channel, provider, List.of(recipient), sender, wait));
  }

  @Override
  public void onSkipped(Alert alert, Recipient recipient, SkippedChannel skipped) {
    each("onSkipped", l -> l.onSkipped(alert, recipient, skipped));
    typed(new ChannelSkipped(clock.instant(), alert, recipient, skipped));
  }

  @Override
  public void onFallback(Alert alert, Recipient recipient, int fromTier, int toTier) {
    each("onFallback", l -> l.onFallback(alert, recipient, fromTier, toTier));
    // The positional callback does not carry the next tier's channels; the staged engine's event will.
  }

  @Override
  public void onCircuitStateChanged(String provider, String state) {
    each("onCircuitStateChanged", l -> l.onCircuitStateChanged(provider, state));
    CircuitStateChanged.State to = CircuitStateChanged.State.valueOf(state);
    CircuitStateChanged.State from = circuits.put(provider, to);
    typed(new CircuitStateChanged(clock.instant(), provider, from == null ? CircuitStateChanged.State.CLOSED : from, to));
  }

  @Override
  public void onDispatchCompleted(Alert alert, DispatchReport report) {
    each("onDispatchCompleted", l -> l.onDispatchCompleted(alert, report));
    typed(new DispatchCompleted(clock.instant(), alert, report));
  }

  @Override
  public void onDeferredCompleted(Alert alert, RecipientReport report) {
    each("onDeferredCompleted", l -> l.onDeferredCompleted(alert, report));
    typed(new DeferredCompleted(clock.instant(), alert, report));
  }

  @Override
  public void onDeliveryEvent(DeliveryEvent event) {
    each("onDeliveryEvent", l -> l.onDeliveryEvent(event));
    typed(new DeliveryUpdated(clock.instant(), event));
  }
}
