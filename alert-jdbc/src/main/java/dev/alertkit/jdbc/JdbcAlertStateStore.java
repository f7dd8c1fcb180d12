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
import java.util.function.UnaryOperator;

/**
 * Dedup state in PostgreSQL, shared by every instance on the same database. Create it with
 * {@link JdbcStores#alertStateStore()}.
 *
 * <p>Two ways in:
 * <ul>
 *   <li>{@link #claim}, {@link #complete} and {@link #release}: the declarative dedup decision. A claim is one
 *       {@code INSERT … ON CONFLICT … DO UPDATE … RETURNING} round trip; PostgreSQL locks the key's row, so of any
 *       number of concurrent claims on any number of instances exactly one wins while the window is open.</li>
 *   <li>{@link #update}: the {@link AlertStateStore} SPI, which takes an arbitrary function. It runs in one
 *       transaction that locks the key's row ({@code SELECT … FOR UPDATE}), so it is atomic across instances, at two
 *       to four round trips.</li>
 * </ul>
 * Both read and write the same row, with the same meaning.
 */
public final class JdbcAlertStateStore implements AlertStateStore {

  /**
   * What a {@link #claim} decided.
   *
   * @param claimed true when this occurrence won and should be sent
   * @param originalAlertId when suppressed: the alert that holds the claim (empty if unknown)
   * @param inFlight when suppressed: whether that alert's dispatch is still running (not yet completed)
   * @param sentAt when suppressed: when the holding alert claimed the key
   * @param suppressedSince how many occurrences were suppressed since that claim (including this one)
   */
  public record Claim(boolean claimed, Optional<String> originalAlertId, boolean inFlight, Optional<Instant> sentAt,
      int suppressedSince) {
    /**
     * Validates.
     *
     * @param claimed whether it won
     * @param originalAlertId the holder
     * @param inFlight whether the holder is in flight
     * @param sentAt when the holder claimed
     * @param suppressedSince suppressed count
     * @throws NullPointerException when a value is null
     */
    public Claim {
      Objects.requireNonNull(originalAlertId, "originalAlertId");
      Objects.requireNonNull(sentAt, "sentAt");
    }

    /**
     * A reason a person can act on, for a suppressed claim.
     *
     * @param dedupKey the key
     * @return the reason, empty when claimed
     */
    public Optional<String> reason(String dedupKey) {
      if (claimed) {
        return Optional.empty();
      }
      return Optional.of("duplicate of dedup key '" + dedupKey + "'"
          + originalAlertId.map(id -> " (alert " + id + (inFlight ? ", still being sent" : "") + ")").orElse("")
          + sentAt.map(t -> " last sent at " + t).orElse("") + "; " + suppressedSince + " suppressed since");
    }
  }

  private static final String COLUMNS = "dedup_key, last_seen, last_sent, suppressed, last_was_sent, alert_id, "
      + "completed_at, version";

  private final Sql sql;
  private final Tables tables;
  private final String claimSql;

  JdbcAlertStateStore(Sql sql, Tables tables) {
    this.sql = sql;
    this.tables = tables;
    String t = "d";
    // One decision, evaluated by PostgreSQL under the row lock against the latest committed row:
    //   won = the window has closed since the last occurrence, or nothing holds the key (never sent or released),
    //         or the repeat interval has passed since the last claim.
    String won = "(" + t + ".last_seen < ?1 OR " + t + ".last_sent IS NULL OR (CAST(?2 AS timestamptz) IS NOT NULL AND "
        + t + ".last_sent <= ?2))";
    this.claimSql = ("INSERT INTO " + tables.dedup() + " AS d (dedup_key, last_seen, last_sent, suppressed, last_was_sent, "
        + "alert_id, completed_at, version) VALUES (?3, ?4, ?4, 0, true, ?5, NULL, 0) "
        + "ON CONFLICT (dedup_key) DO UPDATE SET "
        + "last_seen = EXCLUDED.last_seen, "
        + "last_was_sent = " + won + ", "
        + "last_sent = CASE WHEN " + won + " THEN EXCLUDED.last_sent ELSE " + t + ".last_sent END, "
        + "suppressed = CASE WHEN " + won + " THEN 0 ELSE " + t + ".suppressed + 1 END, "
        + "alert_id = CASE WHEN " + won + " THEN EXCLUDED.alert_id ELSE " + t + ".alert_id END, "
        + "completed_at = CASE WHEN " + won + " THEN NULL ELSE " + t + ".completed_at END, "
        + "version = " + t + ".version + 1 "
        + "RETURNING " + COLUMNS);
  }

  /**
   * Claims a dedup key for one occurrence, in one round trip: the occurrence wins when no other alert holds the key
   * within the window, or the holder released it, or the repeat interval has passed since the holder's claim.
   * Otherwise it is suppressed, and the window slides (the key's last occurrence becomes {@code now}).
   *
   * @param dedupKey the key
   * @param alertId the occurrence's alert id (becomes the holder when it wins)
   * @param now the occurrence's time (the client's clock)
   * @param window the dedup window
   * @param repeatInterval the repeat interval, if any
   * @return the decision
   * @throws NullPointerException when an argument is null
   * @throws JdbcStoreException when the database failed (see {@link JdbcStoreException#reason()})
   */
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
        bindNumbered(ps, claimSql, Sql.ts(windowCutoff), Sql.ts(repeatCutoff), Sql.key(dedupKey), Sql.ts(now), alertId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          boolean won = rs.getBoolean("last_was_sent");
          Instant lastSent = Sql.instant(rs, "last_sent");
          return new Claim(won, Optional.ofNullable(rs.getString("alert_id")),
              rs.getObject("completed_at") == null && lastSent != null, Optional.ofNullable(lastSent),
              rs.getInt("suppressed"));
        }
      }
    });
  }

  /**
   * Marks the holder's dispatch as completed (it reached someone): later occurrences are suppressed as "sent at"
   * rather than "in flight". Does nothing when another alert holds the key by now.
   *
   * @param dedupKey the key
   * @param alertId the holder
   * @param at when the dispatch completed
   * @return true when the holder's row was updated
   * @throws JdbcStoreException when the database failed
   */
  public boolean complete(String dedupKey, String alertId, Instant at) {
    Objects.requireNonNull(at, "at");
    return holderUpdate("dedup complete", "completed_at = ?", dedupKey, alertId, at);
  }

  /**
   * Releases the holder's claim because its dispatch reached nobody: the next occurrence is sent. Does nothing when
   * another alert holds the key by now (a late release never frees someone else's claim).
   *
   * @param dedupKey the key
   * @param alertId the holder
   * @return true when the claim was released
   * @throws JdbcStoreException when the database failed
   */
  public boolean release(String dedupKey, String alertId) {
    return holderUpdate("dedup release", "last_sent = NULL, last_was_sent = false", dedupKey, alertId, null);
  }

  private boolean holderUpdate(String what, String set, String dedupKey, String alertId, Instant at) {
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(alertId, "alertId");
    return sql.tx(what, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.dedup() + " SET " + set
          + ", version = version + 1 WHERE dedup_key = ? AND alert_id = ? AND last_sent IS NOT NULL")) {
        int i = 1;
        if (at != null) {
          ps.setObject(i++, Sql.ts(at));
        }
        ps.setString(i++, Sql.key(dedupKey));
        ps.setString(i, alertId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs in one transaction holding the key's row lock; a concurrent first insert of the same key makes it run
   * again (bounded). The holder columns of {@link #claim} are kept when the state still has a last sent time and are
   * cleared otherwise.
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public DedupState update(String dedupKey, UnaryOperator<DedupState> update) {
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(update, "update");
    return sql.tx("dedup update", c -> {
      Optional<DedupState> current = select(c, dedupKey, true);
      DedupState next = update.apply(current.orElse(null));
      if (next == null) {
        return current.orElse(null);
      }
      if (current.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.dedup() + " (dedup_key, last_seen, "
            + "last_sent, suppressed, last_was_sent) VALUES (?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING")) {
          ps.setString(1, Sql.key(dedupKey));
          bindState(ps, 2, next);
          if (ps.executeUpdate() == 0) {
            throw new Sql.Retry();
          }
        }
      } else if (!next.equals(current.get())) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.dedup() + " SET last_seen = ?, last_sent = ?, "
            + "suppressed = ?, last_was_sent = ?, alert_id = CASE WHEN CAST(? AS timestamptz) IS NULL THEN NULL ELSE "
            + "alert_id END, version = version + 1 WHERE dedup_key = ?")) {
          int i = bindState(ps, 1, next);
          ps.setObject(i++, Sql.ts(next.lastSent().orElse(null)));
          ps.setString(i, Sql.key(dedupKey));
          ps.executeUpdate();
        }
      }
      return next;
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
    return sql.tx("dedup get", c -> select(c, dedupKey, false));
  }

  private Optional<DedupState> select(Connection c, String dedupKey, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + tables.dedup()
        + " WHERE dedup_key = ?" + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, Sql.key(dedupKey));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new DedupState(Sql.instant(rs, "last_seen"), Optional.ofNullable(Sql.instant(rs, "last_sent")),
            rs.getInt("suppressed"), rs.getBoolean("last_was_sent")));
      }
    }
  }

  private static int bindState(PreparedStatement ps, int from, DedupState s) throws SQLException {
    int i = from;
    ps.setObject(i++, Sql.ts(s.lastSeen()));
    ps.setObject(i++, Sql.ts(s.lastSent().orElse(null)));
    ps.setInt(i++, s.suppressed());
    ps.setBoolean(i++, s.lastWasSent());
    return i;
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
