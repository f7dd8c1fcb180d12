package dev.alertkit.incident;

import java.util.List;
import java.util.Objects;

/**
 * A handle on one incident: its id and live views of its state and timeline (read from the incident store on each
 * call). Thread-safe.
 */
public final class IncidentHandle {
  private final String id;
  private final Incidents incidents;
  private final boolean attached;

  /**
   * @param id the incident id
   * @param incidents where it lives
   * @param attached whether the alert attached to an open incident instead of opening one
   */
  public IncidentHandle(String id, Incidents incidents, boolean attached) {
    this.id = Objects.requireNonNull(id, "id");
    this.incidents = Objects.requireNonNull(incidents, "incidents");
    this.attached = attached;
  }

  /** @return the incident id */
  public String id() {
    return id;
  }

  /** @return whether the raised alert attached to an already open incident (and paged nobody) */
  public boolean attached() {
    return attached;
  }

  /**
   * @return the current snapshot
   * @throws IllegalStateException when the store no longer knows the incident
   */
  public Incident incident() {
    return incidents.find(id).orElseThrow(() -> new IllegalStateException("incident " + id + " is no longer in the incident store"));
  }

  /** @return the current state */
  public IncidentState state() {
    return incident().state();
  }

  /** @return the current timeline */
  public List<TimelineEntry> timeline() {
    return incident().timeline();
  }

  /**
   * Acknowledges through the API.
   *
   * @param by who
   * @return what happened
   */
  public AckResult acknowledge(String by) {
    return incidents.acknowledge(id, by, AckChannel.API);
  }

  /**
   * Resolves.
   *
   * @param by who
   * @return what happened
   */
  public AckResult resolve(String by) {
    return incidents.resolve(id, by);
  }

  @Override
  public String toString() {
    return "IncidentHandle{" + id + (attached ? ", attached" : "") + "}";
  }
}
