package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.ValidationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcStoresMigrationTest {
  private static String db;
  private static DataSource ds;

  @BeforeAll
  static void database() {
    db = Pg.newDatabase("migration");
    ds = Pg.plain(db);
  }

  @Test
  void migrateCreatesEveryTableOnceAndIsIdempotent() throws Exception {
    // given a fresh schema
    JdbcStores stores = JdbcStores.builder(ds).schema("first").build();

    // when migrating twice
    List<Integer> first = stores.migrate();
    List<Integer> second = stores.migrate();

    // then versions 1 to 3 are applied once and every table exists in the schema
    assertThat(first).containsExactly(1, 2, 3);
    assertThat(second).isEmpty();
    assertThat(tables("first")).containsExactlyInAnyOrder("alertkit_dedup", "alertkit_delivery_attempt",
        "alertkit_delivery_seen", "alertkit_scheduled_tasks", "alertkit_schema_version", "alertkit_incident",
        "alertkit_incident_notification", "alertkit_opt_out", "alertkit_wrong_code", "alertkit_claim_once",
        "alertkit_dispatch_marks", "alertkit_dispatch_reports");
    assertThat(indexes("first", "alertkit_dispatch_marks")).containsExactlyInAnyOrder("alertkit_dispatch_marks_pkey",
        "alertkit_dispatch_marks_marked_at_idx");
    assertThat(indexes("first", "alertkit_dispatch_reports")).containsExactlyInAnyOrder(
        "alertkit_dispatch_reports_pkey", "alertkit_dispatch_reports_finished_at_idx");
  }

  @Test
  void aSchemaAtVersion2IsUpgradedToVersion3KeepingItsRows() throws Exception {
    // given a schema as version 2 left it (migrated, then the journal tables and version 3 removed), with a dedup key
    JdbcStores stores = JdbcStores.builder(ds).schema("upgrade").build();
    stores.migrate();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE upgrade.alertkit_dispatch_marks, upgrade.alertkit_dispatch_reports");
      st.execute("DELETE FROM upgrade.alertkit_schema_version WHERE version = 3");
    }
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    stores.alertStateStore().claim("k", "a1", now, Duration.ofMinutes(10), Optional.empty());
    assertThatThrownBy(() -> stores.dispatchJournal().read("alert-1"))
        .isInstanceOfSatisfying(JdbcStoreException.class, e -> assertThat(e.reason()).isEqualTo(JdbcStoreException.Reason.SCHEMA));

    // when migrating
    List<Integer> applied = stores.migrate();

    // then only version 3 is applied, the journal works and the older rows are still there
    assertThat(applied).containsExactly(3);
    assertThat(stores.migrate()).isEmpty();
    assertThat(stores.dispatchJournal().read("alert-1").isEmpty()).isTrue();
    assertThat(stores.alertStateStore().get("k")).isPresent();
  }

  @Test
  void instancesStartingTogetherApplyTheMigrationExactlyOnce() throws Exception {
    // given three instances starting at the same moment on one schema
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Integer>>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return JdbcStores.builder(ds).schema("together").build().migrate();
        }));
      }
      // when they all migrate
      go.countDown();
      List<List<Integer>> applied = new ArrayList<>();
      for (Future<List<Integer>> f : results) {
        applied.add(f.get(60, TimeUnit.SECONDS));
      }
      // then exactly one applied the versions and the others found them applied
      assertThat(applied).filteredOn(l -> !l.isEmpty()).containsExactly(List.of(1, 2, 3));
      assertThat(applied).filteredOn(List::isEmpty).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tablePrefixesKeepTwoInstallationsApart() throws Exception {
    // given two prefixes in one schema
    JdbcStores blue = JdbcStores.builder(ds).schema("shared").tablePrefix("blue_").build();
    JdbcStores green = JdbcStores.builder(ds).schema("shared").tablePrefix("green_").build();
    blue.migrate();
    green.migrate();

    // when blue claims a key
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    blue.alertStateStore().claim("k", "a1", now, Duration.ofMinutes(10), Optional.empty());

    // then green does not see it
    assertThat(blue.alertStateStore().get("k")).isPresent();
    assertThat(green.alertStateStore().get("k")).isEmpty();

    // and the dispatch journals are apart too, each in its prefix's tables
    blue.dispatchJournal().finish("alert-1", java.util.Map.of("bob", "report"), now);
    assertThat(blue.dispatchJournal().read("alert-1").reports()).containsKey("bob");
    assertThat(green.dispatchJournal().read("alert-1").isEmpty()).isTrue();
    assertThat(tables("shared")).contains("blue_dispatch_marks", "blue_dispatch_reports", "green_dispatch_marks",
        "green_dispatch_reports");
  }

  @Test
  void storesDoNoDdlAndSayWhenTablesAreMissing() {
    // given stores on a schema nobody migrated
    JdbcStores stores = JdbcStores.builder(ds).schema("never_migrated").build();

    // when used, then the error says to run the migrations
    assertThatThrownBy(() -> stores.alertStateStore().get("k"))
        .isInstanceOfSatisfying(JdbcStoreException.class, e -> assertThat(e.reason()).isEqualTo(JdbcStoreException.Reason.SCHEMA))
        .hasMessageContaining("run JdbcStores.migrate");
  }

  @Test
  void rejectsIdentifiersThatAreNotPlainSqlNames() {
    assertThatThrownBy(() -> JdbcStores.builder(ds).tablePrefix("x; DROP TABLE y; --").build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("tablePrefix");
    assertThatThrownBy(() -> JdbcStores.builder(ds).schema("Public").build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("schema");
    assertThatThrownBy(() -> JdbcStores.builder(null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("dataSource");
    assertThatThrownBy(() -> JdbcStores.builder(ds).retention(Duration.ofSeconds(1)).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("retention");
  }

  @Test
  void shipsTheMigrationUnderTheFlywayPath() {
    assertThat(JdbcStores.class.getResource("/db/migration/alertkit/V1__alertkit_schema.sql")).isNotNull();
    assertThat(JdbcStores.class.getResource("/db/migration/alertkit/V3__alertkit_dispatch_journal.sql")).isNotNull();
  }

  private static Set<String> indexes(String schema, String table) throws SQLException {
    Set<String> out = new TreeSet<>();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = '" + schema
            + "' AND tablename = '" + table + "'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static Set<String> tables(String schema) throws SQLException {
    Set<String> out = new TreeSet<>();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
