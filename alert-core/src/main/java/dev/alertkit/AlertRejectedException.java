package dev.alertkit;

/**
 * Thrown by {@link AlertClient#send} and {@link AlertClient#sendAsync} when the client will not take an alert:
 * it is closed, or it already holds as many pending alerts as it is configured to. Nothing of the alert was sent.
 */
public class AlertRejectedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why, and what to do about it
   */
  public AlertRejectedException(String message) {
    super(message);
  }
}
