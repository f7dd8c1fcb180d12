package dev.alertkit.incident;

import dev.alertkit.Recipient;
import dev.alertkit.ValidationException;
import dev.alertkit.oncall.OnCall;
import dev.alertkit.oncall.OnCallSchedule;
import dev.alertkit.spi.support.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whom a step pages: one recipient, a named group, or whoever is on call on a schedule when the step fires.
 */
public final class EscalationTarget {
  private final String description;
  private final List<Recipient> recipients;
  private final OnCallSchedule schedule;

  private EscalationTarget(String description, List<Recipient> recipients, OnCallSchedule schedule) {
    this.description = description;
    this.recipients = recipients;
    this.schedule = schedule;
  }

  /**
   * @param recipient the person
   * @return a target paging that person
   * @throws ValidationException when recipient is null
   */
  public static EscalationTarget recipient(Recipient recipient) {
    Checks.notNull("target.recipient", recipient);
    return new EscalationTarget("recipient " + recipient.id(), List.of(recipient), null);
  }

  /**
   * @param name the group's name (shown in timelines)
   * @param members the people, paged together
   * @return a target paging every member
   * @throws ValidationException when the name is blank or there are no members
   */
  public static EscalationTarget group(String name, Recipient... members) {
    Checks.singleLine("target.group", name, 100);
    List<Recipient> list = new ArrayList<>();
    for (Recipient r : members) {
      list.add(Checks.notNull("target.group[" + name + "].members", r));
    }
    if (list.isEmpty()) {
      throw new ValidationException("target.group[" + name + "]", "has no members");
    }
    return new EscalationTarget("group " + name, List.copyOf(list), null);
  }

  /**
   * @param schedule the schedule, resolved at the moment the step fires
   * @return a target paging whoever is on call then
   * @throws ValidationException when schedule is null
   */
  public static EscalationTarget onCall(OnCallSchedule schedule) {
    Checks.notNull("target.schedule", schedule);
    return new EscalationTarget("schedule " + schedule.name(), List.of(), schedule);
  }

  /** @return the schedule, when this target is one */
  public Optional<OnCallSchedule> schedule() {
    return Optional.ofNullable(schedule);
  }

  /** @return the fixed recipients (empty for a schedule) */
  public List<Recipient> recipients() {
    return recipients;
  }

  /**
   * Resolves the people this target pages at an instant.
   *
   * @param at when the step fires
   * @return who, and (for schedules) why
   */
  public Resolved resolve(Instant at) {
    Objects.requireNonNull(at, "at");
    if (schedule == null) {
      return new Resolved(recipients, Optional.empty());
    }
    OnCall oc = schedule.onCallAt(at);
    return new Resolved(oc.recipients(), Optional.of(oc));
  }

  /**
   * The people a target stands for at one instant.
   *
   * @param recipients who
   * @param onCall the schedule's answer, when the target is a schedule
   */
  public record Resolved(List<Recipient> recipients, Optional<OnCall> onCall) {}

  @Override
  public String toString() {
    return description;
  }
}
