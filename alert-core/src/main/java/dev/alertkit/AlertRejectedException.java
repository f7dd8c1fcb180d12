package dev.alertkit;

/**
 * Thrown by {@link AlertClient#send}, {@link AlertClient#sendAsync} and {@link AlertClient#submit} when the client
 * will not take an alert: it is closed, it already holds as many pending alerts as it is configured to, or a durable
 * submission could not be stored. Nothing of the alert was sent.
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

  /**
   * Creates the exception.
   *
   * @param message why, and what to do about it
   * @param cause what failed
   */
  public AlertRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
