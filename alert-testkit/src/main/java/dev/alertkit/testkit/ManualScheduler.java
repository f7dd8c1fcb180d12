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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ScheduledExecutorService} driven by a {@link ManualClock}: scheduled tasks run on the thread that
 * advances the clock, when their due time is reached, in due-time order. {@code execute} runs immediately on the
 * calling thread. Nothing sleeps, so tests are deterministic. Pass it to
 * {@code AlertClient.builder().scheduler(...)}.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at("2026-11-28T21:30:00Z");
 * ManualScheduler scheduler = ManualScheduler.on(clock);
 * // ... client.send(alert) defers until 07:00 local time ...
 * clock.advance(Duration.ofHours(10));   // the deferred send runs here
 * }</pre>
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final ManualClock clock;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
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
    clock.onAdvance(s::runDue);
    return s;
  }

  /**
   * Runs every task whose due time has come, including tasks they schedule for now or earlier.
   *
   * @return how many tasks ran
   */
  public int runDue() {
    int ran = 0;
    while (true) {
      Task<?> next;
      synchronized (queue) {
        next = queue.peek();
        if (next == null || next.due.isAfter(clock.instant())) {
          return ran;
        }
        queue.poll();
      }
      next.run();
      ran++;
    }
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

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return schedule(() -> {
      command.run();
      return null;
    }, delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    Objects.requireNonNull(callable, "callable");
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("ManualScheduler is shut down");
    }
    Task<V> t = new Task<>(callable, clock.instant().plus(Duration.ofNanos(unit.toNanos(Math.max(0, delay)))), sequence.incrementAndGet());
    synchronized (queue) {
      queue.add(t);
    }
    return t;
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("ManualScheduler runs one-shot tasks only");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("ManualScheduler runs one-shot tasks only");
  }

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    synchronized (queue) {
      queue.forEach(t -> t.cancel(false));
      queue.clear();
    }
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

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task<V> implements ScheduledFuture<V> {
    final Callable<V> callable;
    final Instant due;
    final long seq;
    final CompletableFuture<V> result = new CompletableFuture<>();

    Task(Callable<V> callable, Instant due, long seq) {
      this.callable = callable;
      this.due = due;
      this.seq = seq;
    }

    void run() {
      if (result.isDone()) {
        return;
      }
      try {
        result.complete(callable.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due).toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task<?> t = (Task<?>) o;
      int c = due.compareTo(t.due);
      return c != 0 ? c : Long.compare(seq, t.seq);
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
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
      return result.get(timeout, unit);
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(seq);
    }
  }
}
