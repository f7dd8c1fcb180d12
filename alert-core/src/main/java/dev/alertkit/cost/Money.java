package dev.alertkit.cost;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency. Amounts keep the scale they were given (prices such as {@code 0.0075} have
 * more decimals than the currency's minor unit); {@link #plus} and {@link #times} are exact.
 *
 * @param amount the amount, not negative for prices and costs
 * @param currency the ISO 4217 currency
 */
public record Money(BigDecimal amount, Currency currency) {

  /**
   * Validates.
   *
   * @param amount the amount
   * @param currency the currency
   * @throws NullPointerException when a value is null
   */
  public Money {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
  }

  /**
   * Money from a decimal string.
   *
   * @param amount e.g. {@code "0.0075"}
   * @param currencyCode e.g. {@code "USD"}
   * @return the money
   * @throws NumberFormatException when amount is not a decimal
   * @throws IllegalArgumentException when the currency code is unknown
   */
  public static Money of(String amount, String currencyCode) {
    return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
  }

  /**
   * Zero in a currency.
   *
   * @param currency the currency
   * @return zero
   */
  public static Money zero(Currency currency) {
    return new Money(BigDecimal.ZERO, currency);
  }

  /**
   * Adds money of the same currency.
   *
   * @param other the other amount
   * @return the sum
   * @throws IllegalArgumentException when the currencies differ
   */
  public Money plus(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
    }
    return new Money(amount.add(other.amount), currency);
  }

  /**
   * Multiplies by a whole number.
   *
   * @param n the factor
   * @return the product
   */
  public Money times(long n) {
    return new Money(amount.multiply(BigDecimal.valueOf(n)), currency);
  }

  @Override
  public String toString() {
    return amount.stripTrailingZeros().toPlainString() + " " + currency.getCurrencyCode();
  }
}
