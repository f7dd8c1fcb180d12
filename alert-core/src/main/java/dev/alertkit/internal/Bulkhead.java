package dev.alertkit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's bulkhead: at most {@code permits} requests in flight, at most {@code maxQueue} waiting, each for at
 * most {@code maxQueueWait}. A request that finds the queue full is refused at once (it was never sent, so failover and
 * fallback go on immediately); a queued request can be withdrawn ({@link Job#cancel}) at any time before it starts and
 * then never reaches the provider. A worker thread that finishes a request takes the next queued one itself, so the
 * executor never holds queued work that could not be withdrawn. The lock is never held while a request runs.
 */
public final class Bulkhead {
  private static final Logger LOG = LoggerFactory.getLogger(Bulkhead.class);
  private final String name;
  private final int permits;
  private final int maxQueue;
  private final Duration maxQueueWait;
  private final Executor executor;
  private final Timers timers;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashSet<Job> queue = new LinkedHashSet<>();
  private int running;
  private String closed;

  /**
   * Creates a bulkhead.
   *
   * @param name the provider's name
   * @param permits requests in flight at once
   * @param maxQueue requests waiting at most
   * @param maxQueueWait how long a request may wait
   * @param executor where requests run
   * @param timers fires the queue-wait bound
   */
  public Bulkhead(String name, int permits, int maxQueue, Duration maxQueueWait, Executor executor, Timers timers) {
    this.name = name;
    this.permits = permits;
    this.maxQueue = maxQueue;
    this.maxQueueWait = maxQueueWait;
    this.executor = executor;
    this.timers = timers;
  }

  /** @return the provider's name */
  public String name() {
    return name;
  }

  /** @return requests in flight */
  public int running() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  /** @return requests waiting */
  public int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** A request: it either starts (once) or is refused (once), never both. */
  public abstract static class Job {
    private static final int NEW = 0;
    private static final int QUEUED = 1;
    private static final int STARTED = 2;
    private static final int REFUSED = 3;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private volatile Bulkhead owner;
    private volatile Future<?> waitTimer;

    /** Makes the request, on the calling thread. Called at most once. */
    protected abstract void start();

    /**
     * The request was not made and never will be.
     *
     * @param reason why, e.g. "the bulkhead of twilio-sms is full (100 in flight, 10000 waiting)"
     */
    protected abstract void refused(String reason);

    /**
     * Withdraws the request if it has not started; it then never reaches the provider.
     *
     * @param reason why
     * @return true when withdrawn, false when it had already started or ended
     */
    public final boolean cancel(String reason) {
      int s = state.get();
      if ((s == NEW || s == QUEUED) && state.compareAndSet(s, REFUSED)) {
        Bulkhead b = owner;
        if (b != null) {
          b.remove(this);
        }
        Future<?> t = waitTimer;
        if (t != null) {
          t.cancel(false);
        }
        refused(reason);
        return true;
      }
      return false;
    }

    /** @return whether the request started */
    public final boolean started() {
      return state.get() == STARTED;
    }

    private boolean begin() {
      int s = state.get();
      if ((s == NEW || s == QUEUED) && state.compareAndSet(s, STARTED)) {
        Future<?> t = waitTimer;
        if (t != null) {
          t.cancel(false);
        }
        return true;
      }
      return false;
    }
  }

  /**
   * Submits a request: runs it now when a permit is free (on this thread when {@code inline}, else on the executor),
   * queues it otherwise, refuses it when the queue is full or the bulkhead is closed.
   *
   * @param job the request
   * @param inline whether to run it on this thread if it can start at once
   * @param maxWait the longest it may wait here (the smaller of the queue-wait bound and what is left until the
   *     alert's deadline), with the reason given when it expires
   * @param waitReason why it is refused when {@code maxWait} passes, or null for the queue-wait bound
   */
  public void submit(Job job, boolean inline, Duration maxWait, String waitReason) {
    job.owner = this;
    boolean now;
    String refuse = null;
    lock.lock();
    try {
      if (closed != null) {
        refuse = closed;
        now = false;
      } else if (running < permits) {
        running++;
        now = true;
      } else if (queue.size() < maxQueue) {
        job.state.compareAndSet(Job.NEW, Job.QUEUED);
        queue.add(job);
        now = false;
      } else {
        refuse = "the bulkhead of " + name + " is full (" + running + " requests in flight, " + queue.size()
            + " waiting, maxQueuedSends " + maxQueue + "); the request was not made";
        now = false;
      }
    } finally {
      lock.unlock();
    }
    if (refuse != null) {
      job.cancel(refuse);
      return;
    }
    if (!now) {
      Duration wait = maxWait == null || maxWait.compareTo(maxQueueWait) > 0 ? maxQueueWait : maxWait;
      String why = maxWait != null && maxWait.compareTo(maxQueueWait) < 0 && waitReason != null ? waitReason
          : "waited " + maxQueueWait + " (maxQueueWait) in the bulkhead of " + name + " behind " + permits
              + " requests in flight; the request was not made";
      try {
        job.waitTimer = timers.schedule(() -> job.cancel(why), wait);
      } catch (RejectedExecutionException e) {
        job.cancel("the client's scheduler is shut down; the request was not made");
        return;
      }
      if (job.state.get() == Job.REFUSED) {
        job.waitTimer.cancel(false);
      }
      return;
    }
    if (inline) {
      run(job);
      Job next = next();
      if (next != null) {
        dispatch(next);
      }
    } else {
      dispatch(job);
    }
  }

  private void dispatch(Job first) {
    try {
      executor.execute(() -> drain(first));
    } catch (RejectedExecutionException e) {
      // executor shut down: refuse this and everything queued
      release();
      first.cancel("the client's send executor is shut down; the request was not made");
    }
  }

  private void drain(Job first) {
    Job j = first;
    while (j != null) {
      run(j);
      j = next();
    }
  }

  private static void run(Job j) {
    if (j.begin()) {
      try {
        j.start();
      } catch (RuntimeException e) {
        LOG.error("a request in the bulkhead failed unexpectedly", e);
      }
    }
  }

  /** Hands the permit to the next queued job, or gives it back. */
  private Job next() {
    lock.lock();
    try {
      Iterator<Job> it = queue.iterator();
      if (it.hasNext()) {
        Job n = it.next();
        it.remove();
        return n;
      }
      running--;
      return null;
    } finally {
      lock.unlock();
    }
  }

  private void release() {
    lock.lock();
    try {
      running--;
    } finally {
      lock.unlock();
    }
  }

  private void remove(Job job) {
    lock.lock();
    try {
      queue.remove(job);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses every queued request and every later one.
   *
   * @param reason why
   */
  public void close(String reason) {
    List<Job> waiting;
    lock.lock();
    try {
      closed = reason + "; the request was not made";
      waiting = new ArrayList<>(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    for (Job j : waiting) {
      j.cancel(reason + " while the request waited in the bulkhead of " + name + "; it was not made");
    }
  }
}
