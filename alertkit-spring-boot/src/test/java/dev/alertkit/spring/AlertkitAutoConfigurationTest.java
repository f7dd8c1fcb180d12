package dev.alertkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.Match;
import dev.alertkit.QuietHoursPolicy;
import dev.alertkit.Resilience;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.india.IndiaDlt;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;

/** Each condition of the auto-configuration, on ApplicationContextRunner: what is created, what backs off, what fails. */
class AlertkitAutoConfigurationTest {
  static final String SID = "AC0123456789abcdef0123456789abcdef";
  static final String TOKEN = "fedcba9876543210fedcba9876543210";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AlertkitEmulatorAutoConfiguration.class, AlertkitAutoConfiguration.class));

  private static String[] twilio(String... more) {
    List<String> all = new java.util.ArrayList<>(List.of("alertkit.twilio.account-sid=" + SID, "alertkit.twilio.auth-token=" + TOKEN,
        "alertkit.twilio.sms-from=+15005550006", "alertkit.twilio.voice-from=+15005550006"));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  private static List<String> providerNames(org.springframework.context.ApplicationContext ctx) {
    return ctx.getBeansOfType(AlertkitChannelProviders.class).values().stream()
        .flatMap(p -> p.providers().stream()).map(ChannelProvider::name).sorted().toList();
  }

  @Test
  void failsStartupSayingWhatIsMissingWhenNoProviderIsConfigured() {
    runner.run(ctx -> {
      assertThat(ctx).hasFailed();
      Throwable failure = ctx.getStartupFailure();
      assertThat(failure).rootCause().isInstanceOf(InvalidAlertkitPropertyException.class)
          .hasMessageContaining("no channel provider is configured").hasMessageContaining("alertkit.twilio.account-sid");
      FailureAnalysis analysis = new AlertkitFailureAnalyzer().analyze(failure);
      assertThat(analysis.getDescription()).startsWith("alertkit is not configured correctly: alertkit: no channel provider");
      assertThat(analysis.getAction()).contains("Fix alertkit");
    });
  }

  @Test
  void twilioPropertiesGiveAClientWithAProviderPerConfiguredSender() {
    runner.withPropertyValues(twilio()).run(ctx -> {
      assertThat(ctx).hasNotFailed().hasSingleBean(AlertClient.class).hasSingleBean(TwilioProviders.class)
          .hasSingleBean(DeliveryTracker.class).doesNotHaveBean(SendGridConfig.class);
      assertThat(providerNames(ctx)).containsExactly("twilio-sms", "twilio-voice");
      assertThat(ctx.getBean(DeliveryTracker.class)).isSameAs(ctx.getBean(AlertClient.class).deliveryTracker());
    });
  }

  @Test
  void environmentVariableNamesAreTheFallbacks() {
    runner.withPropertyValues("TWILIO_ACCOUNT_SID=" + SID, "TWILIO_AUTH_TOKEN=" + TOKEN, "TWILIO_WHATSAPP_FROM=+14155238886",
        "SENDGRID_API_KEY=SG.test-key-0123456789", "SENDGRID_FROM_EMAIL=alerts@example.com").run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx.getBean(TwilioConfig.class).accountSid()).isEqualTo(SID);
          assertThat(providerNames(ctx)).containsExactly("sendgrid", "twilio-whatsapp");
        });
  }

  @Test
  void springSendgridApiKeyIsUsedWhenAlertkitsIsNotSet() {
    runner.withPropertyValues("spring.sendgrid.api-key=SG.spring-key-0123456789", "alertkit.sendgrid.from=alerts@example.com")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(SendGridConfig.class);
          assertThat(providerNames(ctx)).containsExactly("sendgrid");
        });
  }

  @Test
  void aBadValueFailsStartupNamingTheProperty() {
    runner.withPropertyValues(twilio("alertkit.twilio.account-sid=XX-not-a-sid")).run(ctx -> {
      assertThat(ctx).hasFailed();
      InvalidAlertkitPropertyException e = invalid(ctx.getStartupFailure());
      assertThat(e.property()).isEqualTo("alertkit.twilio.account-sid");
      assertThat(e.getMessage()).doesNotContain(TOKEN);
    });
  }

  @Test
  void resiliencePropertiesBecomeRetryAndTimeoutOverTheDefaults() {
    runner.withPropertyValues(twilio("alertkit.resilience.max-attempts=5", "alertkit.resilience.timeout=4s",
        "alertkit.resilience.retry-ambiguous=true")).run(ctx -> {
          assertThat(ctx).hasNotFailed();
          Resilience r = ctx.getBean(Resilience.class);
          assertThat(r.retry().maxAttempts()).isEqualTo(5);
          assertThat(r.retry().retryAmbiguous()).isTrue();
          assertThat(r.retry().backoff()).isEqualTo(Resilience.defaults().retry().backoff());
          assertThat(r.timeout()).contains(java.time.Duration.ofSeconds(4));
          assertThat(r.circuitBreaker()).isEqualTo(Resilience.defaults().circuitBreaker());
          assertThat(r.retryBudget()).isEqualTo(Resilience.defaults().retryBudget());
        });
    runner.withPropertyValues(twilio("alertkit.resilience.enabled=false")).run(ctx -> {
      Resilience r = ctx.getBean(Resilience.class);
      assertThat(r.retry().maxAttempts()).isEqualTo(1);
      assertThat(r.timeout()).isEmpty();
      assertThat(r.circuitBreaker()).isEmpty();
      assertThat(r.retryBudget()).isEmpty();
    });
    runner.withPropertyValues(twilio("alertkit.resilience.max-attempts=0")).run(ctx -> {
      assertThat(ctx).hasFailed();
      InvalidAlertkitPropertyException e = invalid(ctx.getStartupFailure());
      assertThat(e.property()).isEqualTo("alertkit.resilience.max-attempts");
      assertThat(e.getMessage()).contains("between 1 and 20");
    });
  }

  @Test
  void httpPropertiesBecomeHttpSettingsOverTheProviderDefaults() {
    runner.withPropertyValues(twilio("alertkit.twilio.read-timeout=3s", "alertkit.twilio.pool-lease-timeout=250ms")).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      TwilioConfig config = ctx.getBean(TwilioConfig.class);
      assertThat(config.http()).isEqualTo(TwilioConfig.DEFAULT_HTTP.toBuilder()
          .readTimeout(java.time.Duration.ofSeconds(3)).poolLeaseTimeout(java.time.Duration.ofMillis(250)).build());
    });
    runner.withPropertyValues(twilio("alertkit.twilio.pool-size=0")).run(ctx -> {
      assertThat(ctx).hasFailed();
      InvalidAlertkitPropertyException e = invalid(ctx.getStartupFailure());
      assertThat(e.property()).isEqualTo("alertkit.twilio.pool-size");
      assertThat(e.getMessage()).contains("between 1 and 1000");
    });
  }

  @Test
  void userBeansReplaceAlertkitsOwn() {
    runner.withPropertyValues(twilio()).withUserConfiguration(OwnClient.class).run(ctx -> {
      assertThat(ctx).hasNotFailed().hasSingleBean(AlertClient.class);
      assertThat(ctx.getBean(AlertClient.class)).isSameAs(ctx.getBean(OwnClient.class).client);
    });
    runner.withUserConfiguration(OwnProvider.class).run(ctx -> {
      assertThat(ctx).hasNotFailed().hasSingleBean(AlertClient.class).doesNotHaveBean(TwilioConfig.class);
      assertThat(ctx.getBean(AlertClient.class).routing().channels()).containsExactly(Channel.SMS);
    });
    runner.withPropertyValues(twilio()).withUserConfiguration(OwnResilience.class).run(ctx ->
        assertThat(ctx.getBean(Resilience.class)).isSameAs(OwnResilience.NONE));
  }

  @Test
  void disabledCreatesNothing() {
    runner.withPropertyValues(twilio("alertkit.enabled=false")).run(ctx ->
        assertThat(ctx).hasNotFailed().doesNotHaveBean(AlertClient.class).doesNotHaveBean(TwilioConfig.class));
    runner.withPropertyValues(twilio("alertkit.twilio.enabled=false")).run(ctx ->
        assertThat(invalid(ctx.getStartupFailure())).hasMessageContaining("no channel provider"));
  }

  @Test
  void yamlRoutingIsTheSamePolicyTheBuilderMakes() {
    RoutingPolicy byBuilder = RoutingPolicy.builder()
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL).and(Match.recipientCountry("IN"))).named("india")
            .deliver(Channel.WHATSAPP).continueMatching())
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical")
            .deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL).onQuietHours(QuietHoursPolicy.bypass()))
        .rule(Rule.when(Match.severity(Severity.WARNING).and(Match.label("team", "db"))).named("db-warning")
            .deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL).onQuietHours(QuietHoursPolicy.skip(Channel.SMS)))
        .otherwise(Rule.deliver(Channel.EMAIL).named("info"))
        .build();
    runner.withInitializer(new ConfigDataApplicationContextInitializer())
        .withPropertyValues("spring.config.location=classpath:routing-test.yaml")
        .withUserConfiguration(AllChannels.class).run(ctx -> {
          assertThat(ctx).hasNotFailed();
          RoutingPolicy fromYaml = ctx.getBean(RoutingPolicy.class);
          assertThat(fromYaml.describe()).isEqualTo(byBuilder.describe());
          assertThat(fromYaml.toString()).isEqualTo(byBuilder.toString());
          assertThat(ctx.getBean(AlertClient.class).routing()).isSameAs(fromYaml);
        });
  }

  @Test
  void anInvalidRuleFailsStartupNamingItsPropertyPath() {
    runner.withUserConfiguration(OwnProvider.class).withPropertyValues("alertkit.routing.rules[0].name=x",
        "alertkit.routing.otherwise.deliver=EMAIL").run(ctx -> {
          assertThat(ctx).hasFailed();
          assertThat(invalid(ctx.getStartupFailure())).hasMessageStartingWith("alertkit.routing.rules[0].deliver: at least one channel");
        });
    runner.withUserConfiguration(OwnProvider.class).withPropertyValues("alertkit.routing.rules[0].deliver=SMS").run(ctx ->
        assertThat(invalid(ctx.getStartupFailure())).hasMessageStartingWith("alertkit.routing.otherwise: a default rule is required"));
    runner.withUserConfiguration(OwnProvider.class).withPropertyValues("alertkit.routing.otherwise.deliver=SMS",
        "alertkit.routing.otherwise.quiet-hours.mode=SKIP_CHANNEL").run(ctx ->
        assertThat(invalid(ctx.getStartupFailure())).hasMessageStartingWith("alertkit.routing.otherwise.quiet-hours.channels"));
  }

  @Test
  void dltRegistryFromACsvOnTheClasspath() {
    runner.withUserConfiguration(OwnProvider.class).withPropertyValues("alertkit.dlt.entity-id=1101234567890123456",
        "alertkit.dlt.headers=ALRTKT", "alertkit.dlt.templates-csv=classpath:dlt-test.csv",
        "alertkit.dlt.whitelist-urls=https://rb.example.com/disk").run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(IndiaDlt.class);
          assertThat(ctx.getBean(IndiaDlt.class).registry().templates()).hasSize(1);
        });
    runner.withUserConfiguration(OwnProvider.class).withPropertyValues("alertkit.dlt.entity-id=1101234567890123456",
        "alertkit.dlt.templates-csv=classpath:missing.csv").run(ctx ->
        assertThat(invalid(ctx.getStartupFailure())).hasMessageStartingWith("alertkit.dlt.templates-csv: cannot read"));
  }

  @Test
  void healthShowsProvidersCircuitsAndNoSecrets() {
    runner.withPropertyValues(twilio()).run(ctx -> {
      Health health = ctx.getBean(AlertkitHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails().toString()).contains("twilio-sms", "CLOSED").doesNotContain(TOKEN).doesNotContain(SID);
    });
  }

  @Test
  void webhookEndpointsAreMountedOnlyInServletWebApplications() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AlertkitEmulatorAutoConfiguration.class, AlertkitAutoConfiguration.class))
        .withPropertyValues(twilio()).run(ctx -> {
          assertThat(ctx).hasNotFailed().hasBean("alertkitWebhookRoutes").hasBean("alertkitTwilioWebhooks");
          assertThat(ctx.getBean("alertkitWebhookRoutes")).isInstanceOf(RouterFunction.class);
        });
    runner.withPropertyValues(twilio()).run(ctx -> assertThat(ctx).doesNotHaveBean("alertkitWebhookRoutes"));
  }

  @Test
  void ackLinksFromPropertiesNeverEchoTheKey() {
    String key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    runner.withPropertyValues(twilio("alertkit.ack-links.signing-key=" + key, "alertkit.webhooks.public-base-url=https://alerts.example.com"))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(dev.alertkit.incident.AckLinks.class);
          assertThat(ctx.getBean(AlertClient.class).incidents().links()).isPresent();
          assertThat(ctx.getBean(AlertkitProperties.class).getAckLinks().toString()).doesNotContain(key);
        });
    runner.withPropertyValues(twilio("alertkit.ack-links.signing-key=not base64!!")).run(ctx ->
        assertThat(invalid(ctx.getStartupFailure())).hasMessage("alertkit.ack-links.signing-key: must be base64 (the value is not shown)"));
    runner.withPropertyValues(twilio("alertkit.ack-links.signing-key=" + key)).run(ctx ->
        assertThat(invalid(ctx.getStartupFailure()).property()).isEqualTo("alertkit.ack-links.base-url"));
  }

  @Test
  void aPriceTableMakesEveryAttemptCarryItsEstimate() {
    runner.withUserConfiguration(OwnProvider.class).withPropertyValues("alertkit.prices=classpath:prices-test.csv").run(ctx -> {
      assertThat(ctx).hasNotFailed().hasSingleBean(dev.alertkit.cost.PriceTable.class);
      dev.alertkit.DispatchReport report = ctx.getBean(AlertClient.class).send(dev.alertkit.Alert.builder().severity(Severity.CRITICAL)
          .title("db-1 down").recipient(dev.alertkit.Recipient.builder("alice").phone("+14155550100").build()).build());
      assertThat(report.cost()).isNotEmpty();
      assertThat(report.describe()).contains("0.0079 USD");
    });
    runner.withUserConfiguration(OwnProvider.class).withPropertyValues("alertkit.prices=classpath:missing.csv").run(ctx ->
        assertThat(invalid(ctx.getStartupFailure())).hasMessageStartingWith("alertkit.prices: cannot read"));
  }

  @Test
  void emulatorsReplaceTheRealApisWithoutCredentials() {
    runner.withPropertyValues("alertkit.testing.emulators=true").run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx.getBean(TwilioConfig.class).toString()).contains("127.0.0.1");
      assertThat(providerNames(ctx)).containsExactly("sendgrid", "twilio-sms", "twilio-voice", "twilio-whatsapp");
    });
  }

  /** The first {@link InvalidAlertkitPropertyException} in the cause chain of a startup failure. */
  private static InvalidAlertkitPropertyException invalid(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof InvalidAlertkitPropertyException e) {
        return e;
      }
    }
    throw new AssertionError("no InvalidAlertkitPropertyException in " + t, t);
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    final AlertClient client = AlertClient.builder().provider(FakeProvider.sms()).build();

    @Bean(destroyMethod = "close")
    AlertClient myClient() {
      return client;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnProvider {
    @Bean
    ChannelProvider myProvider() {
      return FakeProvider.sms();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class AllChannels {
    @Bean
    ChannelProvider everything() {
      return FakeProvider.of("fake", Channel.values());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnResilience {
    static final Resilience NONE = Resilience.none();

    @Bean
    Resilience myResilience() {
      return NONE;
    }
  }
}
