package dev.alertkit.event;

import dev.alertkit.Alert;
import dev.alertkit.DispatchReport;
import java.time.Instant;
import java.util.Objects;

/**
 * Dispatch of an alert ended: every recipient has an outcome. Deferred recipients report their final outcome later
 * through {@link DeferredCompleted}.
 *
 * @param at when
 * @param alert the alert
 * @param report the report
 */
public record DispatchCompleted(Instant at, Alert alert, DispatchReport report) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param alert the alert
   * @param report the report
   * @throws NullPointerException when a value is null
   */
  public DispatchCompleted {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(report, "report");
  }
}
