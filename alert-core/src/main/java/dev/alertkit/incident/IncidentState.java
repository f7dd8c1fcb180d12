package dev.alertkit.incident;

/**
 * Where an incident stands. {@code TRIGGERED → ACKNOWLEDGED → RESOLVED}; {@code TRIGGERED → EXHAUSTED} when every
 * step of every round was paged without an acknowledgement (a late acknowledgement still moves an exhausted incident
 * to {@code ACKNOWLEDGED}); any open state may be resolved.
 */
public enum IncidentState {
  /** Escalating: steps are paged until somebody acknowledges. */
  TRIGGERED,
  /** Somebody took it; no further step is paged. */
  ACKNOWLEDGED,
  /** The condition cleared or somebody closed it. Final. */
  RESOLVED,
  /** Every step of every round was paged and nobody acknowledged. */
  EXHAUSTED;

  /** @return whether the incident is still open (not resolved): new alerts with its dedup key attach to it */
  public boolean isOpen() {
    return this != RESOLVED;
  }
}
