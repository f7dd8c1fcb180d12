package dev.alertkit.event;

import dev.alertkit.Alert;
import dev.alertkit.RecipientReport;
import java.time.Instant;
import java.util.Objects;

/**
 * A deferred send ended with its final outcome.
 *
 * @param at when
 * @param alert the alert
 * @param report the recipient's final report
 */
public record DeferredCompleted(Instant at, Alert alert, RecipientReport report) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param alert the alert
   * @param report the recipient's final report
   * @throws NullPointerException when a value is null
   */
  public DeferredCompleted {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(report, "report");
  }
}
