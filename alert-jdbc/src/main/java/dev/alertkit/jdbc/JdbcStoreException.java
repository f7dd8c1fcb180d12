package dev.alertkit.jdbc;

import java.util.Objects;

/**
 * A store operation failed in the database. {@link #reason()} says why in terms an operator can act on; the message
 * names the operation and never contains alert content, phone numbers or e-mail addresses.
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

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param message what failed
   * @param cause the driver's or pool's exception
   */
  public JdbcStoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** @return why the operation failed */
  public Reason reason() {
    return reason;
  }

  /** @return true when retrying later may succeed (unavailable, pool exhausted, conflict) */
  public boolean isTransient() {
    return reason == Reason.UNAVAILABLE || reason == Reason.POOL_EXHAUSTED || reason == Reason.CONFLICT;
  }
}
