package dev.alertkit.examples.snippets;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Submission;
import dev.alertkit.jdbc.JdbcStores;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;
import java.time.Clock;
import javax.sql.DataSource;

/** The setup and submit snippets of docs/postgresql.md; compiled by the build, checked by DocSnippetsTest. */
final class JdbcSnippets {
  private JdbcSnippets() {}

  static AlertClient client(HikariConfig hikariConfig, Clock clock, TwilioConfig twilio) {
    // tag::jdbc-setup[]
    DataSource ds = new HikariDataSource(hikariConfig);             // your pool, your credentials
    JdbcStores stores = JdbcStores.builder(ds).clock(clock).build(); // no DDL here
    stores.migrate();                                                // or let Flyway run db/migration/alertkit
    AlertClient client = AlertClient.builder()
        .provider(TwilioProviders.sms(twilio))
        .stateStore(stores.alertStateStore())                        // dedup shared by every instance
        .deliveryStore(stores.deliveryStore())                       // webhooks on B update A's attempts
        .incidentStore(stores.incidentStore())                       // an ack on B stops A's escalation
        .timers(stores.timerService().build())                       // durable timers (db-scheduler)
        .dispatchJournal(stores.dispatchJournal())                   // no page twice when a timer runs again
        .build();
    // end::jdbc-setup[]
    return client;
  }

  static Submission submit(AlertClient client, Alert alert) {
    // tag::jdbc-submit[]
    Submission s = client.submit(alert);   // returns once the alert is committed (a timer row)
    // the outcome arrives as a DispatchCompleted event on the instance that dispatched it
    // end::jdbc-submit[]
    return s;
  }
}
