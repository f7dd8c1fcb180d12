package dev.alertkit.spi;

import java.util.Optional;

/**
 * Timers that the client keeps as data: deferred sends, escalation steps, repeat notifications. The default keeps
 * them in memory on the client's clock and scheduler; a durable implementation (e.g. {@code alert-jdbc} on
 * db-scheduler) keeps them in a database, so that they survive a restart and any live instance runs a due one.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@code (kind, key)} identifies a timer; scheduling an existing one replaces it.</li>
 *   <li>A timer fires at or after its due time, on the client's executor (never on a scheduler thread), through the
 *       handler registered for its kind. Cancel and fire are decided atomically: after {@link #cancel} returns
 *       {@code true} the timer's handler does not start; after the handler started, {@code cancel} returns
 *       {@code false}.</li>
 *   <li>In memory a timer fires at most once. A durable implementation fires it at least once: a handler whose
 *       instance died while it ran is run again elsewhere (see {@link TimerHandler}).</li>
 *   <li>Implementations are thread-safe. Handlers are registered before {@link #start()}.</li>
 * </ul>
 */
public interface TimerService extends AutoCloseable {

  /**
   * Registers the handler for one kind of timer.
   *
   * @param kind the kind
   * @param handler runs the due timers of that kind
   * @throws IllegalStateException when the service has started or a handler for the kind exists
   */
  void register(String kind, TimerHandler handler);

  /**
   * Starts firing due timers (including those that became due while no instance ran, for a durable service).
   *
   * @throws IllegalStateException when a kind found in the store has no handler, or the service was closed
   */
  void start();

  /**
   * Schedules a timer, replacing one with the same kind and key.
   *
   * @param timer the timer
   * @throws IllegalStateException when the service is closed
   * @throws IllegalArgumentException when no handler is registered for the timer's kind
   */
  void schedule(TimerEntry timer);

  /**
   * Cancels a timer that has not started.
   *
   * @param kind the kind
   * @param key the key
   * @return true if a pending timer was removed; false if none was pending (unknown, already fired or firing)
   */
  boolean cancel(String kind, String key);

  /**
   * Looks up a pending timer.
   *
   * @param kind the kind
   * @param key the key
   * @return the pending timer, if any
   */
  Optional<TimerEntry> find(String kind, String key);

  /** @return how many timers are pending (scheduled and not started) */
  int pending();

  /**
   * Whether timers survive this process (kept in a database), so that another instance or a restart runs them.
   * A client with a durable timer service also needs a durable {@link DispatchJournal}: a timer that sends may run
   * again after a crash, and the journal is what keeps it from paging twice.
   *
   * @return false for the in-memory service
   */
  default boolean durable() {
    return false;
  }

  /** Stops firing timers. In-memory timers that have not fired are dropped; durable ones stay in the store. */
  @Override
  void close();
}
