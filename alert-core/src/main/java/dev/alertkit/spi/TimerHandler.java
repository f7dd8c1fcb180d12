package dev.alertkit.spi;

/**
 * Runs a due timer of one kind. Handlers run on the client's executor, never on a scheduler thread. A durable
 * {@link TimerService} runs a timer at least once: after a crash it may run again a timer whose handler had started,
 * so a handler that sends must record that it started before it sends, and treat a second run as ambiguous.
 */
@FunctionalInterface
public interface TimerHandler {

  /**
   * The timer is due.
   *
   * @param timer the timer
   * @throws Exception when the work failed; the failure is logged with the timer's kind and key
   */
  void onDue(TimerEntry timer) throws Exception;
}
