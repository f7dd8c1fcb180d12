package dev.alertkit.oncall;

import dev.alertkit.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Who is on call at an instant, and why.
 *
 * @param schedule the schedule's name
 * @param at the instant asked about
 * @param recipients who is on call (empty when nobody is)
 * @param reason why: the layer, the shift and its bounds in the rotation's zone, or the override
 */
public record OnCall(String schedule, Instant at, List<Recipient> recipients, String reason) {
  /**
   * Validates.
   *
   * @param schedule the schedule
   * @param at the instant
   * @param recipients who
   * @param reason why
   * @throws NullPointerException when a value is null
   */
  public OnCall {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(at, "at");
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(reason, "reason");
  }

  /** @return the on-call recipients' ids, in order */
  public List<String> recipientIds() {
    return recipients.stream().map(Recipient::id).collect(Collectors.toList());
  }

  @Override
  public String toString() {
    return schedule + " at " + at + ": " + (recipients.isEmpty() ? "nobody" : String.join(", ", recipientIds())) + " (" + reason + ")";
  }
}
