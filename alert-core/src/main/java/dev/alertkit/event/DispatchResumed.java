package dev.alertkit.event;

import dev.alertkit.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A durable dispatch (a submission or deferred send) that an earlier run started is resumed, typically on another
 * instance after the one running it died: what was decided is kept, what may have been sent is reported as such.
 * Its outcome follows as {@link DispatchCompleted} (or {@link DeferredCompleted}).
 *
 * @param at when
 * @param alert the alert
 * @param kept recipients whose outcome the earlier run had decided (kept as it was)
 * @param possiblySent recipients whose request had started without an answer: reported as possibly sent, not resent
 * @param resent recipients whose request had started and who are sent again (the client opted in with
 *     {@code resendAmbiguousOnResume})
 */
public record DispatchResumed(Instant at, Alert alert, List<String> kept, List<String> possiblySent, List<String> resent)
    implements AlertEvent {
  /**
   * Validates and copies.
   *
   * @param at when
   * @param alert the alert
   * @param kept recipients whose outcome was kept
   * @param possiblySent recipients reported as possibly sent
   * @param resent recipients sent again
   * @throws NullPointerException when a value is null
   */
  public DispatchResumed {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alert, "alert");
    kept = List.copyOf(kept);
    possiblySent = List.copyOf(possiblySent);
    resent = List.copyOf(resent);
  }
}
