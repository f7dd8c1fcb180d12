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
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to the configured listeners; a listener that throws is logged and skipped. */
public final class Listeners implements AlertListener {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
  private final List<AlertListener> listeners;

  /**
   * Creates the fan-out.
   *
   * @param listeners the listeners, in order
   */
  public Listeners(List<AlertListener> listeners) {
    this.listeners = List.copyOf(listeners);
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
  }

  @Override
  public void onAttempt(Alert alert, Recipient recipient, Attempt attempt) {
    each("onAttempt", l -> l.onAttempt(alert, recipient, attempt));
  }

  @Override
  public void onRetryScheduled(Alert alert, Recipient recipient, Channel channel, String provider, Failure failure, Duration delay) {
    each("onRetryScheduled", l -> l.onRetryScheduled(alert, recipient, channel, provider, failure, delay));
  }

  @Override
  public void onRetrySkipped(Alert alert, Recipient recipient, Channel channel, String provider, Failure failure, String reason) {
    each("onRetrySkipped", l -> l.onRetrySkipped(alert, recipient, channel, provider, failure, reason));
  }

  @Override
  public void onRateLimited(Alert alert, Recipient recipient, Channel channel, String provider, String sender, Duration wait) {
    each("onRateLimited", l -> l.onRateLimited(alert, recipient, channel, provider, sender, wait));
  }

  @Override
  public void onSkipped(Alert alert, Recipient recipient, SkippedChannel skipped) {
    each("onSkipped", l -> l.onSkipped(alert, recipient, skipped));
  }

  @Override
  public void onFallback(Alert alert, Recipient recipient, int fromTier, int toTier) {
    each("onFallback", l -> l.onFallback(alert, recipient, fromTier, toTier));
  }

  @Override
  public void onCircuitStateChanged(String provider, String state) {
    each("onCircuitStateChanged", l -> l.onCircuitStateChanged(provider, state));
  }

  @Override
  public void onDispatchCompleted(Alert alert, DispatchReport report) {
    each("onDispatchCompleted", l -> l.onDispatchCompleted(alert, report));
  }

  @Override
  public void onDeferredCompleted(Alert alert, RecipientReport report) {
    each("onDeferredCompleted", l -> l.onDeferredCompleted(alert, report));
  }

  @Override
  public void onDeliveryEvent(DeliveryEvent event) {
    each("onDeliveryEvent", l -> l.onDeliveryEvent(event));
  }
}
