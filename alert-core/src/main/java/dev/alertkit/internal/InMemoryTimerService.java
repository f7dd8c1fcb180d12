package dev.alertkit.internal;

import dev.alertkit.spi.TimerEntry;
import dev.alertkit.spi.TimerHandler;
import dev.alertkit.spi.TimerService;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link TimerService}: timers in a map, each with a task on the client's scheduler that only hands the
 * due timer to the client's executor. Whoever removes a timer from the map first (fire or cancel) wins.
 */
public final class InMemoryTimerService implements TimerService {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryTimerService.class);

  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;
  private final Map<String, TimerHandler> handlers = new ConcurrentHashMap<>();
  private final Map<Key, Scheduled> timers = new ConcurrentHashMap<>();
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * Creates the service.
   *
   * @param clock the client's clock
   * @param scheduler fires timers (only hands them over)
   * @param executor runs the handlers
   */
  public InMemoryTimerService(Clock clock, ScheduledExecutorService scheduler, Executor executor) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public void register(String kind, TimerHandler handler) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(handler, "handler");
    if (started) {
      throw new IllegalStateException("register handlers before start(); kind " + kind);
    }
    if (handlers.putIfAbsent(kind, handler) != null) {
      throw new IllegalStateException("a handler for timer kind " + kind + " is already registered");
    }
  }

  @Override
  public void start() {
    if (closed) {
      throw new IllegalStateException("the timer service is closed");
    }
    started = true;
  }

  @Override
  public void schedule(TimerEntry timer) {
    Objects.requireNonNull(timer, "timer");
    if (closed) {
      throw new IllegalStateException("the timer service is closed; timer " + timer + " was not scheduled");
    }
    if (!handlers.containsKey(timer.kind())) {
      throw new IllegalArgumentException("no handler is registered for timer kind " + timer.kind());
    }
    Key key = new Key(timer.kind(), timer.key());
    Scheduled s = new Scheduled(timer);
    Scheduled previous = timers.put(key, s);
    if (previous != null) {
      previous.cancelTask();
    }
    long delayMs = Math.max(0, Duration.between(clock.instant(), timer.due()).toMillis());
    try {
      s.task = scheduler.schedule(() -> handOver(key, s), delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      timers.remove(key, s);
      throw new IllegalStateException("the client's scheduler refused timer " + timer, e);
    }
  }

  private void handOver(Key key, Scheduled s) {
    if (!timers.remove(key, s)) {
      return; // cancelled or replaced
    }
    try {
      executor.execute(() -> run(s.timer));
    } catch (RejectedExecutionException e) {
      LOG.warn("timer {} dropped: the client's executor refused it (closing?)", s.timer);
    }
  }

  private void run(TimerEntry timer) {
    TimerHandler h = handlers.get(timer.kind());
    try {
      h.onDue(timer);
    } catch (Exception e) {
      LOG.error("timer {} failed", timer, e);
    }
  }

  @Override
  public boolean cancel(String kind, String key) {
    Scheduled s = timers.remove(new Key(kind, key));
    if (s == null) {
      return false;
    }
    s.cancelTask();
    return true;
  }

  @Override
  public Optional<TimerEntry> find(String kind, String key) {
    Scheduled s = timers.get(new Key(kind, key));
    return s == null ? Optional.empty() : Optional.of(s.timer);
  }

  @Override
  public int pending() {
    return timers.size();
  }

  @Override
  public void close() {
    closed = true;
    for (Key k : timers.keySet()) {
      Scheduled s = timers.remove(k);
      if (s != null) {
        s.cancelTask();
      }
    }
  }

  private record Key(String kind, String key) {}

  private static final class Scheduled {
    final TimerEntry timer;
    volatile ScheduledFuture<?> task;

    Scheduled(TimerEntry timer) {
      this.timer = timer;
    }

    void cancelTask() {
      ScheduledFuture<?> t = task;
      if (t != null) {
        t.cancel(false);
      }
    }
  }
}
