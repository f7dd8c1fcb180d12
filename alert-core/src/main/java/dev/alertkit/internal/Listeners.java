package dev.alertkit.internal;

import dev.alertkit.AlertListener;
import dev.alertkit.event.AlertEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans typed events out to the configured listeners, in order; a listener that throws is logged and skipped. */
public final class Listeners implements AlertListener {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
  private final AlertListener[] listeners;

  /**
   * Creates the fan-out.
   *
   * @param listeners the listeners, in order
   */
  public Listeners(List<AlertListener> listeners) {
    this.listeners = listeners.toArray(new AlertListener[0]);
  }

  /** @return whether there is no listener at all (callers may then skip building events) */
  public boolean isEmpty() {
    return listeners.length == 0;
  }

  @Override
  public void onEvent(AlertEvent event) {
    for (AlertListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("listener {} threw from onEvent({}); ignored", l.getClass().getName(), event.getClass().getSimpleName(), e);
      }
    }
  }
}
