package dev.alertkit;

/**
 * Thrown by the blocking {@link AlertClient#send} when the calling thread is interrupted while waiting. The
 * thread's interrupt flag is set again; the dispatch itself goes on and its outcome reaches the listener.
 */
public class DispatchInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param alertId the alert being sent
   * @param cause the interruption
   */
  public DispatchInterruptedException(String alertId, InterruptedException cause) {
    super("interrupted while waiting for alert " + alertId + " to be dispatched; it continues in the background", cause);
  }
}
