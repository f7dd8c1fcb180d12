package dev.alertkit.jdbc;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.exceptions.ExecutionException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.jdbc.internal.Sql;
import dev.alertkit.jdbc.internal.Tables;
import dev.alertkit.jdbc.internal.TextSerializer;
import dev.alertkit.spi.TimerEntry;
import dev.alertkit.spi.TimerHandler;
import dev.alertkit.spi.TimerService;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable timers on <a href="https://github.com/kagkarlsson/db-scheduler">db-scheduler</a>: each timer is a row in
 * {@code <prefix>scheduled_tasks} (task name = the timer's kind, instance = its key, data = its payload as UTF-8
 * text). Every instance that runs a started service polls the table with {@code SELECT … FOR UPDATE SKIP LOCKED}
 * (db-scheduler's lock-and-fetch), so a due timer is picked by exactly one live instance. An instance that dies while
 * a handler runs stops sending heartbeats; after {@code heartbeatInterval × missedHeartbeatsLimit} another instance
 * declares the execution dead and runs it again: timers fire <em>at least once</em> (see {@link TimerHandler}).
 *
 * <p>Cancel and fire are decided by the row's version: a cancel deletes the row only if it is not picked and has not
 * been picked since it was read, so after {@link #cancel} returns true no instance starts the handler.
 *
 * <p>Handlers run on the service's worker threads ({@link Builder#threads}), never on a polling or heartbeat thread.
 * A handler that throws is logged (with kind and key) and its timer removed, as in memory. A handler may schedule its
 * own kind and key again (a repeat): the row is then rescheduled when the handler returns, not removed.
 *
 * <p>Durable ({@link #durable()}): a timer that sends may run twice after a crash, so give the client the
 * {@link JdbcStores#dispatchJournal() dispatch journal} too; it keeps a resumed send from paging twice.
 *
 * <p>Create it with {@link JdbcStores#timerService()}; {@link #close()} stops this instance gracefully (running
 * handlers get {@link Builder#shutdownMaxWait}); pending timers stay in the database.
 */
public final class JdbcTimerService implements TimerService {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcTimerService.class);
  /** The recurring purge task's name; reserved. */
  static final String PURGE_TASK = "alertkit-purge";

  private final JdbcStores stores;
  private final Sql sql;
  private final Tables tables;
  private final Clock clock;
  private final String schedulerName;
  private final int threads;
  private final Duration pollingInterval;
  private final Duration heartbeatInterval;
  private final int missedHeartbeatsLimit;
  private final Duration shutdownMaxWait;
  private final Duration purgeEvery;
  private final Map<String, TimerHandler> handlers = new ConcurrentHashMap<>();
  private final ThreadLocal<Running> running = new ThreadLocal<>();
  private final Object lifecycle = new Object();
  private volatile SchedulerClient client;
  private volatile Scheduler scheduler;
  private volatile boolean closed;

  /** The timer whose handler runs on the current thread, and its repeat if the handler scheduled one. */
  private static final class Running {
    final String kind;
    final String key;
    TimerEntry next;

    Running(String kind, String key) {
      this.kind = kind;
      this.key = key;
    }
  }

  private JdbcTimerService(Builder b) {
    this.stores = b.stores;
    this.sql = b.stores.sql();
    this.tables = b.stores.tables();
    this.clock = b.stores.clock();
    this.schedulerName = b.schedulerName;
    this.threads = b.threads;
    this.pollingInterval = b.pollingInterval;
    this.heartbeatInterval = b.heartbeatInterval;
    this.missedHeartbeatsLimit = b.missedHeartbeatsLimit;
    this.shutdownMaxWait = b.shutdownMaxWait;
    this.purgeEvery = b.purgeEvery;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the kind is reserved ({@code alertkit-purge})
   */
  @Override
  public void register(String kind, TimerHandler handler) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(handler, "handler");
    if (PURGE_TASK.equals(kind)) {
      throw new IllegalArgumentException("timer kind " + PURGE_TASK + " is reserved by alertkit");
    }
    synchronized (lifecycle) {
      if (client != null) {
        throw new IllegalStateException("register handlers before start() or the first schedule(); kind " + kind);
      }
      if (handlers.putIfAbsent(kind, handler) != null) {
        throw new IllegalStateException("a handler for timer kind " + kind + " is already registered");
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database cannot be read
   */
  @Override
  public void start() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("the timer service is closed");
      }
      if (scheduler != null) {
        return;
      }
      Set<String> unknown = new HashSet<>(storedKinds());
      unknown.removeAll(handlers.keySet());
      unknown.remove(PURGE_TASK);
      if (!unknown.isEmpty()) {
        throw new IllegalStateException("timers of kinds " + unknown + " are stored in " + tables.scheduledTasks()
            + " but no handler is registered for them; register them before start()");
      }
      List<Task<?>> tasks = tasks();
      var builder = Scheduler.create(sql.dataSource(), tasks)
          .tableName(tables.scheduledTasks())
          .serializer(new TextSerializer())
          .schedulerName(new SchedulerName.Fixed(schedulerName))
          .threads(threads)
          .pollingInterval(pollingInterval)
          .heartbeatInterval(heartbeatInterval)
          .missedHeartbeatsLimit(missedHeartbeatsLimit)
          .shutdownMaxWait(shutdownMaxWait)
          .pollUsingLockAndFetch(0.5, 1.0)
          .enableImmediateExecution()
          .clock(clock::instant);
      if (purgeEvery != null) {
        builder.startTasks(Tasks.recurring(PURGE_TASK, FixedDelay.of(purgeEvery)).execute((inst, ctx) -> {
          JdbcStores.PurgeResult r = stores.purge();
          LOG.info("alertkit purge: {}", r);
        }));
      }
      Scheduler s = builder.build();
      s.start();
      scheduler = s;
      client = s;
      LOG.info("durable timers started on {} as {} (kinds {})", tables.scheduledTasks(), schedulerName, handlers.keySet());
    }
  }

  private List<Task<?>> tasks() {
    List<Task<?>> tasks = new ArrayList<>();
    for (Map.Entry<String, TimerHandler> e : handlers.entrySet()) {
      String kind = e.getKey();
      TimerHandler handler = e.getValue();
      tasks.add(Tasks.custom(kind, String.class)
          .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
          .execute((inst, ctx) -> fire(kind, handler, inst, ctx.getExecution().executionTime)));
    }
    return tasks;
  }

  private CompletionHandler<String> fire(String kind, TimerHandler handler, TaskInstance<String> inst, Instant due) {
    TimerEntry entry = new TimerEntry(kind, inst.getId(), due, inst.getData() == null ? "" : inst.getData());
    Running r = new Running(kind, inst.getId());
    running.set(r);
    try {
      handler.onDue(entry);
    } catch (Exception e) {
      LOG.warn("timer {}/{} failed: {}", kind, inst.getId(), e.toString(), e);
    } finally {
      running.remove();
    }
    TimerEntry next = r.next;
    if (next == null) {
      return new CompletionHandler.OnCompleteRemove<>();
    }
    return (complete, ops) -> ops.reschedule(complete, next.due(), next.payload());
  }

  private Set<String> storedKinds() {
    return sql.tx("timer kinds", c -> {
      Set<String> out = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT task_name FROM " + tables.scheduledTasks());
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  private SchedulerClient client() {
    SchedulerClient c = client;
    if (c != null) {
      return c;
    }
    synchronized (lifecycle) {
      if (client == null) {
        client = SchedulerClient.Builder.create(sql.dataSource(), tasks())
            .tableName(tables.scheduledTasks())
            .serializer(new TextSerializer())
            .build();
      }
      return client;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Before {@link #start()} this only writes the row (any started instance may run it). A timer whose handler is
   * running on another thread cannot be replaced until it finishes.
   *
   * @throws IllegalStateException also when a timer with this kind and key is running right now on another thread
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public void schedule(TimerEntry timer) {
    Objects.requireNonNull(timer, "timer");
    if (!handlers.containsKey(timer.kind())) {
      throw new IllegalArgumentException("no handler is registered for timer kind " + timer.kind());
    }
    Running r = running.get();
    if (r != null && r.kind.equals(timer.kind()) && r.key.equals(timer.key())) {
      r.next = timer; // also while closing: a handler that hands its work over reschedules its own row
      return;
    }
    if (closed) {
      throw new IllegalStateException("the timer service is closed; timer " + timer + " was not scheduled");
    }
    SchedulerClient c = client();
    TaskInstance<String> instance = new TaskInstance<>(timer.kind(), timer.key(), timer.payload());
    try {
      for (int i = 0; i < 10; i++) {
        if (c.scheduleIfNotExists(instance, timer.due())) {
          return;
        }
        try {
          if (c.reschedule(TaskInstanceId.of(timer.kind(), timer.key()), timer.due(), timer.payload())) {
            return;
          }
        } catch (TaskInstanceNotFoundException e) {
          // fired or cancelled between our two statements: insert again
        }
      }
    } catch (TaskInstanceCurrentlyExecutingException e) {
      throw new IllegalStateException("timer " + timer.kind() + "/" + timer.key() + " is running right now and cannot be "
          + "replaced; schedule it from its handler or after it finished", e);
    } catch (RuntimeException e) {
      throw translate("timer schedule", e);
    }
    throw new JdbcStoreException(JdbcStoreException.Reason.CONFLICT, "timer schedule: " + timer.kind() + "/" + timer.key()
        + " kept changing under concurrent schedules/fires; gave up after 10 attempts", null);
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public boolean cancel(String kind, String key) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Running r = running.get();
    if (r != null && r.kind.equals(kind) && r.key.equals(key)) {
      boolean had = r.next != null;
      r.next = null;
      return had;
    }
    for (int i = 0; i < 5; i++) {
      try {
        client().cancel(TaskInstanceId.of(kind, key));
        return true;
      } catch (TaskInstanceNotFoundException | TaskInstanceCurrentlyExecutingException e) {
        return false;
      } catch (ExecutionException e) {
        // the row's version changed between read and delete: picked (the next read says so) or replaced (delete again)
        continue;
      } catch (RuntimeException e) {
        throw translate("timer cancel", e);
      }
    }
    return false;
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public Optional<TimerEntry> find(String kind, String key) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    try {
      Optional<ScheduledExecution<Object>> e = client().getScheduledExecution(TaskInstanceId.of(kind, key));
      return e.filter(x -> !x.isPicked())
          .map(x -> new TimerEntry(kind, key, x.getExecutionTime(), x.getData() == null ? "" : (String) x.getData()));
    } catch (RuntimeException e) {
      throw translate("timer find", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public int pending() {
    return sql.tx("timer count", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + tables.scheduledTasks()
          + " WHERE picked = false AND task_name <> ?")) {
        ps.setString(1, PURGE_TASK);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  /** @return true: timers are rows in the database */
  @Override
  public boolean durable() {
    return true;
  }

  /** Stops this instance's scheduler gracefully; pending timers stay in the database for the other instances. */
  @Override
  public void close() {
    Scheduler s;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      s = scheduler;
    }
    if (s != null) {
      s.stop();
    }
  }

  private static RuntimeException translate(String what, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException s) {
        return Sql.translate(what, s, 1);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return e;
  }

  @Override
  public String toString() {
    return "JdbcTimerService{" + tables.scheduledTasks() + " as " + schedulerName + "}";
  }

  /** Configures a {@link JdbcTimerService}; get one from {@link JdbcStores#timerService()}. */
  public static final class Builder {
    private final JdbcStores stores;
    private String schedulerName;
    private int threads = 4;
    private Duration pollingInterval = Duration.ofSeconds(1);
    private Duration heartbeatInterval = Duration.ofSeconds(30);
    private int missedHeartbeatsLimit = 6;
    private Duration shutdownMaxWait = Duration.ofSeconds(30);
    private Duration purgeEvery;

    Builder(JdbcStores stores) {
      this.stores = stores;
    }

    /**
     * Names this instance in {@code picked_by} (default: host name and a random suffix).
     *
     * @param name 1 to 100 characters
     * @return this builder
     */
    public Builder schedulerName(String name) {
      this.schedulerName = name;
      return this;
    }

    /**
     * How many handlers may run at once on this instance (default 4).
     *
     * @param threads 1 to 1000
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * How often this instance looks for due timers when idle (default 1 s). A timer scheduled on this instance and
     * due now runs at once regardless.
     *
     * @param interval 10 ms to 1 hour
     * @return this builder
     */
    public Builder pollingInterval(Duration interval) {
      this.pollingInterval = interval;
      return this;
    }

    /**
     * How often a running handler's row is marked alive (default 30 s).
     *
     * @param interval 10 ms to 1 hour
     * @return this builder
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = interval;
      return this;
    }

    /**
     * After how many missed heartbeats a running timer counts as dead and is run again elsewhere (default 6; at least
     * 4, db-scheduler's minimum). A crashed instance's timers resume after {@code heartbeatInterval × limit}.
     *
     * @param limit 4 to 100
     * @return this builder
     */
    public Builder missedHeartbeatsLimit(int limit) {
      this.missedHeartbeatsLimit = limit;
      return this;
    }

    /**
     * How long {@link JdbcTimerService#close()} waits for running handlers (default 30 s).
     *
     * @param wait zero to 1 hour
     * @return this builder
     */
    public Builder shutdownMaxWait(Duration wait) {
      this.shutdownMaxWait = wait;
      return this;
    }

    /**
     * Runs {@link JdbcStores#purge()} as a recurring task every so often, on one instance at a time (default: off;
     * then the application calls {@code purge()} itself).
     *
     * @param every 1 minute to 7 days
     * @return this builder
     */
    public Builder purgeEvery(Duration every) {
      this.purgeEvery = every;
      return this;
    }

    /**
     * Validates and creates the service (not started).
     *
     * @return the service
     * @throws ValidationException when a setting is out of range (the field is named)
     */
    public JdbcTimerService build() {
      if (schedulerName == null) {
        schedulerName = hostName() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
      }
      if (schedulerName.isBlank() || schedulerName.length() > 100) {
        throw new ValidationException("timerService.schedulerName", "must be 1 to 100 characters, not blank");
      }
      if (threads < 1 || threads > 1000) {
        throw new ValidationException("timerService.threads", "must be 1 to 1000 (was " + threads + ")");
      }
      Checks.range("timerService.pollingInterval", pollingInterval, Duration.ofMillis(10), Duration.ofHours(1));
      Checks.range("timerService.heartbeatInterval", heartbeatInterval, Duration.ofMillis(10), Duration.ofHours(1));
      if (missedHeartbeatsLimit < 4 || missedHeartbeatsLimit > 100) {
        throw new ValidationException("timerService.missedHeartbeatsLimit", "must be 4 to 100 (was " + missedHeartbeatsLimit + ")");
      }
      Checks.range("timerService.shutdownMaxWait", shutdownMaxWait, Duration.ZERO, Duration.ofHours(1));
      if (purgeEvery != null) {
        Checks.range("timerService.purgeEvery", purgeEvery, Duration.ofMinutes(1), Duration.ofDays(7));
      }
      return new JdbcTimerService(this);
    }


    private static String hostName() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        return "alertkit";
      }
    }
  }
}
