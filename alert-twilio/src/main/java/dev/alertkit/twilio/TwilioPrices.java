package dev.alertkit.twilio;

import dev.alertkit.cost.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads Twilio's {@code price}/{@code price_unit} (a negative decimal for a charge, e.g. {@code "-0.00750"}, and an ISO 4217 code). */
final class TwilioPrices {
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,9}(\\.[0-9]{1,10})?");

  private TwilioPrices() {}

  /**
   * What Twilio charged, as a positive amount.
   *
   * @param price the {@code Price} value, may be null or blank (not priced yet)
   * @param unit the {@code PriceUnit} value
   * @return the charge, or empty when absent or unreadable
   */
  static Optional<Money> charged(String price, String unit) {
    if (price == null || unit == null || !DECIMAL.matcher(price.strip()).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Money(new BigDecimal(price.strip()).abs(), Currency.getInstance(unit.strip().toUpperCase(java.util.Locale.ROOT))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
