package dev.alertkit;

/** The final outcome for one recipient of one alert. Every recipient ends with exactly one. */
public enum Outcome {
  /** A provider confirmed delivery (from a status callback). */
  DELIVERED,
  /** At least one channel's provider took the message; delivery confirmation may follow. */
  ACCEPTED,
  /** Every planned channel failed or was skipped; each reason is in the report. */
  FAILED,
  /** Not sent on purpose: a duplicate within the dedup window, quiet hours, or compliance with no fallback. */
  SUPPRESSED,
  /** Not sent because the client closed or the alert's deadline passed. */
  NOT_SENT,
  /** Held back by quiet hours until a due time; the final outcome arrives later through the listener. */
  DEFERRED
}
