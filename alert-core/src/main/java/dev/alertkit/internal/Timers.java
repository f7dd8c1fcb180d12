package dev.alertkit.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's timers: the scheduler only fires them; the work runs on the client's executor, so a slow listener,
 * guard or provider never delays another timer.
 */
public final class Timers {
  private static final Logger LOG = LoggerFactory.getLogger(Timers.class);
  private final ScheduledExecutorService scheduler;
  private final Executor executor;

  /**
   * Creates the timers.
   *
   * @param scheduler fires the timers
   * @param executor runs the work
   */
  public Timers(ScheduledExecutorService scheduler, Executor executor) {
    this.scheduler = scheduler;
    this.executor = executor;
  }

  /** @return the scheduler (for Failsafe's adapter) */
  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /**
   * Runs work on the executor after a delay.
   *
   * @param work the work
   * @param delay the delay
   * @return the timer, to cancel
   * @throws RejectedExecutionException when the scheduler is shut down
   */
  public Future<?> schedule(Runnable work, Duration delay) {
    return scheduler.schedule(() -> hand(work), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  /**
   * Runs work on the executor now; runs it here when the executor refuses (shut down), so that nothing is lost.
   *
   * @param work the work
   */
  public void hand(Runnable work) {
    try {
      executor.execute(work);
    } catch (RejectedExecutionException e) {
      LOG.debug("executor refused timer work; running it on the timer thread", e);
      work.run();
    }
  }
}
