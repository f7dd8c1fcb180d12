package dev.alertkit.jdbc;

import dev.alertkit.Channel;
import dev.alertkit.jdbc.internal.Sql;
import dev.alertkit.jdbc.internal.Tables;
import dev.alertkit.spi.DispatchJournal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@link DispatchJournal} in PostgreSQL, shared by every instance on the same database and table prefix: what
 * one instance marked before it died, another reads when it resumes the dispatch. Create it with
 * {@link JdbcStores#dispatchJournal()}; its tables ({@code <prefix>dispatch_marks}, {@code <prefix>dispatch_reports})
 * come with migration {@code V3__alertkit_dispatch_journal.sql}.
 *
 * <p>Cost per call:
 * <ul>
 *   <li>{@link #mark}: one {@code INSERT … SELECT … FROM unnest(…) ON CONFLICT (dispatch_id, attempt_id) DO UPDATE}
 *       for the whole list (the values travel as seven array parameters, so the list's size does not meet
 *       PostgreSQL's bind-parameter limit), then {@code COMMIT}. A list of more than 10,000 marks is written by
 *       several such statements in the same transaction.</li>
 *   <li>{@link #finish}: the same for the reports (one statement per 10,000 reports or 8 Mi characters of report
 *       text, in one transaction).</li>
 *   <li>{@link #read}: one {@code SELECT} over both tables ({@code UNION ALL}), so marks and reports come from one
 *       snapshot.</li>
 * </ul>
 * Each call commits before it returns (durable with PostgreSQL's default {@code synchronous_commit}). Rows are
 * written in attempt-id (recipient-id) order, so concurrent calls on one dispatch lock rows in the same order;
 * serialization failures and deadlocks are retried ({@link JdbcStores.Builder#serializationRetries}). Within one
 * {@code mark} list, the last mark of an attempt wins. Times are kept to the microsecond (PostgreSQL's precision).
 *
 * <p>Failures throw {@link JdbcStoreException} with a {@link JdbcStoreException#reason() reason}; messages name the
 * operation, never report text or recipient ids. A value PostgreSQL {@code text} cannot hold (a NUL character) and a
 * dispatch id longer than {@value DispatchJournal#MAX_DISPATCH_ID} characters are refused with an
 * {@link IllegalArgumentException} before anything is written. Rows are deleted by {@link JdbcStores#purge()}.
 */
public final class JdbcDispatchJournal implements DispatchJournal {
  /** Marks per statement. */
  static final int MARKS_PER_STATEMENT = 10_000;
  /** Reports per statement. */
  static final int REPORTS_PER_STATEMENT = 10_000;
  /** Characters of report text per statement (a single longer report gets a statement of its own). */
  static final long REPORT_CHARS_PER_STATEMENT = 8L << 20;

  private final Sql sql;
  private final Tables tables;
  private final int marksPerStatement;
  private final int reportsPerStatement;
  private final long reportCharsPerStatement;
  private final String markSql;
  private final String finishSql;
  private final String readSql;

  JdbcDispatchJournal(Sql sql, Tables tables) {
    this(sql, tables, MARKS_PER_STATEMENT, REPORTS_PER_STATEMENT, REPORT_CHARS_PER_STATEMENT);
  }

  /** With other statement sizes (tests). */
  JdbcDispatchJournal(Sql sql, Tables tables, int marksPerStatement, int reportsPerStatement,
      long reportCharsPerStatement) {
    this.sql = sql;
    this.tables = tables;
    this.marksPerStatement = marksPerStatement;
    this.reportsPerStatement = reportsPerStatement;
    this.reportCharsPerStatement = reportCharsPerStatement;
    this.markSql = "INSERT INTO " + tables.dispatchMarks() + " (dispatch_id, attempt_id, recipient_id, channel, "
        + "provider, mark, marked_at) SELECT ?, u.attempt_id, u.recipient_id, u.channel, u.provider, u.mark, "
        + "u.marked_at FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]::timestamptz[]) "
        + "AS u(attempt_id, recipient_id, channel, provider, mark, marked_at) "
        + "ON CONFLICT (dispatch_id, attempt_id) DO UPDATE SET recipient_id = EXCLUDED.recipient_id, "
        + "channel = EXCLUDED.channel, provider = EXCLUDED.provider, mark = EXCLUDED.mark, "
        + "marked_at = EXCLUDED.marked_at";
    this.finishSql = "INSERT INTO " + tables.dispatchReports() + " (dispatch_id, recipient_id, report, finished_at) "
        + "SELECT ?, u.recipient_id, u.report, ? FROM unnest(?::text[], ?::text[]) AS u(recipient_id, report) "
        + "ON CONFLICT (dispatch_id, recipient_id) DO UPDATE SET report = EXCLUDED.report, "
        + "finished_at = EXCLUDED.finished_at";
    this.readSql = "SELECT attempt_id, recipient_id, channel, provider, mark, marked_at AS at, NULL::text AS report "
        + "FROM " + tables.dispatchMarks() + " WHERE dispatch_id = ? UNION ALL "
        + "SELECT NULL, recipient_id, NULL, NULL, NULL, finished_at, report "
        + "FROM " + tables.dispatchReports() + " WHERE dispatch_id = ?";
  }

  /**
   * {@inheritDoc}
   *
   * <p>One statement for up to 10,000 marks, then {@code COMMIT}; a longer list is written in several statements of
   * one transaction. An empty list writes nothing.
   *
   * @throws NullPointerException when an argument or a mark is null
   * @throws IllegalArgumentException when the dispatch id is longer than {@value DispatchJournal#MAX_DISPATCH_ID}
   *     characters or a value contains a NUL character
   * @throws JdbcStoreException when the database failed (nothing was written)
   */
  @Override
  public void mark(String dispatchId, List<AttemptMark> marks) {
    checkDispatchId(dispatchId);
    Objects.requireNonNull(marks, "marks");
    TreeMap<String, AttemptMark> byAttempt = new TreeMap<>();
    int index = 0;
    for (AttemptMark m : marks) {
      if (m == null) {
        throw new NullPointerException("marks[" + index + "]");
      }
      noNul("marks[" + index + "].recipientId", m.recipientId());
      noNul("marks[" + index + "].attemptId", m.attemptId());
      noNul("marks[" + index + "].provider", m.provider());
      byAttempt.put(m.attemptId(), m);
      index++;
    }
    if (byAttempt.isEmpty()) {
      return;
    }
    List<AttemptMark> rows = new ArrayList<>(byAttempt.values());
    sql.tx("dispatch journal mark", c -> {
      try (PreparedStatement ps = c.prepareStatement(markSql)) {
        for (int from = 0; from < rows.size(); from += marksPerStatement) {
          List<AttemptMark> chunk = rows.subList(from, Math.min(rows.size(), from + marksPerStatement));
          int n = chunk.size();
          String[] attempts = new String[n];
          String[] recipients = new String[n];
          String[] channels = new String[n];
          String[] providers = new String[n];
          String[] kinds = new String[n];
          String[] times = new String[n];
          for (int i = 0; i < n; i++) {
            AttemptMark m = chunk.get(i);
            attempts[i] = m.attemptId();
            recipients[i] = m.recipientId();
            channels[i] = m.channel().name();
            providers[i] = m.provider();
            kinds[i] = m.mark().name();
            times[i] = m.at().toString();
          }
          List<Array> arrays = new ArrayList<>(6);
          try {
            ps.setString(1, dispatchId);
            int p = 2;
            for (String[] values : List.of(attempts, recipients, channels, providers, kinds, times)) {
              Array a = c.createArrayOf("text", values);
              arrays.add(a);
              ps.setArray(p++, a);
            }
            ps.executeUpdate();
          } finally {
            free(arrays);
          }
        }
      }
      return null;
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One statement for up to 10,000 reports (and 8 Mi characters of report text), then {@code COMMIT}; more are
   * written in several statements of one transaction. An empty map writes nothing.
   *
   * @throws NullPointerException when an argument, a recipient id or a report is null
   * @throws IllegalArgumentException when the dispatch id is longer than {@value DispatchJournal#MAX_DISPATCH_ID}
   *     characters or a value contains a NUL character
   * @throws JdbcStoreException when the database failed (nothing was written)
   */
  @Override
  public void finish(String dispatchId, Map<String, String> reports, Instant at) {
    checkDispatchId(dispatchId);
    Objects.requireNonNull(reports, "reports");
    Objects.requireNonNull(at, "at");
    TreeMap<String, String> byRecipient = new TreeMap<>();
    for (Map.Entry<String, String> e : reports.entrySet()) {
      String recipientId = Objects.requireNonNull(e.getKey(), "reports: a recipient id");
      String report = Objects.requireNonNull(e.getValue(), "reports: a report");
      noNul("reports: a recipient id", recipientId);
      noNul("reports: a report", report);
      byRecipient.put(recipientId, report);
    }
    if (byRecipient.isEmpty()) {
      return;
    }
    List<Map.Entry<String, String>> rows = new ArrayList<>(byRecipient.entrySet());
    sql.tx("dispatch journal finish", c -> {
      try (PreparedStatement ps = c.prepareStatement(finishSql)) {
        int from = 0;
        while (from < rows.size()) {
          int to = from;
          long chars = 0;
          while (to < rows.size() && to - from < reportsPerStatement
              && (to == from || chars + rows.get(to).getValue().length() <= reportCharsPerStatement)) {
            chars += rows.get(to).getValue().length();
            to++;
          }
          int n = to - from;
          String[] recipients = new String[n];
          String[] texts = new String[n];
          for (int i = 0; i < n; i++) {
            recipients[i] = rows.get(from + i).getKey();
            texts[i] = rows.get(from + i).getValue();
          }
          List<Array> arrays = new ArrayList<>(2);
          try {
            ps.setString(1, dispatchId);
            ps.setObject(2, Sql.ts(at));
            Array r = c.createArrayOf("text", recipients);
            arrays.add(r);
            ps.setArray(3, r);
            Array t = c.createArrayOf("text", texts);
            arrays.add(t);
            ps.setArray(4, t);
            ps.executeUpdate();
          } finally {
            free(arrays);
          }
          from = to;
        }
      }
      return null;
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One statement over both tables.
   *
   * @throws NullPointerException when the dispatch id is null
   * @throws IllegalArgumentException when the dispatch id is longer than {@value DispatchJournal#MAX_DISPATCH_ID}
   *     characters or contains a NUL character
   * @throws JdbcStoreException when the database failed
   */
  @Override
  public Recorded read(String dispatchId) {
    checkDispatchId(dispatchId);
    return sql.tx("dispatch journal read", c -> read(c, dispatchId));
  }

  private Recorded read(Connection c, String dispatchId) throws SQLException {
    List<AttemptMark> marks = new ArrayList<>();
    Map<String, String> reports = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(readSql)) {
      ps.setString(1, dispatchId);
      ps.setString(2, dispatchId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String attemptId = rs.getString("attempt_id");
          if (attemptId == null) {
            reports.put(rs.getString("recipient_id"), rs.getString("report"));
          } else {
            marks.add(new AttemptMark(rs.getString("recipient_id"), attemptId, Channel.valueOf(rs.getString("channel")),
                rs.getString("provider"), Mark.valueOf(rs.getString("mark")), Sql.instant(rs, "at")));
          }
        }
      }
    }
    return new Recorded(marks, reports);
  }

  /** @return true: what is recorded is in PostgreSQL */
  @Override
  public boolean durable() {
    return true;
  }

  private static void checkDispatchId(String dispatchId) {
    Objects.requireNonNull(dispatchId, "dispatchId");
    if (dispatchId.length() > MAX_DISPATCH_ID) {
      throw new IllegalArgumentException("dispatchId must be at most " + MAX_DISPATCH_ID + " characters (was "
          + dispatchId.length() + ")");
    }
    noNul("dispatchId", dispatchId);
  }

  /** PostgreSQL text cannot hold NUL; the message names the field, never the value. */
  private static void noNul(String field, String value) {
    if (value.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException(field + " contains a NUL character, which PostgreSQL text cannot hold");
    }
  }

  private static void free(List<Array> arrays) {
    for (Array a : arrays) {
      try {
        a.free();
      } catch (SQLException e) {
        // nothing held: the driver's arrays live on the heap
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcDispatchJournal{" + tables.dispatchMarks() + ", " + tables.dispatchReports() + "}";
  }
}
