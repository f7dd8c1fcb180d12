package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.incident.Incident;
import dev.alertkit.incident.Notification;
import dev.alertkit.jdbc.JdbcStoreException.Reason;
import dev.alertkit.jdbc.internal.Sql;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL quotes row values in its messages ({@code Key (address, channel)=(+14155550123, SMS) already exists},
 * {@code Failing row contains (...)}, a batch entry's statement with its parameters): a {@link JdbcStoreException}
 * names the operation, the SQLSTATE and the constraint, never a value, in its message, its cause chain or its printed
 * stack trace.
 */
class StoreExceptionsCarryNoRowValuesTest {
  static final String PHONE = "+14155550123";
  static final String EMAIL = "alice@example.com";
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static DataSource ds;

  @BeforeAll
  static void database() {
    ds = Pg.plain(Pg.newDatabase("novalues"));
    JdbcStores.builder(ds).build().migrate();
  }

  /** What a logger prints for the exception: its stack trace with every cause's and suppressed exception's message. */
  private static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** Asserts that nothing of the exception that can reach a log line contains a value. */
  private static void assertNoValues(JdbcStoreException e, String... values) {
    StringBuilder everything = new StringBuilder(printed(e)).append('\n').append(e);
    for (Throwable t = e; t != null; t = t.getCause()) {
      everything.append('\n').append(t.getMessage()).append('\n').append(t.getLocalizedMessage());
    }
    assertThat(e.getCause()).as("the driver's exception is not attached").isNull();
    for (String v : values) {
      assertThat(everything.toString()).doesNotContain(v);
    }
    assertThat(everything.toString()).doesNotContain("4155550123").doesNotContain("Key (").doesNotContain("Failing row")
        .doesNotContain("Detail");
  }

  /** Runs a statement straight on the driver and returns its exception (to show what PostgreSQL itself says). */
  private static SQLException raw(String sql, String... params) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      ps.execute();
      throw new AssertionError("expected " + sql + " to fail");
    } catch (SQLException e) {
      return e;
    }
  }

  private static JdbcStoreException fail(String what, String sql, String... params) {
    Throwable t = catchThrowable(() -> new Sql(ds, 0).tx(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setString(i + 1, params[i]);
        }
        ps.execute();
      }
      return null;
    }));
    assertThat(t).isInstanceOf(JdbcStoreException.class);
    return (JdbcStoreException) t;
  }

  @Test
  void aUniqueViolationNamesTheSqlStateAndTheConstraintButNotTheKey() {
    // Given a number that has opted out of SMS
    String insert = "INSERT INTO alertkit_opt_out (address, channel, updated_at) VALUES (?, 'SMS', now())";
    assertThat(catchThrowable(() -> new Sql(ds, 0).tx("opt-out insert", c -> {
      try (PreparedStatement ps = c.prepareStatement(insert)) {
        ps.setString(1, PHONE);
        return ps.executeUpdate();
      }
    }))).isNull();
    // (PostgreSQL's own message quotes the key: this is what must not get through)
    assertThat(raw(insert, PHONE).getMessage()).contains("Key (address, channel)=(" + PHONE + ", SMS) already exists");

    // When the same row is inserted again
    JdbcStoreException e = fail("opt-out insert", insert, PHONE);

    // Then the exception names the operation, the SQLSTATE and the constraint, and no value
    assertThat(e.reason()).isEqualTo(Reason.OTHER);
    assertThat(e.sqlState()).contains("23505");
    assertThat(e.vendorCode()).isZero();
    assertThat(e.getMessage()).isEqualTo("opt-out insert failed (SQLSTATE 23505, constraint alertkit_opt_out_pkey: ERROR: duplicate"
        + " key value violates unique constraint \"alertkit_opt_out_pkey\")");
    assertNoValues(e, PHONE);
  }

  @Test
  void aNotNullViolationNamesTheColumnAndTableButNotTheFailingRow() {
    // Given a notification row without its incident (PostgreSQL's message shows the whole row)
    String insert = "INSERT INTO alertkit_incident_notification (alert_id, incident_id, address) VALUES ('a-1', NULL, ?)";
    assertThat(raw(insert, PHONE).getMessage()).contains("Failing row contains (a-1, null, " + PHONE + ")");

    // When it is inserted through the store's transaction helper
    JdbcStoreException e = fail("notification insert", insert, PHONE);

    // Then the exception names the SQLSTATE, the column and the table, and no value
    assertThat(e.sqlState()).contains("23502");
    assertThat(e.getMessage()).startsWith("notification insert failed (SQLSTATE 23502, table alertkit_incident_notification,"
        + " column incident_id: ERROR: null value in column \"incident_id\"");
    assertNoValues(e, PHONE, "a-1");
  }

  @Test
  void aValueQuotedInThePrimaryMessageIsCutOff() {
    // Given text that is not a uuid (PostgreSQL's message quotes it on its first line)
    String select = "SELECT CAST(? AS uuid)";
    String text = "call " + PHONE + " or write to " + EMAIL;
    assertThat(raw(select, text).getMessage()).contains(PHONE);

    // When it is cast
    JdbcStoreException e = fail("lookup", select, text);

    // Then the message keeps the kind of error and drops the value
    assertThat(e.getMessage()).isEqualTo("lookup failed (SQLSTATE 22P02: ERROR: invalid input syntax for type uuid)");
    assertNoValues(e, PHONE, EMAIL, "call", "write");
  }

  @Test
  void aFailedNotificationBatchOfTheIncidentStoreNamesTheConstraintButNotTheStatementOrItsParameters() throws Exception {
    // Given the incident store on tables of their own, with a constraint every phone number violates
    JdbcStores stores = JdbcStores.builder(ds).tablePrefix("batch_").build();
    stores.migrate();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("ALTER TABLE batch_incident_notification ADD CONSTRAINT no_numbers CHECK (address NOT LIKE '+%')");
    }
    Alert alert = Alert.builder().id("inc-1").severity(Severity.CRITICAL).title("db-1 down")
        .recipient(Recipient.builder("alice").phone(PHONE).email(EMAIL).build()).createdAt(NOW).build();
    Incident incident = Incident.open(alert, "db", NOW).toBuilder()
        .notification(new Notification("alice", Channel.EMAIL, EMAIL, 0, 0, "inc-1~e", "4821", NOW))
        .notification(new Notification("alice", Channel.SMS, PHONE, 0, 0, "inc-1~s", "4821", NOW)).build();

    // When the incident and its notifications are written (one batch of INSERTs)
    Throwable t = catchThrowable(() -> stores.incidentStore().createOrGetOpen(incident));

    // Then the failure names the operation, the SQLSTATE and the constraint; not the statement, not a parameter
    assertThat(t).isInstanceOf(JdbcStoreException.class);
    JdbcStoreException e = (JdbcStoreException) t;
    assertThat(e.sqlState()).contains("23514");
    assertThat(e.getMessage()).isEqualTo("incident create failed (SQLSTATE 23514, constraint no_numbers, table batch_incident_notification:"
        + " ERROR: new row for relation \"batch_incident_notification\" violates check constraint \"no_numbers\")");
    assertNoValues(e, PHONE, EMAIL, "INSERT", "inc-1~s");
    // and nothing was written
    assertThat(stores.incidentStore().find("inc-1")).isEmpty();
  }

  @Test
  void aFailingRowWithTheWholeAlertIsNotQuoted() throws Exception {
    // Given incident tables of their own whose alert column refuses any alert (the failing row holds its JSON)
    JdbcStores stores = JdbcStores.builder(ds).tablePrefix("row_").build();
    stores.migrate();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("ALTER TABLE row_incident ADD CONSTRAINT tiny_alert CHECK (length(alert) < 10)");
    }
    Alert alert = Alert.builder().id("inc-2").severity(Severity.CRITICAL).title("db-1 down").body("Bob's disk report: call " + PHONE)
        .recipient(Recipient.builder("alice").phone(PHONE).email(EMAIL).build()).createdAt(NOW).build();

    // When the incident is created
    Throwable t = catchThrowable(() -> stores.incidentStore().createOrGetOpen(Incident.open(alert, "db", NOW)));

    // Then neither the report text nor an address is in the exception
    assertThat(t).isInstanceOf(JdbcStoreException.class);
    JdbcStoreException e = (JdbcStoreException) t;
    assertThat(e.getMessage()).contains("SQLSTATE 23514").contains("constraint tiny_alert").contains("table row_incident");
    assertNoValues(e, PHONE, EMAIL, "Bob's disk report", "db-1 down");
  }

  @Test
  void aBatchWithoutTheErrorThatAbortedItSaysOnlyThatAndValuesInDriverOrTranslatedTextAreCutOff() {
    // Given driver exceptions as pgjdbc words them, without a server message behind the batch
    BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO t (address) VALUES ('" + PHONE + "') was"
        + " aborted: ERROR: boom", "23514", 0, new int[0]);
    SQLException badValue = new SQLException("Bad value for type long : " + PHONE, "22003");

    // When translated, then no value survives and the SQLSTATE is kept
    JdbcStoreException b = Sql.translate("mark", batch, 1);
    assertThat(b.getMessage()).isEqualTo("mark failed (SQLSTATE 23514: a statement of a batch failed)");
    assertNoValues(b, PHONE, "INSERT");
    JdbcStoreException v = Sql.translate("read", badValue, 1);
    assertThat(v.getMessage()).isEqualTo("read failed (SQLSTATE 22003: Bad value for type long)");
    assertNoValues(v, PHONE);
    // and a server whose messages are translated quotes the value with its own quotation marks
    SQLException german = new SQLException("FEHLER: ungültige Eingabesyntax für Typ uuid: \u00bbRing " + PHONE + "\u00ab", "22P02");
    JdbcStoreException g = Sql.translate("lookup", german, 1);
    assertThat(g.getMessage()).isEqualTo("lookup failed (SQLSTATE 22P02: FEHLER: ungültige Eingabesyntax für Typ uuid)");
    assertNoValues(g, PHONE, "Ring");
  }
}
