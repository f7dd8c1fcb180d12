package dev.alertkit.internal;

import dev.alertkit.spi.AbortSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client's side of an {@link AbortSignal}: {@link #abort()} runs every registered action once. */
final class Abort implements AbortSignal {
  private static final Logger LOG = LoggerFactory.getLogger(Abort.class);
  private final List<Runnable> actions = new ArrayList<>(1);
  private boolean aborted;

  @Override
  public void onAbort(Runnable action) {
    Objects.requireNonNull(action, "action");
    boolean now;
    synchronized (this) {
      now = aborted;
      if (!now) {
        actions.add(action);
      }
    }
    if (now) {
      runQuietly(action);
    }
  }

  @Override
  public synchronized boolean isAborted() {
    return aborted;
  }

  /** Aborts: runs the registered actions (outside the monitor). */
  void abort() {
    List<Runnable> run;
    synchronized (this) {
      if (aborted) {
        return;
      }
      aborted = true;
      run = new ArrayList<>(actions);
      actions.clear();
    }
    run.forEach(Abort::runQuietly);
  }

  private static void runQuietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("a provider's abort action threw; ignored", e);
    }
  }
}
