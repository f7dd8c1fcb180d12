package dev.alertkit.spi;

/**
 * Lets the client abort a provider request that is in flight: when the per-request timeout fires, the alert's
 * outcome is decided meanwhile, or the client closes. A provider registers how to abort its transport (e.g.
 * {@code HttpUriRequestBase.cancel()} in Apache HttpClient 5, {@code HttpRequestBase.abort()} in HttpClient 4) and
 * then returns whatever its transport reports (usually an {@link dev.alertkit.Failure.Kind#AMBIGUOUS} I/O failure;
 * the client has already recorded the attempt as ambiguous by then). Thread-safe.
 */
public interface AbortSignal {

  /**
   * Registers an action that aborts the request; it runs at most once, on the thread that aborts (or at once,
   * on the calling thread, if the signal was already aborted). The action must be quick and must not throw.
   *
   * @param action e.g. {@code request::cancel}
   * @throws NullPointerException when action is null
   */
  void onAbort(Runnable action);

  /** @return whether the request was aborted; a provider that has not started its request yet should not start it */
  boolean isAborted();

  /**
   * A signal that is never aborted, for calls made outside a client (tests, tools).
   *
   * @return the signal
   */
  static AbortSignal never() {
    return Never.INSTANCE;
  }

  /** The signal that never aborts. */
  enum Never implements AbortSignal {
    /** The instance. */
    INSTANCE;

    @Override
    public void onAbort(Runnable action) {
      java.util.Objects.requireNonNull(action, "action");
    }

    @Override
    public boolean isAborted() {
      return false;
    }
  }
}
