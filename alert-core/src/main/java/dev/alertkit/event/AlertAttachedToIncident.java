package dev.alertkit.event;

import dev.alertkit.Alert;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert with the dedup key of an open incident attached to it instead of starting a second escalation.
 *
 * @param at when, on the client's clock
 * @param incidentId the open incident
 * @param alert the alert that attached
 * @param attachedAlerts how many alerts have attached so far, this one included
 */
public record AlertAttachedToIncident(Instant at, String incidentId, Alert alert, int attachedAlerts) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param incidentId the open incident
   * @param alert the alert that attached
   * @param attachedAlerts how many alerts have attached so far, this one included
   * @throws NullPointerException when a value is null
   */
  public AlertAttachedToIncident {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(alert, "alert");
  }
}
