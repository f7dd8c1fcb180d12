package dev.alertkit.jdbc.internal;

import dev.alertkit.jdbc.JdbcStoreException;
import dev.alertkit.jdbc.JdbcStoreException.Reason;
import dev.alertkit.spi.support.Redaction;
import java.sql.BatchUpdateException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** A name PostgreSQL quotes in a message: a constraint, a table (relation) or a column (at most 63 bytes). */
  private static final Pattern CONSTRAINT = Pattern.compile("constraint \"([^\"]{1,63})\"");
  private static final Pattern TABLE = Pattern.compile("(?:relation|table) \"([^\"]{1,63})\"");
  private static final Pattern COLUMN = Pattern.compile("column \"([^\"]{1,63})\"");
  /**
   * Where a value may begin in the first line of a message: a key or a failing row (normally in DETAIL, on a later
   * line), a DETAIL written on the same line, a quoted datum after a colon ({@code invalid input syntax for type
   * uuid: "..."}, or with the quotation marks of a server whose messages are translated: {@code »...«}), the
   * driver's {@code Bad value for type long : ...}, and {@code (column)=(value)}.
   */
  private static final String[] VALUE_STARTS = {"Key (", "Failing row contains", "DETAIL", "Detail:", ": \"", ": \u00bb",
      ": \u00ab", ": \u201e", ": \u201c", ": '", " : ", ")=("};
  /** The longest driver text kept in a message. */
  private static final int MAX_TEXT = 300;

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
          LOG.debug("{}: {}, retry {} of {}", what, describe(e), attempt, maxRetries);
          LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000L, 1_000_000L * Math.min(attempt, 10)));
          continue;
        }
        throw translate(what, e, attempt);
      }
    }
  }

  /**
   * Translates a driver or pool exception into a {@link JdbcStoreException} whose message names the operation, the
   * SQLSTATE, the constraint, table and column PostgreSQL named, and the first line of the driver's message without
   * values (see {@link #describe}). The driver's exception is not attached as the cause: its message quotes row values
   * (PostgreSQL's {@code Key (...)=(...)}, {@code Failing row contains (...)}, DETAIL, a batch entry's statement with
   * its parameters), and alertkit logs some exceptions with their stack traces, which print every cause's message.
   *
   * @param what the operation
   * @param e the exception
   * @param attempts how many times it ran
   * @return the translated exception
   */
  public static JdbcStoreException translate(String what, SQLException e, int attempts) {
    String state = sqlState(e);
    int vendor = vendorCode(e);
    if (isRetryable(e)) {
      return new JdbcStoreException(Reason.CONFLICT, what + ": still conflicting after " + attempts
          + " attempts (SQLSTATE " + state + ")", state, vendor);
    }
    String why = describe(e);
    if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"))) {
      return new JdbcStoreException(Reason.UNAVAILABLE, what + ": PostgreSQL is unavailable (" + why + ")", state, vendor);
    }
    if (e instanceof SQLTransientConnectionException) {
      return new JdbcStoreException(Reason.POOL_EXHAUSTED, what + ": no database connection became available within "
          + "the pool's connection timeout (pool exhausted: raise its size or lower the load) (" + why + ")", state, vendor);
    }
    if ("42P01".equals(state) || "42703".equals(state)) {
      return new JdbcStoreException(Reason.SCHEMA, what + ": alertkit's tables are missing or out of date; run "
          + "JdbcStores.migrate(...) or the Flyway migrations in db/migration/alertkit (" + why + ")", state, vendor);
    }
    return new JdbcStoreException(Reason.OTHER, what + " failed (" + why + ")", state, vendor);
  }

  /**
   * Describes a driver or pool exception without values: {@code SQLSTATE 23505, constraint alertkit_opt_out_pkey:
   * ERROR: duplicate key value violates unique constraint "alertkit_opt_out_pkey"}. The text is the first line of
   * the message (PostgreSQL's DETAIL, HINT, WHERE and position follow on later lines), cut before the first place a
   * value may start, with any phone number or e-mail address left in it masked. A batch's own message (which quotes
   * the failed statement with its parameters) is replaced by the message of the error that aborted it.
   *
   * @param e the exception
   * @return the description
   */
  public static String describe(SQLException e) {
    String state = sqlState(e);
    StringBuilder s = new StringBuilder("SQLSTATE ").append(state == null ? "unknown" : state);
    int vendor = vendorCode(e);
    if (vendor != 0) {
      s.append(", vendor code ").append(vendor);
    }
    String first = firstLine(textSource(e));
    name(s, "constraint", CONSTRAINT, first);
    name(s, "table", TABLE, first);
    name(s, "column", COLUMN, first);
    String text = withoutValues(first);
    if (!text.isEmpty()) {
      s.append(": ").append(text);
    }
    return s.toString();
  }

  /** The exception whose message describes the failure: for a batch, the error that aborted it, never the batch. */
  private static String textSource(SQLException e) {
    if (!(e instanceof BatchUpdateException)) {
      return e.getMessage();
    }
    int guard = 0;
    for (SQLException n = e.getNextException(); n != null && guard++ < 10; n = n.getNextException()) {
      if (!(n instanceof BatchUpdateException)) {
        return n.getMessage();
      }
    }
    for (Throwable t = e.getCause(); t != null && guard++ < 20; t = t.getCause()) {
      if (t instanceof SQLException n && !(n instanceof BatchUpdateException)) {
        return n.getMessage();
      }
    }
    return "a statement of a batch failed";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.length();
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '\n' || c == '\r') {
        end = i;
        break;
      }
    }
    return message.substring(0, end);
  }

  private static void name(StringBuilder s, String what, Pattern p, String line) {
    Matcher m = p.matcher(line);
    if (m.find()) {
      s.append(", ").append(what).append(' ').append(Redaction.oneLine(m.group(1)));
    }
  }

  /** The line cut before the first place a value may start, addresses masked, at most {@value #MAX_TEXT} characters. */
  private static String withoutValues(String line) {
    int cut = line.length();
    for (String start : VALUE_STARTS) {
      int i = line.indexOf(start);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    String text = Redaction.oneLine(line.substring(0, cut)).strip();
    while (text.endsWith(":") || text.endsWith(",")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
  }

  /** The vendor code of the exception that gave the SQLSTATE. */
  private static int vendorCode(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getErrorCode();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return e.getErrorCode();
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
      LOG.debug("rollback failed: {}", describe(e));
    }
  }

  private static void restoreAutoCommit(Connection c, boolean auto) {
    try {
      c.setAutoCommit(auto);
    } catch (SQLException e) {
      LOG.debug("could not restore auto-commit: {}", describe(e));
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
