package dev.alertkit.event;

import dev.alertkit.incident.AckChannel;
import java.time.Instant;
import java.util.Objects;

/**
 * Somebody acknowledged an incident: no later step will start.
 *
 * @param at when, on the client's clock
 * @param incidentId the incident
 * @param by who (a recipient id, or what the API caller passed)
 * @param via how the acknowledgement came
 * @param round the round at the time
 * @param step the step paged last (0-based)
 */
public record IncidentAcknowledged(Instant at, String incidentId, String by, AckChannel via, int round, int step) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param incidentId the incident
   * @param by who (a recipient id, or what the API caller passed)
   * @param via how the acknowledgement came
   * @param round the round at the time
   * @param step the step paged last (0-based)
   * @throws NullPointerException when a value is null
   */
  public IncidentAcknowledged {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(via, "via");
  }
}
