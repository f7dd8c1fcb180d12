package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.cost.CostEstimate;
import dev.alertkit.cost.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Report totals: only attempts that may have been charged, per currency, in the order first seen. */
class ReportCostTest {
  private static final Instant T = Instant.parse("2026-11-30T20:00:00Z");
  private static final Currency USD = Currency.getInstance("USD");
  private static final Currency EUR = Currency.getInstance("EUR");

  private static CostEstimate estimate(Channel channel, String amount, String currency) {
    return new CostEstimate(channel, Optional.empty(), 1, "message", Optional.of(new BigDecimal(amount)), Money.of(amount, currency),
        "1 message × " + amount + " " + currency);
  }

  private static Attempt accepted(String id, Channel channel, String amount, String currency) {
    return new Attempt(id, channel, 0, "p", "x", true, Optional.of("m-" + id), Optional.empty(), Optional.empty(), 1, false,
        Optional.empty(), T, T).withCost(estimate(channel, amount, currency));
  }

  private static Attempt failed(String id, Channel channel, Failure f, int requests, String amount) {
    return new Attempt(id, channel, 0, "p", "x", false, Optional.empty(), Optional.empty(), Optional.of(f), requests, false,
        Optional.empty(), T, T).withCost(estimate(channel, amount, "USD"));
  }

  private static RecipientReport recipient(String id, Attempt... attempts) {
    return new RecipientReport(id, Outcome.ACCEPTED, Optional.empty(), Optional.empty(), Optional.empty(), List.of(attempts), List.of(),
        Optional.empty());
  }

  @Test
  void totalsCountAcceptedAndAmbiguousAttemptsPerCurrencyAndNothingElse() {
    // given accepted attempts in USD and EUR, an ambiguous one, a rejected one and one refused before any request
    RecipientReport alice = recipient("alice",
        failed("1", Channel.SMS, Failure.permanent(Failure.Fault.RECIPIENT, "invalid number").build(), 1, "0.50"),
        failed("2", Channel.SMS, Failure.retryable(Failure.Fault.PROVIDER, "the bulkhead of p is full").build(), 0, "0.70"),
        failed("3", Channel.SMS, Failure.ambiguous(Failure.Fault.PROVIDER, "read timed out").build(), 1, "0.0079"),
        accepted("4", Channel.EMAIL, "0.0010", "USD"));
    RecipientReport bob = recipient("bob", accepted("5", Channel.WHATSAPP, "0.02", "EUR"), accepted("6", Channel.EMAIL, "0.001", "USD"));

    // when the report totals them
    DispatchReport report = new DispatchReport("a-1", T, T, List.of(alice, bob));

    // then the rejected and refused attempts count nothing; the ambiguous one counts
    assertThat(alice.cost()).containsOnlyKeys(USD);
    assertThat(alice.cost().get(USD).amount()).isEqualByComparingTo("0.0089");
    assertThat(report.cost()).containsOnlyKeys(USD, EUR);
    assertThat(List.copyOf(report.cost().keySet())).containsExactly(USD, EUR);
    assertThat(report.cost().get(USD).amount()).isEqualByComparingTo("0.0099");
    assertThat(report.cost().get(EUR).amount()).isEqualByComparingTo("0.02");
    assertThat(report.describe()).startsWith("alert a-1 {ACCEPTED=2} cost=0.0099 USD + 0.02 EUR (estimated)\n");
    assertThat(bob.describe()).startsWith("bob: ACCEPTED  cost=0.02 EUR + 0.001 USD (estimated)\n");
    assertThat(alice.attempts()).extracting(Attempt::mayHaveBeenCharged).containsExactly(false, false, true, true);
    assertThat(alice.attempts().get(0).toString()).doesNotContain("estimated");
    assertThat(alice.attempts().get(2).toString()).endsWith(", estimated 0.0079 USD");
  }

  @Test
  void withoutEstimatesThereIsNoTotalAndTheOldConstructorLeavesCostEmpty() {
    // given an attempt made with the constructor without cost
    Attempt a = new Attempt("1", Channel.SMS, 0, "p", "x", true, Optional.of("m"), Optional.empty(), Optional.empty(), 1, false,
        Optional.empty(), T, T);

    // when it is reported
    DispatchReport report = new DispatchReport("a-1", T, T, List.of(recipient("alice", a)));

    // then nothing is estimated or shown
    assertThat(a.cost()).isEmpty();
    assertThat(a.mayHaveBeenCharged()).isTrue();
    assertThat(report.cost()).isEmpty();
    assertThat(report.describe()).doesNotContain("cost", "estimated");
  }
}
