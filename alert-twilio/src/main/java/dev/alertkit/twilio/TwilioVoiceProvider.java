package dev.alertkit.twilio;

import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.CallCreator;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import dev.alertkit.Channel;
import dev.alertkit.VoiceContent;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice calls through Twilio's Calls API with inline TwiML (see {@link VoiceTwiml}). Calls to India (+91) must come
 * from a non-Indian caller ID: the provider uses {@link TwilioConfig#voiceFromForIndia()} for them, and fails the
 * send (PERMANENT, fault PROVIDER) rather than place such a call from an Indian caller ID.
 */
final class TwilioVoiceProvider extends TwilioProvider {
  static final String NAME = "twilio-voice";
  static final List<String> STATUS_EVENTS = List.of("initiated", "ringing", "answered", "completed");
  private static final Logger log = LoggerFactory.getLogger(TwilioVoiceProvider.class);
  private static final String INDIA = "+91";

  TwilioVoiceProvider(TwilioAccount account) {
    super(NAME, Channel.VOICE, account);
  }

  @Override
  Prepared prepare(OutboundMessage m) {
    TwilioConfig c = account.config;
    Optional<String> callerId = callerId(m, c);
    if (callerId.isEmpty()) {
      String used = m.sender().or(c::voiceFrom).orElse("(none)");
      return Prepared.fail(Failure.permanent(Failure.Fault.PROVIDER, "calls to Indian numbers (+91) must use a non-Indian caller ID,"
          + " but the caller ID " + used + " is Indian: configure TwilioConfig.Builder.voiceFromForIndia(...) with a"
          + " non-Indian Twilio number or verified caller ID").build());
    }
    Optional<VoiceContent> content = m.content().filter(VoiceContent.class::isInstance).map(VoiceContent.class::cast);
    Optional<String> voice = content.flatMap(VoiceContent::voiceName).or(c::voiceName);
    Optional<String> language = content.flatMap(VoiceContent::languageTag).or(c::voiceLanguage);
    int repeat = content.map(VoiceContent::repeatCount).orElse(c.voiceRepeat());
    boolean ack = content.map(VoiceContent::asksToAcknowledge).orElse(c.askToAcknowledge());
    Optional<URI> ackAction = Optional.empty();
    if (ack) {
      ackAction = callbackUrl(m, TwilioCallbacks.VOICE_ACKNOWLEDGE_PATH);
      if (ackAction.isEmpty()) {
        log.warn("{}: attempt {} asks to press 1 to acknowledge, but TwilioConfig has no statusCallbackBaseUrl to receive the"
            + " digit; the call speaks the alert without asking", NAME, m.attemptId());
      }
    }
    VoiceTwiml.Result twiml = VoiceTwiml.build(m.text(), voice, language, repeat, ackAction);
    if (twiml.shortened()) {
      log.info("{}: attempt {} speaks {} of {} characters of alert text: Twilio accepts at most {} characters of TwiML", NAME,
          m.attemptId(), twiml.spokenLength(), twiml.originalLength(), VoiceTwiml.MAX_TWIML);
    }
    CallCreator creator = Call.creator(new PhoneNumber(m.to()), new PhoneNumber(callerId.get()), new Twiml(twiml.xml()));
    creator.setTimeout((int) c.ringTimeout().getSeconds());
    if (c.machineDetection()) {
      creator.setMachineDetection("Enable");
    }
    callbackUrl(m, TwilioCallbacks.CALL_STATUS_PATH).ifPresent(url -> {
      creator.setStatusCallback(url);
      creator.setStatusCallbackEvent(STATUS_EVENTS);
      creator.setStatusCallbackMethod(HttpMethod.POST);
    });
    Map<String, String> extra = twiml.shortened()
        ? Map.of("spoken_chars", Integer.toString(twiml.spokenLength()), "text_chars", Integer.toString(twiml.originalLength()))
        : Map.of();
    return Prepared.call(() -> creator.create(account.rest), extra);
  }

  /**
   * The caller ID for a call: the message's sender, else the configured caller ID; for calls to India a non-Indian one
   * ({@code voiceFromForIndia} when the default is Indian).
   *
   * @return the caller ID, or empty when a call to India would have to use an Indian caller ID
   */
  static Optional<String> callerId(OutboundMessage m, TwilioConfig c) {
    Optional<String> normal = m.sender().or(c::voiceFrom);
    if (!m.to().startsWith(INDIA)) {
      return normal;
    }
    if (normal.isPresent() && !normal.get().startsWith(INDIA)) {
      return normal;
    }
    return c.voiceFromForIndia();
  }

  @Override
  Set<String> detailFields() {
    return Set.of();
  }
}
