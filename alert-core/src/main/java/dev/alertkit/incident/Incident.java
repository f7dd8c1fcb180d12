package dev.alertkit.incident;

import dev.alertkit.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of an incident: the alert that opened it, its state, which step it reached, who was paged,
 * who acknowledged or resolved it, and its timeline. Stores change incidents only by compare-and-set on
 * {@link #version()}.
 *
 * @param id the incident id (the opening alert's id)
 * @param dedupKey the dedup key: new alerts with it attach to this incident while it is open
 * @param alert the alert that opened it
 * @param policyName the escalation policy's name
 * @param state the state
 * @param openedAt when it opened
 * @param round the current round (0-based repeat of the policy)
 * @param step the step paged last (0-based), -1 before the first
 * @param nextStepDue when the next step is due while triggered
 * @param acknowledgedBy who acknowledged (a recipient id, or what the API caller passed)
 * @param acknowledgedVia how the acknowledgement came
 * @param acknowledgedAt when
 * @param resolvedBy who resolved
 * @param resolvedAt when
 * @param attachedAlerts how many later alerts with the same dedup key attached
 * @param notifications every person paged, per channel and step
 * @param timeline what happened, in order
 * @param version the store's version, incremented by every change
 */
public record Incident(
    String id,
    Optional<String> dedupKey,
    Alert alert,
    String policyName,
    IncidentState state,
    Instant openedAt,
    int round,
    int step,
    Optional<Instant> nextStepDue,
    Optional<String> acknowledgedBy,
    Optional<AckChannel> acknowledgedVia,
    Optional<Instant> acknowledgedAt,
    Optional<String> resolvedBy,
    Optional<Instant> resolvedAt,
    int attachedAlerts,
    List<Notification> notifications,
    List<TimelineEntry> timeline,
    long version) {

  /**
   * Validates and copies the lists.
   *
   * @param id the incident id (the opening alert's id)
   * @param dedupKey the dedup key: new alerts with it attach to this incident while it is open
   * @param alert the alert that opened it
   * @param policyName the escalation policy's name
   * @param state the state
   * @param openedAt when it opened
   * @param round the current round (0-based repeat of the policy)
   * @param step the step paged last (0-based), -1 before the first
   * @param nextStepDue when the next step is due while triggered
   * @param acknowledgedBy who acknowledged (a recipient id, or what the API caller passed)
   * @param acknowledgedVia how the acknowledgement came
   * @param acknowledgedAt when
   * @param resolvedBy who resolved
   * @param resolvedAt when
   * @param attachedAlerts how many later alerts with the same dedup key attached
   * @param notifications every person paged, per channel and step
   * @param timeline what happened, in order
   * @param version the store's version, incremented by every change
   * @throws NullPointerException when a value is null
   */
  public Incident {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(nextStepDue, "nextStepDue");
    Objects.requireNonNull(acknowledgedBy, "acknowledgedBy");
    Objects.requireNonNull(acknowledgedVia, "acknowledgedVia");
    Objects.requireNonNull(acknowledgedAt, "acknowledgedAt");
    Objects.requireNonNull(resolvedBy, "resolvedBy");
    Objects.requireNonNull(resolvedAt, "resolvedAt");
    notifications = List.copyOf(notifications);
    timeline = List.copyOf(timeline);
  }

  /**
   * A new triggered incident at version 0 with an {@link TimelineEntry.Type#OPENED} entry.
   *
   * @param alert the alert (its id becomes the incident id)
   * @param policyName the policy's name
   * @param at when
   * @return the incident
   */
  public static Incident open(Alert alert, String policyName, Instant at) {
    TimelineEntry opened = new TimelineEntry(at, TimelineEntry.Type.OPENED, -1, -1, Optional.empty(), Optional.empty(),
        "\"" + alert.title() + "\" (" + alert.severity() + "), policy " + policyName);
    return new Incident(alert.id(), alert.dedupKey(), alert, policyName, IncidentState.TRIGGERED, at, 0, -1,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0,
        List.of(), List.of(opened), 0);
  }

  /** @return a builder holding this incident's values, to make the next version */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The acknowledgement code this incident gave a person, if it paged them.
   *
   * @param recipientId the recipient
   * @return the code
   */
  public Optional<String> replyCode(String recipientId) {
    return notifications.stream().filter(n -> n.recipientId().equals(recipientId)).map(Notification::replyCode).findFirst();
  }

  /**
   * Whether this incident paged a recipient.
   *
   * @param recipientId the recipient
   * @return true when notified at some step
   */
  public boolean notified(String recipientId) {
    return notifications.stream().anyMatch(n -> n.recipientId().equals(recipientId));
  }

  @Override
  public String toString() {
    return "Incident{" + id + ", " + state + ", round " + (round + 1) + ", step " + (step + 1) + ", v" + version + "}";
  }

  /** Makes the next version of an incident (used by the engine and by stores). Not thread-safe. */
  public static final class Builder {
    private final Incident base;
    private IncidentState state;
    private int round;
    private int step;
    private Optional<Instant> nextStepDue;
    private Optional<String> acknowledgedBy;
    private Optional<AckChannel> acknowledgedVia;
    private Optional<Instant> acknowledgedAt;
    private Optional<String> resolvedBy;
    private Optional<Instant> resolvedAt;
    private int attachedAlerts;
    private final List<Notification> notifications;
    private final List<TimelineEntry> timeline;

    private Builder(Incident i) {
      this.base = i;
      this.state = i.state;
      this.round = i.round;
      this.step = i.step;
      this.nextStepDue = i.nextStepDue;
      this.acknowledgedBy = i.acknowledgedBy;
      this.acknowledgedVia = i.acknowledgedVia;
      this.acknowledgedAt = i.acknowledgedAt;
      this.resolvedBy = i.resolvedBy;
      this.resolvedAt = i.resolvedAt;
      this.attachedAlerts = i.attachedAlerts;
      this.notifications = new ArrayList<>(i.notifications);
      this.timeline = new ArrayList<>(i.timeline);
    }

    /**
     * @param state the new state
     * @return this builder
     */
    public Builder state(IncidentState state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /**
     * @param round the round
     * @param step the step
     * @return this builder
     */
    public Builder position(int round, int step) {
      this.round = round;
      this.step = step;
      return this;
    }

    /**
     * @param due when the next step is due, if any
     * @return this builder
     */
    public Builder nextStepDue(Optional<Instant> due) {
      this.nextStepDue = Objects.requireNonNull(due, "due");
      return this;
    }

    /**
     * @param by who
     * @param via how
     * @param at when
     * @return this builder
     */
    public Builder acknowledged(String by, AckChannel via, Instant at) {
      this.acknowledgedBy = Optional.of(by);
      this.acknowledgedVia = Optional.of(via);
      this.acknowledgedAt = Optional.of(at);
      return this;
    }

    /**
     * @param by who
     * @param at when
     * @return this builder
     */
    public Builder resolved(String by, Instant at) {
      this.resolvedBy = Optional.of(by);
      this.resolvedAt = Optional.of(at);
      return this;
    }

    /** @return this builder, with one more attached alert */
    public Builder attached() {
      this.attachedAlerts++;
      return this;
    }

    /**
     * @param n a notification to add
     * @return this builder
     */
    public Builder notification(Notification n) {
      notifications.add(Objects.requireNonNull(n, "notification"));
      return this;
    }

    /**
     * @param e a timeline entry to add
     * @return this builder
     */
    public Builder timeline(TimelineEntry e) {
      timeline.add(Objects.requireNonNull(e, "entry"));
      return this;
    }

    /** @return the next version (the base's version + 1) */
    public Incident build() {
      return new Incident(base.id, base.dedupKey, base.alert, base.policyName, state, base.openedAt, round, step, nextStepDue,
          acknowledgedBy, acknowledgedVia, acknowledgedAt, resolvedBy, resolvedAt, attachedAlerts, notifications, timeline,
          base.version + 1);
    }
  }
}
