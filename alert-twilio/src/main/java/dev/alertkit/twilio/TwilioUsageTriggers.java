package dev.alertkit.twilio;

import dev.alertkit.ValidationException;
import dev.alertkit.cost.CostControl;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.twilio.internal.SignedForm;
import dev.alertkit.twilio.internal.TwilioSignature;
import dev.alertkit.webhook.WebhookHandler;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import dev.alertkit.webhook.Webhooks;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Twilio usage-trigger callbacks and switches a {@link CostControl} hard stop on for the trigger's usage
 * category: a trigger created with {@code POST /2010-04-01/Accounts/{AC}/Usage/Triggers.json}
 * ({@code UsageCategory=sms}, {@code TriggerBy=price}, {@code TriggerValue=50}, {@code Recurring=daily},
 * {@code CallbackUrl=https://alerts.example.com/twilio/usage}) calls this URL once the value is crossed. The request
 * is verified exactly like status callbacks ({@code X-Twilio-Signature}, HMAC-SHA1 with the auth token over the
 * public URL and every parameter) before it is believed.
 *
 * <p>The stop covers the channels {@link CostControl.Builder#usageCategory} maps to {@code "twilio:" + UsageCategory}
 * (defaults: {@code sms} → SMS, {@code calls} → voice, {@code totalprice} → SMS, voice and WhatsApp). It lasts
 * until the trigger's period ends (Twilio counts usage in UTC: the next UTC midnight for {@code daily}, the first
 * of the next month for {@code monthly}, the next year for {@code yearly}), or until
 * {@link CostControl#resume(String)} when the callback names no period. Categories with no mapping are logged and
 * acknowledged.
 */
public final class TwilioUsageTriggers implements WebhookHandler {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioUsageTriggers.class);
  private static final Pattern CATEGORY = Pattern.compile("[a-z0-9-]{1,64}");
  private static final Pattern VALUE = Pattern.compile("-?[0-9]{1,12}(\\.[0-9]{1,10})?");

  private final TwilioSignature validator;
  private final String publicBaseUrl;
  private final CostControl cost;
  private final Clock clock;

  private TwilioUsageTriggers(Builder b) {
    this.validator = new TwilioSignature(b.authToken);
    this.publicBaseUrl = b.publicBaseUrl;
    this.cost = b.cost;
    this.clock = b.clock;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public WebhookResponse handle(WebhookRequest request) {
    try {
      SignedForm.Verified verified = SignedForm.verify(request, validator, publicBaseUrl, maxBodyBytes(), "Twilio usage trigger", LOG);
      if (verified.rejection().isPresent()) {
        return verified.rejection().get();
      }
      Map<String, String> p = verified.params().orElseThrow();
      String category = p.getOrDefault("UsageCategory", "");
      if (!CATEGORY.matcher(category).matches()) {
        return WebhookResponse.badRequest("missing or invalid UsageCategory");
      }
      String current = p.getOrDefault("CurrentValue", "");
      String trigger = p.getOrDefault("TriggerValue", "");
      if (!VALUE.matcher(current).matches() || !VALUE.matcher(trigger).matches()) {
        return WebhookResponse.badRequest("missing or invalid CurrentValue/TriggerValue");
      }
      String sid = p.getOrDefault("UsageTriggerSid", "?");
      String by = p.getOrDefault("TriggerBy", "usage");
      Instant until = until(p.get("Recurring"), clock.instant());
      String reason = "Twilio usage trigger " + (sid.length() > 40 ? sid.substring(0, 40) : sid) + ": " + category + " " + by + " "
          + current + " crossed " + trigger;
      try {
        cost.hardStop("twilio:" + category, until, reason);
      } catch (ValidationException e) {
        LOG.warn("Twilio usage trigger for category '{}' ignored: no channels are mapped to twilio:{} (CostControl.Builder.usageCategory)",
            category, category);
      }
      return WebhookResponse.ok();
    } catch (RuntimeException e) {
      LOG.warn("Twilio usage trigger {} failed unexpectedly: {}", request.rawPath(), e.getClass().getName());
      LOG.debug("Twilio usage trigger failure", e);
      return WebhookResponse.internalError();
    }
  }

  private static Instant until(String recurring, Instant now) {
    LocalDate d = now.atZone(ZoneOffset.UTC).toLocalDate();
    switch (recurring == null ? "" : recurring.toLowerCase(Locale.ROOT)) {
      case "daily":
        return d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      case "monthly":
        return d.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      case "yearly":
        return d.withDayOfYear(1).plusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      default:
        return Instant.MAX;
    }
  }

  @Override
  public int maxBodyBytes() {
    return 16 * 1024;
  }

  @Override
  public String toString() {
    return "TwilioUsageTriggers{publicBaseUrl=" + (publicBaseUrl == null ? "(request URL)" : publicBaseUrl) + ", authToken=****}";
  }

  /** Builds {@link TwilioUsageTriggers}. Not thread-safe. */
  public static final class Builder {
    private String authToken;
    private String publicBaseUrl;
    private CostControl cost;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * @param authToken the auth token of the account whose triggers call (the HMAC key); never logged
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
     * @param publicBaseUrl the URL Twilio calls, when a proxy changes scheme or host (see {@link TwilioWebhooks.Builder#publicBaseUrl})
     * @return this builder
     * @throws ValidationException when not an absolute http(s) URL
     */
    public Builder publicBaseUrl(String publicBaseUrl) {
      this.publicBaseUrl = Webhooks.checkPublicBaseUrl("publicBaseUrl", publicBaseUrl);
      return this;
    }

    /**
     * @param cost the cost control whose hard stops the triggers switch on
     * @return this builder
     * @throws ValidationException when null
     */
    public Builder costControl(CostControl cost) {
      this.cost = Checks.notNull("costControl", cost);
      return this;
    }

    /**
     * @param clock when periods end (default system UTC)
     * @return this builder
     * @throws ValidationException when null
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * @return the handler
     * @throws ValidationException when the auth token or cost control is missing
     */
    public TwilioUsageTriggers build() {
      if (authToken == null) {
        throw new ValidationException("authToken", "is required (the Twilio account's auth token)");
      }
      Checks.notNull("costControl", cost);
      return new TwilioUsageTriggers(this);
    }
  }
}
