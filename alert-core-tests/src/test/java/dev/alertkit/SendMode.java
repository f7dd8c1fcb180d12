package dev.alertkit;

import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The two ways of sending; every scenario runs through both. {@code send} blocks, so SYNC runs it on a thread of
 * its own while the test thread drives the manual clock: waits (backoff, Retry-After, rate limits) pass only when
 * the test advances the clock, never by sleeping.
 */
enum SendMode {
  SYNC {
    @Override
    CompletableFuture<DispatchReport> start(AlertClient client, Alert alert) {
      Sending f = new Sending();
      Thread t = new Thread(() -> {
        try {
          f.complete(client.send(alert));
        } catch (Throwable e) {
          f.completeExceptionally(e);
        }
      }, "sync-send-" + alert.id());
      t.setDaemon(true);
      f.thread = t;
      t.start();
      return f;
    }

    @Override
    DispatchReport send(AlertClient client, Alert alert) {
      return client.send(alert);
    }
  },
  ASYNC {
    @Override
    CompletableFuture<DispatchReport> start(AlertClient client, Alert alert) {
      return client.sendAsync(alert);
    }

    @Override
    DispatchReport send(AlertClient client, Alert alert) {
      CompletableFuture<DispatchReport> f = client.sendAsync(alert); // a rejection is thrown here, not wrapped
      try {
        return f.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("sendAsync did not complete", e);
      }
    }
  };

  /**
   * Sends on the test thread's terms, for a client on a real clock and its own scheduler: SYNC calls {@code send}
   * on the test thread, ASYNC waits (at most 30 s) for {@code sendAsync}.
   */
  abstract DispatchReport send(AlertClient client, Alert alert);

  /** Starts sending; the future completes with the report. */
  abstract CompletableFuture<DispatchReport> start(AlertClient client, Alert alert);

  /** Sends and advances the clock from one scheduled task to the next until the report is there. */
  DispatchReport send(AlertClient client, Alert alert, ManualClock clock, ManualScheduler scheduler) {
    return drive(start(client, alert), clock, scheduler);
  }

  /** A SYNC send in progress, with the thread blocked in {@code send}. */
  static final class Sending extends CompletableFuture<DispatchReport> {
    volatile Thread thread;
  }

  /**
   * Waits until a SYNC send's thread has done everything it can do without the clock moving (it is parked in
   * {@code send}, waiting for the report); returns at once for ASYNC, whose work up to the first wait ran in
   * {@code sendAsync}.
   */
  static void settle(CompletableFuture<?> f) {
    if (f instanceof Sending) {
      Thread t = ((Sending) f).thread;
      await("the sending thread to wait", () -> {
        Thread.State st = t.getState();
        return st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING || st == Thread.State.TERMINATED;
      });
    }
  }

  /** Advances the manual clock to each next scheduled task until {@code f} completes (at most 20 s of real time). */
  static <T> T drive(CompletableFuture<T> f, ManualClock clock, ManualScheduler scheduler) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!f.isDone()) {
      settle(f);
      if (f.isDone()) {
        break;
      }
      List<Instant> due = scheduler.pendingDueTimes();
      if (!due.isEmpty()) {
        if (due.get(0).isAfter(clock.instant())) {
          clock.advanceTo(due.get(0));
        } else {
          scheduler.runDue();
        }
      } else {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // a SYNC send is still on its own thread
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no outcome after 20 s; clock " + clock + ", scheduled " + scheduler.pendingDueTimes());
      }
    }
    return f.join();
  }

  /** Waits (polling, at most 10 s) until a condition holds: for a SYNC send to reach a scheduled wait. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
  }
}
