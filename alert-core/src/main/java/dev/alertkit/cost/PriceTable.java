package dev.alertkit.cost;

import dev.alertkit.Channel;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.MiniJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What each channel costs, in one currency: SMS per segment and WhatsApp per message per destination country,
 * voice per minute per destination country, email per message. A country is an ISO 3166 alpha-2 code
 * ({@code "IN"}); {@code "*"} is the price for every country without its own. Immutable and thread-safe.
 *
 * <p>Build it in code, or load it from CSV or JSON:
 *
 * <pre>
 * channel,country,price,currency        {"currency": "USD",
 * sms,US,0.0079,USD                       "sms": {"US": "0.0079", "IN": 0.0832, "*": 0.05},
 * sms,IN,0.0832,USD                       "whatsapp": {"*": 0.0050},
 * voice,US,0.0140,USD                     "voice": {"US": 0.0140},
 * email,*,0.0010,USD                      "email": 0.0010}
 * </pre>
 *
 * <p>Prices are what you expect to pay, not what a provider guarantees; Twilio's Pricing API can fill a table
 * (see {@code dev.alertkit.twilio.TwilioPricing}).
 */
public final class PriceTable {
  /** The country key that matches every country without its own price. */
  public static final String ANY_COUNTRY = "*";
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}|\\*");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,10})?");

  private final Currency currency;
  private final Map<Channel, Map<String, BigDecimal>> prices;

  private PriceTable(Builder b) {
    this.currency = b.currency;
    Map<Channel, Map<String, BigDecimal>> copy = new EnumMap<>(Channel.class);
    b.prices.forEach((c, m) -> copy.put(c, Map.copyOf(m)));
    this.prices = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Starts a table.
   *
   * @param currencyCode ISO 4217, e.g. {@code "USD"}
   * @return a builder
   * @throws ValidationException when the code is not an ISO 4217 currency
   */
  public static Builder builder(String currencyCode) {
    return new Builder(currency("prices.currency", currencyCode));
  }

  /**
   * Loads a table from CSV: a header {@code channel,country,price,currency}, then one price per line. Blank lines
   * and lines starting with {@code #} are skipped. Every line must use the same currency.
   *
   * @param csv the CSV text (the reader is read to the end, not closed)
   * @return the table
   * @throws ValidationException naming the line and field when a line breaks a rule
   * @throws UncheckedIOException when reading fails
   */
  public static PriceTable fromCsv(Reader csv) {
    BufferedReader r = csv instanceof BufferedReader ? (BufferedReader) csv : new BufferedReader(csv);
    Builder b = null;
    boolean header = false;
    int n = 0;
    try {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        n++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] f = t.split(",", -1);
        if (!header) {
          if (!t.replace(" ", "").equalsIgnoreCase("channel,country,price,currency")) {
            throw new ValidationException("prices line " + n, "the header must be 'channel,country,price,currency' (was '" + clip(t) + "')");
          }
          header = true;
          continue;
        }
        if (f.length != 4) {
          throw new ValidationException("prices line " + n, "must have 4 fields channel,country,price,currency (has " + f.length + ")");
        }
        String where = "prices line " + n;
        Currency cur = currency(where + " currency", f[3].strip());
        if (b == null) {
          b = new Builder(cur);
        } else if (!b.currency.equals(cur)) {
          throw new ValidationException(where + " currency", "every line must use " + b.currency + " (was " + cur + ")");
        }
        b.put(where, channel(where + " channel", f[0].strip()), f[1].strip(), decimal(where + " price", f[2].strip()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prices", e);
    }
    if (b == null) {
      throw new ValidationException("prices", "no price lines (expected a header 'channel,country,price,currency' and at least one line)");
    }
    return b.build();
  }

  /**
   * Loads a table from JSON: an object with {@code currency} and, per channel ({@code sms}, {@code whatsapp},
   * {@code voice}, {@code email}), an object from country to price, or one price for every country. Prices may be
   * JSON numbers or decimal strings.
   *
   * @param json the JSON text (the reader is read to the end, not closed)
   * @return the table
   * @throws ValidationException naming the field when a value breaks a rule
   * @throws UncheckedIOException when reading fails
   */
  public static PriceTable fromJson(Reader json) {
    StringBuilder text = new StringBuilder();
    char[] buf = new char[8192];
    try {
      for (int k = json.read(buf); k >= 0; k = json.read(buf)) {
        text.append(buf, 0, k);
        if (text.length() > 4_000_000) {
          throw new ValidationException("prices", "JSON larger than 4,000,000 characters");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prices", e);
    }
    Object root;
    try {
      root = MiniJson.parse(text.toString());
    } catch (IllegalArgumentException e) {
      throw new ValidationException("prices", "invalid JSON: " + e.getMessage());
    }
    if (!(root instanceof Map)) {
      throw new ValidationException("prices", "must be a JSON object");
    }
    Map<?, ?> m = (Map<?, ?>) root;
    Object cur = m.get("currency");
    if (!(cur instanceof String)) {
      throw new ValidationException("prices.currency", "is required (an ISO 4217 code such as \"USD\")");
    }
    Builder b = builder((String) cur);
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = (String) e.getKey();
      if ("currency".equals(key)) {
        continue;
      }
      Channel c = channel("prices." + key, key);
      if (e.getValue() instanceof Map) {
        for (Map.Entry<?, ?> p : ((Map<?, ?>) e.getValue()).entrySet()) {
          String where = "prices." + key + "." + p.getKey();
          b.put(where, c, (String) p.getKey(), jsonDecimal(where, p.getValue()));
        }
      } else {
        b.put("prices." + key, c, ANY_COUNTRY, jsonDecimal("prices." + key, e.getValue()));
      }
    }
    return b.build();
  }

  /** @return the currency of every price */
  public Currency currency() {
    return currency;
  }

  /**
   * The price of one unit (SMS segment, WhatsApp message, voice minute, email) to a country.
   *
   * @param channel the channel
   * @param country ISO 3166 alpha-2, or empty when unknown (email has no country)
   * @return the country's price, else the {@code "*"} price, else empty
   */
  public Optional<BigDecimal> unitPrice(Channel channel, Optional<String> country) {
    Map<String, BigDecimal> m = prices.getOrDefault(channel, Map.of());
    BigDecimal p = country.map(c -> m.get(c.toUpperCase(Locale.ROOT))).orElse(null);
    return Optional.ofNullable(p != null ? p : m.get(ANY_COUNTRY));
  }

  /** @return every price: channel to country to unit price */
  public Map<Channel, Map<String, BigDecimal>> prices() {
    return prices;
  }

  /**
   * A builder holding this table's prices, e.g. to override some.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(currency);
    prices.forEach((c, m) -> b.prices.put(c, new LinkedHashMap<>(m)));
    return b;
  }

  @Override
  public String toString() {
    return "PriceTable{" + currency + ", " + prices + "}";
  }

  private static Currency currency(String field, String code) {
    try {
      return Currency.getInstance(code == null ? "" : code.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ValidationException(field, "must be an ISO 4217 currency code such as USD (was '" + clip(code) + "')");
    }
  }

  private static Channel channel(String field, String name) {
    try {
      return Channel.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ValidationException(field, "must be one of sms, whatsapp, voice, email (was '" + clip(name) + "')");
    }
  }

  private static BigDecimal decimal(String field, String v) {
    if (!DECIMAL.matcher(v).matches()) {
      throw new ValidationException(field, "must be a non-negative decimal such as 0.0079 (was '" + clip(v) + "')");
    }
    return new BigDecimal(v);
  }

  private static BigDecimal jsonDecimal(String field, Object v) {
    if (v instanceof BigDecimal) {
      return decimal(field, ((BigDecimal) v).toPlainString());
    }
    if (v instanceof String) {
      return decimal(field, (String) v);
    }
    throw new ValidationException(field, "must be a price (a number or a decimal string), or an object from country to price");
  }

  private static String clip(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** Builds a {@link PriceTable}. Not thread-safe. */
  public static final class Builder {
    private final Currency currency;
    private final Map<Channel, Map<String, BigDecimal>> prices = new EnumMap<>(Channel.class);

    private Builder(Currency currency) {
      this.currency = currency;
    }

    /**
     * Sets the price of one SMS segment to a country.
     *
     * @param country ISO 3166 alpha-2, or {@code "*"} for every other country
     * @param perSegment the price, e.g. {@code "0.0079"}
     * @return this builder
     * @throws ValidationException when the country or price is invalid, or already set
     */
    public Builder sms(String country, String perSegment) {
      return put("prices.sms." + country, Channel.SMS, country, decimal("prices.sms." + country, perSegment));
    }

    /**
     * Sets the price of one WhatsApp message to a country (Twilio's fee plus Meta's template fee).
     *
     * @param country ISO 3166 alpha-2, or {@code "*"}
     * @param perMessage the price
     * @return this builder
     * @throws ValidationException when the country or price is invalid, or already set
     */
    public Builder whatsapp(String country, String perMessage) {
      return put("prices.whatsapp." + country, Channel.WHATSAPP, country, decimal("prices.whatsapp." + country, perMessage));
    }

    /**
     * Sets the price of one minute of an outbound call to a country.
     *
     * @param country ISO 3166 alpha-2, or {@code "*"}
     * @param perMinute the price
     * @return this builder
     * @throws ValidationException when the country or price is invalid, or already set
     */
    public Builder voice(String country, String perMinute) {
      return put("prices.voice." + country, Channel.VOICE, country, decimal("prices.voice." + country, perMinute));
    }

    /**
     * Sets the price of one email.
     *
     * @param perMessage the price
     * @return this builder
     * @throws ValidationException when the price is invalid, or already set
     */
    public Builder email(String perMessage) {
      return put("prices.email", Channel.EMAIL, ANY_COUNTRY, decimal("prices.email", perMessage));
    }

    /**
     * Sets a unit price, replacing an earlier one (e.g. from the Pricing API).
     *
     * @param channel the channel
     * @param country ISO 3166 alpha-2, or {@code "*"}
     * @param unitPrice the price, not negative
     * @return this builder
     * @throws ValidationException when the country or price is invalid
     */
    public Builder set(Channel channel, String country, BigDecimal unitPrice) {
      String where = "prices." + (channel == null ? "null" : channel.name().toLowerCase(Locale.ROOT)) + "." + country;
      dev.alertkit.spi.support.Checks.notNull("prices.channel", channel);
      if (unitPrice == null || unitPrice.signum() < 0) {
        throw new ValidationException(where, "must be a non-negative price (was " + unitPrice + ")");
      }
      String k = country(where, country);
      if (channel == Channel.EMAIL && !ANY_COUNTRY.equals(k)) {
        throw new ValidationException(where, "email has one price for every country: use '*' (was '" + k + "')");
      }
      prices.computeIfAbsent(channel, x -> new LinkedHashMap<>()).put(k, unitPrice);
      return this;
    }

    private Builder put(String where, Channel c, String country, BigDecimal price) {
      String k = country(where, country);
      if (c == Channel.EMAIL && !ANY_COUNTRY.equals(k)) {
        throw new ValidationException(where, "email has one price for every country: use '*' (was '" + k + "')");
      }
      if (prices.computeIfAbsent(c, x -> new LinkedHashMap<>()).putIfAbsent(k, price) != null) {
        throw new ValidationException(where, "price for " + c + " to " + k + " is given twice");
      }
      return this;
    }

    private static String country(String where, String country) {
      String k = country == null ? "" : country.strip().toUpperCase(Locale.ROOT);
      if (!COUNTRY.matcher(k).matches()) {
        throw new ValidationException(where, "country must be an ISO 3166 alpha-2 code such as IN, or '*' (was '" + clip(country) + "')");
      }
      return k;
    }

    /**
     * Builds the table.
     *
     * @return the table
     */
    public PriceTable build() {
      return new PriceTable(this);
    }
  }
}
