package dev.alertkit.spring;

import dev.alertkit.jdbc.JdbcStores;
import dev.alertkit.spi.AlertStateStore;
import dev.alertkit.spi.DeliveryStore;
import dev.alertkit.spi.DispatchJournal;
import dev.alertkit.spi.IncidentStore;
import dev.alertkit.spi.TimerService;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With alert-jdbc on the classpath and a {@link DataSource} in the context: alertkit's dedup, delivery status,
 * incidents, timers and the dispatch journal live in the application's PostgreSQL and are shared by every instance.
 * No DDL runs unless {@code alertkit.jdbc.migrate=true} (or run the Flyway migrations under
 * {@code db/migration/alertkit}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({JdbcStores.class, DataSource.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "alertkit.jdbc.enabled", matchIfMissing = true)
class AlertkitJdbcConfiguration {

  @Bean
  @ConditionalOnMissingBean
  JdbcStores alertkitJdbcStores(DataSource dataSource, AlertkitProperties properties, ObjectProvider<Clock> clock) {
    AlertkitProperties.Jdbc j = properties.getJdbc();
    JdbcStores stores = Properties.building("alertkit.jdbc", () -> {
      JdbcStores.Builder b = JdbcStores.builder(dataSource).clock(clock.getIfAvailable(Clock::systemUTC));
      if (j.getSchema() != null) {
        b.schema(j.getSchema());
      }
      if (j.getTablePrefix() != null) {
        b.tablePrefix(j.getTablePrefix());
      }
      return b.build();
    });
    if (j.isMigrate()) {
      stores.migrate();
    }
    return stores;
  }

  @Bean
  @ConditionalOnMissingBean
  AlertStateStore alertkitJdbcAlertStateStore(JdbcStores stores) {
    return stores.alertStateStore();
  }

  @Bean
  @ConditionalOnMissingBean
  DeliveryStore alertkitJdbcDeliveryStore(JdbcStores stores) {
    return stores.deliveryStore();
  }

  @Bean
  @ConditionalOnMissingBean
  IncidentStore alertkitJdbcIncidentStore(JdbcStores stores) {
    return stores.incidentStore();
  }

  /**
   * The dispatch journal (marks before each request, reports at the end), which lets another instance resume a
   * durable dispatch without paging twice; the auto-configured client gets it (the durable timer service needs it).
   */
  @Bean
  @ConditionalOnMissingBean
  DispatchJournal alertkitJdbcDispatchJournal(JdbcStores stores) {
    return stores.dispatchJournal();
  }

  /** Durable timers (db-scheduler); the client registers its handlers, starts and closes it. */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  TimerService alertkitJdbcTimerService(JdbcStores stores) {
    return stores.timerService().build();
  }
}
