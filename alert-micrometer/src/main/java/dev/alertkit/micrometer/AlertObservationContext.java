package dev.alertkit.micrometer;

import dev.alertkit.Alert;
import dev.alertkit.DispatchReport;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@code alertkit.dispatch} observation knows: the alert from the start, and its report once dispatch
 * completed. Conventions read it; it is filled by {@link AlertkitMetrics}.
 */
public final class AlertObservationContext extends Observation.Context {
  private final Alert alert;
  private volatile DispatchReport report;

  /**
   * Creates the context of one dispatch.
   *
   * @param alert the alert
   * @throws NullPointerException when alert is null
   */
  public AlertObservationContext(Alert alert) {
    this.alert = Objects.requireNonNull(alert, "alert");
  }

  /** @return the alert */
  public Alert alert() {
    return alert;
  }

  /** @return the report, once dispatch completed */
  public Optional<DispatchReport> report() {
    return Optional.ofNullable(report);
  }

  /**
   * Sets the report when dispatch completes.
   *
   * @param report the report
   * @throws NullPointerException when report is null
   */
  public void report(DispatchReport report) {
    this.report = Objects.requireNonNull(report, "report");
  }
}
