package dev.alertkit.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ScheduledExecutorService} driven by a {@link ManualClock}: scheduled tasks run on the thread that
 * advances the clock, when their due time is reached, in due-time order (ties in scheduling order), with the clock
 * standing at each task's due time while it runs. Tasks scheduled by running tasks are run in the same
 * {@link ManualClock#advance} when they fall due before its target. {@code execute} and {@code submit} run
 * immediately on the calling thread. Nothing sleeps, so tests are deterministic. Pass it to
 * {@code AlertClient.builder().scheduler(...)}.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at("2026-11-28T21:30:00Z");
 * ManualScheduler scheduler = ManualScheduler.on(clock);
 * scheduler.schedule(() -> log.add("later"), 5, TimeUnit.MINUTES);
 * clock.advance(Duration.ofMinutes(4));   // nothing runs
 * clock.advance(Duration.ofMinutes(1));   // "later" runs here, on this thread, at 21:35
 * }</pre>
 *
 * <p>Periodic tasks ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}) run once per period reached;
 * they stop when cancelled, when they throw, or on {@link #shutdownNow()}. A task's exception completes its
 * future exceptionally and does not stop the clock. Thread-safe: tasks may be scheduled from any thread. Needs no
 * test framework.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final ManualClock clock;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final ManualClock.Timeline timeline = new ManualClock.Timeline() {
    @Override
    public Instant nextDue() {
      synchronized (queue) {
        Task<?> t = queue.peek();
        return t == null ? null : t.due;
      }
    }

    @Override
    public boolean runNext(Instant now) {
      Task<?> t;
      synchronized (queue) {
        t = queue.peek();
        if (t == null || t.due.isAfter(now)) {
          return false;
        }
        queue.poll();
      }
      t.run();
      return true;
    }
  };
  private volatile boolean shutdown;

  private ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  /**
   * A scheduler on a clock; advancing the clock runs due tasks.
   *
   * @param clock the clock
   * @return the scheduler
   * @throws NullPointerException when clock is null
   */
  public static ManualScheduler on(ManualClock clock) {
    ManualScheduler s = new ManualScheduler(Objects.requireNonNull(clock, "clock"));
    clock.register(s.timeline);
    return s;
  }

  /** @return the clock this scheduler runs on */
  public ManualClock clock() {
    return clock;
  }

  /**
   * Runs every task whose due time has come without moving the clock, including tasks they schedule for now or
   * earlier. {@code clock.advance(Duration.ZERO)} does the same for every scheduler on the clock.
   *
   * @return how many tasks ran
   */
  public int runDue() {
    int ran = 0;
    while (timeline.runNext(clock.instant())) {
      ran++;
    }
    return ran;
  }

  /** @return how many tasks are waiting */
  public int pendingCount() {
    synchronized (queue) {
      return queue.size();
    }
  }

  /** @return due times of waiting tasks, earliest first */
  public List<Instant> pendingDueTimes() {
    List<Task<?>> tasks;
    synchronized (queue) {
      tasks = new ArrayList<>(queue);
    }
    Collections.sort(tasks);
    List<Instant> out = new ArrayList<>();
    tasks.forEach(t -> out.add(t.due));
    return out;
  }

  /**
   * Schedules a one-shot task.
   *
   * @throws RejectedExecutionException when the scheduler is shut down
   */
  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Objects.requireNonNull(command, "command");
    return schedule(() -> {
      command.run();
      return null;
    }, delay, unit);
  }

  /**
   * Schedules a one-shot task.
   *
   * @throws RejectedExecutionException when the scheduler is shut down
   */
  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    Objects.requireNonNull(callable, "callable");
    return enqueue(new Task<>(callable, dueIn(delay, unit), 0, false));
  }

  /**
   * Runs a task every {@code period} after {@code initialDelay}, on the clock's schedule.
   *
   * @throws RejectedExecutionException when the scheduler is shut down
   * @throws IllegalArgumentException when period is not positive
   */
  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return periodic(command, initialDelay, period, unit, true);
  }

  /**
   * Runs a task repeatedly, {@code delay} after the previous run ended (on the manual clock).
   *
   * @throws RejectedExecutionException when the scheduler is shut down
   * @throws IllegalArgumentException when delay is not positive
   */
  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return periodic(command, initialDelay, delay, unit, false);
  }

  private ScheduledFuture<?> periodic(Runnable command, long initialDelay, long period, TimeUnit unit, boolean fixedRate) {
    Objects.requireNonNull(command, "command");
    if (period <= 0) {
      throw new IllegalArgumentException("period must be positive (was " + period + " " + unit + ")");
    }
    return enqueue(new Task<>(() -> {
      command.run();
      return null;
    }, dueIn(initialDelay, unit), unit.toNanos(period), fixedRate));
  }

  private Instant dueIn(long delay, TimeUnit unit) {
    return clock.instant().plus(Duration.ofNanos(unit.toNanos(Math.max(0, delay))));
  }

  private <V> Task<V> enqueue(Task<V> t) {
    if (shutdown) {
      throw new RejectedExecutionException("ManualScheduler is shut down");
    }
    synchronized (queue) {
      queue.add(t);
    }
    return t;
  }

  /** Runs the command immediately on the calling thread. */
  @Override
  public void execute(Runnable command) {
    command.run();
  }

  /** Stops taking new tasks; tasks already scheduled still run when the clock reaches them. */
  @Override
  public void shutdown() {
    shutdown = true;
  }

  /**
   * Stops taking tasks and cancels every waiting one.
   *
   * @return an empty list (waiting tasks are cancelled, not handed back)
   */
  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Task<?>> cancelled;
    synchronized (queue) {
      cancelled = new ArrayList<>(queue);
      queue.clear();
    }
    cancelled.forEach(t -> t.result.cancel(false));
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && pendingCount() == 0;
  }

  /** Does not wait: nothing runs unless the clock is advanced. */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  @Override
  public String toString() {
    return "ManualScheduler{" + clock + ", pending=" + pendingDueTimes() + "}";
  }

  private final class Task<V> implements ScheduledFuture<V> {
    final Callable<V> callable;
    final long periodNanos;
    final boolean fixedRate;
    volatile Instant due;
    volatile long seq;
    final CompletableFuture<V> result = new CompletableFuture<>();

    Task(Callable<V> callable, Instant due, long periodNanos, boolean fixedRate) {
      this.callable = callable;
      this.due = due;
      this.seq = sequence.incrementAndGet();
      this.periodNanos = periodNanos;
      this.fixedRate = fixedRate;
    }

    void run() {
      if (result.isDone()) {
        return;
      }
      try {
        V v = callable.call();
        if (periodNanos == 0) {
          result.complete(v);
          return;
        }
      } catch (Exception e) {
        result.completeExceptionally(e);
        return;
      }
      if (result.isDone() || shutdown) {
        return;
      }
      due = (fixedRate ? due : clock.instant()).plus(Duration.ofNanos(periodNanos));
      seq = sequence.incrementAndGet();
      synchronized (queue) {
        queue.add(this);
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due).toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      if (o instanceof ManualScheduler.Task) {
        Task<?> t = (Task<?>) o;
        int c = due.compareTo(t.due);
        return c != 0 ? c : Long.compare(seq, t.seq);
      }
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      synchronized (queue) {
        queue.remove(this);
      }
      return result.cancel(false);
    }

    @Override
    public boolean isCancelled() {
      return result.isCancelled();
    }

    @Override
    public boolean isDone() {
      return result.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      return result.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return result.get(timeout, unit);
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
