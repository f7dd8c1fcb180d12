package dev.alertkit;

/** How urgent an alert is, ordered {@code INFO < WARNING < CRITICAL}. */
public enum Severity {
  /** For information; nobody needs to act now. */
  INFO,
  /** Somebody should look soon. */
  WARNING,
  /** Somebody must act now. */
  CRITICAL;

  /**
   * Tells whether this severity is the given one or more urgent.
   *
   * @param other the severity to compare with
   * @return {@code true} when {@code this >= other}
   * @throws NullPointerException if {@code other} is null
   */
  public boolean isAtLeast(Severity other) {
    return compareTo(java.util.Objects.requireNonNull(other, "other")) >= 0;
  }
}
