package dev.alertkit.incident;

import java.util.Objects;
import java.util.Optional;

/**
 * What an acknowledgement or resolve did.
 *
 * @param outcome what happened
 * @param incidentId the incident named (or found by dedup key)
 * @param reason a sentence a person can act on
 * @param incident the incident after the change (or as it stands, when nothing changed); empty when unknown
 */
public record AckResult(Outcome outcome, String incidentId, String reason, Optional<Incident> incident) {

  /** What happened. */
  public enum Outcome {
    /** This call acknowledged the incident. */
    ACKNOWLEDGED,
    /** This call resolved the incident. */
    RESOLVED,
    /** Nothing changed: somebody acknowledged first (the first acknowledgement wins). */
    ALREADY_ACKNOWLEDGED,
    /** Nothing changed: the incident is resolved. */
    ALREADY_RESOLVED,
    /** Nothing changed: no such incident (never opened, or forgotten by the store). */
    UNKNOWN_INCIDENT
  }

  /**
   * Validates.
   *
   * @param outcome what happened
   * @param incidentId the incident
   * @param reason why
   * @param incident the incident
   * @throws NullPointerException when a value is null
   */
  public AckResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(incident, "incident");
  }

  /** @return whether this call changed the incident */
  public boolean changed() {
    return outcome == Outcome.ACKNOWLEDGED || outcome == Outcome.RESOLVED;
  }
}
