package dev.alertkit;

import dev.alertkit.event.AlertEvent;

/**
 * Hears what the client does, as typed events from {@link dev.alertkit.event}: one method, so a lambda is a
 * listener. Pick the events you need with {@code instanceof} (or a {@code switch} over the sealed
 * {@link AlertEvent} hierarchy on JDK 21+); ignore the rest, since new event types may be added.
 *
 * <pre>{@code
 * AlertListener metrics = event -> {
 *   if (event instanceof DispatchCompleted done) {
 *     meter.count("alerts", done.report().countByOutcome());
 *   }
 * };
 * AlertClient client = AlertClient.builder().provider(sms).listener(metrics).build();
 * }</pre>
 *
 * <p>Events are delivered on the thread that made the decision: the caller's thread for a blocking {@code send},
 * otherwise one of the client's executor threads; never on the client's scheduler thread. A listener must be quick;
 * a slow listener slows the dispatch that emitted the event (and only that one). An exception thrown by a listener
 * is logged and otherwise ignored. Events concerning recipients name every one of them (a batched e-mail to 1,000
 * recipients is one event naming 1,000 recipients).
 */
@FunctionalInterface
public interface AlertListener {

  /**
   * Something happened.
   *
   * @param event the event; never null
   */
  void onEvent(AlertEvent event);
}
