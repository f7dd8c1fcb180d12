package dev.alertkit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * An embedded PostgreSQL 14 (io.zonky) on this machine for the alert-jdbc benchmarks. zonky starts PostgreSQL for
 * tests, with {@code fsync} off ({@code -F}) and {@code synchronous_commit=off}; {@code durable} sets both back to
 * PostgreSQL's defaults ({@code on}), so that a commit returns only once its WAL record is flushed to disk, as in
 * production.
 */
final class EmbeddedPg implements AutoCloseable {
  private final EmbeddedPostgres pg;
  private final boolean durable;

  private EmbeddedPg(EmbeddedPostgres pg, boolean durable) {
    this.pg = pg;
    this.durable = durable;
  }

  /**
   * Starts PostgreSQL (~3–4 s).
   *
   * @param durable PostgreSQL's defaults, {@code fsync=on} and {@code synchronous_commit=on} (true), or zonky's test
   *     settings, both off (false)
   * @return the running server
   */
  static EmbeddedPg start(boolean durable) {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setServerConfig("fsync", durable ? "on" : "off") // -c after zonky's -F: wins
          .setServerConfig("synchronous_commit", durable ? "on" : "off")
          .start();
      return new EmbeddedPg(pg, durable);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean durable() {
    return durable;
  }

  /** @return a HikariCP pool on database {@code postgres} */
  HikariDataSource pool(String name, int size) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
    cfg.setUsername("postgres");
    cfg.setPoolName(name);
    cfg.setMaximumPoolSize(size);
    cfg.setMinimumIdle(size);
    return new HikariDataSource(cfg);
  }

  /** @return an unpooled data source (for the statistics and housekeeping, outside the measured pool) */
  DataSource plain() {
    return pg.getPostgresDatabase();
  }

  /** Runs statements outside the measured pool. */
  void exec(String... statements) {
    try (Connection c = plain().getConnection(); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return the server version and the settings that decide what a commit costs, e.g. for the report */
  String settings() {
    StringBuilder out = new StringBuilder();
    try (Connection c = plain().getConnection(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SHOW server_version")) {
        rs.next();
        out.append("PostgreSQL ").append(rs.getString(1));
      }
      for (String name : new String[] {"synchronous_commit", "fsync", "wal_sync_method", "full_page_writes", "shared_buffers"}) {
        try (ResultSet rs = st.executeQuery("SHOW " + name)) {
          rs.next();
          out.append(", ").append(name).append(' ').append(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /**
   * Transaction and row counters of database {@code postgres} ({@code pg_stat_database}). PostgreSQL 14 reports a
   * backend's counters to the statistics collector when it goes idle (at most every 500 ms) and when it exits: close
   * the pool and wait a little before reading.
   *
   * @return {xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted}
   */
  long[] stats() {
    try (Connection c = plain().getConnection(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_stat_clear_snapshot()");
      try (ResultSet rs = st.executeQuery("SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted "
          + "FROM pg_stat_database WHERE datname = 'postgres'")) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * CPU time of the PostgreSQL server so far: the postmaster's own and that of its exited children (backends of
   * closed connections, from {@code /proc/<pid>/stat}; Linux only, 100 ticks/s). Read it with no pool open.
   *
   * @return seconds, or NaN when {@code /proc} cannot be read
   */
  double cpuSeconds() {
    try (Connection c = plain().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      long backend = rs.getLong(1);
      long postmaster = -1;
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + backend + "/status"))) {
        if (line.startsWith("PPid:")) {
          postmaster = Long.parseLong(line.substring(5).strip());
        }
      }
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + postmaster + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14–17 of stat (utime, stime, cutime, cstime) are 11–14 after the command name
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return ticks / 100.0;
    } catch (SQLException | IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
