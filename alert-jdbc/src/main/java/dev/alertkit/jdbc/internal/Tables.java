package dev.alertkit.jdbc.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Table names: an optional schema and a prefix, both validated as plain lower-case SQL identifiers so that they can
 * be put into statements safely.
 *
 * @param schema the schema, or null for the connection's current schema
 * @param prefix the table prefix, e.g. {@code alertkit_}
 */
public record Tables(String schema, String prefix) {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
  private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,29}");

  /**
   * Validates.
   *
   * @param schema the schema or null
   * @param prefix the prefix
   * @throws IllegalArgumentException when either is not a plain identifier (the message names which)
   */
  public Tables {
    Objects.requireNonNull(prefix, "prefix");
    if (schema != null && !IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("schema must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 40 "
          + "characters)");
    }
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("tablePrefix must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 30 "
          + "characters)");
    }
  }

  /**
   * @param table the table's name without prefix, e.g. {@code dedup}
   * @return the qualified name to use in statements
   */
  public String name(String table) {
    return (schema == null ? "" : schema + ".") + prefix + table;
  }

  /** @return the dedup table */
  public String dedup() {
    return name("dedup");
  }

  /** @return the delivery attempt table */
  public String attempts() {
    return name("delivery_attempt");
  }

  /** @return the webhook dedup key table */
  public String seen() {
    return name("delivery_seen");
  }

  /** @return db-scheduler's table */
  public String scheduledTasks() {
    return name("scheduled_tasks");
  }

  /** @return the incident table */
  public String incidents() {
    return name("incident");
  }

  /** @return the incident notification index table */
  public String incidentNotifications() {
    return name("incident_notification");
  }

  /** @return the reply-keyword opt-out table */
  public String optOuts() {
    return name("opt_out");
  }

  /** @return the wrong reply code counts */
  public String wrongCodes() {
    return name("wrong_code");
  }

  /** @return the single-use key table */
  public String claims() {
    return name("claim_once");
  }

  /** @return the dispatch journal's marks (one row per message of a dispatch) */
  public String dispatchMarks() {
    return name("dispatch_marks");
  }

  /** @return the dispatch journal's final reports (one row per recipient of a dispatch) */
  public String dispatchReports() {
    return name("dispatch_reports");
  }

  /** @return the table recording applied migrations */
  public String schemaVersion() {
    return name("schema_version");
  }
}
