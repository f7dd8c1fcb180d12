package dev.alertkit.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where dedup state lives: one row per dedup key. The default keeps it in memory, bounded; implement this to share it
 * between instances (a database). Implementations must be thread-safe, and each method must be one atomic step per
 * key: the operations are declarative (data in, result out), so that a SQL store can do each in one round trip.
 *
 * <h2>The contract</h2>
 * A key's state is {@link DedupState}: the alert that holds it, when the key was last seen, when an alert with it last
 * reached someone, whether that alert is still being sent ({@code inFlight}), and how many duplicates were suppressed
 * since. {@link #claim} decides, atomically, whether a new occurrence is sent:
 * <ol>
 *   <li>No state, or the key was last seen more than {@code window} ago: <b>claimed</b>.</li>
 *   <li>Another alert holds the key and is in flight, claimed no more than {@code window} ago: <b>suppressed, in
 *       flight</b> (the caller joins that alert's outcome when it can, and claims again if it reached nobody).
 *       An in-flight claim older than {@code window} is considered abandoned (its instance crashed) and is taken
 *       over: <b>claimed</b>. The holder itself claiming its in-flight key again (a durable dispatch resumed on
 *       another instance after a crash) is <b>claimed</b>.</li>
 *   <li>The last alert reached nobody ({@code lastSent} empty): <b>claimed</b>.</li>
 *   <li>A repeat interval is given and at least that long has passed since {@code lastSent}: <b>claimed</b>.</li>
 *   <li>Otherwise: <b>suppressed, sent</b> at {@code lastSent}.</li>
 * </ol>
 * Every call sets {@code lastSeen = now}; a claim makes the caller the holder ({@code alertId}, {@code inFlight =
 * true}, {@code claimedAt = now}, {@code suppressed = 0}); a suppression adds one to {@code suppressed}. When the
 * holder's dispatch ends, the client calls {@link #complete} (it reached someone: {@code lastSent = sentAt}) or
 * {@link #release} (it reached nobody: {@code lastSent} cleared, so the next occurrence is sent); both only act while
 * the caller is still the holder.
 *
 * <p>In SQL this is {@code INSERT ... ON CONFLICT (dedup_key) DO UPDATE SET alert_id = CASE WHEN <claimable> THEN
 * :alert_id ELSE alert_id END, ..., suppressed = CASE WHEN <claimable> THEN 0 ELSE suppressed + 1 END, last_seen = :now
 * RETURNING alert_id = :alert_id AS claimed, alert_id, in_flight, last_sent, suppressed}, where {@code <claimable>} is
 * rules 1 to 4 on the row's old values; {@code complete}/{@code release} are one {@code UPDATE ... WHERE dedup_key = ?
 * AND alert_id = ?}.
 */
public interface AlertStateStore {

  /**
   * The state kept per dedup key.
   *
   * @param alertId the alert that holds the key (the last one claimed)
   * @param claimedAt when it claimed the key
   * @param lastSeen when an alert with this key was last raised
   * @param lastSent when an alert with this key last reached someone; empty when never, or when the last holder
   *     reached nobody
   * @param inFlight whether the holder is still being sent
   * @param suppressed how many occurrences were suppressed since the last claim
   */
  record DedupState(String alertId, Instant claimedAt, Instant lastSeen, Optional<Instant> lastSent, boolean inFlight,
      int suppressed) {
    /**
     * Validates.
     *
     * @param alertId the holder
     * @param claimedAt when it claimed
     * @param lastSeen when last raised
     * @param lastSent when last sent, if it was
     * @param inFlight whether the holder is still being sent
     * @param suppressed occurrences suppressed since the last claim
     * @throws NullPointerException when a value is null
     */
    public DedupState {
      Objects.requireNonNull(alertId, "alertId");
      Objects.requireNonNull(claimedAt, "claimedAt");
      Objects.requireNonNull(lastSeen, "lastSeen");
      Objects.requireNonNull(lastSent, "lastSent");
    }
  }

  /**
   * What {@link #claim} decided.
   *
   * @param claimed whether the caller now holds the key and should send
   * @param state the key's state after the call
   */
  record Claim(boolean claimed, DedupState state) {
    /**
     * Validates.
     *
     * @param claimed whether the caller holds the key
     * @param state the state after the call
     * @throws NullPointerException when state is null
     */
    public Claim {
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Decides atomically whether an occurrence of a dedup key is sent (see the class description for the rules).
   *
   * @param dedupKey the key
   * @param alertId the new occurrence's alert id
   * @param now the client's time
   * @param window the dedup window
   * @param repeatInterval the repeat interval, if any
   * @return claimed, or suppressed with the state that says why (held by an alert in flight, or sent at)
   */
  Claim claim(String dedupKey, String alertId, Instant now, Duration window, Optional<Duration> repeatInterval);

  /**
   * The holder's dispatch reached someone: {@code lastSent = sentAt}, no longer in flight. No effect when another
   * alert holds the key.
   *
   * @param dedupKey the key
   * @param alertId the holder
   * @param sentAt when
   */
  void complete(String dedupKey, String alertId, Instant sentAt);

  /**
   * The holder's dispatch reached nobody: {@code lastSent} cleared, no longer in flight, so the next occurrence is
   * sent. No effect when another alert holds the key.
   *
   * @param dedupKey the key
   * @param alertId the holder
   */
  void release(String dedupKey, String alertId);

  /**
   * The current state of a key.
   *
   * @param dedupKey the key
   * @return the state, if any
   */
  Optional<DedupState> get(String dedupKey);
}
