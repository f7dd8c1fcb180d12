package dev.alertkit.jdbc;

import dev.alertkit.ValidationException;
import dev.alertkit.jdbc.internal.Migrator;
import dev.alertkit.jdbc.internal.Sql;
import dev.alertkit.jdbc.internal.Tables;
import dev.alertkit.spi.support.Checks;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The front door of {@code alert-jdbc}: alertkit's state in the application's PostgreSQL (14+), shared by every
 * instance that uses the same database and table prefix.
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.builder(dataSource).build();   // the application's pooled DataSource
 * stores.migrate();                                              // or Flyway with db/migration/alertkit
 * AlertClient client = AlertClient.builder()
 *     .stateStore(stores.alertStateStore())
 *     .deliveryStore(stores.deliveryStore())
 *     .incidentStore(stores.incidentStore())
 *     .timers(stores.timerService().build())                     // durable timers on db-scheduler
 *     .dispatchJournal(stores.dispatchJournal())                 // required with them: resumes without paging twice
 *     ...
 *     .build();
 * }</pre>
 *
 * <p>No DDL runs unless {@link #migrate()} is called. Every operation takes one connection from the data source for
 * one transaction; waiting for a connection is bounded by the pool's connection timeout, and a failure surfaces as a
 * {@link JdbcStoreException} with a {@link JdbcStoreException#reason() reason}. Serialization failures and deadlocks
 * are retried up to {@link Builder#serializationRetries} times.
 *
 * <p>Tables (migrations {@code V1} to {@code V3} under {@code db/migration/alertkit}, all with the prefix): {@code dedup},
 * {@code delivery_attempt}, {@code delivery_seen}, {@code scheduled_tasks}, {@code incident},
 * {@code incident_notification}, {@code opt_out}, {@code wrong_code}, {@code claim_once}, {@code dispatch_marks} and
 * {@code dispatch_reports} (the {@link JdbcDispatchJournal}), and {@code schema_version}. {@link #purge()} deletes
 * rows older than the {@link Builder#retention retention}, including a dispatch's journal rows once its newest mark
 * and report are older than that.
 */
public final class JdbcStores {
  private final Sql sql;
  private final Tables tables;
  private final Clock clock;
  private final Duration webhookDedupTtl;
  private final Duration retention;
  private final JdbcAlertStateStore alertStateStore;
  private final JdbcDeliveryStore deliveryStore;
  private final JdbcIncidentStore incidentStore;
  private final JdbcDispatchJournal dispatchJournal;

  private JdbcStores(Builder b) {
    this.sql = new Sql(b.dataSource, b.serializationRetries);
    this.tables = new Tables(b.schema, b.tablePrefix);
    this.clock = b.clock;
    this.webhookDedupTtl = b.webhookDedupTtl;
    this.retention = b.retention;
    this.alertStateStore = new JdbcAlertStateStore(sql, tables);
    this.deliveryStore = new JdbcDeliveryStore(sql, tables, clock, webhookDedupTtl);
    this.incidentStore = new JdbcIncidentStore(sql, tables, clock);
    this.dispatchJournal = new JdbcDispatchJournal(sql, tables);
  }

  /**
   * Starts configuring the stores.
   *
   * @param dataSource the application's data source (pooled, e.g. HikariCP)
   * @return a builder
   * @throws ValidationException when dataSource is null
   */
  public static Builder builder(DataSource dataSource) {
    if (dataSource == null) {
      throw new ValidationException("dataSource", "must not be null");
    }
    return new Builder(dataSource);
  }

  /**
   * Creates or upgrades alertkit's tables with the default prefix ({@code alertkit_}) in the connection's current
   * schema. Idempotent; safe when several instances start together (an advisory lock serialises them).
   *
   * @param dataSource the data source
   * @return the versions applied now (empty when the schema was current)
   * @throws ValidationException when dataSource is null
   * @throws JdbcStoreException when the database failed
   */
  public static List<Integer> migrate(DataSource dataSource) {
    return builder(dataSource).build().migrate();
  }

  /**
   * Creates or upgrades alertkit's tables with this instance's schema and prefix. Idempotent; safe when several
   * instances start together.
   *
   * @return the versions applied now (empty when the schema was current)
   * @throws JdbcStoreException when the database failed
   * @throws IllegalStateException when an applied migration differs from the shipped script
   */
  public List<Integer> migrate() {
    return new Migrator(sql, tables).migrate();
  }

  /** @return the shared dedup store */
  public JdbcAlertStateStore alertStateStore() {
    return alertStateStore;
  }

  /** @return the shared delivery store */
  public JdbcDeliveryStore deliveryStore() {
    return deliveryStore;
  }

  /** @return the shared incident store (escalation state, reply opt-outs, single-use link tokens) */
  public JdbcIncidentStore incidentStore() {
    return incidentStore;
  }

  /**
   * The shared dispatch journal: what a durable dispatch marked before each request and the reports it ended with,
   * so that another instance resumes it without paging anyone twice. Durable; use it with the
   * {@link #timerService() durable timers}.
   *
   * @return the dispatch journal
   */
  public JdbcDispatchJournal dispatchJournal() {
    return dispatchJournal;
  }

  /** @return a builder for this instance's durable timer service (one per client) */
  public JdbcTimerService.Builder timerService() {
    return new JdbcTimerService.Builder(this);
  }

  /**
   * How many rows {@link #purge()} deleted.
   *
   * @param dedupKeys dedup keys not seen for longer than the retention
   * @param attempts delivery attempts not updated for longer than the retention
   * @param webhookKeys expired webhook dedup keys
   * @param incidents incidents resolved longer ago than the retention (with their notification rows)
   * @param singleUseKeys expired single-use keys ({@link JdbcIncidentStore#claimOnce}) and wrong-code counts not
   *     updated within the retention
   * @param dispatchRows dispatch journal rows (marks and reports) of dispatches whose newest mark and report are older
   *     than the retention
   */
  public record PurgeResult(int dedupKeys, int attempts, int webhookKeys, int incidents, int singleUseKeys,
      int dispatchRows) {
    /**
     * A result without incident rows (kept for source compatibility).
     *
     * @param dedupKeys dedup keys
     * @param attempts delivery attempts
     * @param webhookKeys webhook dedup keys
     */
    public PurgeResult(int dedupKeys, int attempts, int webhookKeys) {
      this(dedupKeys, attempts, webhookKeys, 0, 0, 0);
    }

    /**
     * A result without dispatch journal rows (kept for source compatibility).
     *
     * @param dedupKeys dedup keys
     * @param attempts delivery attempts
     * @param webhookKeys webhook dedup keys
     * @param incidents incidents
     * @param singleUseKeys single-use keys and wrong-code counts
     */
    public PurgeResult(int dedupKeys, int attempts, int webhookKeys, int incidents, int singleUseKeys) {
      this(dedupKeys, attempts, webhookKeys, incidents, singleUseKeys, 0);
    }
  }

  /**
   * Deletes what is no longer needed: expired webhook dedup keys, dedup keys not seen within the retention,
   * delivery attempts not updated within the retention, incidents resolved longer ago than the retention (open,
   * acknowledged and exhausted incidents are never deleted), expired single-use keys, stale wrong-code counts, and the
   * dispatch journal's marks and reports of every dispatch whose newest mark ({@code marked_at}) and newest report
   * ({@code finished_at}) are older than the retention (a dispatch's rows go together, so a resumed dispatch never
   * sees some of its marks without the others). Safe to run on several instances at once. Run it yourself
   * (e.g. daily) or let one instance run it with {@link JdbcTimerService.Builder#purgeEvery}.
   *
   * @return the counts
   * @throws JdbcStoreException when the database failed
   */
  public PurgeResult purge() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(retention);
    return sql.tx("purge", c -> {
      int dedup;
      int attempts;
      int seen;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.dedup() + " WHERE last_seen < ?")) {
        ps.setObject(1, Sql.ts(cutoff));
        dedup = ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.attempts() + " WHERE updated_at < ?")) {
        ps.setObject(1, Sql.ts(cutoff));
        attempts = ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.seen() + " WHERE expires_at <= ?")) {
        ps.setObject(1, Sql.ts(now));
        seen = ps.executeUpdate();
      }
      int incidents;
      int claims;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.incidents() + " WHERE resolved_at < ? "
          + "AND state = 'RESOLVED'")) {
        ps.setObject(1, Sql.ts(cutoff));
        incidents = ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.claims() + " WHERE expires_at <= ?")) {
        ps.setObject(1, Sql.ts(now));
        claims = ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.wrongCodes() + " WHERE updated_at < ?")) {
        ps.setObject(1, Sql.ts(cutoff));
        claims += ps.executeUpdate();
      }
      int dispatchRows = 0;
      String recent = " NOT EXISTS (SELECT 1 FROM " + tables.dispatchMarks() + " n WHERE n.dispatch_id = x.dispatch_id "
          + "AND n.marked_at >= ?) AND NOT EXISTS (SELECT 1 FROM " + tables.dispatchReports() + " r WHERE "
          + "r.dispatch_id = x.dispatch_id AND r.finished_at >= ?)";
      for (String[] t : new String[][] {{tables.dispatchMarks(), "marked_at"}, {tables.dispatchReports(), "finished_at"}}) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t[0] + " x WHERE x." + t[1] + " < ? AND"
            + recent)) {
          ps.setObject(1, Sql.ts(cutoff));
          ps.setObject(2, Sql.ts(cutoff));
          ps.setObject(3, Sql.ts(cutoff));
          dispatchRows += ps.executeUpdate();
        }
      }
      return new PurgeResult(dedup, attempts, seen, incidents, claims, dispatchRows);
    });
  }

  Sql sql() {
    return sql;
  }

  Tables tables() {
    return tables;
  }

  Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "JdbcStores{" + tables.name("*") + "}";
  }

  /** Configures {@link JdbcStores}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema;
    private String tablePrefix = "alertkit_";
    private Clock clock = Clock.systemUTC();
    private int serializationRetries = 5;
    private Duration webhookDedupTtl = Duration.ofDays(7);
    private Duration retention = Duration.ofDays(30);

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The schema of alertkit's tables (default: the connection's current schema, usually {@code public}).
     *
     * @param schema a lower-case SQL identifier
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /**
     * The prefix of alertkit's table names (default {@code alertkit_}); several applications or environments can share
     * a database with different prefixes.
     *
     * @param prefix a lower-case SQL identifier, at most 30 characters
     * @return this builder
     */
    public Builder tablePrefix(String prefix) {
      this.tablePrefix = prefix;
      return this;
    }

    /**
     * The clock for expiry and purge times (default UTC system clock); use the client's clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * How often a transaction is retried after a serialization failure (SQLSTATE 40001) or deadlock (40P01); default 5.
     *
     * @param retries 0 to 50
     * @return this builder
     */
    public Builder serializationRetries(int retries) {
      this.serializationRetries = retries;
      return this;
    }

    /**
     * How long a webhook/event dedup key is remembered (default 7 days: longer than Twilio's and SendGrid's retries).
     *
     * @param ttl 1 minute to 365 days
     * @return this builder
     */
    public Builder webhookDedupTtl(Duration ttl) {
      this.webhookDedupTtl = ttl;
      return this;
    }

    /**
     * How long dedup keys, delivery attempts, resolved incidents and dispatch journal rows are kept after their last
     * change before {@link #purge()} deletes them (default 30 days). Keep it longer than the longest dedup window and
     * repeat interval, and than a durable dispatch can wait to be resumed.
     *
     * @param retention 1 hour to 3650 days
     * @return this builder
     */
    public Builder retention(Duration retention) {
      this.retention = retention;
      return this;
    }

    /**
     * Validates and creates the stores. Does not touch the database.
     *
     * @return the stores
     * @throws ValidationException when a setting is invalid (the field is named)
     */
    public JdbcStores build() {
      if (schema != null) {
        try {
          new Tables(schema, "x");
        } catch (IllegalArgumentException e) {
          throw new ValidationException("schema", e.getMessage().replaceFirst("^schema ", ""));
        }
      }
      try {
        new Tables(null, Objects.requireNonNullElse(tablePrefix, ""));
      } catch (IllegalArgumentException e) {
        throw new ValidationException("tablePrefix", e.getMessage().replaceFirst("^tablePrefix ", ""));
      }
      if (clock == null) {
        throw new ValidationException("clock", "must not be null");
      }
      if (serializationRetries < 0 || serializationRetries > 50) {
        throw new ValidationException("serializationRetries", "must be 0 to 50 (was " + serializationRetries + ")");
      }
      Checks.range("webhookDedupTtl", webhookDedupTtl, Duration.ofMinutes(1), Duration.ofDays(365));
      Checks.range("retention", retention, Duration.ofHours(1), Duration.ofDays(3650));
      return new JdbcStores(this);
    }

  }
}
