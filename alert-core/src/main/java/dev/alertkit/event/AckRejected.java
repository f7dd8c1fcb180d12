package dev.alertkit.event;

import dev.alertkit.incident.AckChannel;
import java.time.Instant;
import java.util.Objects;

/**
 * An acknowledgement or resolve changed nothing: the incident is unknown, already acknowledged or resolved, or the reply was not verified (wrong code, sender not notified, rate limited). Logged too.
 *
 * @param at when, on the client's clock
 * @param incidentId the incident, or what the request named (may be unknown)
 * @param by who tried
 * @param via how
 * @param reason why nothing changed
 */
public record AckRejected(Instant at, String incidentId, String by, AckChannel via, String reason) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when
   * @param incidentId the incident, or what the request named (may be unknown)
   * @param by who tried
   * @param via how
   * @param reason why nothing changed
   * @throws NullPointerException when a value is null
   */
  public AckRejected {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(via, "via");
    Objects.requireNonNull(reason, "reason");
  }
}
