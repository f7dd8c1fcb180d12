package dev.alertkit.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.webhook.WebhookHandler;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SendGrid's signed event webhook for alertkit. The handler verifies the ECDSA P-256 / SHA-256 signature
 * ({@value #SIGNATURE_HEADER}) over the timestamp ({@value #TIMESTAMP_HEADER}) followed by the raw body with the
 * JDK's own crypto, refuses timestamps outside a replay window on the injected clock, parses the JSON array of
 * events and records each with a {@link DeliveryTracker}. Thread-safe.
 *
 * <pre>{@code
 * SendGridWebhooks sendgrid = SendGridWebhooks.builder()
 *     .verificationKey(System.getenv("SENDGRID_WEBHOOK_VERIFICATION_KEY"))   // base64 X.509 DER, from the SendGrid UI
 *     .tracker(client.deliveryTracker())
 *     .build();
 * WebhookHandler events = sendgrid.eventWebhook();   // mount at EVENTS_PATH
 * }</pre>
 *
 * <p>Correlation: each event carries our custom args ({@link SendGridProviders#CUSTOM_ARG_ALERT_ID},
 * {@link SendGridProviders#CUSTOM_ARG_RECIPIENT_ID}, {@link SendGridProviders#CUSTOM_ARG_ATTEMPT_ID}) as top-level
 * keys; the X-Message-Id (the part of {@code sg_message_id} before the first {@code .}) correlates too.
 * Deduplication: by {@code sg_event_id} (SendGrid retries batches for up to 24 hours).
 *
 * <p>Answers: 200 when the batch was processed (including events for unknown mails; an individual event without
 * an event name or message id is skipped and logged); 400 when the body is not a JSON array; 403 when a signature
 * header is missing, the signature is invalid, or the timestamp is outside the replay window; 405 not POST; 413 over
 * the body limit (default 1 MiB); 500 unexpected failure.
 */
public final class SendGridWebhooks {
  private static final Logger LOG = LoggerFactory.getLogger(SendGridWebhooks.class);

  /** Suggested path for the event webhook. */
  public static final String EVENTS_PATH = "/alertkit/sendgrid/events";
  /** The signature header (base64 DER ECDSA signature). */
  public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
  /** The timestamp header (Unix seconds), signed together with the body. */
  public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";
  /** The default body limit: 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  /** The default replay window: a timestamp more than 5 minutes from the clock's now is refused. */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofMinutes(5);

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
  private static final int MAX_TEXT = 500;

  private final PublicKey key;
  private final DeliveryTracker tracker;
  private final Clock clock;
  private final Duration replayWindow;
  private final int maxBodyBytes;
  private final ObjectMapper json = new ObjectMapper();

  private SendGridWebhooks(Builder b) {
    this.key = b.key;
    this.tracker = b.tracker;
    this.clock = b.clock;
    this.replayWindow = b.replayWindow;
    this.maxBodyBytes = b.maxBodyBytes;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the handler for SendGrid's event webhook */
  public WebhookHandler eventWebhook() {
    return new WebhookHandler() {
      @Override
      public WebhookResponse handle(WebhookRequest request) {
        WebhookResponse response = SendGridWebhooks.this.handle(request);
        if (response.status() >= 400 && response.status() < 500) {
          tracker.webhookRejected(SendGridProviders.NAME); // counted (alertkit.webhooks{result=rejected}); the reason is logged
        }
        return response;
      }

      @Override
      public int maxBodyBytes() {
        return maxBodyBytes;
      }

      @Override
      public String toString() {
        return "SendGridWebhooks.eventWebhook";
      }
    };
  }

  private WebhookResponse handle(WebhookRequest request) {
    try {
      if (!"POST".equals(request.method())) {
        return WebhookResponse.methodNotAllowed();
      }
      if (request.bodyLength() > maxBodyBytes) {
        LOG.warn("SendGrid webhook {} rejected: body of {} bytes is over the {} byte limit", request.rawPath(), request.bodyLength(), maxBodyBytes);
        return WebhookResponse.payloadTooLarge();
      }
      Optional<String> signature = request.header(SIGNATURE_HEADER).filter(s -> !s.isBlank());
      Optional<String> timestamp = request.header(TIMESTAMP_HEADER).map(String::strip).filter(s -> !s.isEmpty());
      if (signature.isEmpty() || timestamp.isEmpty()) {
        return forbidden(request, "missing " + (signature.isEmpty() ? SIGNATURE_HEADER : TIMESTAMP_HEADER) + " header");
      }
      if (!DIGITS.matcher(timestamp.get()).matches()) {
        return forbidden(request, "timestamp is not Unix seconds");
      }
      Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.get()));
      Duration skew = Duration.between(signedAt, clock.instant()).abs();
      if (skew.compareTo(replayWindow) > 0) {
        return forbidden(request, "timestamp is " + skew.toSeconds() + " s from now, outside the " + replayWindow.toSeconds() + " s replay window");
      }
      byte[] body = request.body();
      if (!verify(timestamp.get(), body, signature.get())) {
        return forbidden(request, "invalid signature (check the verification key)");
      }
      JsonNode root;
      try {
        root = json.readTree(body);
      } catch (IOException e) {
        return bad(request, "invalid JSON");
      }
      if (root == null || !root.isArray()) {
        return bad(request, "expected a JSON array of events");
      }
      int skipped = 0;
      for (JsonNode e : root) {
        if (!record(e)) {
          skipped++;
        }
      }
      if (skipped > 0) {
        LOG.warn("SendGrid webhook {}: skipped {} of {} events without an event name or sg_message_id", request.rawPath(), skipped, root.size());
      }
      return WebhookResponse.ok();
    } catch (RuntimeException e) {
      LOG.warn("SendGrid webhook {} failed unexpectedly: {}", request.rawPath(), e.getClass().getName());
      LOG.debug("SendGrid webhook failure", e);
      return WebhookResponse.internalError();
    }
  }

  private boolean verify(String timestamp, byte[] body, String signatureBase64) {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(signatureBase64.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initVerify(key);
      s.update(timestamp.getBytes(StandardCharsets.UTF_8));
      s.update(body);
      return s.verify(der);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private boolean record(JsonNode e) {
    if (!e.isObject()) {
      return false;
    }
    Optional<String> event = text(e, "event");
    Optional<String> sgMessageId = text(e, "sg_message_id");
    if (event.isEmpty() || sgMessageId.isEmpty()) {
      return false;
    }
    String sg = sgMessageId.get();
    int dot = sg.indexOf('.');
    String messageId = dot > 0 ? sg.substring(0, dot) : sg;
    JsonNode ts = e.get("timestamp");
    Instant at = ts != null && ts.canConvertToLong() && ts.asLong() > 0 ? Instant.ofEpochSecond(ts.asLong()) : clock.instant();
    Optional<String> reason = text(e, "reason").or(() -> text(e, "response"))
        .map(r -> text(e, "type").map(t -> t + ": ").orElse("") + r)
        .map(r -> r.length() > MAX_TEXT ? r.substring(0, MAX_TEXT) : r);
    DeliveryEvent d = new DeliveryEvent(text(e, SendGridProviders.CUSTOM_ARG_ALERT_ID), text(e, SendGridProviders.CUSTOM_ARG_RECIPIENT_ID),
        text(e, SendGridProviders.CUSTOM_ARG_ATTEMPT_ID), Optional.of(Channel.EMAIL), SendGridProviders.NAME, messageId,
        SendGridEventStatuses.of(event.get()), event.get(), text(e, "status"), reason, at);
    Optional<String> eventId = text(e, "sg_event_id");
    if (eventId.isPresent()) {
      tracker.record(d, eventId.get());
    } else {
      tracker.record(d);
    }
    return true;
  }

  private static Optional<String> text(JsonNode e, String field) {
    JsonNode v = e.get(field);
    if (v == null || !v.isValueNode() || v.isNull()) {
      return Optional.empty();
    }
    String s = v.asText();
    return s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  private static WebhookResponse bad(WebhookRequest request, String why) {
    LOG.warn("SendGrid webhook {} rejected: {}", request.rawPath(), why);
    return WebhookResponse.badRequest(why);
  }

  private static WebhookResponse forbidden(WebhookRequest request, String why) {
    LOG.warn("SendGrid webhook {} rejected: {}", request.rawPath(), why);
    return WebhookResponse.forbidden();
  }

  @Override
  public String toString() {
    return "SendGridWebhooks{replayWindow=" + replayWindow + ", maxBodyBytes=" + maxBodyBytes + "}";
  }

  /** Builds {@link SendGridWebhooks}. Not thread-safe. */
  public static final class Builder {
    private PublicKey key;
    private DeliveryTracker tracker;
    private Clock clock = Clock.systemUTC();
    private Duration replayWindow = DEFAULT_REPLAY_WINDOW;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder() {}

    /**
     * Sets the verification key shown in SendGrid's Signed Event Webhook settings: a base64 X.509 DER EC P-256
     * public key (a PEM block is accepted too).
     *
     * @param base64 the key
     * @return this builder
     * @throws ValidationException when it is not a base64 X.509 EC P-256 public key
     */
    public Builder verificationKey(String base64) {
      if (base64 == null || base64.isBlank()) {
        throw new ValidationException("verificationKey", "is required (base64 X.509 EC public key from SendGrid)");
      }
      String b = base64.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
      byte[] der;
      try {
        der = Base64.getDecoder().decode(b);
      } catch (IllegalArgumentException e) {
        throw new ValidationException("verificationKey", "is not base64");
      }
      try {
        return verificationKey(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)));
      } catch (GeneralSecurityException e) {
        throw new ValidationException("verificationKey", "is not an X.509 EC public key");
      }
    }

    /**
     * Sets the verification key.
     *
     * @param key an EC P-256 public key
     * @return this builder
     * @throws ValidationException when it is not an EC P-256 public key
     */
    public Builder verificationKey(PublicKey key) {
      if (!(key instanceof ECPublicKey) || ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() != 256) {
        throw new ValidationException("verificationKey", "must be an EC P-256 public key");
      }
      this.key = key;
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
     * Sets the clock the replay window is measured on (default system UTC); use the client's clock.
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
     * Sets how far the signed timestamp may be from now, either way (default 5 minutes).
     *
     * @param window 1 second to 24 hours
     * @return this builder
     * @throws ValidationException when null or outside 1 s..24 h
     */
    public Builder replayWindow(Duration window) {
      if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(24)) > 0) {
        throw new ValidationException("replayWindow", "must be between 1 second and 24 hours (was " + window + ")");
      }
      this.replayWindow = window;
      return this;
    }

    /**
     * Sets the body limit (default 1 MiB).
     *
     * @param max 1 KiB to 64 MiB
     * @return this builder
     * @throws ValidationException when outside 1,024..67,108,864
     */
    public Builder maxBodyBytes(int max) {
      Checks.range("maxBodyBytes", max, 1024, 64 << 20);
      this.maxBodyBytes = max;
      return this;
    }

    /**
     * Builds the handler.
     *
     * @return the webhooks
     * @throws ValidationException when the verification key or the tracker is missing
     */
    public SendGridWebhooks build() {
      if (key == null) {
        throw new ValidationException("verificationKey", "is required (base64 X.509 EC public key from SendGrid)");
      }
      if (tracker == null) {
        throw new ValidationException("tracker", "is required");
      }
      return new SendGridWebhooks(this);
    }
  }
}
