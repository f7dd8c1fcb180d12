package dev.alertkit.event;


import java.time.Instant;
import java.util.Objects;

/**
 * An incident was resolved (by id or by its dedup key): no later step will start.
 *
 * @param at when, on the client's clock
 * @param incidentId the incident
 * @param by who resolved it
 */
public record IncidentResolved(Instant at, String incidentId, String by) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param incidentId the incident
   * @param by who resolved it
   * @throws NullPointerException when a value is null
   */
  public IncidentResolved {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(by, "by");
  }
}
