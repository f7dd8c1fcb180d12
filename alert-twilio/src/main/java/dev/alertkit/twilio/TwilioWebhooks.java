package dev.alertkit.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Say;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.Redaction;
import dev.alertkit.twilio.internal.TwilioSignature;
import dev.alertkit.webhook.WebhookHandler;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import dev.alertkit.webhook.Webhooks;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's webhooks for alertkit: message and call status callbacks, and the "press 1 to acknowledge" Gather action
 * of alert calls. Each handler verifies {@code X-Twilio-Signature} (form webhooks over the URL and every POST
 * parameter; JSON webhooks over the URL with its {@code bodySHA256} parameter, which must match the body), turns the
 * request into a {@link DeliveryEvent} and records it with a {@link DeliveryTracker}. Thread-safe.
 *
 * <p>The signature is checked against the exact URL Twilio called: {@code publicBaseUrl} plus the request's raw path
 * and query (or the request's own URL when no public base URL is set). The only variation accepted is the default
 * port written out or left out ({@code :443} for https, {@code :80} for http); a signature made for
 * {@code https://host/...} does not verify a request to {@code https://host:8443/...}, and the query is never
 * re-decoded. The correlation ids are read from that same verified query string.
 *
 * <pre>{@code
 * TwilioWebhooks twilio = TwilioWebhooks.builder()
 *     .authToken(System.getenv("TWILIO_AUTH_TOKEN"))
 *     .publicBaseUrl("https://alerts.example.com")      // what Twilio calls, if your server sees another URL
 *     .tracker(client.deliveryTracker())
 *     .build();
 * WebhookHandler status = twilio.statusCallbacks();    // mount at MESSAGE_STATUS_PATH and CALL_STATUS_PATH
 * WebhookHandler gather = twilio.gatherAction();       // mount at GATHER_PATH
 * }</pre>
 *
 * <p>Correlation: the providers put our ids into the callback URLs' query ({@link TwilioCallbacks#ALERT_PARAM},
 * {@link TwilioCallbacks#RECIPIENT_PARAM}, {@link TwilioCallbacks#ATTEMPT_PARAM}); the Twilio SID correlates too.
 * Deduplication: by (SID, status) in the tracker, and by the {@code I-Twilio-Idempotency-Token} header.
 *
 * <p>Answers: 200 (with empty TwiML, or the Gather's TwiML) when processed, including events for messages the
 * tracker does not know; 400 malformed; 403 missing or invalid signature; 405 not POST; 413 body over the limit
 * (default 64 KiB); 500 unexpected failure. Nothing secret is logged or returned.
 */
public final class TwilioWebhooks {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioWebhooks.class);

  /** Path of message status callbacks, as the providers set them: mount {@link #statusCallbacks()} here. */
  public static final String MESSAGE_STATUS_PATH = TwilioCallbacks.MESSAGE_STATUS_PATH;
  /** Path of call status callbacks, as the voice provider sets them: mount {@link #statusCallbacks()} here too. */
  public static final String CALL_STATUS_PATH = TwilioCallbacks.CALL_STATUS_PATH;
  /** Path of the Gather action, as the voice provider sets it: mount {@link #gatherAction()} here. */
  public static final String GATHER_PATH = TwilioCallbacks.VOICE_ACKNOWLEDGE_PATH;
  private static final String PARAM_ALERT = TwilioCallbacks.ALERT_PARAM;
  private static final String PARAM_ATTEMPT = TwilioCallbacks.ATTEMPT_PARAM;
  private static final String PARAM_RECIPIENT = TwilioCallbacks.RECIPIENT_PARAM;
  /** The signature header. */
  public static final String SIGNATURE_HEADER = "X-Twilio-Signature";
  /** The header that is the same on Twilio's retries of one webhook request. */
  public static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";
  /** Provider name of SMS events. */
  public static final String PROVIDER_SMS = "twilio-sms";
  /** Provider name of call events. */
  public static final String PROVIDER_VOICE = "twilio-voice";
  /** Provider name of WhatsApp events. */
  public static final String PROVIDER_WHATSAPP = "twilio-whatsapp";
  /** The default body limit: 64 KiB (status callbacks are well under 4 KiB). */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  /** The digit that acknowledges an alert call. */
  public static final String ACKNOWLEDGE_DIGIT = "1";

  private static final Pattern SID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  private final TwilioSignature validator;
  private final String publicBaseUrl;
  private final DeliveryTracker tracker;
  private final Clock clock;
  private final int maxBodyBytes;
  private final String thanks;
  private final String notRecognised;
  private final String prompt;
  private final ObjectMapper json = new ObjectMapper();

  private TwilioWebhooks(Builder b) {
    this.validator = new TwilioSignature(b.authToken);
    this.publicBaseUrl = b.publicBaseUrl;
    this.tracker = b.tracker;
    this.clock = b.clock;
    this.maxBodyBytes = b.maxBodyBytes;
    this.thanks = b.thanks;
    this.notRecognised = b.notRecognised;
    this.prompt = b.prompt;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds our correlation ids to a callback URL's query, URL-encoded: what a provider puts into {@code StatusCallback}
   * and the Gather {@code action}.
   *
   * @param url the callback URL, e.g. {@code publicBaseUrl + MESSAGE_STATUS_PATH}
   * @param alertId the alert id
   * @param recipientId the recipient id
   * @param attemptId the attempt id
   * @return the URL with {@link TwilioCallbacks#ALERT_PARAM}, {@link TwilioCallbacks#RECIPIENT_PARAM} and
   *     {@link TwilioCallbacks#ATTEMPT_PARAM}
   * @throws NullPointerException when an argument is null
   */
  public static String withCorrelation(String url, String alertId, String recipientId, String attemptId) {
    return TwilioCallbacks.withCorrelation(url, alertId, recipientId, attemptId);
  }

  /** @return the handler for message (SMS, WhatsApp) and call status callbacks */
  public WebhookHandler statusCallbacks() {
    return handler(false);
  }

  /**
   * The handler for the Gather action of alert calls: {@code Digits=1} records an
   * {@link DeliveryStatus#ACKNOWLEDGED} event for the call and answers TwiML that thanks the person; other input
   * answers TwiML that says so and asks again.
   *
   * @return the handler
   */
  public WebhookHandler gatherAction() {
    return handler(true);
  }

  private WebhookHandler handler(boolean gather) {
    return new WebhookHandler() {
      @Override
      public WebhookResponse handle(WebhookRequest request) {
        WebhookResponse response = TwilioWebhooks.this.handle(request, gather);
        if (response.status() >= 400 && response.status() < 500) {
          tracker.webhookRejected("twilio"); // counted (alertkit.webhooks{result=rejected}); the reason is logged
        }
        return response;
      }

      @Override
      public int maxBodyBytes() {
        return maxBodyBytes;
      }

      @Override
      public String toString() {
        return gather ? "TwilioWebhooks.gatherAction" : "TwilioWebhooks.statusCallbacks";
      }
    };
  }

  private WebhookResponse handle(WebhookRequest request, boolean gather) {
    try {
      if (!"POST".equals(request.method())) {
        return WebhookResponse.methodNotAllowed();
      }
      if (request.bodyLength() > maxBodyBytes) {
        LOG.warn("Twilio webhook {} rejected: body of {} bytes is over the {} byte limit", request.rawPath(), request.bodyLength(), maxBodyBytes);
        return WebhookResponse.payloadTooLarge();
      }
      String url = publicBaseUrl == null ? request.url()
          : Webhooks.publicUrl(publicBaseUrl, request.rawPath() + request.rawQuery().map(q -> "?" + q).orElse(""));
      Optional<String> signature = request.header(SIGNATURE_HEADER);
      if (signature.isEmpty() || signature.get().isBlank()) {
        LOG.warn("Twilio webhook {} rejected: no {} header", request.rawPath(), SIGNATURE_HEADER);
        return WebhookResponse.forbidden();
      }
      // Correlation ids and bodySHA256 are read from the very URL the signature is verified against.
      Map<String, String> query;
      try {
        query = rawQuery(url).map(Webhooks::parseQuery).orElse(Map.of());
      } catch (IllegalArgumentException e) {
        return bad(request, "invalid query string");
      }
      byte[] body = request.body();
      Map<String, String> params;
      if (query.containsKey("bodySHA256")) {
        try {
          strictUtf8(body);
        } catch (CharacterCodingException e) {
          return bad(request, "body is not UTF-8");
        }
        if (!validator.verifyJson(url, query.get("bodySHA256"), body, signature.get())) {
          return forbidden(request);
        }
        params = parseJson(body);
        if (params == null) {
          return bad(request, "invalid JSON");
        }
      } else {
        try {
          params = Webhooks.parseForm(body);
        } catch (IllegalArgumentException e) {
          return bad(request, "invalid form encoding");
        }
        if (!validator.verifyForm(url, params, signature.get())) {
          return forbidden(request);
        }
      }
      // The idempotency token becomes the event's dedup key, remembered by the tracker only after its store update
      // committed: a retry after a failed update is processed, not dropped.
      Optional<String> token = request.header(IDEMPOTENCY_HEADER).filter(t -> !t.isBlank());
      return gather ? gather(request, url, query, params, token) : status(request, query, params, token);
    } catch (RuntimeException e) {
      LOG.warn("Twilio webhook {} failed unexpectedly: {}", request.rawPath(), e.getClass().getName());
      LOG.debug("Twilio webhook failure", e);
      return WebhookResponse.internalError();
    }
  }

  private WebhookResponse status(WebhookRequest request, Map<String, String> query, Map<String, String> p, Optional<String> token) {
    String sid;
    String raw;
    Channel channel;
    String provider;
    DeliveryStatus status;
    if (p.containsKey("MessageSid") || p.containsKey("SmsSid")) {
      sid = first(p, "MessageSid", "SmsSid");
      raw = first(p, "MessageStatus", "SmsStatus");
      boolean whatsapp = p.getOrDefault("From", "").startsWith("whatsapp:") || p.getOrDefault("To", "").startsWith("whatsapp:");
      channel = whatsapp ? Channel.WHATSAPP : Channel.SMS;
      provider = whatsapp ? PROVIDER_WHATSAPP : PROVIDER_SMS;
      status = raw == null ? null : TwilioStatuses.message(raw);
    } else if (p.containsKey("CallSid")) {
      sid = p.get("CallSid");
      raw = p.get("CallStatus");
      channel = Channel.VOICE;
      provider = PROVIDER_VOICE;
      status = raw == null ? null : TwilioStatuses.call(raw);
    } else {
      return bad(request, "neither MessageSid nor CallSid");
    }
    if (sid == null || !SID.matcher(sid).matches()) {
      return bad(request, "invalid SID");
    }
    if (raw == null || raw.isBlank() || raw.length() > 64) {
      return bad(request, "missing or invalid status");
    }
    record(query, channel, provider, sid, status, raw, nonBlank(p.get("ErrorCode")), nonBlank(p.get("ErrorMessage")), token,
        TwilioPrices.charged(first(p, "Price", "price"), first(p, "PriceUnit", "price_unit")));
    return WebhookResponse.xml(EMPTY_TWIML);
  }

  private WebhookResponse gather(WebhookRequest request, String url, Map<String, String> query, Map<String, String> p,
      Optional<String> token) {
    String sid = p.get("CallSid");
    if (sid == null || !SID.matcher(sid).matches()) {
      return bad(request, "missing or invalid CallSid");
    }
    String digits = p.getOrDefault("Digits", "");
    if (ACKNOWLEDGE_DIGIT.equals(digits)) {
      record(query, Channel.VOICE, PROVIDER_VOICE, sid, DeliveryStatus.ACKNOWLEDGED, "digits:" + digits, Optional.empty(),
          Optional.empty(), token, Optional.empty());
      return WebhookResponse.xml(new VoiceResponse.Builder().say(new Say.Builder(thanks).build())
          .hangup(new Hangup.Builder().build()).build().toXml());
    }
    LOG.debug("Twilio call {}: digits '{}' do not acknowledge", sid, Redaction.oneLine(digits.length() > 8 ? digits.substring(0, 8) : digits));
    Gather again = new Gather.Builder().inputs(Gather.Input.DTMF).numDigits(1).timeout(10).action(url)
        .method(HttpMethod.POST).say(new Say.Builder(prompt).build()).build();
    return WebhookResponse.xml(new VoiceResponse.Builder().say(new Say.Builder(notRecognised).build()).gather(again)
        .build().toXml());
  }

  private void record(Map<String, String> query, Channel channel, String provider, String sid, DeliveryStatus status,
      String raw, Optional<String> errorCode, Optional<String> reason, Optional<String> idempotencyToken,
      Optional<dev.alertkit.cost.Money> price) {
    DeliveryEvent event = new DeliveryEvent(nonBlank(query.get(PARAM_ALERT)), nonBlank(query.get(PARAM_RECIPIENT)),
        nonBlank(query.get(PARAM_ATTEMPT)), Optional.of(channel), provider, sid, status, raw, errorCode, reason, clock.instant(), price);
    if (idempotencyToken.isPresent()) {
      tracker.record(event, "twilio-idempotency:" + idempotencyToken.get());
    } else {
      tracker.record(event);
    }
  }

  /** The raw query of a URL (after the first {@code ?}, before any {@code #}). */
  private static Optional<String> rawQuery(String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      return Optional.empty();
    }
    int hash = url.indexOf('#', q);
    String query = hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
    return query.isEmpty() ? Optional.empty() : Optional.of(query);
  }

  private static String first(Map<String, String> p, String a, String b) {
    String v = p.get(a);
    return v != null ? v : p.get(b);
  }

  private static Optional<String> nonBlank(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  private static String strictUtf8(byte[] body) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
  }

  /** A JSON object's fields as strings (nested values as JSON text); null when the body is not a JSON object. */
  private Map<String, String> parseJson(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : root.properties()) {
      JsonNode v = f.getValue();
      if (!v.isNull()) {
        out.put(f.getKey(), v.isValueNode() ? v.asText() : v.toString());
      }
    }
    return out;
  }

  private static WebhookResponse bad(WebhookRequest request, String why) {
    LOG.warn("Twilio webhook {} rejected: {}", request.rawPath(), why);
    return WebhookResponse.badRequest(why);
  }

  private static WebhookResponse forbidden(WebhookRequest request) {
    LOG.warn("Twilio webhook {} rejected: invalid {} (check the auth token and the public base URL)", request.rawPath(), SIGNATURE_HEADER);
    return WebhookResponse.forbidden();
  }

  @Override
  public String toString() {
    return "TwilioWebhooks{publicBaseUrl=" + (publicBaseUrl == null ? "(request URL)" : publicBaseUrl) + ", authToken=****}";
  }

  /** Builds {@link TwilioWebhooks}. Not thread-safe. */
  public static final class Builder {
    private String authToken;
    private String publicBaseUrl;
    private DeliveryTracker tracker;
    private Clock clock = Clock.systemUTC();
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private String thanks = "Thank you. The alert is acknowledged. Goodbye.";
    private String notRecognised = "Sorry, that key was not recognised.";
    private String prompt = "Press 1 to acknowledge this alert.";

    private Builder() {}

    /**
     * Sets the auth token of the Twilio account that sends the callbacks (the HMAC key). Never logged.
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
     * Sets the public base URL Twilio calls, e.g. {@code https://alerts.example.com} or an ngrok URL: the URL that is
     * checked is this base followed by the path and query your server received. Set it when a proxy or tunnel
     * changes the scheme or host; leave it unset when your adapter already passes the public URL.
     *
     * @param publicBaseUrl an absolute http(s) URL, optionally with a path prefix
     * @return this builder
     * @throws ValidationException when not such a URL
     */
    public Builder publicBaseUrl(String publicBaseUrl) {
      this.publicBaseUrl = Webhooks.checkPublicBaseUrl("publicBaseUrl", publicBaseUrl);
      return this;
    }

    /**
     * Sets the tracker that receives the events, usually {@code client.deliveryTracker()}.
     *
     * @param tracker the tracker
     * @return this builder
     * @throws ValidationException when null
     */
    public Builder tracker(DeliveryTracker tracker) {
      this.tracker = Checks.notNull("tracker", tracker);
      return this;
    }

    /**
     * Sets the clock that stamps events (Twilio's status callbacks carry no event time; default system UTC).
     *
     * @param clock the clock
     * @return this builder
     * @throws ValidationException when null
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
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
      Checks.range("maxBodyBytes", max, 1024, 16 << 20);
      this.maxBodyBytes = max;
      return this;
    }

    /**
     * Sets what a call says after the person pressed 1, what it says for another key, and the prompt it repeats.
     *
     * @param thanks said after an acknowledgement, before hanging up
     * @param notRecognised said when another key was pressed
     * @param prompt said while waiting for a key again
     * @return this builder
     * @throws ValidationException when a text is blank
     */
    public Builder voiceTexts(String thanks, String notRecognised, String prompt) {
      this.thanks = text("voiceTexts.thanks", thanks);
      this.notRecognised = text("voiceTexts.notRecognised", notRecognised);
      this.prompt = text("voiceTexts.prompt", prompt);
      return this;
    }

    private static String text(String field, String v) {
      if (v == null || v.isBlank()) {
        throw new ValidationException(field, "must not be blank");
      }
      return v;
    }

    /**
     * Builds the handlers.
     *
     * @return the webhooks
     * @throws ValidationException when the auth token or the tracker is missing
     */
    public TwilioWebhooks build() {
      if (authToken == null) {
        throw new ValidationException("authToken", "is required (the Twilio account's auth token)");
      }
      if (tracker == null) {
        throw new ValidationException("tracker", "is required");
      }
      return new TwilioWebhooks(this);
    }

    @Override
    public String toString() {
      return "TwilioWebhooks.Builder{authToken=" + (authToken == null ? "unset" : "****") + "}";
    }
  }
}
