package dev.alertkit.jdbc;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * A store operation failed in the database. {@link #reason()} says why in terms an operator can act on; the message
 * names the operation, the SQLSTATE and, for a constraint violation, the constraint, table and column PostgreSQL
 * named, and never contains alert content, phone numbers, e-mail addresses or any other row value.
 *
 * <p>The driver's exception is not attached as the cause: PostgreSQL's message for a violated constraint quotes the
 * row ({@code Key (address)=(+14155550123) already exists}, {@code Failing row contains (...)}), and a logged stack
 * trace prints every cause's message. What it said that is safe to keep is here: {@link #sqlState()} and
 * {@link #vendorCode()}, and the first line of its message without values in {@link #getMessage()}.
 */
public final class JdbcStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why an operation failed. */
  public enum Reason {
    /** The database could not be reached or closed the connection (down, restarting, network). Retry later. */
    UNAVAILABLE,
    /** No pooled connection became free within the pool's connection timeout. Raise the pool size or lower load. */
    POOL_EXHAUSTED,
    /** Serialization failures or deadlocks persisted after the configured number of retries. */
    CONFLICT,
    /** alertkit's tables are missing or differ from what this version expects: run the migrations. */
    SCHEMA,
    /** Any other database error. */
    OTHER
  }

  /** What kind of failure it was. */
  private final Reason reason;
  /** The database's SQLSTATE, or null. */
  private final String sqlState;
  /** The driver's vendor error code (0 for PostgreSQL's driver). */
  private final int vendorCode;

  /**
   * Creates the exception with a cause; the SQLSTATE and vendor code are the cause's when it is a
   * {@link SQLException}. The cause's message must not contain personal data: it is printed with every stack trace.
   *
   * @param reason why
   * @param message what failed
   * @param cause the underlying exception, or null
   */
  public JdbcStoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.sqlState = cause instanceof SQLException s ? s.getSQLState() : null;
    this.vendorCode = cause instanceof SQLException s ? s.getErrorCode() : 0;
  }

  /**
   * Creates the exception without a cause, keeping what the driver's exception said that carries no row values.
   *
   * @param reason why
   * @param message what failed, without values
   * @param sqlState the SQLSTATE, or null when there was none
   * @param vendorCode the driver's vendor error code
   */
  public JdbcStoreException(Reason reason, String message, String sqlState, int vendorCode) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.sqlState = sqlState;
    this.vendorCode = vendorCode;
  }

  /** @return why the operation failed */
  public Reason reason() {
    return reason;
  }

  /** @return the SQLSTATE the database or the pool reported, e.g. {@code 23505}; empty when there was none */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }

  /** @return the driver's vendor error code ({@link SQLException#getErrorCode()}; PostgreSQL's driver reports 0) */
  public int vendorCode() {
    return vendorCode;
  }

  /** @return true when retrying later may succeed (unavailable, pool exhausted, conflict) */
  public boolean isTransient() {
    return reason == Reason.UNAVAILABLE || reason == Reason.POOL_EXHAUSTED || reason == Reason.CONFLICT;
  }
}
