package dev.alertkit.twilio;

import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Message;
import dev.alertkit.Channel;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.Redaction;
import dev.alertkit.incident.Incidents;
import dev.alertkit.incident.ReplyResult;
import dev.alertkit.twilio.internal.SignedForm;
import dev.alertkit.twilio.internal.TwilioSignature;
import dev.alertkit.webhook.WebhookHandler;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import dev.alertkit.webhook.Webhooks;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's inbound-message webhook for incident acknowledgements: a person replies to an alert SMS or WhatsApp
 * message with the code it carried ({@code Reply 4821 to acknowledge}). The handler verifies
 * {@code X-Twilio-Signature} over the exact URL and every POST parameter, in constant time (the same check as
 * {@link TwilioWebhooks}: only the default port may be written out or left out), then hands the sender and the text to {@link Incidents#reply}, which acknowledges
 * when the sender was notified by an open incident and the code is that person's code for it, rate-limits wrong
 * codes per sender, and records STOP/START/HELP. The answer is TwiML: {@code <Message>} with a confirmation or
 * "unknown code", or an empty {@code <Response/>} (for strangers, and for keywords Twilio answers itself).
 *
 * <pre>{@code
 * TwilioInboundWebhooks inbound = TwilioInboundWebhooks.builder()
 *     .authToken(System.getenv("TWILIO_AUTH_TOKEN"))
 *     .publicBaseUrl("https://alerts.example.com")
 *     .incidents(client.incidents())
 *     .build();
 * WebhookHandler replies = inbound.messages();   // set as the number's "A message comes in" URL: INBOUND_PATH
 * }</pre>
 *
 * <p>Answers: 200 with TwiML when processed; 400 malformed; 403 missing or invalid signature; 405 not POST; 413 body
 * over the limit (default 64 KiB); 500 unexpected failure. Phone numbers are masked in logs; message text is not
 * logged.
 */
public final class TwilioInboundWebhooks {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioInboundWebhooks.class);
  /** Path to configure as the inbound ("A message comes in") URL of the Twilio number or messaging service. */
  public static final String INBOUND_PATH = "/alertkit/twilio/inbound";
  private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
  private static final Pattern SENDER = Pattern.compile("(whatsapp:)?\\+[1-9][0-9]{6,14}");

  private final TwilioSignature validator;
  private final String publicBaseUrl;
  private final Incidents incidents;
  private final int maxBodyBytes;

  private TwilioInboundWebhooks(Builder b) {
    this.validator = new TwilioSignature(b.authToken);
    this.publicBaseUrl = b.publicBaseUrl;
    this.incidents = b.incidents;
    this.maxBodyBytes = b.maxBodyBytes;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the handler for inbound SMS and WhatsApp messages */
  public WebhookHandler messages() {
    return new WebhookHandler() {
      @Override
      public WebhookResponse handle(WebhookRequest request) {
        return TwilioInboundWebhooks.this.handle(request);
      }

      @Override
      public int maxBodyBytes() {
        return maxBodyBytes;
      }

      @Override
      public String toString() {
        return "TwilioInboundWebhooks.messages";
      }
    };
  }

  private WebhookResponse handle(WebhookRequest request) {
    try {
      SignedForm.Verified verified = SignedForm.verify(request, validator, publicBaseUrl, maxBodyBytes, "Twilio inbound webhook", LOG);
      if (verified.rejection().isPresent()) {
        return verified.rejection().get();
      }
      Map<String, String> p = verified.params().orElseThrow();
      String from = p.get("From");
      String body = p.getOrDefault("Body", "");
      if (from == null || !SENDER.matcher(from).matches()) {
        return bad(request, "missing or invalid From");
      }
      if (body.length() > 1600) {
        return bad(request, "Body is longer than 1,600 characters");
      }
      Channel channel = from.startsWith("whatsapp:") ? Channel.WHATSAPP : Channel.SMS;
      ReplyResult r = incidents.reply(channel, from, body);
      LOG.info("Twilio inbound {} from {}: {}", channel, Redaction.phone(from), r.outcome());
      return WebhookResponse.xml(r.answer().map(TwilioInboundWebhooks::message).orElse(EMPTY_TWIML));
    } catch (RuntimeException e) {
      LOG.warn("Twilio inbound webhook {} failed unexpectedly: {}", request.rawPath(), e.getClass().getName());
      LOG.debug("Twilio inbound webhook failure", e);
      return WebhookResponse.internalError();
    }
  }

  private static String message(String text) {
    return new MessagingResponse.Builder().message(new Message.Builder(text).build()).build().toXml();
  }

  private static WebhookResponse bad(WebhookRequest request, String why) {
    LOG.warn("Twilio inbound webhook {} rejected: {}", request.rawPath(), why);
    return WebhookResponse.badRequest(why);
  }

  @Override
  public String toString() {
    return "TwilioInboundWebhooks{publicBaseUrl=" + (publicBaseUrl == null ? "(request URL)" : publicBaseUrl) + ", authToken=****}";
  }

  /** Builds {@link TwilioInboundWebhooks}. Not thread-safe. */
  public static final class Builder {
    private String authToken;
    private String publicBaseUrl;
    private Incidents incidents;
    private int maxBodyBytes = TwilioWebhooks.DEFAULT_MAX_BODY_BYTES;

    private Builder() {}

    /**
     * Sets the auth token of the Twilio account (the HMAC key). Never logged.
     *
     * @param authToken the token
     * @return this builder
     * @throws ValidationException when blank
     */
    public Builder authToken(String authToken) {
      if (authToken == null || authToken.isBlank()) {
        throw new ValidationException("authToken", "is required (the Twilio account's auth token)");
      }
      this.authToken = authToken;
      return this;
    }

    /**
     * Sets the public base URL Twilio calls, when a proxy or tunnel changes the scheme or host.
     *
     * @param publicBaseUrl an absolute http(s) URL
     * @return this builder
     * @throws ValidationException when not such a URL
     */
    public Builder publicBaseUrl(String publicBaseUrl) {
      this.publicBaseUrl = Webhooks.checkPublicBaseUrl("publicBaseUrl", publicBaseUrl);
      return this;
    }

    /**
     * Sets the incidents the replies acknowledge, usually {@code client.incidents()}.
     *
     * @param incidents the incidents
     * @return this builder
     * @throws ValidationException when null
     */
    public Builder incidents(Incidents incidents) {
      this.incidents = Checks.notNull("incidents", incidents);
      return this;
    }

    /**
     * Sets the body limit (default 64 KiB).
     *
     * @param max 1 KiB to 16 MiB
     * @return this builder
     * @throws ValidationException when outside 1,024..16,777,216
     */
    public Builder maxBodyBytes(int max) {
      this.maxBodyBytes = Checks.range("maxBodyBytes", max, 1024, 16 << 20);
      return this;
    }

    /**
     * @return the webhooks
     * @throws ValidationException when the auth token or the incidents are missing
     */
    public TwilioInboundWebhooks build() {
      if (authToken == null) {
        throw new ValidationException("authToken", "is required (the Twilio account's auth token)");
      }
      if (incidents == null) {
        throw new ValidationException("incidents", "is required (client.incidents())");
      }
      return new TwilioInboundWebhooks(this);
    }

    @Override
    public String toString() {
      return "TwilioInboundWebhooks.Builder{authToken=" + (authToken == null ? "unset" : "****") + "}";
    }
  }
}
