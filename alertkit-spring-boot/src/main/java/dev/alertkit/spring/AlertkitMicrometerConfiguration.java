package dev.alertkit.spring;

import dev.alertkit.micrometer.AlertkitMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With alert-micrometer on the classpath and a {@link MeterRegistry} in the context: alertkit's meters (and its
 * observations, when an {@link ObservationRegistry} is there) from the client's events. See docs/metrics.md.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({AlertkitMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "alertkit.metrics.enabled", matchIfMissing = true)
class AlertkitMicrometerConfiguration {

  @Bean
  @ConditionalOnMissingBean
  AlertkitMetrics alertkitMetrics(MeterRegistry meters, ObjectProvider<ObservationRegistry> observations) {
    AlertkitMetrics.Builder b = AlertkitMetrics.builder().meterRegistry(meters);
    observations.ifAvailable(b::observationRegistry);
    return b.build();
  }
}
