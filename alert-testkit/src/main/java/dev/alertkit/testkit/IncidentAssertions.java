package dev.alertkit.testkit;

import dev.alertkit.Channel;
import dev.alertkit.incident.AckChannel;
import dev.alertkit.incident.Incident;
import dev.alertkit.incident.IncidentHandle;
import dev.alertkit.incident.IncidentState;
import dev.alertkit.incident.TimelineEntry;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Assertions on incidents: state, who acknowledged, at which step and how, who was paged, who was on call. Needs no
 * test framework (failures are {@link AssertionError}s whose message shows the whole timeline).
 *
 * <pre>{@code
 * IncidentAssertions.assertThat(incident).isAcknowledgedBy("bob").via(AckChannel.SMS).atStep(2)
 *     .notified("alice", Channel.SMS, Channel.VOICE).notified("bob", Channel.VOICE).wasOnCall("bob");
 * }</pre>
 */
public final class IncidentAssertions {
  private IncidentAssertions() {}

  /**
   * @param handle the incident's handle (read now)
   * @return the assertion
   */
  public static IncidentAssert assertThat(IncidentHandle handle) {
    return new IncidentAssert(Objects.requireNonNull(handle, "handle").incident());
  }

  /**
   * @param incident a snapshot
   * @return the assertion
   */
  public static IncidentAssert assertThat(Incident incident) {
    return new IncidentAssert(Objects.requireNonNull(incident, "incident"));
  }

  /** Assertions on one incident snapshot. */
  public static final class IncidentAssert {
    private final Incident incident;

    private IncidentAssert(Incident incident) {
      this.incident = incident;
    }

    /**
     * @param state the expected state
     * @return this
     */
    public IncidentAssert hasState(IncidentState state) {
      if (incident.state() != state) {
        fail("expected state " + state + " but was " + incident.state());
      }
      return this;
    }

    /** @return this, when the incident is still escalating */
    public IncidentAssert isTriggered() {
      return hasState(IncidentState.TRIGGERED);
    }

    /** @return this, when every step of every round was paged without an acknowledgement */
    public IncidentAssert isExhausted() {
      return hasState(IncidentState.EXHAUSTED);
    }

    /**
     * @param by who resolved it
     * @return this
     */
    public IncidentAssert isResolvedBy(String by) {
      hasState(IncidentState.RESOLVED);
      if (!incident.resolvedBy().orElse("").equals(by)) {
        fail("expected resolved by " + by + " but was resolved by " + incident.resolvedBy().orElse("nobody"));
      }
      return this;
    }

    /**
     * @param by who acknowledged
     * @return this
     */
    public IncidentAssert isAcknowledgedBy(String by) {
      hasState(IncidentState.ACKNOWLEDGED);
      if (!incident.acknowledgedBy().orElse("").equals(by)) {
        fail("expected acknowledged by " + by + " but was acknowledged by " + incident.acknowledgedBy().orElse("nobody"));
      }
      return this;
    }

    /**
     * @param via how the acknowledgement came
     * @return this
     */
    public IncidentAssert via(AckChannel via) {
      if (incident.acknowledgedVia().orElse(null) != via) {
        fail("expected acknowledged via " + via + " but was via " + incident.acknowledgedVia().map(Enum::name).orElse("nothing"));
      }
      return this;
    }

    /**
     * @param step the step (1-based) paged last when the acknowledgement came
     * @return this
     */
    public IncidentAssert atStep(int step) {
      if (incident.step() + 1 != step) {
        fail("expected the incident at step " + step + " but it was at step " + (incident.step() + 1));
      }
      return this;
    }

    /**
     * @param rounds how many rounds (1-based) were started
     * @return this
     */
    public IncidentAssert inRound(int rounds) {
      if (incident.round() + 1 != rounds) {
        fail("expected round " + rounds + " but was round " + (incident.round() + 1));
      }
      return this;
    }

    /**
     * Checks that a person was notified (the provider accepted the message) over each given channel.
     *
     * @param recipientId the person
     * @param channels the channels (none: any)
     * @return this
     */
    public IncidentAssert notified(String recipientId, Channel... channels) {
      List<TimelineEntry> got = incident.timeline().stream().filter(e -> e.type() == TimelineEntry.Type.NOTIFIED
          && e.recipientId().orElse("").equals(recipientId)).collect(Collectors.toList());
      if (got.isEmpty()) {
        fail("expected " + recipientId + " to be notified, but they were not");
      }
      for (Channel c : channels) {
        if (got.stream().noneMatch(e -> e.channel().orElse(null) == c)) {
          fail("expected " + recipientId + " to be notified over " + c + ", but they were not");
        }
      }
      return this;
    }

    /**
     * @param recipientId the person
     * @return this, when the incident never notified the person
     */
    public IncidentAssert notNotified(String recipientId) {
      if (incident.timeline().stream().anyMatch(e -> e.type() == TimelineEntry.Type.NOTIFIED
          && e.recipientId().orElse("").equals(recipientId))) {
        fail("expected " + recipientId + " not to be notified, but they were");
      }
      return this;
    }

    /**
     * @param recipientId the person
     * @return this, when the timeline says the person was on call when a step fired
     */
    public IncidentAssert wasOnCall(String recipientId) {
      if (incident.timeline().stream().noneMatch(e -> e.type() == TimelineEntry.Type.ON_CALL
          && e.detail().contains(": " + recipientId + " by "))) {
        fail("expected the timeline to name " + recipientId + " as on call");
      }
      return this;
    }

    /**
     * @param count how many later alerts attached
     * @return this
     */
    public IncidentAssert hasAttachedAlerts(int count) {
      if (incident.attachedAlerts() != count) {
        fail("expected " + count + " attached alerts but was " + incident.attachedAlerts());
      }
      return this;
    }

    /**
     * @param type a timeline entry type
     * @param detailPart text the entry's detail contains
     * @return this, when such an entry exists
     */
    public IncidentAssert hasTimelineEntry(TimelineEntry.Type type, String detailPart) {
      if (incident.timeline().stream().noneMatch(e -> e.type() == type && e.detail().contains(detailPart))) {
        fail("expected a " + type + " timeline entry containing \"" + detailPart + "\"");
      }
      return this;
    }

    /** @return the snapshot, for further checks */
    public Incident incident() {
      return incident;
    }

    private void fail(String what) {
      StringBuilder b = new StringBuilder(what).append(System.lineSeparator()).append("incident ").append(incident.id())
          .append(" (").append(incident.state()).append(") timeline:");
      incident.timeline().forEach(e -> b.append(System.lineSeparator()).append("  ").append(e));
      throw new AssertionError(b.toString());
    }
  }
}
