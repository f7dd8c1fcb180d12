package dev.alertkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.jdbc.JdbcAlertStateStore;
import dev.alertkit.jdbc.JdbcDeliveryStore;
import dev.alertkit.jdbc.JdbcStores;
import dev.alertkit.jdbc.JdbcTimerService;
import dev.alertkit.micrometer.AlertkitMetrics;
import dev.alertkit.spi.AlertStateStore;
import dev.alertkit.spi.TimerService;
import dev.alertkit.testkit.FakeProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The optional modules light up only when their classes and the application's beans are there. */
class AlertkitOptionalModulesTest {
  static EmbeddedPostgres postgres;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AlertkitEmulatorAutoConfiguration.class, AlertkitAutoConfiguration.class))
      .withUserConfiguration(Fake.class);

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.start(); // once for the class
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @Test
  void aDataSourceMakesDedupDeliveryAndTimersSharedOnPostgres() {
    runner.withBean(DataSource.class, () -> postgres.getPostgresDatabase()).withPropertyValues("alertkit.jdbc.migrate=true",
        "alertkit.dedup.window=10m").run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(JdbcStores.class);
          assertThat(ctx.getBean(AlertStateStore.class)).isInstanceOf(JdbcAlertStateStore.class);
          assertThat(ctx.getBean(dev.alertkit.spi.DeliveryStore.class)).isInstanceOf(JdbcDeliveryStore.class);
          assertThat(ctx.getBean(TimerService.class)).isInstanceOf(JdbcTimerService.class);
          assertThat(ctx.getBean(dev.alertkit.spi.IncidentStore.class)).isInstanceOf(dev.alertkit.jdbc.JdbcIncidentStore.class);
          assertThat(ctx.getBean(dev.alertkit.spi.DispatchJournal.class)).isSameAs(ctx.getBean(JdbcStores.class).dispatchJournal())
              .satisfies(j -> assertThat(j.durable()).isTrue());

          AlertClient client = ctx.getBean(AlertClient.class);
          Recipient alice = Recipient.builder("alice").phone("+14155550100").build();
          client.send(Alert.builder().severity(Severity.CRITICAL).title("db-1 down").dedupKey("db-1").recipient(alice).build());
          client.send(Alert.builder().severity(Severity.CRITICAL).title("db-1 down").dedupKey("db-1").recipient(alice).build());
          assertThat(ctx.getBean(FakeProvider.class).recorded()).hasSize(1);
          // a submission is durable (the client got the journal with the durable timers), dispatched from the database
          assertThat(client.submit(Alert.builder().id("sub-1").severity(Severity.CRITICAL).title("db-2 down")
              .recipient(alice).build()).durable()).isTrue();
          assertThat(ctx.getBean(FakeProvider.class).awaitRequests(2, java.time.Duration.ofSeconds(30))).isTrue();
          try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement();
              var rs = st.executeQuery("select count(*) from alertkit_dispatch_marks where dispatch_id = 'sub-1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
          }
          try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement();
              var rs = st.executeQuery("select count(*) from alertkit_dedup")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
          }
          // and the client keeps its incidents there
          client.raise(Alert.builder().id("inc-1").severity(Severity.CRITICAL).title("db-1 down").recipient(alice).build(),
              dev.alertkit.incident.EscalationPolicy.builder("db").step(s -> s.target(
                  dev.alertkit.incident.EscalationTarget.recipient(alice)).via(dev.alertkit.Rule.deliver(dev.alertkit.Channel.SMS))
                  .waitForAck(java.time.Duration.ofMinutes(5))).build());
          try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement();
              var rs = st.executeQuery("select id from alertkit_incident")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("inc-1");
          }
        });
  }

  @Test
  void withoutADataSourceStateStaysInMemory() {
    runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(JdbcStores.class).doesNotHaveBean(TimerService.class)
        .doesNotHaveBean(dev.alertkit.spi.IncidentStore.class).doesNotHaveBean(dev.alertkit.spi.DispatchJournal.class));
    runner.withBean(DataSource.class, () -> postgres.getPostgresDatabase()).withPropertyValues("alertkit.jdbc.enabled=false")
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(JdbcStores.class));
  }

  @Test
  void aMeterRegistryGetsAlertkitsMeters() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(ctx -> {
      assertThat(ctx).hasNotFailed().hasSingleBean(AlertkitMetrics.class);
      ctx.getBean(AlertClient.class).send(Alert.builder().severity(Severity.CRITICAL).title("db-1 down")
          .recipient(Recipient.builder("alice").phone("+14155550100").build()).build());
      assertThat(ctx.getBean(MeterRegistry.class).get(AlertkitMetrics.ALERTS).counter().count()).isEqualTo(1.0);
    });
    runner.run(ctx -> assertThat(ctx).doesNotHaveBean(AlertkitMetrics.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class Fake {
    @Bean
    FakeProvider fakeSms() {
      return FakeProvider.sms();
    }
  }
}
