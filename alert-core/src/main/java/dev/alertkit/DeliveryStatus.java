package dev.alertkit;

/**
 * A provider's delivery status, normalised across Twilio and SendGrid. Statuses only move forward per attempt:
 * each has a rank, and terminal statuses are final.
 */
public enum DeliveryStatus {
  /** The provider queued the message. */
  QUEUED(1, false),
  /** A voice call is ringing. */
  RINGING(2, false),
  /** The provider handed the message to the carrier or mail server. */
  SENT(3, false),
  /** A voice call was answered and is in progress. */
  ANSWERED(4, false),
  /** The email was deferred by the receiving server; the provider keeps trying. */
  DEFERRED(3, false),
  /** The carrier or mail server confirmed delivery. */
  DELIVERED(5, false),
  /** The person read the message (WhatsApp read receipt, email open). */
  READ(6, false),
  /** The person acknowledged the alert (pressed 1, clicked). Final. */
  ACKNOWLEDGED(9, true),
  /** A voice call ended normally. */
  COMPLETED(7, true),
  /** The carrier could not deliver (unreachable, filtered, bounced). Final. */
  UNDELIVERED(8, true),
  /** The provider failed to send. Final. */
  FAILED(8, true),
  /** A voice call was not answered. Final. */
  NO_ANSWER(8, true),
  /** A voice call got a busy signal. Final. */
  BUSY(8, true),
  /** A status string this version does not know; the raw string is kept on the event. Never moves state. */
  UNKNOWN(0, false);

  private final int rank;
  private final boolean terminal;

  DeliveryStatus(int rank, boolean terminal) {
    this.rank = rank;
    this.terminal = terminal;
  }

  /** @return the order in which statuses may follow each other; higher is later */
  public int rank() {
    return rank;
  }

  /** @return whether nothing may follow this status */
  public boolean isTerminal() {
    return terminal;
  }

  /**
   * Whether a status may replace this one: a known status with a higher rank, and never after a terminal one.
   * ACKNOWLEDGED may follow any non-acknowledged status, because a person can acknowledge after a call completed.
   *
   * @param next the candidate
   * @return true when {@code next} moves the state forward
   */
  public boolean canMoveTo(DeliveryStatus next) {
    if (next == UNKNOWN || next == this) {
      return false;
    }
    if (next == ACKNOWLEDGED) {
      return true;
    }
    return !terminal && next.rank > rank;
  }
}
