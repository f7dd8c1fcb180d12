package dev.alertkit.jdbc;

import dev.alertkit.Channel;
import dev.alertkit.incident.AckChannel;
import dev.alertkit.incident.Incident;
import dev.alertkit.incident.IncidentState;
import dev.alertkit.incident.Notification;
import dev.alertkit.jdbc.internal.IncidentJson;
import dev.alertkit.jdbc.internal.Sql;
import dev.alertkit.jdbc.internal.Tables;
import dev.alertkit.spi.IncidentStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Incidents in PostgreSQL, shared by every instance on the same database: an acknowledgement that reaches instance B
 * stops the escalation instance A started. Create it with {@link JdbcStores#incidentStore()}.
 *
 * <ul>
 *   <li>Every change is one compare-and-set statement: {@code UPDATE … WHERE id = ? AND version = ?}. Of two
 *       changes computed from the same version exactly one is written (the first acknowledgement wins).</li>
 *   <li>At most one open incident per dedup key is enforced by a partial unique index, so two instances raising the
 *       same key at once open one incident; {@link #createOrGetOpen} returns the other one's incident.</li>
 *   <li>The state is in columns; the opening alert, the notifications and the timeline are JSON text. Each
 *       notification also gets a row (alert id, address) so a delivery event or a reply finds its incident by an
 *       index.</li>
 *   <li>{@link #claimOnce} is an {@code INSERT … ON CONFLICT DO NOTHING}: exactly one caller on any instance wins.</li>
 * </ul>
 * Serialization failures and deadlocks are retried like every other store's. Resolved incidents are deleted by
 * {@link JdbcStores#purge()} after the retention.
 */
public final class JdbcIncidentStore implements IncidentStore {
  private static final String COLUMNS = "id, dedup_key, policy_name, state, opened_at, round, step, next_step_due, "
      + "acknowledged_by, acknowledged_via, acknowledged_at, resolved_by, resolved_at, attached_alerts, alert, "
      + "notifications, timeline, version";

  private final Sql sql;
  private final Tables tables;
  private final Clock clock;

  JdbcIncidentStore(Sql sql, Tables tables, Clock clock) {
    this.sql = sql;
    this.tables = tables;
    this.clock = clock;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code INSERT … ON CONFLICT DO NOTHING}; when it inserted nothing, the open incident with the dedup key is
   * read (it may be another instance's, committed a moment ago).
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public Incident createOrGetOpen(Incident incident) {
    Objects.requireNonNull(incident, "incident");
    return sql.tx("incident create", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.incidents() + " (" + COLUMNS
          + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, incident.id());
        ps.setString(2, incident.dedupKey().map(Sql::key).orElse(null));
        ps.setString(3, incident.policyName());
        int i = bindState(ps, 4, incident);
        ps.setString(i++, IncidentJson.alert(incident.alert()));
        ps.setString(i++, IncidentJson.notifications(incident.notifications()));
        ps.setString(i++, IncidentJson.timeline(incident.timeline()));
        ps.setLong(i++, incident.version());
        ps.setObject(i, Sql.ts(clock.instant()));
        if (ps.executeUpdate() == 1) {
          insertNotifications(c, incident.id(), incident.notifications(), Set.of());
          return incident;
        }
      }
      if (incident.dedupKey().isPresent()) {
        Optional<Incident> open = selectOne(c, "dedup_key = ? AND state <> 'RESOLVED'", Sql.key(incident.dedupKey().get()));
        if (open.isPresent()) {
          return open.get();
        }
      }
      if (selectOne(c, "id = ?", incident.id()).isPresent()) {
        throw new IllegalStateException("an incident with id " + incident.id() + " exists");
      }
      throw new Sql.Retry(); // the open incident with the key was resolved in between: insert again
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public Optional<Incident> find(String id) {
    Objects.requireNonNull(id, "id");
    return sql.tx("incident find", c -> selectOne(c, "id = ?", id));
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public Optional<Incident> findOpenByDedupKey(String dedupKey) {
    Objects.requireNonNull(dedupKey, "dedupKey");
    return sql.tx("incident find by dedup key", c -> selectOne(c, "dedup_key = ? AND state <> 'RESOLVED'", Sql.key(dedupKey)));
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public Optional<Incident> findByNotificationAlertId(String alertId) {
    Objects.requireNonNull(alertId, "alertId");
    return sql.tx("incident find by notification", c -> selectOne(c, "id = (SELECT incident_id FROM "
        + tables.incidentNotifications() + " WHERE alert_id = ?)", alertId));
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public List<Incident> findOpenByNotifiedAddress(String address) {
    Objects.requireNonNull(address, "address");
    return sql.tx("incident find by address", c -> select(c, "state <> 'RESOLVED' AND id IN (SELECT incident_id FROM "
        + tables.incidentNotifications() + " WHERE address = ?) ORDER BY opened_at DESC, id", address));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code UPDATE … WHERE id = ? AND version = ?}; new notifications are indexed in the same transaction.
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public boolean replace(Incident expected, Incident next) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    if (!expected.id().equals(next.id())) {
      throw new IllegalArgumentException("ids differ: " + expected.id() + " vs " + next.id());
    }
    if (next.version() != expected.version() + 1) {
      throw new IllegalArgumentException("next version must be " + (expected.version() + 1) + " (was " + next.version() + ")");
    }
    boolean sameNotifications = next.notifications().equals(expected.notifications());
    boolean sameTimeline = next.timeline().equals(expected.timeline());
    return sql.tx("incident replace", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.incidents() + " SET state = ?, opened_at = ?, "
          + "round = ?, step = ?, next_step_due = ?, acknowledged_by = ?, acknowledged_via = ?, acknowledged_at = ?, "
          + "resolved_by = ?, resolved_at = ?, attached_alerts = ?, "
          + "notifications = " + (sameNotifications ? "notifications" : "?") + ", "
          + "timeline = " + (sameTimeline ? "timeline" : "?") + ", "
          + "version = ?, updated_at = ? WHERE id = ? AND version = ?")) {
        int i = bindState(ps, 1, next);
        if (!sameNotifications) {
          ps.setString(i++, IncidentJson.notifications(next.notifications()));
        }
        if (!sameTimeline) {
          ps.setString(i++, IncidentJson.timeline(next.timeline()));
        }
        ps.setLong(i++, next.version());
        ps.setObject(i++, Sql.ts(clock.instant()));
        ps.setString(i++, next.id());
        ps.setLong(i, expected.version());
        if (ps.executeUpdate() == 0) {
          return false;
        }
      }
      if (!sameNotifications) {
        Set<String> known = new HashSet<>();
        expected.notifications().forEach(n -> known.add(n.alertId()));
        insertNotifications(c, next.id(), next.notifications(), known);
      }
      return true;
    });
  }

  /** Binds state, opened_at … attached_alerts (11 parameters) from {@code from}; returns the next index. */
  private static int bindState(PreparedStatement ps, int from, Incident i) throws SQLException {
    int n = from;
    ps.setString(n++, i.state().name());
    ps.setObject(n++, Sql.ts(i.openedAt()));
    ps.setInt(n++, i.round());
    ps.setInt(n++, i.step());
    ps.setObject(n++, Sql.ts(i.nextStepDue().orElse(null)));
    ps.setString(n++, i.acknowledgedBy().orElse(null));
    ps.setString(n++, i.acknowledgedVia().map(AckChannel::name).orElse(null));
    ps.setObject(n++, Sql.ts(i.acknowledgedAt().orElse(null)));
    ps.setString(n++, i.resolvedBy().orElse(null));
    ps.setObject(n++, Sql.ts(i.resolvedAt().orElse(null)));
    ps.setInt(n++, i.attachedAlerts());
    return n;
  }

  private void insertNotifications(Connection c, String incidentId, List<Notification> all, Set<String> known)
      throws SQLException {
    List<Notification> fresh = new ArrayList<>();
    for (Notification n : all) {
      if (!known.contains(n.alertId())) {
        fresh.add(n);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.incidentNotifications()
        + " (alert_id, incident_id, address) VALUES (?, ?, ?) ON CONFLICT (alert_id) DO NOTHING")) {
      for (Notification n : fresh) {
        ps.setString(1, n.alertId());
        ps.setString(2, incidentId);
        ps.setString(3, n.address());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private Optional<Incident> selectOne(Connection c, String where, String param) throws SQLException {
    List<Incident> found = select(c, where, param);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private List<Incident> select(Connection c, String where, String param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + tables.incidents() + " WHERE " + where)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        List<Incident> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return out;
      }
    }
  }

  private static Incident read(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    try {
      return new Incident(id, Optional.ofNullable(rs.getString("dedup_key")).map(JdbcIncidentStore::unkey),
          IncidentJson.readAlert(rs.getString("alert")), rs.getString("policy_name"),
          IncidentState.valueOf(rs.getString("state")), Sql.instant(rs, "opened_at"), rs.getInt("round"), rs.getInt("step"),
          Optional.ofNullable(Sql.instant(rs, "next_step_due")), Optional.ofNullable(rs.getString("acknowledged_by")),
          Optional.ofNullable(rs.getString("acknowledged_via")).map(AckChannel::valueOf),
          Optional.ofNullable(Sql.instant(rs, "acknowledged_at")), Optional.ofNullable(rs.getString("resolved_by")),
          Optional.ofNullable(Sql.instant(rs, "resolved_at")), rs.getInt("attached_alerts"),
          IncidentJson.readNotifications(rs.getString("notifications")), IncidentJson.readTimeline(rs.getString("timeline")),
          rs.getLong("version"));
    } catch (RuntimeException e) {
      throw new SQLException("incident " + id + " cannot be read: " + e.getMessage(), "XX001", e);
    }
  }

  /** Reverses {@link Sql#key}. */
  private static String unkey(String stored) {
    if (stored.indexOf('\\') < 0) {
      return stored;
    }
    StringBuilder b = new StringBuilder(stored.length());
    for (int i = 0; i < stored.length(); i++) {
      char c = stored.charAt(i);
      if (c == '\\' && i + 1 < stored.length()) {
        char n = stored.charAt(++i);
        b.append(n == '0' ? '\u0000' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public void setOptedOut(String address, Channel channel, boolean optedOut) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(channel, "channel");
    sql.tx("opt-out", c -> {
      try (PreparedStatement ps = c.prepareStatement(optedOut
          ? "INSERT INTO " + tables.optOuts() + " (address, channel, updated_at) VALUES (?, ?, ?) ON CONFLICT (address, "
              + "channel) DO UPDATE SET updated_at = EXCLUDED.updated_at"
          : "DELETE FROM " + tables.optOuts() + " WHERE address = ? AND channel = ?")) {
        ps.setString(1, address);
        ps.setString(2, channel.name());
        if (optedOut) {
          ps.setObject(3, Sql.ts(clock.instant()));
        }
        ps.executeUpdate();
      }
      return null;
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public boolean isOptedOut(String address, Channel channel) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(channel, "channel");
    return sql.tx("opt-out check", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + tables.optOuts() + " WHERE address = ? AND channel = ?")) {
        ps.setString(1, address);
        ps.setString(2, channel.name());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code INSERT … ON CONFLICT … DO UPDATE … RETURNING}: counts from several instances add up.
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public int countWrongCode(String sender, long windowStartMillis) {
    Objects.requireNonNull(sender, "sender");
    return sql.tx("wrong code count", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.wrongCodes() + " AS w (sender, window_start, "
          + "count, updated_at) VALUES (?, ?, 1, ?) ON CONFLICT (sender) DO UPDATE SET "
          + "count = CASE WHEN w.window_start = EXCLUDED.window_start THEN w.count + 1 ELSE 1 END, "
          + "window_start = EXCLUDED.window_start, updated_at = EXCLUDED.updated_at RETURNING count")) {
        ps.setString(1, sender);
        ps.setLong(2, windowStartMillis);
        ps.setObject(3, Sql.ts(clock.instant()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
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
  public int wrongCodes(String sender, long windowStartMillis) {
    Objects.requireNonNull(sender, "sender");
    return sql.tx("wrong code read", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT count FROM " + tables.wrongCodes()
          + " WHERE sender = ? AND window_start = ?")) {
        ps.setString(1, sender);
        ps.setLong(2, windowStartMillis);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getInt(1) : 0;
        }
      }
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code INSERT … ON CONFLICT DO NOTHING}: exactly one caller on any instance claims a key. The key is
   * remembered until {@link JdbcStores#purge()} runs after {@code expiresAt}.
   *
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public boolean claimOnce(String key, Instant expiresAt) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expiresAt, "expiresAt");
    return sql.tx("claim once", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.claims() + " (claim_key, expires_at) "
          + "VALUES (?, ?) ON CONFLICT (claim_key) DO NOTHING")) {
        ps.setString(1, Sql.key(key));
        ps.setObject(2, Sql.ts(expiresAt));
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public String toString() {
    return "JdbcIncidentStore{" + tables.incidents() + "}";
  }
}
