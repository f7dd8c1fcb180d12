package dev.alertkit.twilio;

import static dev.alertkit.twilio.Fixtures.config;
import static dev.alertkit.twilio.Fixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Channel;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TwilioProvidersLifecycleTest {
  static TwilioEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = TwilioEmulator.start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void providersOfOneAccountShareOnePoolReleasedWhenTheLastIsClosed() {
    // Given the three providers of one account
    TwilioProviders twilio = TwilioProviders.of(config(emulator).build());
    ChannelProvider sms = twilio.sms();
    ChannelProvider voice = twilio.voice();
    ChannelProvider whatsapp = twilio.whatsapp();
    assertThat(twilio.sms()).isSameAs(sms);

    // When all but one are closed (twice, as a careless client might)
    sms.close();
    sms.close();
    voice.close();

    // Then the pool is still open and the last provider still sends
    assertThat(twilio.isClosed()).isFalse();
    assertThat(whatsapp.send(message(Channel.WHATSAPP, "+15551230001",
        dev.alertkit.WhatsAppContent.template("HXb5b62575e6e4ff6129ad7c8efe1f983e", java.util.Map.of("1", "x"))).build())
        .isAccepted()).isTrue();

    // And when the last one closes, the pool is released; later closes are harmless
    whatsapp.close();
    assertThat(twilio.isClosed()).isTrue();
    twilio.close();
    whatsapp.close();
    assertThatThrownBy(twilio::sms).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingTheFactoryReleasesThePoolAndLaterSendsAreProgrammingErrors() {
    // Given a provider from a factory that is then closed
    ChannelProvider sms;
    try (TwilioProviders twilio = TwilioProviders.of(config(emulator).build())) {
      sms = twilio.sms();
    }
    // When the provider is used after close
    // Then it throws IllegalStateException (a programming error, not a provider failure), and closing it is safe
    assertThatThrownBy(() -> sms.send(message(Channel.SMS, "+15551230001").build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    sms.close();
  }

  @Test
  void providersNeedTheirSenderConfigured() {
    TwilioConfig noSenders = TwilioConfig.builder().accountSid(emulator.accountSid()).authToken(emulator.authToken()).build();
    try (TwilioProviders twilio = TwilioProviders.of(noSenders)) {
      assertThatThrownBy(twilio::sms).isInstanceOf(ValidationException.class).hasMessageContaining("smsFrom");
      assertThatThrownBy(twilio::voice).isInstanceOf(ValidationException.class).hasMessageContaining("voiceFrom");
      assertThatThrownBy(twilio::whatsapp).isInstanceOf(ValidationException.class).hasMessageContaining("whatsappFrom");
    }
  }

  @Test
  void messageForAnotherChannelIsRejectedAsAProgrammingError() {
    try (ChannelProvider sms = TwilioProviders.sms(config(emulator).build())) {
      assertThatThrownBy(() -> sms.send(message(Channel.VOICE, "+15551230001").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twilio-sms sends SMS only");
    }
  }
}
