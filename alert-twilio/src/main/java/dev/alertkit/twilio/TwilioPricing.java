package dev.alertkit.twilio;

import com.twilio.exception.ApiException;
import com.twilio.rest.pricing.v1.messaging.Country;
import com.twilio.rest.pricing.v2.voice.Number;
import com.twilio.type.InboundSmsPrice;
import com.twilio.type.OutboundCallPriceWithOrigin;
import com.twilio.type.OutboundSmsPrice;
import com.twilio.type.PhoneNumber;
import dev.alertkit.Channel;
import dev.alertkit.ValidationException;
import dev.alertkit.cost.PriceTable;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.PhoneNumbers;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices from Twilio's Pricing API, for a {@link PriceTable}: SMS per segment by country
 * ({@code GET https://pricing.twilio.com/v1/Messaging/Countries/{ISO}}) and voice per minute by destination number
 * ({@code GET https://pricing.twilio.com/v2/Voice/Numbers/{E164}}), through the SDK's pricing resources on this
 * class's own HTTP client (the configuration's base URL, timeouts and credentials; never the SDK's process-global client).
 * Answers are cached on the given clock ({@link Builder#cacheFor}, default 24 h).
 *
 * <p>Budgets need an upper bound, so a country's SMS price is the highest {@code current_price} over its carriers
 * for the sender's number type ({@link Builder#senderNumberType}, default {@code local}), and a number's voice price
 * the highest {@code current_price} over origination prefixes. Prices are fetched when asked (at start-up, or when
 * you rebuild the table), never on the send path. Thread-safe; close it to release its connection pool.
 *
 * <pre>{@code
 * try (TwilioPricing pricing = TwilioPricing.builder(config).clock(clock).build()) {
 *   PriceTable prices = pricing.fill(PriceTable.builder("USD").email("0.001").build(), List.of("US", "IN"), List.of("+14155550100"));
 * }
 * }</pre>
 */
public final class TwilioPricing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioPricing.class);
  private static final Pattern ISO = Pattern.compile("[A-Z]{2}");

  private record Cached(Optional<Price> price, Instant until) {}

  /**
   * A price from the API.
   *
   * @param amount the highest current price, per segment or minute
   * @param currency the {@code price_unit}
   */
  public record Price(BigDecimal amount, Currency currency) {}

  private final TwilioAccount account;
  private final Clock clock;
  private final Duration ttl;
  private final InboundSmsPrice.Type numberType;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private TwilioPricing(Builder b) {
    this.clock = b.clock;
    this.ttl = b.ttl;
    this.numberType = b.numberType;
    this.account = new TwilioAccount(b.config, b.clock);
  }

  /**
   * Starts a pricing client.
   *
   * @param config the account (its base URL, credentials and timeouts)
   * @return a builder
   * @throws ValidationException when config is null
   */
  public static Builder builder(TwilioConfig config) {
    return new Builder(Checks.notNull("pricing.config", config));
  }

  /**
   * The price of one SMS segment to a country.
   *
   * @param isoCountry ISO 3166 alpha-2, e.g. {@code "IN"}
   * @return the highest current price over the country's carriers for the sender number type, or empty when Twilio
   *     has none or the API failed (logged)
   * @throws ValidationException when the code is not two letters
   */
  public Optional<Price> smsPerSegment(String isoCountry) {
    String iso = Checks.notNull("isoCountry", isoCountry).toUpperCase(Locale.ROOT);
    if (!ISO.matcher(iso).matches()) {
      throw new ValidationException("isoCountry", "must be an ISO 3166 alpha-2 code such as IN (was '" + isoCountry + "')");
    }
    return cached("sms:" + iso, () -> {
      Country c = Country.fetcher(iso).fetch(account.rest);
      BigDecimal best = null;
      BigDecimal any = null;
      for (OutboundSmsPrice carrier : c.getOutboundSmsPrices() == null ? java.util.List.<OutboundSmsPrice>of() : c.getOutboundSmsPrices()) {
        for (InboundSmsPrice p : carrier.getPrices()) {
          BigDecimal v = BigDecimal.valueOf(p.getCurrentPrice());
          any = any == null || v.compareTo(any) > 0 ? v : any;
          if (p.getType() == numberType) {
            best = best == null || v.compareTo(best) > 0 ? v : best;
          }
        }
      }
      BigDecimal v = best != null ? best : any;
      return v == null || c.getPriceUnit() == null ? Optional.empty() : Optional.of(new Price(v, c.getPriceUnit()));
    });
  }

  /**
   * The price of one minute of a call to a number.
   *
   * @param e164 the destination in E.164
   * @return the highest current price over origination prefixes, or empty when none or the API failed (logged)
   * @throws ValidationException when the number is not E.164
   */
  public Optional<Price> voicePerMinute(String e164) {
    String to = PhoneNumbers.toE164("e164", e164, null);
    return cached("voice:" + to, () -> {
      Number n = Number.fetcher(new PhoneNumber(to)).fetch(account.rest);
      BigDecimal best = null;
      for (OutboundCallPriceWithOrigin p : n.getOutboundCallPrices() == null ? java.util.List.<OutboundCallPriceWithOrigin>of()
          : n.getOutboundCallPrices()) {
        BigDecimal v = BigDecimal.valueOf(p.getCurrentPrice());
        best = best == null || v.compareTo(best) > 0 ? v : best;
      }
      return best == null || n.getPriceUnit() == null ? Optional.empty() : Optional.of(new Price(best, n.getPriceUnit()));
    });
  }

  /**
   * A copy of a table with SMS prices for some countries and voice prices for the countries of some numbers, from
   * the API; prices the API does not have, or has in another currency than the table's, are left as they were.
   *
   * @param base the table to start from (its currency decides)
   * @param smsCountries ISO codes to price SMS for
   * @param voiceNumbers one E.164 number per country to price voice for
   * @return the filled table
   * @throws ValidationException when a country or number is invalid
   */
  public PriceTable fill(PriceTable base, Collection<String> smsCountries, Collection<String> voiceNumbers) {
    PriceTable.Builder b = base.toBuilder();
    for (String iso : smsCountries) {
      smsPerSegment(iso).filter(p -> sameCurrency(p, base, "SMS " + iso))
          .ifPresent(p -> b.set(Channel.SMS, iso, p.amount()));
    }
    for (String number : voiceNumbers) {
      Optional<String> iso = PhoneNumbers.region(PhoneNumbers.toE164("voiceNumbers", number, null));
      voicePerMinute(number).filter(p -> sameCurrency(p, base, "voice " + iso.orElse("?")))
          .ifPresent(p -> iso.ifPresent(c -> b.set(Channel.VOICE, c, p.amount())));
    }
    return b.build();
  }

  private static boolean sameCurrency(Price p, PriceTable base, String what) {
    if (!p.currency().equals(base.currency())) {
      LOG.warn("Twilio prices {} in {}, the table is in {}: left out", what, p.currency(), base.currency());
      return false;
    }
    return true;
  }

  private Optional<Price> cached(String key, java.util.function.Supplier<Optional<Price>> fetch) {
    Instant now = clock.instant();
    Cached c = cache.get(key);
    if (c != null && now.isBefore(c.until())) {
      return c.price();
    }
    Optional<Price> p;
    try {
      p = fetch.get();
    } catch (ApiException e) {
      LOG.warn("Twilio Pricing API for {} failed: {} (status {}, code {})", key, e.getMessage(), e.getStatusCode(), e.getCode());
      return c == null ? Optional.empty() : c.price();   // a stale price beats none
    }
    cache.put(key, new Cached(p, now.plus(ttl)));
    return p;
  }

  @Override
  public void close() {
    account.releasePool();
  }

  @Override
  public String toString() {
    return "TwilioPricing{account=" + account.config.accountSid() + ", cacheFor=" + ttl + ", numberType=" + numberType + "}";
  }

  /** Builds {@link TwilioPricing}. Not thread-safe. */
  public static final class Builder {
    private final TwilioConfig config;
    private Clock clock = Clock.systemUTC();
    private Duration ttl = Duration.ofHours(24);
    private InboundSmsPrice.Type numberType = InboundSmsPrice.Type.LOCAL;

    private Builder(TwilioConfig config) {
      this.config = config;
    }

    /**
     * @param clock the clock the cache expires on (use the client's)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("pricing.clock", clock);
      return this;
    }

    /**
     * @param ttl how long an answer is reused, 1 min .. 30 days (default 24 h)
     * @return this builder
     * @throws ValidationException when out of range
     */
    public Builder cacheFor(Duration ttl) {
      Checks.notNull("pricing.cacheFor", ttl);
      if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofDays(30)) > 0) {
        throw new ValidationException("pricing.cacheFor", "must be 1 minute to 30 days (was " + ttl + ")");
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * @param type the number type of your SMS sender: {@code local}, {@code mobile}, {@code national},
     *     {@code shortcode} or {@code toll free} (default {@code local})
     * @return this builder
     * @throws ValidationException when unknown
     */
    public Builder senderNumberType(String type) {
      try {
        this.numberType = InboundSmsPrice.Type.forValue(Checks.notNull("pricing.senderNumberType", type));
      } catch (RuntimeException e) {
        throw new ValidationException("pricing.senderNumberType", "must be local, mobile, national, shortcode or toll free (was '" + type + "')");
      }
      if (numberType == null) {
        throw new ValidationException("pricing.senderNumberType", "must be local, mobile, national, shortcode or toll free (was '" + type + "')");
      }
      return this;
    }

    /** @return the pricing client */
    public TwilioPricing build() {
      return new TwilioPricing(this);
    }
  }
}
