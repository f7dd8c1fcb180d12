package dev.alertkit.incident;

import java.util.Objects;
import java.util.Optional;

/**
 * What an inbound SMS or WhatsApp reply did, and what to answer the sender.
 *
 * @param outcome what happened
 * @param answer the text to send back (TwiML {@code <Message>}); empty: answer nothing
 * @param ack the acknowledgement's result, when the reply carried a valid code
 */
public record ReplyResult(Outcome outcome, Optional<String> answer, Optional<AckResult> ack) {

  /** What happened. */
  public enum Outcome {
    /** The code matched an incident that paged the sender; see {@link #ack()} (it may have been acknowledged before). */
    CODE_ACCEPTED,
    /** The sender was paged by an open incident but the code matched none (counted against the sender). */
    UNKNOWN_CODE,
    /** The sender sent too many wrong codes recently; nothing was checked. */
    RATE_LIMITED,
    /** No open incident paged the sender: ignored. */
    NOT_NOTIFIED,
    /** STOP or a carrier variant: recorded as an opt-out. */
    OPTED_OUT,
    /** START or a variant: the opt-out was lifted. */
    OPTED_IN,
    /** HELP or INFO. */
    HELP
  }

  /**
   * Validates.
   *
   * @param outcome what happened
   * @param answer what to answer
   * @param ack the acknowledgement's result
   * @throws NullPointerException when a value is null
   */
  public ReplyResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(ack, "ack");
  }
}
