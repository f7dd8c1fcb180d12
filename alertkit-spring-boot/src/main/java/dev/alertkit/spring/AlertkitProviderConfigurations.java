package dev.alertkit.spring;

import dev.alertkit.HttpSettings;
import dev.alertkit.ValidationException;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.sendgrid.SendGridProviders;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Twilio and SendGrid providers from {@code alertkit.twilio.*} / {@code alertkit.sendgrid.*} (or the environment). */
final class AlertkitProviderConfigurations {
  private AlertkitProviderConfigurations() {}

  /** Twilio SMS, voice and WhatsApp, for each sender that is configured. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(TwilioProviders.class)
  @ConditionalOnBooleanProperty(name = "alertkit.twilio.enabled", matchIfMissing = true)
  static class Twilio {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAnyValue({"alertkit.twilio.account-sid", TwilioConfig.ENV_ACCOUNT_SID})
    TwilioConfig alertkitTwilioConfig(AlertkitProperties properties, Environment env) {
      AlertkitProperties.Twilio t = properties.getTwilio();
      String publicBase = Properties.firstOf(properties.getWebhooks().getPublicBaseUrl(), env, TwilioConfig.ENV_STATUS_CALLBACK_BASE_URL);
      return Properties.building("alertkit.twilio", () -> {
        TwilioConfig.Builder b = TwilioConfig.builder().accountSid(Properties.firstOf(t.getAccountSid(), env, TwilioConfig.ENV_ACCOUNT_SID));
        String apiKey = Properties.firstOf(t.getApiKey(), env, TwilioConfig.ENV_API_KEY);
        if (apiKey != null) {
          b.apiKey(apiKey, Properties.firstOf(t.getApiSecret(), env, TwilioConfig.ENV_API_SECRET));
        } else {
          b.authToken(Properties.firstOf(t.getAuthToken(), env, TwilioConfig.ENV_AUTH_TOKEN));
        }
        set(Properties.firstOf(t.getMessagingServiceSid(), env, TwilioConfig.ENV_MESSAGING_SERVICE_SID), b::messagingServiceSid);
        set(Properties.firstOf(t.getSmsFrom(), env, TwilioConfig.ENV_SMS_FROM), b::smsFrom);
        set(Properties.firstOf(t.getVoiceFrom(), env, TwilioConfig.ENV_VOICE_FROM), b::voiceFrom);
        set(t.getVoiceFromForIndia(), b::voiceFromForIndia);
        set(Properties.firstOf(t.getWhatsappFrom(), env, TwilioConfig.ENV_WHATSAPP_FROM), b::whatsappFrom);
        set(publicBase, b::statusCallbackBaseUrl);
        set(t.getBaseUrl(), b::baseUrl);
        b.http(http(TwilioConfig.DEFAULT_HTTP, t.getConnectTimeout(), t.getReadTimeout(), t.getPoolSize(), t.getPoolLeaseTimeout()));
        b.askToAcknowledge(t.isAskToAcknowledge());
        return b.build();
      });
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(TwilioConfig.class)
    TwilioProviders alertkitTwilioProviders(TwilioConfig config) {
      return TwilioProviders.of(config);
    }

    @Bean(destroyMethod = "")
    @ConditionalOnBean(TwilioProviders.class)
    AlertkitChannelProviders alertkitTwilioChannels(TwilioProviders twilio) {
      TwilioConfig c = twilio.config();
      AlertkitChannelProviders out = new AlertkitChannelProviders();
      boolean service = c.messagingServiceSid().isPresent();
      if (c.smsFrom().isPresent() || service) {
        out.add(twilio.sms());
      }
      if (c.voiceFrom().isPresent()) {
        out.add(twilio.voice());
      }
      if (c.whatsappFrom().isPresent() || service) {
        out.add(twilio.whatsapp());
      }
      return out;
    }
  }

  /** SendGrid e-mail. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SendGridProviders.class)
  @ConditionalOnBooleanProperty(name = "alertkit.sendgrid.enabled", matchIfMissing = true)
  static class SendGrid {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAnyValue({"alertkit.sendgrid.api-key", SendGridConfig.ENV_API_KEY, "spring.sendgrid.api-key"})
    SendGridConfig alertkitSendGridConfig(AlertkitProperties properties, Environment env) {
      AlertkitProperties.SendGrid s = properties.getSendgrid();
      return Properties.building("alertkit.sendgrid", () -> {
        SendGridConfig.Builder b = SendGridConfig.builder()
            .apiKey(Properties.firstOf(s.getApiKey(), env, SendGridConfig.ENV_API_KEY, "spring.sendgrid.api-key"));
        String from = Properties.firstOf(s.getFrom(), env, SendGridConfig.ENV_FROM_EMAIL);
        String name = Properties.firstOf(s.getFromName(), env, SendGridConfig.ENV_FROM_NAME);
        if (from != null) {
          if (name != null) {
            b.from(from, name);
          } else {
            b.from(from);
          }
        }
        set(s.getBaseUrl(), b::baseUrl);
        b.http(http(SendGridConfig.DEFAULT_HTTP, s.getConnectTimeout(), s.getReadTimeout(), s.getPoolSize(), s.getPoolLeaseTimeout()));
        b.sandbox(s.isSandbox());
        return b.build();
      });
    }

    @Bean(destroyMethod = "")
    @ConditionalOnBean(SendGridConfig.class)
    AlertkitChannelProviders alertkitSendGridChannels(SendGridConfig config) {
      AlertkitChannelProviders out = new AlertkitChannelProviders();
      out.add(SendGridProviders.email(config));
      return out;
    }
  }

  /**
   * The provider's HTTP defaults with the properties that are set. A bad value fails naming the flat property:
   * {@code http.readTimeout} becomes {@code readTimeout}, i.e. {@code alertkit.twilio.read-timeout}.
   */
  static HttpSettings http(HttpSettings defaults, Duration connectTimeout, Duration readTimeout, Integer poolSize,
      Duration poolLeaseTimeout) {
    HttpSettings.Builder h = defaults.toBuilder();
    if (connectTimeout != null) {
      h.connectTimeout(connectTimeout);
    }
    if (readTimeout != null) {
      h.readTimeout(readTimeout);
    }
    if (poolSize != null) {
      h.poolSize(poolSize);
    }
    if (poolLeaseTimeout != null) {
      h.poolLeaseTimeout(poolLeaseTimeout);
    }
    try {
      return h.build();
    } catch (ValidationException e) {
      String field = e.field();
      String flat = field.startsWith("http.") ? field.substring("http.".length()) : field;
      String rule = e.getMessage().startsWith(field + ": ") ? e.getMessage().substring(field.length() + 2) : e.getMessage();
      ValidationException renamed = new ValidationException(flat, rule);
      renamed.initCause(e);
      throw renamed;
    }
  }

  private static void set(String value, java.util.function.Consumer<String> setter) {
    if (value != null && !value.isBlank()) {
      setter.accept(value);
    }
  }
}
