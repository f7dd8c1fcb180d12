package dev.alertkit;

import dev.alertkit.cost.Money;
import java.util.Currency;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * What {@link AlertClient#send} did for one alert: one {@link RecipientReport} per recipient, in the alert's
 * recipient order, each with exactly one final {@link Outcome}. Expected failures (a provider rejecting a
 * number) are values here, never exceptions.
 *
 * @param alertId the alert's id
 * @param startedAt when dispatch began (client clock)
 * @param finishedAt when the last outcome was known (client clock)
 * @param recipients one report per recipient
 */
public record DispatchReport(String alertId, Instant startedAt, Instant finishedAt, List<RecipientReport> recipients) {

  /**
   * Validates and copies.
   *
   * @param alertId the alert's id
   * @param startedAt when dispatch began (client clock)
   * @param finishedAt when the last outcome was known (client clock)
   * @param recipients one report per recipient
   * @throws NullPointerException when a value is null
   */
  public DispatchReport {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    recipients = List.copyOf(recipients);
  }

  /**
   * The report for one recipient.
   *
   * @param recipientId the recipient's id
   * @return the report
   * @throws NoSuchElementException when the alert had no such recipient
   */
  public RecipientReport recipient(String recipientId) {
    for (RecipientReport r : recipients) {
      if (r.recipientId().equals(recipientId)) {
        return r;
      }
    }
    throw new NoSuchElementException("alert " + alertId + " has no recipient '" + recipientId + "'");
  }

  /**
   * The final outcome for one recipient.
   *
   * @param recipientId the recipient's id
   * @return the outcome
   * @throws NoSuchElementException when the alert had no such recipient
   */
  public Outcome outcome(String recipientId) {
    return recipient(recipientId).outcome();
  }

  /** @return each recipient's outcome, in recipient order */
  public Map<String, Outcome> outcomes() {
    Map<String, Outcome> out = new LinkedHashMap<>();
    recipients.forEach(r -> out.put(r.recipientId(), r.outcome()));
    return out;
  }

  /** @return how many recipients ended with each outcome */
  public Map<Outcome, Integer> countByOutcome() {
    Map<Outcome, Integer> out = new EnumMap<>(Outcome.class);
    recipients.forEach(r -> out.merge(r.outcome(), 1, Integer::sum));
    return out;
  }

  /** @return the number of attempts over all recipients */
  public int attemptCount() {
    return recipients.stream().mapToInt(r -> r.attempts().size()).sum();
  }

  /**
   * What this dispatch is estimated to have cost: the sum of {@link Attempt#cost()} over every recipient's attempts
   * that {@linkplain Attempt#mayHaveBeenCharged() may have been charged} (accepted, or ambiguous), per currency.
   * Attempts refused before a request was made (a compliance guard, a full bulkhead) or rejected by the provider
   * count nothing. Empty when the client has no prices ({@code AlertClient.builder().prices(...)}).
   *
   * @return the total per currency, in the order first seen
   */
  public Map<Currency, Money> cost() {
    Map<Currency, Money> out = new LinkedHashMap<>();
    for (RecipientReport r : recipients) {
      RecipientReport.addCost(r.attempts(), out);
    }
    return out;
  }

  /** @return a compact human-readable trace of every recipient (see {@link RecipientReport#describe()}) */
  public String describe() {
    StringBuilder s = new StringBuilder("alert ").append(alertId).append(' ').append(countByOutcome());
    Map<Currency, Money> cost = cost();
    if (!cost.isEmpty()) {
      s.append(" cost=").append(RecipientReport.costText(cost)).append(" (estimated)");
    }
    for (RecipientReport r : recipients) {
      s.append('\n').append(r.describe());
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
