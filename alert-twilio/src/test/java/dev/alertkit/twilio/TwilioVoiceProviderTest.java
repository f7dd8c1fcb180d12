package dev.alertkit.twilio;

import static dev.alertkit.twilio.Fixtures.ALERT_ID;
import static dev.alertkit.twilio.Fixtures.ATTEMPT_ID;
import static dev.alertkit.twilio.Fixtures.CALLBACK_BASE;
import static dev.alertkit.twilio.Fixtures.VOICE_FROM;
import static dev.alertkit.twilio.Fixtures.config;
import static dev.alertkit.twilio.Fixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Channel;
import dev.alertkit.VoiceContent;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class TwilioVoiceProviderTest {
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

  static Document xml(String twiml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(twiml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void sendsTheFormFieldsTwilioExpectsForACallWithInlineTwiml() throws Exception {
    // Given a voice provider with voice defaults, a 45 s ring timeout and machine detection on
    TwilioConfig cfg = config(emulator).voiceName("Polly.Joanna").voiceLanguage("en-US").voiceRepeat(3)
        .ringTimeout(Duration.ofSeconds(45)).machineDetection(true).build();
    try (ChannelProvider voice = TwilioProviders.voice(cfg)) {
      // When a call is placed
      SendResult result = voice.send(message(Channel.VOICE, "+15551230001").build());

      // Then one POST to Calls.json carries every field as Twilio expects it
      assertThat(result.isAccepted()).isTrue();
      assertThat(((SendResult.Accepted) result).providerMessageId()).get().asString().matches("CA[0-9a-f]{32}");
      assertThat(((SendResult.Accepted) result).providerStatus()).contains("queued");
      assertThat(emulator.requestCount()).isEqualTo(1);
      assertThat(emulator.requests().get(0).path()).endsWith("/Calls.json");
      TwilioEmulator.Call call = emulator.calls().get(0);
      assertThat(call.params().keySet()).containsExactlyInAnyOrder("To", "From", "Twiml", "Timeout", "MachineDetection",
          "StatusCallback", "StatusCallbackEvent", "StatusCallbackMethod");
      assertThat(call.param("To")).contains("+15551230001");
      assertThat(call.param("From")).contains(VOICE_FROM);
      assertThat(call.param("Timeout")).contains("45");
      assertThat(call.param("MachineDetection")).contains("Enable");
      assertThat(call.param("StatusCallbackMethod")).contains("POST");
      assertThat(call.params("StatusCallbackEvent")).containsExactly("initiated", "ringing", "answered", "completed");
      String callback = call.param("StatusCallback").orElseThrow();
      assertThat(callback).startsWith(CALLBACK_BASE + TwilioCallbacks.CALL_STATUS_PATH + "?");
      assertThat(Fixtures.query(callback)).containsEntry(TwilioCallbacks.ALERT_PARAM, ALERT_ID)
          .containsEntry(TwilioCallbacks.ATTEMPT_PARAM, ATTEMPT_ID).containsEntry(TwilioCallbacks.RECIPIENT_PARAM, "alice");

      // And the TwiML says the text with the configured voice, language and repeat count, without a Gather
      Document twiml = xml(call.twiml().orElseThrow());
      assertThat(twiml.getDocumentElement().getTagName()).isEqualTo("Response");
      assertThat(twiml.getElementsByTagName("Gather").getLength()).isZero();
      Element say = (Element) twiml.getElementsByTagName("Say").item(0);
      assertThat(say.getTextContent()).isEqualTo("db-1 disk 97% full");
      assertThat(say.getAttribute("voice")).isEqualTo("Polly.Joanna");
      assertThat(say.getAttribute("language")).isEqualTo("en-US");
      assertThat(say.getAttribute("loop")).isEqualTo("3");
    }
  }

  @Test
  void voiceContentOverridesVoiceLanguageRepeatAndAsksToPress1WithCorrelatedAction() throws Exception {
    // Given an alert whose voice content asks to acknowledge, in Indian English, twice
    VoiceContent content = VoiceContent.say("Database one is almost full").repeat(2).askToAcknowledge(true)
        .voice("Polly.Aditi").language("en-IN");
    try (ChannelProvider voice = TwilioProviders.voice(config(emulator).build())) {
      // When the call is placed
      voice.send(message(Channel.VOICE, "+15551230001", content).text("Database one is almost full").build());

      // Then the Say sits in a one-digit DTMF Gather whose action URL carries the correlation
      Document twiml = xml(emulator.calls().get(0).twiml().orElseThrow());
      Element gather = (Element) twiml.getElementsByTagName("Gather").item(0);
      assertThat(gather.getAttribute("input")).isEqualTo("dtmf");
      assertThat(gather.getAttribute("numDigits")).isEqualTo("1");
      assertThat(gather.getAttribute("method")).isEqualTo("POST");
      String action = gather.getAttribute("action");
      assertThat(action).startsWith(CALLBACK_BASE + TwilioCallbacks.VOICE_ACKNOWLEDGE_PATH + "?");
      assertThat(Fixtures.query(action)).containsEntry(TwilioCallbacks.ATTEMPT_PARAM, ATTEMPT_ID);
      Element say = (Element) gather.getElementsByTagName("Say").item(0);
      assertThat(say.getTextContent()).isEqualTo("Database one is almost full " + VoiceTwiml.ACK_PROMPT);
      assertThat(say.getAttribute("voice")).isEqualTo("Polly.Aditi");
      assertThat(say.getAttribute("language")).isEqualTo("en-IN");
      assertThat(say.getAttribute("loop")).isEqualTo("2");
    }
  }

  @Test
  void callToIndiaFromAnIndianCallerIdFailsPermanentlyWithoutCallingTwilio() {
    // Given a configuration whose caller ID is Indian and no caller ID for India
    TwilioConfig cfg = config(emulator).voiceFrom("+911140000000").build();
    try (ChannelProvider voice = TwilioProviders.voice(cfg)) {
      // When a call to an Indian number is placed
      SendResult result = voice.send(message(Channel.VOICE, "+919812345678").build());

      // Then it fails PERMANENT with the India caller-ID rule, and nothing reached Twilio
      Failure f = result.failureIfRejected().orElseThrow();
      assertThat(f.kind()).isEqualTo(Failure.Kind.PERMANENT);
      assertThat(f.fault()).isEqualTo(Failure.Fault.PROVIDER);
      assertThat(f.reason()).contains("calls to Indian numbers (+91) must use a non-Indian caller ID")
          .contains("+91\u2022\u2022\u20220000").contains("voiceFromForIndia"); // every number in a reason is masked, ours too
      assertThat(emulator.requestCount()).isZero();
    }
  }

  @Test
  void callToIndiaUsesTheCallerIdForIndia() {
    // Given an Indian default caller ID and a non-Indian caller ID for India
    TwilioConfig cfg = config(emulator).voiceFrom("+911140000000").voiceFromForIndia("+14155550199").build();
    try (ChannelProvider voice = TwilioProviders.voice(cfg)) {
      // When calls to India and to the US are placed
      voice.send(message(Channel.VOICE, "+919812345678").build());
      voice.send(message(Channel.VOICE, "+15551230001").build());

      // Then India gets the non-Indian caller ID and the US call the default
      assertThat(emulator.calls()).extracting(TwilioEmulator.Call::from).containsExactly("+14155550199", "+911140000000");
    }
  }

  @Test
  void longTextIsShortenedToKeepTwimlWithinFourThousandCharacters() {
    // Given a spoken text far longer than inline TwiML allows, with characters that XML escapes
    String text = "Disk & memory <critical> on db-1. ".repeat(200);
    try (ChannelProvider voice = TwilioProviders.voice(config(emulator).askToAcknowledge(true).build())) {
      // When the call is placed
      SendResult result = voice.send(message(Channel.VOICE, "+15551230001").text(text).build());

      // Then Twilio accepts it, the TwiML fits, and the spoken text ends by saying it was shortened
      assertThat(result.isAccepted()).isTrue();
      String twiml = emulator.calls().get(0).twiml().orElseThrow();
      assertThat(twiml.length()).isLessThanOrEqualTo(4000).isGreaterThan(3500);
      assertThat(twiml).contains(VoiceTwiml.SHORTENED + " " + VoiceTwiml.ACK_PROMPT);
      assertThat(((SendResult.Accepted) result).details()).containsEntry("text_chars", Integer.toString(text.strip().length()));
    }
  }

  @Test
  void noGatherWhenAcknowledgementIsAskedButNoCallbackUrlIsConfigured() throws Exception {
    // Given no status callback base URL but acknowledgement asked
    TwilioConfig cfg = TwilioConfig.builder().accountSid(emulator.accountSid()).authToken(emulator.authToken())
        .baseUrl(emulator.baseUrl()).voiceFrom(VOICE_FROM).askToAcknowledge(true).build();
    try (ChannelProvider voice = TwilioProviders.voice(cfg)) {
      // When the call is placed
      voice.send(message(Channel.VOICE, "+15551230001").build());

      // Then the alert is still spoken, without a Gather nor status callback
      TwilioEmulator.Call call = emulator.calls().get(0);
      assertThat(xml(call.twiml().orElseThrow()).getElementsByTagName("Gather").getLength()).isZero();
      assertThat(call.params()).doesNotContainKeys("StatusCallback", "StatusCallbackEvent");
      assertThat(Map.copyOf(call.params())).containsKey("Twiml");
    }
  }
}
