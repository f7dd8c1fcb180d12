package dev.alertkit.jdbc;

import dev.alertkit.Channel;
import dev.alertkit.DeliveryState;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.jdbc.internal.Sql;
import dev.alertkit.jdbc.internal.Tables;
import dev.alertkit.spi.DeliveryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Delivery attempts and their status in PostgreSQL, shared by every instance: a status webhook handled by one instance
 * updates the attempt another instance sent. Create it with {@link JdbcStores#deliveryStore()}.
 *
 * <p>Status only moves forward ({@link DeliveryStatus#canMoveTo}), and the database enforces it: every UPDATE carries
 * the forward-only rule in its WHERE clause, so two instances applying events for one attempt in any order end with
 * the furthest status, without a read-then-write race.
 *
 * <p>{@link #advance} is the declarative path for a status event: the event's dedup key and the status change commit
 * in one transaction (the key is remembered only if the change commits; an event for an attempt not known yet leaves
 * no key, so the provider's redelivery can still apply it).
 */
public final class JdbcDeliveryStore implements DeliveryStore {

  /** What {@link #advance} did. */
  public enum AdvanceKind {
    /** The status moved forward. */
    APPLIED,
    /** The attempt exists but the status would not move forward; the event is remembered as seen. */
    NOT_APPLIED,
    /** The event's dedup key was seen before; nothing changed. */
    DUPLICATE,
    /** No attempt with that id; nothing was recorded, not even the dedup key. */
    UNKNOWN_ATTEMPT
  }

  /**
   * The result of {@link #advance}.
   *
   * @param kind what happened
   * @param state the attempt's state afterwards (empty for DUPLICATE and UNKNOWN_ATTEMPT)
   */
  public record Advance(AdvanceKind kind, Optional<DeliveryState> state) {
    /**
     * Validates.
     *
     * @param kind what happened
     * @param state the state
     * @throws NullPointerException when a value is null
     */
    public Advance {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(state, "state");
    }
  }

  private static final String COLUMNS = "attempt_id, alert_id, recipient_id, channel, provider, provider_message_id, "
      + "status, raw_status, error_code, reason, updated_at, registered";
  /** Parameters: new status, new status, new status, new rank. */
  private static final String FORWARD_ONLY = "(status = ? OR (? <> 'UNKNOWN' AND (? = 'ACKNOWLEDGED' OR "
      + "(NOT status_terminal AND ? > status_rank))))";

  private final Sql sql;
  private final Tables tables;
  private final Clock clock;
  private final Duration seenTtl;

  JdbcDeliveryStore(Sql sql, Tables tables, Clock clock, Duration seenTtl) {
    this.sql = sql;
    this.tables = tables;
    this.clock = clock;
    this.seenTtl = seenTtl;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs in one transaction holding the attempt's row lock; the UPDATE also refuses a backward status move (then
   * the current state is kept and returned).
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public Optional<DeliveryState> update(String attemptId, UnaryOperator<DeliveryState> update) {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(update, "update");
    return sql.tx("delivery update", c -> {
      Optional<DeliveryState> current = selectOne(c, attemptId, true);
      DeliveryState next = update.apply(current.orElse(null));
      if (next == null) {
        if (current.isPresent()) {
          throw new IllegalStateException("a delivery store update may return null only when there was no state");
        }
        return Optional.empty();
      }
      if (!next.attemptId().equals(attemptId)) {
        throw new IllegalStateException("a delivery store update must keep the attempt id");
      }
      if (current.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.attempts() + " (" + COLUMNS
            + ", status_rank, status_terminal, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (attempt_id) DO NOTHING")) {
          int i = bindState(ps, 1, next);
          ps.setInt(i++, next.status().rank());
          ps.setBoolean(i++, next.status().isTerminal());
          ps.setObject(i, Sql.ts(clock.instant()));
          if (ps.executeUpdate() == 0) {
            throw new Sql.Retry();
          }
        }
        return Optional.of(next);
      }
      if (next.equals(current.get())) {
        return current;
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.attempts() + " SET alert_id = ?, recipient_id = ?, "
          + "channel = ?, provider = ?, provider_message_id = ?, status = ?, raw_status = ?, error_code = ?, reason = ?, "
          + "updated_at = ?, registered = ?, status_rank = ?, status_terminal = ?, version = version + 1 "
          + "WHERE attempt_id = ? AND " + FORWARD_ONLY)) {
        int i = bindState(ps, 0, next);
        ps.setInt(i++, next.status().rank());
        ps.setBoolean(i++, next.status().isTerminal());
        ps.setString(i++, attemptId);
        bindForward(ps, i, next.status());
        return ps.executeUpdate() == 1 ? Optional.of(next) : current;
      }
    });
  }

  /**
   * Applies a status event to an attempt, in one transaction: remembers the event's dedup key (unless it was seen and
   * has not expired), then moves the status forward with an UPDATE whose WHERE clause is the forward-only rule. The key
   * and the change commit together; when the attempt is unknown the transaction is rolled back and nothing is
   * remembered.
   *
   * @param attemptId the attempt
   * @param status the event's normalised status
   * @param rawStatus the provider's status string
   * @param errorCode the provider's error code, if any
   * @param reason a human-readable reason, if any
   * @param occurredAt when the event happened
   * @param providerMessageId the provider's message id, recorded when the attempt has none yet
   * @param eventDedupKey the event's dedup key (empty: no deduplication)
   * @return what happened
   * @throws NullPointerException when an argument is null
   * @throws JdbcStoreException when the database failed
   */
  public Advance advance(String attemptId, DeliveryStatus status, String rawStatus, Optional<String> errorCode,
      Optional<String> reason, Instant occurredAt, Optional<String> providerMessageId, Optional<String> eventDedupKey) {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(rawStatus, "rawStatus");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(eventDedupKey, "eventDedupKey");
    return sql.tx("delivery advance", c -> {
      if (eventDedupKey.isPresent() && !markSeen(c, eventDedupKey.get())) {
        return new Advance(AdvanceKind.DUPLICATE, Optional.empty());
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.attempts() + " SET status = ?, raw_status = ?, "
          + "error_code = ?, reason = ?, updated_at = ?, provider_message_id = COALESCE(provider_message_id, ?), "
          + "status_rank = ?, status_terminal = ?, version = version + 1 WHERE attempt_id = ? AND status <> ? AND "
          + FORWARD_ONLY + " RETURNING " + COLUMNS)) {
        int i = 1;
        ps.setString(i++, status.name());
        ps.setString(i++, rawStatus);
        ps.setString(i++, errorCode.orElse(null));
        ps.setString(i++, reason.orElse(null));
        ps.setObject(i++, Sql.ts(occurredAt));
        ps.setString(i++, providerMessageId.orElse(null));
        ps.setInt(i++, status.rank());
        ps.setBoolean(i++, status.isTerminal());
        ps.setString(i++, attemptId);
        ps.setString(i++, status.name());
        bindForward(ps, i, status);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return new Advance(AdvanceKind.APPLIED, Optional.of(read(rs)));
          }
        }
      }
      Optional<DeliveryState> current = selectOne(c, attemptId, false);
      if (current.isEmpty()) {
        c.rollback();
        return new Advance(AdvanceKind.UNKNOWN_ATTEMPT, Optional.empty());
      }
      return new Advance(AdvanceKind.NOT_APPLIED, current);
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public Optional<DeliveryState> get(String attemptId) {
    Objects.requireNonNull(attemptId, "attemptId");
    return sql.tx("delivery get", c -> selectOne(c, attemptId, false));
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public List<DeliveryState> findByProviderMessageId(String providerMessageId) {
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    return selectMany("delivery find by message id", "provider_message_id", providerMessageId);
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public List<DeliveryState> findByAlert(String alertId) {
    Objects.requireNonNull(alertId, "alertId");
    return selectMany("delivery find by alert", "alert_id", alertId);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Remembers the key until the configured time to live has passed ({@link JdbcStores.Builder#webhookDedupTtl});
   * an expired key counts as new. One round trip.
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public boolean markSeen(String dedupKey) {
    Objects.requireNonNull(dedupKey, "dedupKey");
    return sql.tx("delivery mark seen", c -> markSeen(c, dedupKey));
  }

  private boolean markSeen(Connection c, String dedupKey) throws SQLException {
    Instant now = clock.instant();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.seen() + " AS s (dedup_key, expires_at) "
        + "VALUES (?, ?) ON CONFLICT (dedup_key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE s.expires_at <= ?")) {
      ps.setString(1, Sql.key(dedupKey));
      ps.setObject(2, Sql.ts(now.plus(seenTtl)));
      ps.setObject(3, Sql.ts(now));
      return ps.executeUpdate() == 1;
    }
  }

  private Optional<DeliveryState> selectOne(Connection c, String attemptId, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + tables.attempts()
        + " WHERE attempt_id = ?" + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, attemptId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private List<DeliveryState> selectMany(String what, String column, String value) {
    return sql.tx(what, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + tables.attempts() + " WHERE "
          + column + " = ? ORDER BY created_at, attempt_id")) {
        ps.setString(1, value);
        List<DeliveryState> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs));
          }
        }
        return List.copyOf(out);
      }
    });
  }

  /** Binds the state's columns; with {@code from == 0} all but the attempt id (for an UPDATE), starting at 1. */
  private static int bindState(PreparedStatement ps, int from, DeliveryState s) throws SQLException {
    int i = Math.max(from, 1);
    if (from > 0) {
      ps.setString(i++, s.attemptId());
    }
    ps.setString(i++, s.alertId());
    ps.setString(i++, s.recipientId());
    ps.setString(i++, s.channel().name());
    ps.setString(i++, s.provider());
    ps.setString(i++, s.providerMessageId().orElse(null));
    ps.setString(i++, s.status().name());
    ps.setString(i++, s.rawStatus());
    ps.setString(i++, s.errorCode().orElse(null));
    ps.setString(i++, s.reason().orElse(null));
    ps.setObject(i++, Sql.ts(s.updatedAt()));
    ps.setBoolean(i++, s.registered());
    return i;
  }

  private static void bindForward(PreparedStatement ps, int from, DeliveryStatus next) throws SQLException {
    ps.setString(from, next.name());
    ps.setString(from + 1, next.name());
    ps.setString(from + 2, next.name());
    ps.setInt(from + 3, next.rank());
  }

  private static DeliveryState read(ResultSet rs) throws SQLException {
    return new DeliveryState(rs.getString("attempt_id"), rs.getString("alert_id"), rs.getString("recipient_id"),
        Channel.valueOf(rs.getString("channel")), rs.getString("provider"),
        Optional.ofNullable(rs.getString("provider_message_id")), DeliveryStatus.valueOf(rs.getString("status")),
        rs.getString("raw_status"), Optional.ofNullable(rs.getString("error_code")),
        Optional.ofNullable(rs.getString("reason")), Sql.instant(rs, "updated_at"), rs.getBoolean("registered"));
  }

  @Override
  public String toString() {
    return "JdbcDeliveryStore{" + tables.attempts() + "}";
  }
}
