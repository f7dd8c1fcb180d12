package dev.alertkit.internal;

import dev.failsafe.spi.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Adapts the client's {@link ScheduledExecutorService} to Failsafe's {@link Scheduler}, so that Failsafe's async
 * retries wait on the client's scheduler (a manual one in tests) instead of Failsafe's shared default threads. Work
 * due now runs on the calling thread: Failsafe only uses it to start an execution, and our execution only hands the
 * provider request to the client's executor, so nothing blocks.
 */
final class ClientScheduler implements Scheduler {
  private final Timers timers;

  ClientScheduler(Timers timers) {
    this.timers = timers;
  }

  @Override
  public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
    if (delay > 0) {
      // The scheduler only fires the timer; the retry itself runs on the client's executor.
      return timers.scheduler().schedule(() -> timers.hand(() -> {
        try {
          callable.call();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }), delay, unit);
    }
    Object result;
    try {
      result = callable.call();
    } catch (Exception e) {
      return new Done(null, e);
    }
    return new Done(result, null);
  }

  /** A future of work that already ran. */
  private static final class Done implements ScheduledFuture<Object> {
    private final Object result;
    private final Exception failure;

    Done(Object result, Exception failure) {
      this.result = result;
      this.failure = failure;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(0, o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean isDone() {
      return true;
    }

    @Override
    public Object get() throws java.util.concurrent.ExecutionException {
      if (failure != null) {
        throw new java.util.concurrent.ExecutionException(failure);
      }
      return result;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) throws java.util.concurrent.ExecutionException {
      return get();
    }
  }
}
