package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Channel;
import dev.alertkit.DeliveryState;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class JdbcStoresPurgeTest {

  @Test
  void purgeDeletesWhatOutlivedTheRetentionAndExpiredWebhookKeysAndKeepsTheRest() {
    // given rows written at T0 and rows written 40 days later, with a 30-day retention and 7-day webhook keys
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ManualClock clock = ManualClock.at(t0);
    DataSource ds = Pg.plain(Pg.newDatabase("purge"));
    JdbcStores stores = JdbcStores.builder(ds).clock(clock).retention(Duration.ofDays(30))
        .webhookDedupTtl(Duration.ofDays(7)).build();
    stores.migrate();
    write(stores, "old", clock.instant());
    clock.advance(Duration.ofDays(40));
    write(stores, "new", clock.instant());

    // when purging
    JdbcStores.PurgeResult result = stores.purge();

    // then exactly the old rows are gone
    assertThat(result).isEqualTo(new JdbcStores.PurgeResult(1, 1, 1));
    assertThat(stores.alertStateStore().get("old")).isEmpty();
    assertThat(stores.alertStateStore().get("new")).isPresent();
    assertThat(stores.deliveryStore().get("old")).isEmpty();
    assertThat(stores.deliveryStore().get("new")).isPresent();
    assertThat(stores.deliveryStore().markSeen("wh-new")).as("unexpired key kept").isFalse();
    assertThat(stores.purge()).isEqualTo(new JdbcStores.PurgeResult(0, 0, 0));
  }

  private static void write(JdbcStores stores, String id, Instant now) {
    stores.alertStateStore().claim(id, "alert-" + id, now, Duration.ofMinutes(10), Optional.empty());
    stores.deliveryStore().update(id, cur -> new DeliveryState(id, "alert-" + id, "r", Channel.EMAIL, "sendgrid-email",
        Optional.empty(), DeliveryStatus.QUEUED, "accepted", Optional.empty(), Optional.empty(), now, true));
    assertThat(stores.deliveryStore().markSeen("wh-" + id)).isTrue();
  }
}
