package dev.alertkit.event;


import java.time.Instant;
import java.util.Objects;

/**
 * An alert with an escalation policy opened an incident; its first step starts now.
 *
 * @param at when, on the client's clock
 * @param incidentId the incident
 * @param policy the escalation policy's name
 * @param title the alert's title
 */
public record IncidentOpened(Instant at, String incidentId, String policy, String title) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param incidentId the incident
   * @param policy the escalation policy's name
   * @param title the alert's title
   * @throws NullPointerException when a value is null
   */
  public IncidentOpened {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(title, "title");
  }
}
