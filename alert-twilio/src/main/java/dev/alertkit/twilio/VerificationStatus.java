package dev.alertkit.twilio;

/**
 * Where a verification stands, as Twilio Verify reports it, plus the two outcomes alertkit adds for answers that
 * carry no status ({@link #NOT_FOUND}, {@link #FAILED}).
 */
public enum VerificationStatus {
  /** A code was sent and not yet confirmed; a wrong code also leaves the verification pending. */
  PENDING,
  /** The person typed back the right code: the address is verified. */
  APPROVED,
  /** The verification was canceled. */
  CANCELED,
  /** The code expired (Twilio's default: 10 minutes) before it was confirmed. */
  EXPIRED,
  /** Too many wrong codes (Twilio 60202): this verification can no longer be approved. */
  MAX_ATTEMPTS_REACHED,
  /**
   * Twilio has no pending verification for the number (HTTP 404): it expired, was approved or canceled already, or
   * reached its check limit. Start a new one.
   */
  NOT_FOUND,
  /** The request failed: see {@link VerificationResult#failure()}. */
  FAILED;

  static VerificationStatus fromWire(String value) {
    if (value == null) {
      return FAILED;
    }
    switch (value) {
      case "pending":
        return PENDING;
      case "approved":
        return APPROVED;
      case "canceled":
        return CANCELED;
      case "expired":
        return EXPIRED;
      case "max_attempts_reached":
        return MAX_ATTEMPTS_REACHED;
      case "deleted":
        return NOT_FOUND;
      default:
        return FAILED;
    }
  }
}
