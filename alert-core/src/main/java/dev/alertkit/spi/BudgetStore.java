package dev.alertkit.spi;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where spend against budgets is counted, so that several client instances can share one budget (the in-memory
 * default counts per process). Amounts are in the price table's currency.
 *
 * <p>A send first <em>reserves</em> its estimate in every bucket that covers it, all or nothing, atomically: two
 * concurrent sends can never both pass a limit that only one fits under. When the provider reports the actual
 * price the reservation is <em>settled</em> to it; when the send certainly did not leave, it is
 * <em>released</em>. Implementations must be thread-safe. Reserving an id that is reserved already changes
 * nothing and returns an empty list (a resend of one attempt is counted once).
 */
public interface BudgetStore {

  /**
   * One counter with its limit, e.g. {@code budget:sms-per-day:tenant=acme:2026-11-30}.
   *
   * @param key the counter's key (includes the period)
   * @param limit the most that may be reserved in it
   */
  record Bucket(String key, BigDecimal limit) {
    /**
     * Validates.
     *
     * @param key the key
     * @param limit the limit
     * @throws NullPointerException when a value is null
     */
    public Bucket {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(limit, "limit");
    }
  }

  /**
   * Reserves an amount in every bucket, or in none.
   *
   * @param reservationId unique id (the attempt id)
   * @param buckets the buckets that cover the send
   * @param amount the estimate, not negative
   * @param enforce when false, reserve even over the limits (a send the policy allows over budget)
   * @return the buckets whose limit the amount would exceed; empty when reserved. With {@code enforce == false}
   *     the amount is reserved and the list names the buckets now over their limit
   */
  List<Bucket> reserve(String reservationId, List<Bucket> buckets, BigDecimal amount, boolean enforce);

  /**
   * Replaces a reservation's amount with what the provider charged. Unknown ids are ignored.
   *
   * @param reservationId the id given to {@link #reserve}
   * @param actual the actual amount, not negative
   */
  void settle(String reservationId, BigDecimal actual);

  /**
   * Gives a reservation back (the send certainly did not leave). Unknown ids are ignored.
   *
   * @param reservationId the id given to {@link #reserve}
   */
  void release(String reservationId);

  /**
   * What is reserved and settled in a bucket.
   *
   * @param key the bucket key
   * @return the amount, zero for an unknown bucket
   */
  BigDecimal spent(String key);

  /**
   * Switches a hard stop on for a usage category until an instant (e.g. from a provider's usage trigger).
   *
   * @param category e.g. {@code "twilio:sms"}
   * @param until when it ends; {@link Instant#MAX} until {@link #clearHardStop}
   */
  void hardStop(String category, Instant until);

  /**
   * Switches a hard stop off.
   *
   * @param category the category
   */
  void clearHardStop(String category);

  /**
   * Whether a hard stop is on.
   *
   * @param category the category
   * @param now the current time
   * @return when the stop ends, if one is on at {@code now}
   */
  Optional<Instant> hardStopUntil(String category, Instant now);
}
