package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.jdbc.internal.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bounded retry of {@link Sql} against errors PostgreSQL itself raises. */
class SqlRetryTest {
  private static DataSource ds;

  @BeforeAll
  static void database() {
    ds = Pg.plain(Pg.newDatabase("sql"));
  }

  /** Makes PostgreSQL itself fail the statement with a SQLSTATE. */
  private static void raise(Connection c, String sqlState) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("DO $$ BEGIN RAISE EXCEPTION 'provoked' USING ERRCODE = '" + sqlState + "'; END $$");
    }
  }

  @Test
  void serializationFailuresAndDeadlocksAreRetriedThenSucceed() {
    Sql sql = new Sql(ds, 3);
    AtomicInteger runs = new AtomicInteger();

    String result = sql.tx("test", c -> {
      int n = runs.incrementAndGet();
      if (n == 1) {
        raise(c, "40001");
      } else if (n == 2) {
        raise(c, "40P01");
      }
      return "done on run " + n;
    });

    assertThat(result).isEqualTo("done on run 3");
  }

  @Test
  void persistentConflictGivesUpAfterTheConfiguredRetries() {
    Sql sql = new Sql(ds, 2);
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> sql.tx("claim", c -> {
      runs.incrementAndGet();
      raise(c, "40001");
      return null;
    })).isInstanceOfSatisfying(JdbcStoreException.class,
        e -> assertThat(e.reason()).isEqualTo(JdbcStoreException.Reason.CONFLICT)).hasMessageContaining("after 3 attempts");
    assertThat(runs).hasValue(3);
  }

  @Test
  void otherErrorsAreNotRetried() {
    Sql sql = new Sql(ds, 5);
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> sql.tx("x", c -> {
      runs.incrementAndGet();
      raise(c, "23505");
      return null;
    })).isInstanceOfSatisfying(JdbcStoreException.class,
        e -> assertThat(e.reason()).isEqualTo(JdbcStoreException.Reason.OTHER));
    assertThat(runs).hasValue(1);
  }

  @Test
  void keysWithNulAreEscapedInjectively() {
    assertThat(Sql.key("plain")).isEqualTo("plain");
    assertThat(Sql.key("a\u0000b")).isEqualTo("a\\0b");
    assertThat(Sql.key("a\\0b")).isEqualTo("a\\\\0b");
  }
}
