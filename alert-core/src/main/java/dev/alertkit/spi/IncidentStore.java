package dev.alertkit.spi;

import dev.alertkit.Channel;
import dev.alertkit.incident.Incident;
import java.util.List;
import java.util.Optional;

/**
 * Where incidents live. The default keeps them in memory; a durable implementation (e.g. {@code alert-jdbc}) keeps
 * them in a database shared by every instance, so that an acknowledgement that reaches one instance stops the
 * escalation another instance runs.
 *
 * <p>Contract: every change is a compare-and-set on {@link Incident#version()}: {@link #replace} writes the next
 * version only if the stored one is still the expected one (in SQL: {@code UPDATE ... WHERE id = ? AND version = ?}).
 * The client re-reads and decides again when it loses, so two acknowledgements are ordered (the first wins) and an
 * acknowledgement and a step that fire together are ordered too. Implementations are thread-safe.
 */
public interface IncidentStore {

  /**
   * Stores a new incident unless an open incident already has its dedup key.
   *
   * @param incident a new incident (version 0)
   * @return the stored incident: the given one, or the open incident with the same dedup key (then nothing was stored)
   * @throws IllegalStateException when an incident with the same id exists
   */
  Incident createOrGetOpen(Incident incident);

  /**
   * @param id the incident id
   * @return the incident, if known (a store may forget resolved incidents after a retention period)
   */
  Optional<Incident> find(String id);

  /**
   * @param dedupKey a dedup key
   * @return the open (not resolved) incident with that key, if any
   */
  Optional<Incident> findOpenByDedupKey(String dedupKey);

  /**
   * @param alertId the id of an alert a step sent ({@link dev.alertkit.incident.Notification#alertId()})
   * @return the incident that sent it, if known
   */
  Optional<Incident> findByNotificationAlertId(String alertId);

  /**
   * @param address an E.164 phone number
   * @return the open incidents that notified that number, most recent first
   */
  List<Incident> findOpenByNotifiedAddress(String address);

  /**
   * Replaces an incident if it is still at the expected version.
   *
   * @param expected the version the change was computed from
   * @param next the next version ({@code expected.version() + 1})
   * @return true when written; false when another change won (re-read and decide again)
   * @throws IllegalArgumentException when ids differ or next's version is not expected's + 1
   */
  boolean replace(Incident expected, Incident next);

  /**
   * Records that an address opted out of (or back into) a channel by a reply keyword.
   *
   * @param address an E.164 phone number
   * @param channel SMS or WhatsApp
   * @param optedOut true after STOP, false after START
   */
  void setOptedOut(String address, Channel channel, boolean optedOut);

  /**
   * @param address an E.164 phone number
   * @param channel a channel
   * @return whether the address opted out of the channel by a reply keyword
   */
  boolean isOptedOut(String address, Channel channel);

  /**
   * Counts one wrong reply code from a sender and tells whether the sender is still allowed to try.
   *
   * @param sender the sender's address
   * @param windowStartMillis the start of the current rate-limit window (epoch millis); counts of earlier windows
   *     are forgotten
   * @return how many wrong codes the sender sent in the window, including this one
   */
  int countWrongCode(String sender, long windowStartMillis);

  /**
   * @param sender the sender's address
   * @param windowStartMillis the start of the current window
   * @return how many wrong codes the sender sent in the window
   */
  int wrongCodes(String sender, long windowStartMillis);

  /**
   * Claims a one-time key (a signed link's token id): true the first time, false after.
   *
   * @param key the key
   * @param expiresAt when the key can be forgotten (the token's expiry)
   * @return whether this call claimed it
   */
  boolean claimOnce(String key, java.time.Instant expiresAt);
}
