package dev.alertkit.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Match;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.Resilience;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.Failure;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Budgets through the client: every policy, per tenant, hard caps, hard stops, actual prices settling the spend. */
class CostControlTest {
  static final PriceTable PRICES = PriceTable.builder("USD").sms("US", "0.0079").sms("IN", "0.0832").voice("US", "0.0140")
      .whatsapp("*", "0.0050").email("0.0010").build();
  static final RoutingPolicy SMS_THEN_EMAIL = RoutingPolicy.builder()
      .otherwise(Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)).build();

  private final ManualClock clock = ManualClock.at("2026-11-30T20:00:00Z");   // 01:30 in Kolkata
  private final FakeProvider sms = FakeProvider.sms();
  private final FakeProvider email = FakeProvider.email();
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  private AlertClient client;
  private int seq;

  private CostControl.Builder cost() {
    return CostControl.builder().prices(PRICES).clock(clock).zone(ZoneId.of("Asia/Kolkata"));
  }

  private AlertClient client(CostControl cost, RoutingPolicy routing) {
    client = AlertClient.builder().clock(clock).scheduler(ManualScheduler.on(clock)).executor(Runnable::run).resilience(Resilience.none())
        .provider(sms).provider(email).routing(routing).compliance(cost.guard()).listener(cost.listener()).build();
    return client;
  }

  private Alert alert(Severity severity, String... labels) {
    Alert.Builder b = Alert.builder().id("a-" + (++seq)).severity(severity).title("db-1 disk 97% full").body("db-1 /var at 97%")
        .recipient(alice).createdAt(clock);
    for (int i = 0; i < labels.length; i += 2) {
      b.label(labels[i], labels[i + 1]);
    }
    return b.build();
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void downgradeSendsEmailOnceTheSmsBudgetIsSpentAndSmsReturnsTheNextDay() {
    // given an SMS budget of 0.02 USD a day: two 1-segment SMS (0.0158) fit, a third (0.0237) does not
    CostControl cost = cost().budget(Budget.daily("sms-per-day", new BigDecimal("0.02")).channels(Channel.SMS).build()).build();
    client(cost, SMS_THEN_EMAIL);

    // when three WARNING alerts go out
    DispatchReport r1 = client.send(alert(Severity.WARNING));
    DispatchReport r2 = client.send(alert(Severity.WARNING));
    DispatchReport r3 = client.send(alert(Severity.WARNING));

    // then the third falls back to email, with the budget named in its SMS attempt
    assertThat(r1.recipient("alice").acceptedAttempts()).extracting(Attempt::channel).containsExactly(Channel.SMS);
    assertThat(r2.recipient("alice").acceptedAttempts()).extracting(Attempt::channel).containsExactly(Channel.SMS);
    RecipientReport third = r3.recipient("alice");
    assertThat(third.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(third.acceptedAttempts()).extracting(Attempt::channel).containsExactly(Channel.EMAIL);
    Attempt refused = third.attempts().get(0);
    assertThat(refused.channel()).isEqualTo(Channel.SMS);
    assertThat(refused.failure().orElseThrow().reason())
        .contains("budget sms-per-day would be exceeded: 0.0158 of 0.02 USD spent this day (Asia/Kolkata)")
        .contains("DOWNGRADE");
    assertThat(cost.ledger().attempt(refused.attemptId()).orElseThrow().decision()).isEqualTo(CostLedger.Decision.DOWNGRADED);
    assertThat(sms.messages()).hasSize(2);
    assertThat(cost.spent("sms-per-day", Optional.empty()).amount()).isEqualByComparingTo("0.0158");

    // and after midnight in Kolkata (18:30 UTC) the new day's budget sends SMS again
    clock.advanceTo(Instant.parse("2026-12-01T18:30:00Z"));
    assertThat(client.send(alert(Severity.WARNING)).recipient("alice").acceptedAttempts()).extracting(Attempt::channel)
        .containsExactly(Channel.SMS);
  }

  @Test
  void suppressSendsNothingToTheRecipientAndSaysWhichBudget() {
    CostControl cost = cost().budget(Budget.daily("all-per-day", new BigDecimal("0.0080")).build())
        .onExceeded(Severity.INFO, BudgetPolicy.SUPPRESS).build();
    client(cost, SMS_THEN_EMAIL);
    client.send(alert(Severity.INFO));

    DispatchReport r = client.send(alert(Severity.INFO));

    RecipientReport alice = r.recipient("alice");
    assertThat(alice.acceptedAttempts()).isEmpty();
    assertThat(alice.attempts()).extracting(Attempt::channel).containsExactly(Channel.SMS, Channel.EMAIL);
    assertThat(alice.attempts()).allSatisfy(a -> assertThat(a.failure().orElseThrow().reason())
        .contains("budget all-per-day would be exceeded").contains("suppressed (INFO policy SUPPRESS)"));
    assertThat(alice.outcome()).isEqualTo(Outcome.SUPPRESSED);
    assertThat(email.messages()).isEmpty();
  }

  @Test
  void criticalIsAllowedOverASoftBudgetAndCounted() {
    CostControl cost = cost().budget(Budget.daily("sms-per-day", new BigDecimal("0.0100")).channels(Channel.SMS).build()).build();
    client(cost, SMS_THEN_EMAIL);
    client.send(alert(Severity.CRITICAL));

    DispatchReport r = client.send(alert(Severity.CRITICAL));

    Attempt second = r.recipient("alice").acceptedAttempts().get(0);
    assertThat(second.channel()).isEqualTo(Channel.SMS);
    CostLedger.AttemptCost c = cost.ledger().attempt(second.attemptId()).orElseThrow();
    assertThat(c.decision()).isEqualTo(CostLedger.Decision.ALLOWED_OVER_BUDGET);
    assertThat(c.reason().orElseThrow()).contains("sent anyway (CRITICAL policy ALLOW)");
    assertThat(cost.spent("sms-per-day", Optional.empty()).amount()).isEqualByComparingTo("0.0158");
  }

  @Test
  void aHardCapDowngradesCriticalToo() {
    CostControl cost = cost().budget(Budget.daily("sms-cap", new BigDecimal("0.0100")).channels(Channel.SMS).hardCap().build()).build();
    client(cost, SMS_THEN_EMAIL);
    client.send(alert(Severity.CRITICAL));

    DispatchReport r = client.send(alert(Severity.CRITICAL));

    assertThat(r.recipient("alice").acceptedAttempts()).extracting(Attempt::channel).containsExactly(Channel.EMAIL);
    assertThat(r.recipient("alice").attempts().get(0).failure().orElseThrow().reason())
        .contains("hard cap sms-cap would be exceeded").contains("ALLOW, but a hard cap");
  }

  @Test
  void eachTenantHasItsOwnBudget() {
    CostControl cost = cost().budget(Budget.daily("sms-per-tenant", new BigDecimal("0.0100")).channels(Channel.SMS).perLabel("tenant").build())
        .build();
    client(cost, SMS_THEN_EMAIL);
    client.send(alert(Severity.WARNING, "tenant", "acme"));

    DispatchReport acmeAgain = client.send(alert(Severity.WARNING, "tenant", "acme"));
    DispatchReport globex = client.send(alert(Severity.WARNING, "tenant", "globex"));

    assertThat(acmeAgain.recipient("alice").acceptedAttempts()).extracting(Attempt::channel).containsExactly(Channel.EMAIL);
    assertThat(acmeAgain.recipient("alice").attempts().get(0).failure().orElseThrow().reason()).contains("for tenant=acme");
    assertThat(globex.recipient("alice").acceptedAttempts()).extracting(Attempt::channel).containsExactly(Channel.SMS);
    assertThat(cost.spent("sms-per-tenant", Optional.of("acme")).amount()).isEqualByComparingTo("0.0079");
  }

  @Test
  void aHardStopRejectsSmsEvenForCriticalUntilItEnds() {
    CostControl cost = cost().build();
    client(cost, SMS_THEN_EMAIL);
    cost.hardStop("twilio:sms", clock.instant().plus(Duration.ofHours(1)), "Twilio usage trigger UT1: sms count 500 crossed 500");

    DispatchReport stopped = client.send(alert(Severity.CRITICAL));
    clock.advance(Duration.ofHours(1));
    DispatchReport after = client.send(alert(Severity.CRITICAL));

    assertThat(stopped.recipient("alice").acceptedAttempts()).extracting(Attempt::channel).containsExactly(Channel.EMAIL);
    assertThat(stopped.recipient("alice").attempts().get(0).failure().orElseThrow().reason())
        .contains("hard stop on twilio:sms").contains("usage trigger UT1");
    assertThat(after.recipient("alice").acceptedAttempts()).extracting(Attempt::channel).containsExactly(Channel.SMS);
  }

  @Test
  void actualPriceFromTheProviderSettlesTheSpendAndShowsInTheLedger() {
    CostControl cost = cost().budget(Budget.monthly("sms-month", BigDecimal.TEN).channels(Channel.SMS).build()).build();
    client(cost, SMS_THEN_EMAIL);
    Alert a = alert(Severity.WARNING);
    Attempt sent = client.send(a).recipient("alice").acceptedAttempts().get(0);

    DeliveryEvent delivered = new DeliveryEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), sms.name(),
        sent.providerMessageId().orElseThrow(), DeliveryStatus.DELIVERED, "delivered", Optional.empty(), Optional.empty(), clock.instant(),
        Optional.of(Money.of("0.0075", "USD")));
    sms.emit(delivered);

    CostLedger.AlertCost total = cost.ledger().alert(a.id()).orElseThrow();
    assertThat(total.estimated().amount()).isEqualByComparingTo("0.0079");
    assertThat(total.actual().amount()).isEqualByComparingTo("0.0075");
    assertThat(total.unreported()).isZero();
    assertThat(cost.ledger().attempt(sent.attemptId()).orElseThrow().provider()).contains(sms.name());
    assertThat(cost.spent("sms-month", Optional.empty()).amount()).isEqualByComparingTo("0.0075");
  }

  @Test
  void aSendThatCertainlyFailedGivesItsReservationBack() {
    CostControl cost = cost().budget(Budget.daily("sms-per-day", BigDecimal.ONE).channels(Channel.SMS).build()).build();
    client(cost, SMS_THEN_EMAIL);
    sms.failNext(1, Failure.permanent(Failure.Fault.RECIPIENT, "invalid number").providerCode("21211").build());

    DispatchReport r = client.send(alert(Severity.WARNING));

    assertThat(r.recipient("alice").acceptedAttempts()).extracting(Attempt::channel).containsExactly(Channel.EMAIL);
    assertThat(cost.spent("sms-per-day", Optional.empty()).amount()).isZero();
    assertThat(cost.ledger().attempts()).extracting(CostLedger.AttemptCost::channel, CostLedger.AttemptCost::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Channel.SMS, CostLedger.Status.NOT_SENT),
            org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, CostLedger.Status.SENT));
  }

  @Test
  void criticalRuleWithMatchStillUsesTheGuard() {
    CostControl cost = cost().build();
    client(cost, RoutingPolicy.builder().rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).deliver(Channel.SMS))
        .otherwise(Rule.deliver(Channel.EMAIL)).build());

    Alert a = alert(Severity.CRITICAL);
    client.send(a);

    assertThat(cost.ledger().alert(a.id()).orElseThrow().estimated().amount()).isEqualByComparingTo("0.0079");
  }
}
