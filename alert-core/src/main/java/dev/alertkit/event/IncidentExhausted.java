package dev.alertkit.event;


import java.time.Instant;
import java.util.Objects;

/**
 * Every step of every round of an incident was paged and nobody acknowledged.
 *
 * @param at when, on the client's clock
 * @param incidentId the incident
 * @param policy the policy's name
 * @param rounds how many rounds were paged
 */
public record IncidentExhausted(Instant at, String incidentId, String policy, int rounds) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param incidentId the incident
   * @param policy the policy's name
   * @param rounds how many rounds were paged
   * @throws NullPointerException when a value is null
   */
  public IncidentExhausted {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(policy, "policy");
  }
}
