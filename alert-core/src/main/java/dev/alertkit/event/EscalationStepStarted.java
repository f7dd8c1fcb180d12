package dev.alertkit.event;

import java.util.List;
import java.time.Instant;
import java.util.Objects;

/**
 * A step of an incident's escalation started paging its targets (resolved at this moment: who was on call, and why, is in {@code onCall}).
 *
 * @param at when, on the client's clock
 * @param incidentId the incident
 * @param round the round (0-based)
 * @param step the step (0-based)
 * @param recipientIds who is paged
 * @param onCall for each on-call schedule among the targets: who was on call and why
 */
public record EscalationStepStarted(Instant at, String incidentId, int round, int step, List<String> recipientIds, List<String> onCall) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param incidentId the incident
   * @param round the round (0-based)
   * @param step the step (0-based)
   * @param recipientIds who is paged
   * @param onCall for each on-call schedule among the targets: who was on call and why
   * @throws NullPointerException when a value is null
   */
  public EscalationStepStarted {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(incidentId, "incidentId");
    recipientIds = List.copyOf(recipientIds);
    onCall = List.copyOf(onCall);
  }
}
