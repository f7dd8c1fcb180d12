package dev.alertkit.spi;

import dev.alertkit.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a resumable dispatch (a durable submission, a durable deferred send) writes down so that, if the instance
 * running it dies, another instance can finish it without paging anyone twice:
 * <ul>
 *   <li>before each request leaves, every message in it is marked {@link Mark#STARTED};</li>
 *   <li>when a request certainly did not send (refused, rejected, a safe failure before a retry), its messages are
 *       marked {@link Mark#NOT_SENT};</li>
 *   <li>when recipients are decided (at the end of a fallback tier, and at the end of the dispatch), their reports are
 *       written (as text alertkit writes and reads).</li>
 * </ul>
 * On resume, a recipient with a report keeps it; a recipient with a message still {@code STARTED} is reported as
 * possibly sent and not resent (unless the client opted in); a recipient with nothing started, or only
 * {@code NOT_SENT} messages, is dispatched again.
 *
 * <p>A dispatch is identified by a {@code dispatchId} (an alert id, or an alert id and a recipient for a deferred
 * send; at most 400 characters). Implementations are thread-safe, and a method returns only once what it wrote is
 * durable: alertkit makes the request right after {@link #mark} returns. A method that cannot write throws; alertkit
 * then does not make the request (see {@link DispatchJournal#mark}).
 */
public interface DispatchJournal {

  /** Longest dispatch id, in characters. */
  int MAX_DISPATCH_ID = 400;

  /** What is known about one message. */
  enum Mark {
    /** A request with this message was about to leave: it may have been sent. */
    STARTED,
    /** The message was certainly not sent (so far): it is safe to send it again. */
    NOT_SENT
  }

  /**
   * One message's mark.
   *
   * @param recipientId the recipient
   * @param attemptId the attempt (one per message; a retry of the same request keeps it)
   * @param channel the channel
   * @param provider the provider's name
   * @param mark the mark
   * @param at when
   */
  record AttemptMark(String recipientId, String attemptId, Channel channel, String provider, Mark mark, Instant at) {
    /**
     * Validates.
     *
     * @param recipientId the recipient
     * @param attemptId the attempt
     * @param channel the channel
     * @param provider the provider's name
     * @param mark the mark
     * @param at when
     * @throws NullPointerException when a value is null
     */
    public AttemptMark {
      Objects.requireNonNull(recipientId, "recipientId");
      Objects.requireNonNull(attemptId, "attemptId");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(mark, "mark");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * Everything recorded for one dispatch.
   *
   * @param marks the latest mark of every message, in no particular order
   * @param reports the final report text of every recipient that has one, by recipient id
   */
  record Recorded(List<AttemptMark> marks, Map<String, String> reports) {
    /**
     * Copies.
     *
     * @param marks the marks
     * @param reports the reports
     * @throws NullPointerException when a value is null
     */
    public Recorded {
      marks = List.copyOf(marks);
      reports = Map.copyOf(reports);
    }

    /** @return whether nothing was recorded */
    public boolean isEmpty() {
      return marks.isEmpty() && reports.isEmpty();
    }
  }

  /**
   * Records marks, replacing each message's previous mark (by dispatch id and attempt id). Returns once durable.
   *
   * @param dispatchId the dispatch
   * @param marks the marks (one request's messages)
   * @throws RuntimeException when the marks could not be written; alertkit then does not make the request and
   *     reports its messages as not sent (a retryable failure)
   */
  void mark(String dispatchId, List<AttemptMark> marks);

  /**
   * Records recipients' final reports, replacing earlier ones (called when recipients are decided, possibly several
   * times per dispatch). Returns once durable.
   *
   * @param dispatchId the dispatch
   * @param reports report text by recipient id
   * @param at when the dispatch ended
   * @throws RuntimeException when the reports could not be written; the dispatch is then resumed later (and its
   *     started messages reported as possibly sent)
   */
  void finish(String dispatchId, Map<String, String> reports, Instant at);

  /**
   * Reads what was recorded for a dispatch.
   *
   * @param dispatchId the dispatch
   * @return the marks and reports (empty when nothing was recorded)
   * @throws RuntimeException when the journal cannot be read
   */
  Recorded read(String dispatchId);

  /**
   * Whether what is recorded survives this process (a database), so that another instance can resume.
   *
   * @return false for the in-memory journal
   */
  default boolean durable() {
    return false;
  }
}
