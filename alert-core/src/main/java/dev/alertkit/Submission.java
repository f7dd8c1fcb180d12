package dev.alertkit;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert taken by {@link AlertClient#submit}: its outcome arrives later, as a
 * {@link dev.alertkit.event.DispatchCompleted} event on the instance that dispatches it.
 *
 * @param alertId the alert's id
 * @param acceptedAt when it was taken
 * @param durable true when it was stored (a durable journal and timer service, e.g. alert-jdbc) before
 *     {@code submit} returned, so that a crash of this instance loses nothing; false when it is dispatched in memory,
 *     as {@link AlertClient#sendAsync} does
 */
public record Submission(String alertId, Instant acceptedAt, boolean durable) {
  /**
   * Validates.
   *
   * @param alertId the alert's id
   * @param acceptedAt when it was taken
   * @param durable whether it was stored
   * @throws NullPointerException when a value is null
   */
  public Submission {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(acceptedAt, "acceptedAt");
  }
}
