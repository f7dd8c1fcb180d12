package dev.alertkit.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations under {@code db/migration/alertkit} in version order, in one transaction, under a
 * transaction-scoped advisory lock (two instances starting together: the second waits, then finds nothing to do),
 * recording each applied version with its checksum in {@code <prefix>schema_version}.
 */
public final class Migrator {
  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

  /** The migrations shipped with this version, in order. */
  public static final List<String> MIGRATIONS = List.of("V1__alertkit_schema.sql", "V2__alertkit_incidents.sql",
      "V3__alertkit_dispatch_journal.sql");

  /** The placeholder the scripts use for the table prefix (Flyway syntax). */
  public static final String PLACEHOLDER = "${alertkit_prefix}";

  private final Sql sql;
  private final Tables tables;

  /**
   * Creates the migrator.
   *
   * @param sql the SQL helper
   * @param tables the table names
   */
  public Migrator(Sql sql, Tables tables) {
    this.sql = sql;
    this.tables = tables;
  }

  /**
   * Applies the pending migrations.
   *
   * @return the versions applied now (empty when the schema was current)
   * @throws dev.alertkit.jdbc.JdbcStoreException when the database failed, or IllegalStateException when an applied
   *     migration's checksum differs from the shipped script's
   */
  public List<Integer> migrate() {
    return sql.tx("migrate", c -> {
      try (Statement st = c.createStatement()) {
        st.execute("SELECT pg_advisory_xact_lock(" + lockKey() + ")");
        if (tables.schema() != null) {
          st.execute("CREATE SCHEMA IF NOT EXISTS " + tables.schema());
          st.execute("SET LOCAL search_path TO " + tables.schema());
        }
        st.execute("CREATE TABLE IF NOT EXISTS " + tables.schemaVersion() + " (version integer NOT NULL PRIMARY KEY, "
            + "description text NOT NULL, checksum bigint NOT NULL, installed_at timestamptz NOT NULL DEFAULT now())");
      }
      Map<Integer, Long> applied = applied(c);
      List<Integer> now = new java.util.ArrayList<>();
      for (String file : MIGRATIONS) {
        int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
        String script = load(file);
        long checksum = checksum(script);
        Long done = applied.get(version);
        if (done != null) {
          if (done != checksum) {
            throw new IllegalStateException("alertkit migration " + file + " was applied with checksum " + done
                + " but the shipped script has " + checksum + "; the schema was changed by hand or by another version");
          }
          continue;
        }
        try (Statement st = c.createStatement()) {
          st.execute(script.replace(PLACEHOLDER, tables.prefix()));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.schemaVersion()
            + " (version, description, checksum) VALUES (?, ?, ?)")) {
          ps.setInt(1, version);
          ps.setString(2, file);
          ps.setLong(3, checksum);
          ps.executeUpdate();
        }
        LOG.info("applied alertkit migration {} to {}", file, tables.name(""));
        now.add(version);
      }
      return List.copyOf(now);
    });
  }

  private Map<Integer, Long> applied(Connection c) throws SQLException {
    Map<Integer, Long> out = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version, checksum FROM " + tables.schemaVersion())) {
      while (rs.next()) {
        out.put(rs.getInt(1), rs.getLong(2));
      }
    }
    return out;
  }

  private long lockKey() {
    CRC32 crc = new CRC32();
    crc.update(("alertkit-migrate:" + tables.name("")).getBytes(StandardCharsets.UTF_8));
    return 0x616B000000000000L | crc.getValue();
  }

  /**
   * Loads a shipped script.
   *
   * @param file the file name
   * @return its text
   */
  public static String load(String file) {
    String path = "/db/migration/alertkit/" + file;
    try (InputStream in = Migrator.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("migration " + path + " is missing from the alert-jdbc jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + path, e);
    }
  }

  private static long checksum(String script) {
    CRC32 crc = new CRC32();
    crc.update(script.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}
