package dev.alertkit.spring;

import dev.alertkit.DeliveryTracker;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.sendgrid.SendGridWebhooks;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioWebhooks;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code alertkit.testing.emulators=true} (or {@link AlertkitEmulators} on a test) and alert-testkit-emulators on the
 * classpath: the testkit's {@link TwilioEmulator} and {@link SendGridEmulator} run on 127.0.0.1 and alertkit's Twilio
 * and SendGrid configuration points at them, with the emulators' credentials and webhook keys. Nothing leaves the
 * machine; every HTTP request and signature is real. Inject the emulators to read what was "sent" and to make them
 * call your webhooks.
 */
@AutoConfiguration(before = AlertkitAutoConfiguration.class)
@ConditionalOnClass(name = {"dev.alertkit.testkit.emulator.TwilioEmulator", "dev.alertkit.twilio.TwilioConfig", "dev.alertkit.sendgrid.SendGridConfig"})
@ConditionalOnBooleanProperty(name = "alertkit.testing.emulators")
public class AlertkitEmulatorAutoConfiguration {

  /** Creates the configuration. */
  public AlertkitEmulatorAutoConfiguration() {}

  /** @return the Twilio emulator, stopped with the context */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public TwilioEmulator alertkitTwilioEmulator() {
    return TwilioEmulator.start();
  }

  /** @return the SendGrid emulator, stopped with the context */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public SendGridEmulator alertkitSendGridEmulator() {
    return SendGridEmulator.start();
  }

  /**
   * Twilio pointed at the emulator, with Twilio's test sender numbers.
   *
   * @param emulator the emulator
   * @param properties the properties (public base URL, press-1)
   * @return the configuration
   */
  @Bean
  @ConditionalOnMissingBean
  public TwilioConfig alertkitTwilioConfig(TwilioEmulator emulator, AlertkitProperties properties) {
    TwilioConfig.Builder b = TwilioConfig.builder().accountSid(emulator.accountSid()).authToken(emulator.authToken())
        .baseUrl(emulator.baseUrl()).smsFrom("+15005550006").voiceFrom("+15005550006").whatsappFrom("+14155238886")
        .askToAcknowledge(properties.getTwilio().isAskToAcknowledge());
    if (properties.getWebhooks().getPublicBaseUrl() != null) {
      b.statusCallbackBaseUrl(properties.getWebhooks().getPublicBaseUrl());
    }
    return Properties.building("alertkit.twilio", b::build);
  }

  /**
   * SendGrid pointed at the emulator.
   *
   * @param emulator the emulator
   * @param properties the properties (sender)
   * @return the configuration
   */
  @Bean
  @ConditionalOnMissingBean
  public SendGridConfig alertkitSendGridConfig(SendGridEmulator emulator, AlertkitProperties properties) {
    String from = properties.getSendgrid().getFrom() != null ? properties.getSendgrid().getFrom() : "alerts@example.com";
    return Properties.building("alertkit.sendgrid", () -> SendGridConfig.builder().apiKey(emulator.apiKey()).from(from)
        .baseUrl(emulator.baseUrl()).build());
  }

  /** The emulators' webhook credentials, for the mounted endpoints. */
  @Configuration(proxyBeanMethods = false)
  static class Webhooks {
    @Bean
    @ConditionalOnMissingBean
    TwilioWebhooks alertkitTwilioWebhooks(TwilioEmulator emulator, DeliveryTracker tracker, ObjectProvider<Clock> clock,
        AlertkitProperties properties) {
      return TwilioWebhooks.builder().authToken(emulator.authToken()).tracker(tracker)
          .clock(clock.getIfAvailable(Clock::systemUTC)).maxBodyBytes(properties.getWebhooks().getTwilioMaxBodyBytes()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    dev.alertkit.twilio.TwilioInboundWebhooks alertkitTwilioInboundWebhooks(TwilioEmulator emulator, dev.alertkit.AlertClient client,
        AlertkitProperties properties) {
      return dev.alertkit.twilio.TwilioInboundWebhooks.builder().authToken(emulator.authToken()).incidents(client.incidents())
          .maxBodyBytes(properties.getWebhooks().getTwilioMaxBodyBytes()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    SendGridWebhooks alertkitSendGridWebhooks(SendGridEmulator emulator, DeliveryTracker tracker, ObjectProvider<Clock> clock,
        AlertkitProperties properties) {
      return SendGridWebhooks.builder().verificationKey(emulator.webhookVerificationKey()).tracker(tracker)
          .clock(clock.getIfAvailable(Clock::systemUTC)).maxBodyBytes(properties.getWebhooks().getSendgridMaxBodyBytes()).build();
    }
  }
}
