package dev.alertkit.jdbc;

import dev.alertkit.jdbc.internal.Sql;
import dev.alertkit.jdbc.internal.Tables;
import dev.alertkit.spi.AlertStateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Dedup state in PostgreSQL, shared by every instance on the same database. Create it with
 * {@link JdbcStores#alertStateStore()}.
 *
 * <p>Each operation of the {@link AlertStateStore} contract is one statement: a {@link #claim} is one
 * {@code INSERT … ON CONFLICT (dedup_key) DO UPDATE … RETURNING} whose {@code CASE} expressions apply the contract's
 * rules to the row's old values under PostgreSQL's row lock, so of any number of concurrent claims on any number of
 * instances exactly one wins while the window is open; {@link #complete} and {@link #release} are one
 * {@code UPDATE … WHERE dedup_key = ? AND alert_id = ?}, so a late call never touches another alert's claim.
 */
public final class JdbcAlertStateStore implements AlertStateStore {

  private static final String COLUMNS = "dedup_key, alert_id, claimed_at, last_seen, last_sent, in_flight, suppressed";

  private final Sql sql;
  private final Tables tables;
  private final String claimSql;

  JdbcAlertStateStore(Sql sql, Tables tables) {
    this.sql = sql;
    this.tables = tables;
    // ?1 now, ?2 now - window, ?3 now - repeat interval (NULL: none), ?4 key, ?5 alert id. The contract's rules on the
    // old row d: last seen before the window (1); in flight but claimed before the window: abandoned (2); not in
    // flight and the last holder reached nobody (3), or the repeat interval has passed since it reached someone (4);
    // the holder claiming its own in-flight key again (a resumed durable dispatch).
    String claimable = "(d.last_seen < ?2 OR (d.in_flight AND (d.claimed_at < ?2 OR d.alert_id = ?5)) OR (NOT d.in_flight AND "
        + "(d.last_sent IS NULL OR (CAST(?3 AS timestamptz) IS NOT NULL AND d.last_sent <= ?3))))";
    this.claimSql = "INSERT INTO " + tables.dedup() + " AS d (dedup_key, alert_id, claimed_at, last_seen, last_sent, "
        + "in_flight, suppressed, version) VALUES (?4, ?5, ?1, ?1, NULL, true, 0, 0) "
        + "ON CONFLICT (dedup_key) DO UPDATE SET "
        + "alert_id = CASE WHEN " + claimable + " THEN EXCLUDED.alert_id ELSE d.alert_id END, "
        + "claimed_at = CASE WHEN " + claimable + " THEN EXCLUDED.claimed_at ELSE d.claimed_at END, "
        + "in_flight = CASE WHEN " + claimable + " THEN true ELSE d.in_flight END, "
        + "suppressed = CASE WHEN " + claimable + " THEN 0 ELSE d.suppressed + 1 END, "
        + "last_seen = EXCLUDED.last_seen, "
        + "version = d.version + 1 "
        + "RETURNING " + COLUMNS + ", (suppressed = 0 AND alert_id = ?5 AND claimed_at = ?1) AS claimed";
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed (see {@link JdbcStoreException#reason()})
   */
  @Override
  public Claim claim(String dedupKey, String alertId, Instant now, Duration window, Optional<Duration> repeatInterval) {
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(repeatInterval, "repeatInterval");
    Instant windowCutoff = now.minus(window);
    Instant repeatCutoff = repeatInterval.map(now::minus).orElse(null);
    return sql.tx("dedup claim", c -> {
      try (PreparedStatement ps = c.prepareStatement(numbered(claimSql))) {
        bindNumbered(ps, claimSql, Sql.ts(now), Sql.ts(windowCutoff), Sql.ts(repeatCutoff), Sql.key(dedupKey), alertId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new Claim(rs.getBoolean("claimed"), state(rs));
        }
      }
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public void complete(String dedupKey, String alertId, Instant sentAt) {
    Objects.requireNonNull(sentAt, "sentAt");
    holderUpdate("dedup complete", "last_sent = ?, in_flight = false", dedupKey, alertId, sentAt);
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public void release(String dedupKey, String alertId) {
    holderUpdate("dedup release", "last_sent = NULL, in_flight = false", dedupKey, alertId, null);
  }

  private void holderUpdate(String what, String set, String dedupKey, String alertId, Instant at) {
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(alertId, "alertId");
    sql.tx(what, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.dedup() + " SET " + set
          + ", version = version + 1 WHERE dedup_key = ? AND alert_id = ?")) {
        int i = 1;
        if (at != null) {
          ps.setObject(i++, Sql.ts(at));
        }
        ps.setString(i++, Sql.key(dedupKey));
        ps.setString(i, alertId);
        return ps.executeUpdate();
      }
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public Optional<DedupState> get(String dedupKey) {
    Objects.requireNonNull(dedupKey, "dedupKey");
    return sql.tx("dedup get", c -> select(c, dedupKey));
  }

  private Optional<DedupState> select(Connection c, String dedupKey) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + tables.dedup() + " WHERE dedup_key = ?")) {
      ps.setString(1, Sql.key(dedupKey));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(state(rs)) : Optional.empty();
      }
    }
  }

  private static DedupState state(ResultSet rs) throws SQLException {
    return new DedupState(rs.getString("alert_id"), Sql.instant(rs, "claimed_at"), Sql.instant(rs, "last_seen"),
        Optional.ofNullable(Sql.instant(rs, "last_sent")), rs.getBoolean("in_flight"), rs.getInt("suppressed"));
  }

  // JDBC has no numbered parameters: ?N placeholders are expanded into positional ones, each bound in order.
  private static String numbered(String sqlText) {
    return sqlText.replaceAll("\\?\\d", "?");
  }

  private static void bindNumbered(PreparedStatement ps, String sqlText, Object... values) throws SQLException {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\?(\\d)").matcher(sqlText);
    int i = 1;
    while (m.find()) {
      ps.setObject(i++, values[Integer.parseInt(m.group(1)) - 1]);
    }
  }

  @Override
  public String toString() {
    return "JdbcAlertStateStore{" + tables.dedup() + "}";
  }
}
