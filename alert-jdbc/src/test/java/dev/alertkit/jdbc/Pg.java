package dev.alertkit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL 14 for the whole test JVM (started on first use, ~3.5 s), and a fresh database per test
 * class so that classes do not see each other's rows.
 */
final class Pg {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private Pg() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** Creates a new, empty database and returns its name. */
  static String newDatabase(String hint) {
    String name = (hint + "_" + DATABASES.incrementAndGet()).toLowerCase(java.util.Locale.ROOT);
    try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return name;
  }

  /** A plain (unpooled) data source on a database. */
  static DataSource plain(String database) {
    return server().getDatabase("postgres", database);
  }

  /** A HikariCP pool on a database, named so its backends can be found in pg_stat_activity. */
  static HikariDataSource pool(String database, String name, int size) {
    return poolOnUrl(server().getJdbcUrl("postgres", database), name, size);
  }

  static HikariDataSource poolOnUrl(String jdbcUrl, String name, int size) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    cfg.setUsername("postgres");
    cfg.setPoolName(name);
    cfg.setMaximumPoolSize(size);
    cfg.setMinimumIdle(0);
    cfg.setConnectionTimeout(2_000);
    cfg.setInitializationFailTimeout(-1);
    cfg.setAllowPoolSuspension(true);
    cfg.addDataSourceProperty("ApplicationName", name);
    return new HikariDataSource(cfg);
  }

  /** Terminates every backend of an application name (a crash of that instance's connections, as seen by the server). */
  static int terminate(String database, String applicationName) {
    try (Connection c = server().getPostgresDatabase().getConnection();
        var ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ? "
            + "AND application_name = ?")) {
      ps.setString(1, database);
      ps.setString(2, applicationName);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
