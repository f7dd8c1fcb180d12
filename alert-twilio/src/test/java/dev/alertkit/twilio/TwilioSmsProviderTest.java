package dev.alertkit.twilio;

import static dev.alertkit.twilio.Fixtures.ALERT_ID;
import static dev.alertkit.twilio.Fixtures.ATTEMPT_ID;
import static dev.alertkit.twilio.Fixtures.CALLBACK_BASE;
import static dev.alertkit.twilio.Fixtures.SMS_FROM;
import static dev.alertkit.twilio.Fixtures.config;
import static dev.alertkit.twilio.Fixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Channel;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.DltParameters;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioSmsProviderTest {
  static TwilioEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = TwilioEmulator.start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  @Test
  void sendsTheFormFieldsTwilioExpectsForAnSmsFromTheConfiguredNumber() {
    // Given an SMS provider with a From number, a 120 s validity period and a callback base URL
    try (ChannelProvider sms = TwilioProviders.sms(config(emulator).smsValidityPeriod(Duration.ofSeconds(120)).build())) {
      // When one SMS is sent
      SendResult result = sms.send(message(Channel.SMS, "+15551230001").build());

      // Then Twilio got exactly one POST with each field as the Messages API expects it
      assertThat(result.isAccepted()).isTrue();
      assertThat(emulator.requestCount()).isEqualTo(1);
      TwilioEmulator.Request request = emulator.requests().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + emulator.accountSid() + "/Messages.json");
      assertThat(request.username()).contains(emulator.accountSid());
      TwilioEmulator.Message m = emulator.messages().get(0);
      assertThat(m.params().keySet()).containsExactlyInAnyOrder("To", "From", "Body", "ValidityPeriod", "StatusCallback");
      assertThat(m.param("To")).contains("+15551230001");
      assertThat(m.param("From")).contains(SMS_FROM);
      assertThat(m.param("Body")).contains("db-1 disk 97% full");
      assertThat(m.param("ValidityPeriod")).contains("120");
      assertThat(m.param("SmartEncoded")).isEmpty();
      assertThat(m.param("MessagingServiceSid")).isEmpty();
    }
  }

  @Test
  void statusCallbackUrlCarriesAlertAttemptAndRecipientUrlEncoded() {
    // Given an SMS provider with a status callback base URL
    try (ChannelProvider sms = TwilioProviders.sms(config(emulator).build())) {
      // When an SMS whose attempt id needs URL encoding is sent
      sms.send(message(Channel.SMS, "+15551230001").build());

      // Then the StatusCallback is base + message-status path + our correlation, encoded
      String url = emulator.messages().get(0).param("StatusCallback").orElseThrow();
      assertThat(url).startsWith(CALLBACK_BASE + TwilioCallbacks.MESSAGE_STATUS_PATH + "?");
      assertThat(url).doesNotContain(" ").contains("alertkit_attempt=attempt+1%2Fa%26b");
      assertThat(Fixtures.query(url)).containsExactly(
          Map.entry(TwilioCallbacks.ALERT_PARAM, ALERT_ID),
          Map.entry(TwilioCallbacks.ATTEMPT_PARAM, ATTEMPT_ID),
          Map.entry(TwilioCallbacks.RECIPIENT_PARAM, "alice"));
    }
  }

  @Test
  void acceptedResultCarriesSidStatusSegmentsAndPrice() {
    // Given an SMS provider
    try (ChannelProvider sms = TwilioProviders.sms(config(emulator).build())) {
      // When a 161-character GSM-7 text is sent (two segments)
      SendResult result = sms.send(message(Channel.SMS, "+15551230001").text("x".repeat(161)).build());

      // Then the result has Twilio's SID, the initial status and the segment count and price unit
      SendResult.Accepted accepted = (SendResult.Accepted) result;
      assertThat(accepted.providerMessageId()).get().asString().matches("SM[0-9a-f]{32}");
      assertThat(accepted.providerMessageId()).contains(emulator.messages().get(0).sid());
      assertThat(accepted.providerStatus()).contains("queued");
      assertThat(accepted.details()).containsEntry("num_segments", "2").containsEntry("price_unit", "USD");
    }
  }

  @Test
  void messagingServiceSendsWithoutFromAndIsAccepted() {
    // Given a configuration with a messaging service
    String service = "MG0123456789abcdef0123456789abcdef";
    try (ChannelProvider sms = TwilioProviders.sms(config(emulator).messagingServiceSid(service).build())) {
      // When an SMS is sent
      SendResult result = sms.send(message(Channel.SMS, "+15551230001").build());

      // Then the service picks the sender and the initial status is 'accepted'
      TwilioEmulator.Message m = emulator.messages().get(0);
      assertThat(m.param("MessagingServiceSid")).contains(service);
      assertThat(m.param("From")).isEmpty();
      assertThat(((SendResult.Accepted) result).providerStatus()).contains("accepted");
    }
  }

  @Test
  void messageSenderOverridesTheFromAndDltTurnsSmartEncodingOff() {
    // Given an SMS to India whose DLT guard set the registered header as sender
    try (ChannelProvider sms = TwilioProviders.sms(config(emulator).build())) {
      SendResult result = sms.send(message(Channel.SMS, "+919812345678")
          .sender("ALERTK")
          .dlt(new DltParameters("1101234567890123456", "1107161234567890123", "ALERTK"))
          .text("Dear user, db-1 disk is 97% full. -ALERTKIT")
          .build());

      // Then the header is the From and SmartEncoded=false keeps the registered text exact
      assertThat(result.isAccepted()).isTrue();
      TwilioEmulator.Message m = emulator.messages().get(0);
      assertThat(m.param("From")).contains("ALERTK");
      assertThat(m.param("SmartEncoded")).contains("false");
      assertThat(m.param("Body")).contains("Dear user, db-1 disk is 97% full. -ALERTKIT");
    }
  }

  @Test
  void apiKeyAuthenticatesWithTheKeyAndKeepsTheAccountInThePath() {
    // Given an emulator that also accepts an API key, and a configuration using it
    try (TwilioEmulator withKey = TwilioEmulator.builder().apiKey(Fixtures.API_KEY_SID, Fixtures.API_KEY_SECRET).start();
        ChannelProvider sms = TwilioProviders.sms(TwilioConfig.builder()
            .accountSid(withKey.accountSid())
            .apiKey(Fixtures.API_KEY_SID, Fixtures.API_KEY_SECRET)
            .baseUrl(withKey.baseUrl())
            .smsFrom(SMS_FROM)
            .build())) {
      // When an SMS is sent
      SendResult result = sms.send(message(Channel.SMS, "+15551230001").build());

      // Then the key SID is the user name and the account SID (not the key) is in the URL
      assertThat(result.isAccepted()).isTrue();
      TwilioEmulator.Request request = withKey.requests().get(0);
      assertThat(request.username()).contains(Fixtures.API_KEY_SID);
      assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + withKey.accountSid() + "/Messages.json");
    }
  }

  @Test
  void noStatusCallbackWithoutABaseUrl() {
    // Given a configuration without a status callback base URL
    TwilioConfig cfg = TwilioConfig.builder().accountSid(emulator.accountSid()).authToken(emulator.authToken())
        .baseUrl(emulator.baseUrl()).smsFrom(SMS_FROM).build();
    try (ChannelProvider sms = TwilioProviders.sms(cfg)) {
      // When an SMS is sent
      sms.send(message(Channel.SMS, "+15551230001").build());

      // Then no StatusCallback parameter is sent
      assertThat(emulator.messages().get(0).param("StatusCallback")).isEmpty();
    }
  }

  @Test
  void providerNameAndChannel() {
    try (TwilioProviders twilio = TwilioProviders.of(config(emulator).build())) {
      assertThat(twilio.sms().name()).isEqualTo("twilio-sms");
      assertThat(twilio.sms().channels()).containsExactly(Channel.SMS);
      assertThat(twilio.voice().name()).isEqualTo("twilio-voice");
      assertThat(twilio.whatsapp().name()).isEqualTo("twilio-whatsapp");
      assertThat(List.of(twilio.voice().channels(), twilio.whatsapp().channels()))
          .containsExactly(java.util.Set.of(Channel.VOICE), java.util.Set.of(Channel.WHATSAPP));
    }
  }
}
