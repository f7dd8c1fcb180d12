package dev.alertkit.twilio;

import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.alertkit.Channel;
import dev.alertkit.SmsContent;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import java.util.Set;

/**
 * SMS through Twilio's Messages API. Sender: {@code message.sender()} (e.g. the India DLT header) as {@code From},
 * else the messaging service, else the configured {@code smsFrom}. {@code SmartEncoded=false} for DLT messages, whose
 * text must reach the carrier exactly as registered.
 */
final class TwilioSmsProvider extends TwilioProvider {
  static final String NAME = "twilio-sms";
  private static final Set<String> DETAILS = Set.of("num_segments", "price", "price_unit");

  TwilioSmsProvider(TwilioAccount account) {
    super(NAME, Channel.SMS, account);
  }

  @Override
  Prepared prepare(OutboundMessage m) {
    TwilioConfig c = account.config;
    String body = m.text();
    if (body.length() > SmsContent.MAX_TEXT_LENGTH) {
      return Prepared.fail(Failure.permanent(Failure.Fault.CONTENT, "the SMS text is " + body.length()
          + " characters; Twilio accepts at most " + SmsContent.MAX_TEXT_LENGTH).build());
    }
    PhoneNumber to = new PhoneNumber(m.to());
    String sender = m.sender().orElse(null);
    MessageCreator creator;
    if (c.messagingServiceSid().isPresent()) {
      creator = Message.creator(to, c.messagingServiceSid().get(), body);
      if (sender != null) {
        creator.setFrom(sender);
      }
    } else {
      String from = sender != null ? sender : c.smsFrom().orElseThrow();
      creator = Message.creator(to, new PhoneNumber(from), body);
    }
    creator.setValidityPeriod((int) c.smsValidityPeriod().getSeconds());
    callbackUrl(m, TwilioCallbacks.MESSAGE_STATUS_PATH).ifPresent(creator::setStatusCallback);
    if (m.dlt().isPresent()) {
      creator.setSmartEncoded(false);
    }
    return Prepared.call(() -> creator.create(account.rest));
  }

  @Override
  Set<String> detailFields() {
    return DETAILS;
  }
}
