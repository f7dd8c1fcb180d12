package dev.alertkit.twilio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.alertkit.Channel;
import dev.alertkit.WhatsAppContent;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import java.util.Optional;
import java.util.Set;

/**
 * WhatsApp through Twilio's Messages API with {@code whatsapp:+E164} addresses. An approved template
 * ({@code ContentSid} + all {@code ContentVariables}) always works; free text only when the alert declares the
 * recipient inside the 24-hour session window. Anything else fails before Twilio is called.
 */
final class TwilioWhatsAppProvider extends TwilioProvider {
  static final String NAME = "twilio-whatsapp";
  static final String PREFIX = "whatsapp:";
  private static final Set<String> DETAILS = Set.of("num_segments", "price", "price_unit");
  static final String WINDOW_RULE = "WhatsApp allows free-form text only within 24 hours of the recipient's last message to you,"
      + " and this alert does not declare that the recipient is inside that window. Business-initiated alerts need an approved"
      + " template: give the alert WhatsAppContent.template(\"HX...\", variables) (or, only if the recipient wrote within the"
      + " last 24 hours, WhatsAppContent.text(...).insideSessionWindow())";

  TwilioWhatsAppProvider(TwilioAccount account) {
    super(NAME, Channel.WHATSAPP, account);
  }

  @Override
  Prepared prepare(OutboundMessage m) {
    TwilioConfig c = account.config;
    Optional<WhatsAppContent> content = m.content().filter(WhatsAppContent.class::isInstance).map(WhatsAppContent.class::cast);
    boolean template = content.flatMap(WhatsAppContent::contentSid).isPresent();
    boolean freeText = !template && content.map(WhatsAppContent::isInsideSessionWindow).orElse(false);
    if (!template && !freeText) {
      return Prepared.fail(Failure.permanent(Failure.Fault.CONTENT, WINDOW_RULE).build());
    }
    String body = template ? null : m.text();
    if (body != null && body.length() > 1600) {
      return Prepared.fail(Failure.permanent(Failure.Fault.CONTENT, "the WhatsApp text is " + body.length()
          + " characters; Twilio accepts at most 1600").build());
    }
    PhoneNumber to = new PhoneNumber(address(m.to()));
    Optional<String> from = m.sender().or(c::whatsappFrom);
    MessageCreator creator = from.isPresent()
        ? Message.creator(to, new PhoneNumber(address(from.get())), body)
        : Message.creator(to, c.messagingServiceSid().orElseThrow(), body);
    if (template) {
      WhatsAppContent t = content.get();
      creator.setContentSid(t.contentSid().get());
      if (!t.variables().isEmpty()) {
        try {
          creator.setContentVariables(account.mapper.writeValueAsString(t.variables()));
        } catch (JsonProcessingException e) {
          return Prepared.fail(Failure.permanent(Failure.Fault.CONTENT, "the template variables cannot be written as JSON: "
              + e.getOriginalMessage()).build());
        }
      }
    }
    creator.setValidityPeriod((int) c.smsValidityPeriod().getSeconds());
    callbackUrl(m, TwilioCallbacks.MESSAGE_STATUS_PATH).ifPresent(creator::setStatusCallback);
    return Prepared.call(() -> creator.create(account.rest));
  }

  static String address(String number) {
    return number.startsWith(PREFIX) ? number : PREFIX + number;
  }

  @Override
  Set<String> detailFields() {
    return DETAILS;
  }
}
