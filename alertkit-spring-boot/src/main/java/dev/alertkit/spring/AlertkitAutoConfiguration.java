package dev.alertkit.spring;

import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.Dedup;
import dev.alertkit.Resilience;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.cost.PriceTable;
import dev.alertkit.incident.AckLinks;
import dev.alertkit.incident.EscalationPolicy;
import dev.alertkit.india.DltRegistry;
import dev.alertkit.india.IndiaDlt;
import dev.alertkit.spi.AlertStateStore;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.ComplianceGuard;
import dev.alertkit.spi.DeliveryStore;
import dev.alertkit.spi.DispatchJournal;
import dev.alertkit.spi.IncidentStore;
import dev.alertkit.spi.TimerService;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * alertkit for Spring Boot: an {@link AlertClient} from {@code alertkit.*} properties and the beans in the context.
 *
 * <p>The client gets every {@link ChannelProvider} bean (the Twilio and SendGrid ones this auto-configuration makes
 * when credentials are known, and any of your own), every {@link ComplianceGuard} (India DLT from
 * {@code alertkit.dlt.*}), every {@link AlertListener}, a {@link RoutingPolicy} bean (from
 * {@code alertkit.routing.*}), a {@link Resilience} bean, and {@link AlertStateStore}/{@link DeliveryStore}/
 * {@link Clock} beans when you define them. Every bean here backs off when you define your own.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "alertkit.enabled", matchIfMissing = true)
@EnableConfigurationProperties({AlertkitProperties.class, AlertkitEscalationProperties.class})
@Import({AlertkitProviderConfigurations.Twilio.class, AlertkitProviderConfigurations.SendGrid.class,
    AlertkitWebhookConfiguration.class, AlertkitHealthConfiguration.class, AlertkitJdbcConfiguration.class,
    AlertkitMicrometerConfiguration.class})
public class AlertkitAutoConfiguration {

  /** Creates the auto-configuration. */
  public AlertkitAutoConfiguration() {}

  /**
   * The routing policy from {@code alertkit.routing} (only when rules are configured).
   *
   * @param properties the properties
   * @return the policy
   * @throws InvalidAlertkitPropertyException naming the property when a rule is invalid
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnRoutingConfigured
  public RoutingPolicy alertkitRoutingPolicy(AlertkitProperties properties) {
    return YamlRouting.policy(properties.getRouting()).orElseThrow();
  }

  /**
   * Retries and protection from {@code alertkit.resilience}.
   *
   * @param properties the properties
   * @return the settings
   */
  @Bean
  @ConditionalOnMissingBean
  public Resilience alertkitResilience(AlertkitProperties properties) {
    AlertkitProperties.Resilience r = properties.getResilience();
    if (!r.isEnabled()) {
      return Resilience.none();
    }
    return Properties.building("alertkit.resilience", () -> {
      Resilience.Builder b = Resilience.builder();
      if (r.getMaxAttempts() != null) {
        b.maxAttempts(r.getMaxAttempts());
      }
      if (r.getTimeout() != null) {
        b.timeout(r.getTimeout());
      }
      b.retryAmbiguous(r.isRetryAmbiguous());
      return b.build();
    });
  }

  /**
   * India DLT compliance from {@code alertkit.dlt} (when an entity id is set).
   *
   * @param properties the properties
   * @return the guard
   * @throws InvalidAlertkitPropertyException naming the property when the registry is invalid
   */
  @Bean
  @ConditionalOnMissingBean(IndiaDlt.class)
  @ConditionalOnProperty(prefix = "alertkit.dlt", name = "entity-id")
  public IndiaDlt alertkitIndiaDlt(AlertkitProperties properties) {
    AlertkitProperties.Dlt d = properties.getDlt();
    DltRegistry registry = Properties.building("alertkit.dlt", () -> {
      DltRegistry.Builder b = DltRegistry.builder(d.getEntityId());
      d.getHeaders().forEach(b::header);
      d.getWhitelistUrls().forEach(b::whitelistUrl);
      d.getWhitelistDynamicUrls().forEach(b::whitelistDynamicUrl);
      if (d.getTemplatesCsv() != null) {
        try (Reader in = new InputStreamReader(d.getTemplatesCsv().getInputStream(), StandardCharsets.UTF_8)) {
          b.loadCsv(in);
        } catch (IOException e) {
          throw new InvalidAlertkitPropertyException("alertkit.dlt.templates-csv",
              "cannot read " + d.getTemplatesCsv().getDescription() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
          if (e instanceof dev.alertkit.ValidationException) {
            throw e;
          }
          throw new InvalidAlertkitPropertyException("alertkit.dlt.templates-csv", e.getMessage(), e);
        }
      }
      return b.build();
    });
    return IndiaDlt.of(registry);
  }

  /**
   * Signed acknowledgement links from {@code alertkit.ack-links} (when a signing key is set).
   *
   * @param properties the properties
   * @return the links
   * @throws InvalidAlertkitPropertyException naming the property when a value is invalid (the key is never echoed)
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "alertkit.ack-links", name = "signing-key")
  public AckLinks alertkitAckLinks(AlertkitProperties properties) {
    AlertkitProperties.AckLinks a = properties.getAckLinks();
    byte[] key;
    try {
      key = Base64.getDecoder().decode(a.getSigningKey().strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidAlertkitPropertyException("alertkit.ack-links.signing-key", "must be base64 (the value is not shown)", null);
    }
    String base = a.getBaseUrl() != null ? a.getBaseUrl() : properties.getWebhooks().getPublicBaseUrl();
    if (base == null) {
      throw new InvalidAlertkitPropertyException("alertkit.ack-links.base-url",
          "is required (or set alertkit.webhooks.public-base-url): the links must point at this application's public URL", null);
    }
    return Properties.building("alertkit.ack-links", () -> AckLinks.builder().signingKey(key).baseUrl(base).path(a.getPath())
        .ttl(a.getTtl()).build());
  }

  /**
   * The people, on-call schedules and escalation policies of {@code alertkit.people}, {@code alertkit.schedules} and
   * {@code alertkit.escalation.policies}.
   *
   * @param properties the properties
   * @return the built values (empty maps when none are configured)
   * @throws InvalidAlertkitPropertyException naming the property path when a value or a reference is invalid
   */
  @Bean
  @ConditionalOnMissingBean
  public AlertkitEscalations alertkitEscalations(AlertkitEscalationProperties properties) {
    return AlertkitEscalations.from(properties);
  }

  /**
   * The price table of {@code alertkit.prices} (CSV, or JSON by file name).
   *
   * @param properties the properties
   * @return the table
   * @throws InvalidAlertkitPropertyException naming the property (and alertkit's line and field) when it is invalid
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "alertkit", name = "prices")
  public PriceTable alertkitPrices(AlertkitProperties properties) {
    org.springframework.core.io.Resource r = properties.getPrices();
    try (Reader in = new InputStreamReader(r.getInputStream(), StandardCharsets.UTF_8)) {
      String name = r.getFilename() == null ? "" : r.getFilename();
      return Properties.at("alertkit.prices", () -> name.endsWith(".json") ? PriceTable.fromJson(in) : PriceTable.fromCsv(in));
    } catch (IOException e) {
      throw new InvalidAlertkitPropertyException("alertkit.prices", "cannot read " + r.getDescription() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The circuit states the health indicator reports (a listener of the client).
   *
   * @return the listener
   */
  @Bean
  @ConditionalOnMissingBean
  public AlertkitCircuitStates alertkitCircuitStates() {
    return new AlertkitCircuitStates();
  }

  /**
   * The client. Closed when the context shuts down: in-flight sends drain for {@code alertkit.client.close-timeout},
   * then what has no outcome is reported NOT_SENT.
   *
   * @param properties the properties
   * @param configured the Twilio and SendGrid providers made from properties
   * @param providers every channel provider bean of your own
   * @param guards every compliance guard bean
   * @param listeners every listener bean
   * @param routing the routing policy, when configured
   * @param resilience the resilience settings
   * @param stateStore a shared dedup store, when defined
   * @param deliveryStore a shared delivery store, when defined
   * @param clock a clock, when defined
   * @param timers a timer service (e.g. alert-jdbc's durable one), when defined
   * @param ackLinks signed acknowledgement links, when configured
   * @param escalations the escalation policies of application.yaml, registered with the client
   * @param policies escalation policy beans of your own, registered with the client
   * @param prices a price table, when configured: every attempt carries its estimated cost
   * @param incidentStore a shared incident store (e.g. alert-jdbc's), when defined
   * @param dispatchJournal a dispatch journal (e.g. alert-jdbc's durable one, which a durable timer service needs),
   *     when defined
   * @return the client
   * @throws InvalidAlertkitPropertyException when no provider is configured or a value breaks a rule
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public AlertClient alertClient(AlertkitProperties properties, ObjectProvider<AlertkitChannelProviders> configured,
      ObjectProvider<ChannelProvider> providers,
      ObjectProvider<ComplianceGuard> guards, ObjectProvider<AlertListener> listeners, ObjectProvider<RoutingPolicy> routing,
      Resilience resilience, ObjectProvider<AlertStateStore> stateStore, ObjectProvider<DeliveryStore> deliveryStore,
      ObjectProvider<Clock> clock, ObjectProvider<TimerService> timers, ObjectProvider<AckLinks> ackLinks,
      ObjectProvider<IncidentStore> incidentStore, ObjectProvider<AlertkitEscalations> escalations,
      ObjectProvider<EscalationPolicy> policies, ObjectProvider<PriceTable> prices,
      ObjectProvider<DispatchJournal> dispatchJournal) {
    // One entry per provider instance: a bean exposed under two names (or types) is still one provider.
    Set<ChannelProvider> unique = Collections.newSetFromMap(new IdentityHashMap<>());
    List<ChannelProvider> all = new ArrayList<>();
    configured.orderedStream().forEach(p -> p.providers().stream().filter(unique::add).forEach(all::add));
    providers.orderedStream().filter(unique::add).forEach(all::add);
    if (all.isEmpty()) {
      throw new InvalidAlertkitPropertyException("alertkit", "no channel provider is configured: set alertkit.twilio.account-sid "
          + "(with alertkit.twilio.auth-token and a sender) and/or alertkit.sendgrid.api-key (with alertkit.sendgrid.from), "
          + "define a ChannelProvider bean, or set alertkit.enabled=false", null);
    }
    AlertkitProperties.Client c = properties.getClient();
    AlertkitProperties.Dedup d = properties.getDedup();
    return Properties.building("alertkit.client", () -> {
      AlertClient.Builder b = AlertClient.builder();
      all.forEach(b::provider);
      guards.orderedStream().forEach(b::compliance);
      listeners.orderedStream().forEach(b::listener);
      routing.ifAvailable(b::routing);
      b.resilience(resilience);
      stateStore.ifAvailable(b::stateStore);
      deliveryStore.ifAvailable(b::deliveryStore);
      clock.ifAvailable(b::clock);
      timers.ifAvailable(b::timers);
      dispatchJournal.ifAvailable(b::dispatchJournal);
      ackLinks.ifAvailable(b::ackLinks);
      incidentStore.ifAvailable(b::incidentStore);
      escalations.ifAvailable(e -> e.policies().values().forEach(b::escalationPolicy));
      policies.orderedStream().forEach(b::escalationPolicy);
      prices.ifAvailable(p -> b.prices(p));
      if (c.getMaxConcurrentSends() != null) {
        b.maxConcurrentSends(c.getMaxConcurrentSends());
      }
      if (c.getMaxPendingAlerts() != null) {
        b.maxPendingAlerts(c.getMaxPendingAlerts());
      }
      if (c.getCloseTimeout() != null) {
        b.closeTimeout(c.getCloseTimeout());
      }
      b.failoverOnAmbiguous(c.isFailoverOnAmbiguous());
      b.resendAmbiguousOnResume(c.isResendAmbiguousOnResume());
      if (d.getWindow() != null) {
        Dedup dedup = Properties.building("alertkit.dedup", () -> {
          Dedup x = Dedup.window(d.getWindow());
          return d.getRepeatInterval() != null ? x.repeatEvery(d.getRepeatInterval()) : x;
        });
        b.dedup(dedup);
      }
      return b.build();
    });
  }

  /**
   * The client's delivery tracker, for webhook handlers and status queries.
   *
   * @param client the client
   * @return its tracker
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public DeliveryTracker alertkitDeliveryTracker(AlertClient client) {
    return client.deliveryTracker();
  }
}
