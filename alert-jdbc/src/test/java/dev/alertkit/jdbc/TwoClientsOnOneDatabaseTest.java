package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Dedup;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.testkit.FakeProvider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real {@link AlertClient} on the JDBC stores: two clients, as two instances of an application, on one database. */
class TwoClientsOnOneDatabaseTest {

  @Test
  void sameDedupKeyRaisedConcurrentlyOneHundredTimesFromTwoClientsIsSentOnce() throws Exception {
    String db = Pg.newDatabase("two_clients");
    try (HikariDataSource poolA = Pg.pool(db, "client-a", 8); HikariDataSource poolB = Pg.pool(db, "client-b", 8)) {
      JdbcStores.migrate(poolA);
      FakeProvider emailA = FakeProvider.email();
      FakeProvider emailB = FakeProvider.email();
      try (AlertClient a = client(poolA, emailA); AlertClient b = client(poolB, emailB)) {
        Recipient bob = Recipient.builder("bob").email("bob@example.com").build();

        List<DispatchReport> reports = JdbcAlertStateStoreTest.race(100, i -> (i % 2 == 0 ? a : b).send(
            Alert.builder().severity(Severity.WARNING).title("db-1 disk full").dedupKey("disk:db-1").recipient(bob).build()));

        assertThat(reports).filteredOn(r -> r.outcome("bob") == Outcome.ACCEPTED).hasSize(1);
        assertThat(reports).filteredOn(r -> r.outcome("bob") == Outcome.SUPPRESSED).hasSize(99);
        assertThat(emailA.messages().size() + emailB.messages().size()).isEqualTo(1);
      }
    }
  }

  private static AlertClient client(HikariDataSource pool, FakeProvider email) {
    JdbcStores stores = JdbcStores.builder(pool).build();
    return AlertClient.builder().resilience(Resilience.none()).provider(email)
        .dedup(Dedup.window(Duration.ofMinutes(10)))
        .stateStore(stores.alertStateStore()).deliveryStore(stores.deliveryStore()).build();
  }
}
