package dev.alertkit.cost;

import dev.alertkit.Channel;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What one attempt is expected to cost, before it is sent.
 *
 * @param channel the channel
 * @param country the destination country (ISO 3166 alpha-2), when it has one
 * @param units billable units: SMS segments, WhatsApp messages, voice minutes, emails
 * @param unit what a unit is: {@code "segment"}, {@code "message"}, {@code "minute"}, {@code "email"}
 * @param unitPrice the price of one unit, when the price table has one
 * @param total units × unit price (zero when unpriced)
 * @param basis how it was computed, e.g. {@code "3 UCS-2 segments × 0.0832 USD (IN)"}
 */
public record CostEstimate(Channel channel, Optional<String> country, int units, String unit, Optional<BigDecimal> unitPrice,
    Money total, String basis) {

  /**
   * Validates.
   *
   * @param channel the channel
   * @param country the country
   * @param units billable units
   * @param unit the unit's name
   * @param unitPrice the unit price
   * @param total the total
   * @param basis how it was computed
   * @throws NullPointerException when a value is null
   * @throws IllegalArgumentException when units is negative
   */
  public CostEstimate {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(unitPrice, "unitPrice");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(basis, "basis");
    if (units < 0) {
      throw new IllegalArgumentException("units must not be negative");
    }
  }

  /** @return whether the price table had a price for this channel and country */
  public boolean priced() {
    return unitPrice.isPresent();
  }
}
