package dev.alertkit.incident;

import dev.alertkit.Channel;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of an incident's timeline: what happened, when, at which step, to whom, and why.
 *
 * @param at when, on the client's clock
 * @param type what happened
 * @param round the round (0-based repeat of the policy), or -1 when not tied to a step
 * @param step the step (0-based), or -1 when not tied to a step
 * @param recipientId whom it concerns, when a person
 * @param channel over which channel, when one
 * @param detail a human-readable explanation (who was on call and why, why an acknowledgement was ignored...)
 */
public record TimelineEntry(Instant at, Type type, int round, int step, Optional<String> recipientId,
    Optional<Channel> channel, String detail) {

  /** What happened. */
  public enum Type {
    /** The incident was opened. */
    OPENED,
    /** A step started paging its targets. */
    STEP_STARTED,
    /** An on-call schedule was resolved to the people on call (detail: who and why). */
    ON_CALL,
    /** A person was notified over a channel (the provider accepted the message or call). */
    NOTIFIED,
    /** A notification failed or was skipped (detail: why). */
    NOT_NOTIFIED,
    /** A step did not start because the incident was no longer triggered (detail: why). */
    STEP_CANCELLED,
    /** The incident was acknowledged. */
    ACKNOWLEDGED,
    /** An acknowledgement changed nothing (detail: why: already acknowledged, resolved...). */
    ACK_IGNORED,
    /** The incident was resolved. */
    RESOLVED,
    /** Every step of every round was paged without an acknowledgement. */
    EXHAUSTED,
    /** The "exhausted" notification was sent. */
    EXHAUSTED_NOTIFIED,
    /** A new alert with the incident's dedup key attached to it. */
    ATTACHED,
    /** A person opted out by replying STOP (or a carrier variant). */
    OPTED_OUT
  }

  /**
   * Validates.
   *
   * @param at when
   * @param type what happened
   * @param round the round or -1
   * @param step the step or -1
   * @param recipientId whom, when a person
   * @param channel over which channel, when one
   * @param detail explanation
   * @throws NullPointerException when a value is null
   */
  public TimelineEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder().append(at).append(' ').append(type);
    if (step >= 0) {
      b.append(" step ").append(step + 1);
      if (round > 0) {
        b.append(" (round ").append(round + 1).append(')');
      }
    }
    recipientId.ifPresent(r -> b.append(' ').append(r));
    channel.ifPresent(c -> b.append(" via ").append(c));
    if (!detail.isEmpty()) {
      b.append(": ").append(detail);
    }
    return b.toString();
  }
}
