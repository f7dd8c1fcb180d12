package dev.alertkit.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code alertkit} health indicator, when Spring Boot's health support is on the classpath. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HealthIndicator.class)
class AlertkitHealthConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "alertkitHealthIndicator")
  AlertkitHealthIndicator alertkitHealthIndicator(ObjectProvider<AlertkitChannelProviders> configured,
      ObjectProvider<dev.alertkit.spi.ChannelProvider> own, AlertkitCircuitStates circuits,
      ObjectProvider<WebhookActivity> webhooks) {
    return new AlertkitHealthIndicator(configured, own, circuits, webhooks);
  }
}
