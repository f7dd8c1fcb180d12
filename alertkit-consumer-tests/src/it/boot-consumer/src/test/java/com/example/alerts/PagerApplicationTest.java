package com.example.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.AlertClient;
import dev.alertkit.Severity;
import dev.alertkit.jdbc.JdbcStores;
import dev.alertkit.micrometer.AlertkitMetrics;
import dev.alertkit.spring.AlertkitEmulators;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * The whole application on the consumer's resolved classpath: Spring Boot 4 with alertkit's starter, Micrometer
 * 1.17 under Actuator, the real Twilio SDK and SendGrid client over real HTTP to the emulators on 127.0.0.1. A
 * mismatched Micrometer, Jackson or HttpCore fails here, not only in the enforcer. There is no PostgreSQL in this
 * test, so alertkit keeps its state in memory ({@code alertkit.jdbc.enabled=false}); alert-jdbc's own tests run it on
 * PostgreSQL.
 */
@SpringBootTest(properties = "alertkit.jdbc.enabled=false")
@AlertkitEmulators
class PagerApplicationTest {
  @Autowired PageController pager;
  @Autowired ApplicationContext context;
  @Autowired TwilioEmulator twilio;
  @Autowired SendGridEmulator sendgrid;
  @Autowired MeterRegistry meters;
  @Autowired @Qualifier("alertkitHealthIndicator") HealthIndicator health;

  @Test
  void criticalAlertTextsWarningEmailsAndBothAreCounted() {
    assertThat(context.getBeansOfType(AlertClient.class)).hasSize(1);
    assertThat(context.getBeansOfType(AlertkitMetrics.class)).hasSize(1);
    assertThat(context.getBeansOfType(DataSource.class)).hasSize(1);
    assertThat(context.getBeansOfType(JdbcStores.class)).isEmpty();

    assertThat(pager.page(Severity.CRITICAL, "db-1 disk 97% full")).containsEntry("alice", "ACCEPTED");
    assertThat(pager.page(Severity.WARNING, "db-1 disk 86% full")).containsEntry("alice", "ACCEPTED");

    assertThat(twilio.messages()).singleElement().satisfies(m -> assertThat(m.to()).isEqualTo("+14155550100"));
    assertThat(sendgrid.mails()).hasSize(1);
    assertThat(meters.get(AlertkitMetrics.ALERTS).counters()).hasSize(2);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
  }
}
