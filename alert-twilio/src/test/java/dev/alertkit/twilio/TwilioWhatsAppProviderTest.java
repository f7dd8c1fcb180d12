package dev.alertkit.twilio;

import static dev.alertkit.twilio.Fixtures.WHATSAPP_FROM;
import static dev.alertkit.twilio.Fixtures.config;
import static dev.alertkit.twilio.Fixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertkit.Channel;
import dev.alertkit.WhatsAppContent;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioWhatsAppProviderTest {
  static final String TEMPLATE = "HXb5b62575e6e4ff6129ad7c8efe1f983e";
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
  void templateSendsContentSidAndEveryVariableAsJsonWithWhatsappAddresses() throws Exception {
    // Given an alert with an approved template and two variables
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("1", "db-1");
    vars.put("2", "97% \"full\"");
    try (ChannelProvider whatsapp = TwilioProviders.whatsapp(config(emulator).build())) {
      // When the WhatsApp message is sent
      SendResult result = whatsapp.send(message(Channel.WHATSAPP, "+919812345678", WhatsAppContent.template(TEMPLATE, vars)).build());

      // Then To and From are whatsapp: addresses, ContentSid and all ContentVariables are sent, no Body
      assertThat(result.isAccepted()).isTrue();
      TwilioEmulator.Message m = emulator.messages().get(0);
      assertThat(m.param("To")).contains("whatsapp:+919812345678");
      assertThat(m.param("From")).contains("whatsapp:" + WHATSAPP_FROM);
      assertThat(m.param("ContentSid")).contains(TEMPLATE);
      assertThat(new ObjectMapper().readValue(m.param("ContentVariables").orElseThrow(), Map.class)).isEqualTo(vars);
      assertThat(m.param("Body")).isEmpty();
      assertThat(m.param("StatusCallback")).get().asString().contains(TwilioCallbacks.MESSAGE_STATUS_PATH);
      assertThat(m.param("ValidityPeriod")).contains("300");
    }
  }

  @Test
  void freeTextIsSentWhenTheAlertDeclaresTheSessionWindow() {
    // Given free text marked inside the 24-hour window
    WhatsAppContent text = WhatsAppContent.text("db-1 disk 97% full").insideSessionWindow();
    try (ChannelProvider whatsapp = TwilioProviders.whatsapp(config(emulator).build())) {
      // When it is sent
      SendResult result = whatsapp.send(message(Channel.WHATSAPP, "+15551230001", text).build());

      // Then it goes as Body, without ContentSid
      assertThat(result.isAccepted()).isTrue();
      TwilioEmulator.Message m = emulator.messages().get(0);
      assertThat(m.param("Body")).contains("db-1 disk 97% full");
      assertThat(m.param("ContentSid")).isEmpty();
    }
  }

  @Test
  void withoutTemplateOrDeclaredWindowItFailsBeforeCallingTwilioExplainingThe24HourRule() {
    try (ChannelProvider whatsapp = TwilioProviders.whatsapp(config(emulator).build())) {
      // Given no WhatsApp content at all, and free text not marked inside the window
      // When both are sent
      SendResult none = whatsapp.send(message(Channel.WHATSAPP, "+15551230001").build());
      SendResult outside = whatsapp.send(message(Channel.WHATSAPP, "+15551230001", WhatsAppContent.text("hi")).build());

      // Then both fail PERMANENT/CONTENT with the 24-hour rule and the fix, and Twilio saw nothing
      for (SendResult r : new SendResult[] {none, outside}) {
        Failure f = r.failureIfRejected().orElseThrow();
        assertThat(f.kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(f.fault()).isEqualTo(Failure.Fault.CONTENT);
        assertThat(f.reason()).contains("24 hours").contains("WhatsAppContent.template");
      }
      assertThat(emulator.requestCount()).isZero();
    }
  }

  @Test
  void twilioError63016IsPermanentContentWithAClearReason() {
    // Given Twilio answers 63016 (outside the window)
    emulator.failNext(TwilioEmulator.Reply.error(400, 63016,
        "Failed to send freeform message because you are outside the allowed window."));
    try (ChannelProvider whatsapp = TwilioProviders.whatsapp(config(emulator).build())) {
      // When free text is sent
      SendResult result = whatsapp.send(
          message(Channel.WHATSAPP, "+15551230001", WhatsAppContent.text("hi").insideSessionWindow()).build());

      // Then the failure is PERMANENT/CONTENT, names the code and says to use a template
      Failure f = result.failureIfRejected().orElseThrow();
      assertThat(f.kind()).isEqualTo(Failure.Kind.PERMANENT);
      assertThat(f.fault()).isEqualTo(Failure.Fault.CONTENT);
      assertThat(f.providerCode()).contains("63016");
      assertThat(f.httpStatus()).hasValue(400);
      assertThat(f.reason()).contains("24 hours").contains("template");
    }
  }

  @Test
  void messagingServiceIsUsedWhenNoWhatsappSenderIsConfigured() {
    // Given a configuration with a messaging service and no WhatsApp sender
    String service = "MG0123456789abcdef0123456789abcdef";
    TwilioConfig cfg = TwilioConfig.builder().accountSid(emulator.accountSid()).authToken(emulator.authToken())
        .baseUrl(emulator.baseUrl()).messagingServiceSid(service).build();
    try (ChannelProvider whatsapp = TwilioProviders.whatsapp(cfg)) {
      // When a template is sent
      whatsapp.send(message(Channel.WHATSAPP, "+15551230001", WhatsAppContent.template(TEMPLATE, Map.of("1", "x"))).build());

      // Then the service SID is sent and no From
      TwilioEmulator.Message m = emulator.messages().get(0);
      assertThat(m.param("MessagingServiceSid")).contains(service);
      assertThat(m.param("From")).isEmpty();
      assertThat(m.status()).isEqualTo("accepted");
    }
  }
}
