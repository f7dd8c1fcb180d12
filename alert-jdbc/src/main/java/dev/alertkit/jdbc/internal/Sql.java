package dev.alertkit.jdbc.internal;

import dev.alertkit.jdbc.JdbcStoreException;
import dev.alertkit.jdbc.JdbcStoreException.Reason;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work on connections from the application's {@link DataSource}: one transaction each, retried a
 * bounded number of times on serialization failures (SQLSTATE 40001) and deadlocks (40P01), every other failure
 * translated to a {@link JdbcStoreException} with a reason. Waiting for a connection is bounded by the pool's own
 * connection timeout.
 */
public final class Sql {
  private static final Logger LOG = LoggerFactory.getLogger(Sql.class);

  /** A unit of work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Runs.
     *
     * @param c the connection (auto-commit off; the caller commits)
     * @return the result
     * @throws SQLException on a database error
     */
    T run(Connection c) throws SQLException;
  }

  /** Thrown by work that lost a race (e.g. a concurrent insert) and should simply run again. */
  public static final class Retry extends SQLException {
    private static final long serialVersionUID = 1L;

    /** Creates the signal. */
    public Retry() {
      super("retry", "40001");
    }
  }

  private final DataSource dataSource;
  private final int maxRetries;

  /**
   * Creates the helper.
   *
   * @param dataSource the application's data source
   * @param maxRetries how often a transaction is retried after a serialization failure or deadlock
   */
  public Sql(DataSource dataSource, int maxRetries) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.maxRetries = maxRetries;
  }

  /** @return the data source */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Runs work in one transaction, retrying it on serialization failures and deadlocks.
   *
   * @param what the operation's name for error messages (no personal data)
   * @param work the work
   * @param <T> the result type
   * @return the result
   * @throws JdbcStoreException when the work failed
   */
  public <T> T tx(String what, Work<T> work) {
    int attempt = 0;
    while (true) {
      attempt++;
      try (Connection c = dataSource.getConnection()) {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c);
          throw e;
        } finally {
          restoreAutoCommit(c, auto);
        }
      } catch (SQLException e) {
        // a lost insert race (Retry) is always worth one more run: the row exists now
        if (isRetryable(e) && (attempt <= maxRetries || (e instanceof Retry && attempt <= 3))) {
          LOG.debug("{}: {} (SQLSTATE {}), retry {} of {}", what, e.getMessage(), e.getSQLState(), attempt, maxRetries);
          LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000L, 1_000_000L * Math.min(attempt, 10)));
          continue;
        }
        throw translate(what, e, attempt);
      }
    }
  }

  /**
   * Translates a driver or pool exception.
   *
   * @param what the operation
   * @param e the exception
   * @param attempts how many times it ran
   * @return the translated exception
   */
  public static JdbcStoreException translate(String what, SQLException e, int attempts) {
    String state = sqlState(e);
    if (isRetryable(e)) {
      return new JdbcStoreException(Reason.CONFLICT, what + ": still conflicting after " + attempts
          + " attempts (SQLSTATE " + state + ")", e);
    }
    if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"))) {
      return new JdbcStoreException(Reason.UNAVAILABLE, what + ": PostgreSQL is unavailable (SQLSTATE " + state + ": "
          + e.getMessage() + ")", e);
    }
    if (e instanceof SQLTransientConnectionException) {
      return new JdbcStoreException(Reason.POOL_EXHAUSTED, what + ": no database connection became available within "
          + "the pool's connection timeout (pool exhausted: raise its size or lower the load): " + e.getMessage(), e);
    }
    if ("42P01".equals(state) || "42703".equals(state)) {
      return new JdbcStoreException(Reason.SCHEMA, what + ": alertkit's tables are missing or out of date; run "
          + "JdbcStores.migrate(...) or the Flyway migrations in db/migration/alertkit (SQLSTATE " + state + ": "
          + e.getMessage() + ")", e);
    }
    return new JdbcStoreException(Reason.OTHER, what + " failed (SQLSTATE " + state + "): " + e.getMessage(), e);
  }

  private static boolean isRetryable(SQLException e) {
    if (e instanceof Retry) {
      return true;
    }
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state);
  }

  /** The first SQLSTATE in the cause chain, the pool's wrapper first. */
  private static String sqlState(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed: {}", e.getMessage());
    }
  }

  private static void restoreAutoCommit(Connection c, boolean auto) {
    try {
      c.setAutoCommit(auto);
    } catch (SQLException e) {
      LOG.debug("could not restore auto-commit: {}", e.getMessage());
    }
  }

  /**
   * Makes a key storable in a {@code text} column, which cannot hold NUL: backslash becomes two backslashes and NUL
   * becomes backslash-zero (injective, so distinct keys stay distinct).
   *
   * @param key the key
   * @return the stored form
   */
  public static String key(String key) {
    if (key.indexOf('\\') < 0 && key.indexOf('\u0000') < 0) {
      return key;
    }
    return key.replace("\\", "\\\\").replace("\u0000", "\\0");
  }

  /**
   * @param i an instant or null
   * @return a timestamp or null
   */
  public static OffsetDateTime ts(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  /**
   * Reads a {@code timestamptz} column.
   *
   * @param rs the result set
   * @param column the column
   * @return the instant, or null for SQL NULL
   * @throws SQLException on a database error
   */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
