package dev.alertkit.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Failure;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.event.AttemptFinished;
import dev.alertkit.spi.ComplianceGuard;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The estimate on every attempt and the total on the report, when the client has prices: SMS by encoding and
 * segments, email, blocking and asynchronous sends; nothing without prices; nothing counted for attempts that were
 * not sent.
 */
class AttemptCostTest {
  static final PriceTable PRICES = PriceTable.builder("USD").sms("US", "0.0079").sms("IN", "0.0832").email("0.0010").build();
  static final Currency USD = Currency.getInstance("USD");
  /** 200 GSM-7 characters: 2 segments of 153 once the alert's title is rendered. */
  static final String GSM_TITLE = "db-1 disk 97% full ".repeat(10) + "0123456789";
  /** 150 Devanagari characters: one makes the whole text UCS-2, 3 segments of 67. */
  static final String HINDI_TITLE = "डेटाबेस सर्वर बंद है ".repeat(7) + "कृपया देखें";

  enum Mode {
    SYNC, ASYNC;

    DispatchReport send(AlertClient client, Alert alert) {
      if (this == SYNC) {
        return client.send(alert);
      }
      CompletableFuture<DispatchReport> f = client.sendAsync(alert);
      try {
        return f.get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("no report within 20 s", e);
      }
    }
  }

  private final ManualClock clock = ManualClock.at("2026-11-30T20:00:00Z");
  private final FakeProvider sms = FakeProvider.sms();
  private final FakeProvider email = FakeProvider.email();
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  private final Recipient asha = Recipient.builder("asha").phone("+919812345678").email("asha@example.com").build();
  private final List<AttemptFinished> finished = new CopyOnWriteArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private AlertClient client;
  private int seq;

  @AfterEach
  void close() {
    sms.recover();
    if (client != null) {
      client.close();
    }
    pool.shutdownNow();
  }

  private AlertClient.Builder builder() {
    return AlertClient.builder().clock(clock).scheduler(ManualScheduler.on(clock)).executor(pool).resilience(Resilience.none())
        .provider(sms).provider(email).listener(e -> {
          if (e instanceof AttemptFinished) {
            finished.add((AttemptFinished) e);
          }
        });
  }

  private Alert alert(String title, Recipient to, Channel... channels) {
    return Alert.builder().id("a-" + (++seq)).severity(Severity.CRITICAL).title(title).recipient(to).channels(channels).createdAt(clock)
        .build();
  }

  private static Money usd(String amount) {
    return new Money(new BigDecimal(amount), USD);
  }

  private static void assertTotal(Map<Currency, Money> cost, String amount) {
    assertThat(cost).containsOnlyKeys(USD);
    assertThat(cost.get(USD).amount()).isEqualByComparingTo(amount);
  }

  @Test
  void theDocsExampleShowsTheEstimateOnTheAttemptAndTheTotalOnTheReport() {
    PriceTable prices = PRICES;
    Alert alert = Alert.builder().id("a-17").severity(Severity.CRITICAL).title(HINDI_TITLE).recipient(asha)
        .createdAt(clock).build();
    // tag::cost-on-report[]
    AlertClient client = AlertClient.builder()
        .provider(sms)
        .provider(email)
        .prices(prices)                                // a PriceTable; or .prices(CostEstimator.builder(prices)...build())
        .build();

    DispatchReport report = client.send(alert);
    Attempt first = report.recipient("asha").attempts().get(0);
    first.cost();                                      // basis "3 UCS-2 segments × 0.0832 USD (IN)", total 0.2496 USD
    first.mayHaveBeenCharged();                        // accepted, or an ambiguous answer
    report.cost();                                     // {USD=0.2496 USD}: the dispatch's total, per currency
    // end::cost-on-report[]
    this.client = client;

    assertThat(first.cost().orElseThrow().basis()).isEqualTo("3 UCS-2 segments × 0.0832 USD (IN)");
    assertThat(first.cost().orElseThrow().total().amount()).isEqualByComparingTo("0.2496");
    assertThat(first.mayHaveBeenCharged()).isTrue();
    assertTotal(report.cost(), "0.2496");
    assertThat(report.describe()).isEqualTo("alert a-17 {ACCEPTED=1} cost=0.2496 USD (estimated)\n"
        + "asha: ACCEPTED  rule=default  plan=SMS -> EMAIL  cost=0.2496 USD (estimated)\n"
        + "  SMS via fake-sms: accepted id=fake-sms-1 status=queued, estimated 0.2496 USD");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void gsm7SmsCarriesItsSegmentsTimesTheCountryPriceAndTheReportTotalsIt(Mode mode) {
    // given a client with prices
    client = builder().prices(PRICES).build();

    // when a 200-character GSM-7 alert goes out by SMS
    DispatchReport report = mode.send(client, alert(GSM_TITLE, alice, Channel.SMS));

    // then the attempt carries 2 GSM-7 segments × 0.0079 USD, and the report totals it
    Attempt a = report.recipient("alice").attempts().get(0);
    assertThat(a.accepted()).isTrue();
    CostEstimate est = a.cost().orElseThrow();
    assertThat(est.units()).isEqualTo(2);
    assertThat(est.total().amount()).isEqualByComparingTo("0.0158");
    assertThat(est.basis()).isEqualTo("2 GSM-7 segments × 0.0079 USD (US)");
    assertThat(est).isEqualTo(CostEstimator.of(PRICES).estimate(sms.lastMessage().orElseThrow()));
    assertTotal(report.cost(), "0.0158");
    assertTotal(report.recipient("alice").cost(), "0.0158");
    assertThat(report.describe()).contains("cost=0.0158 USD (estimated)").contains("accepted", ", estimated 0.0158 USD");
    // and the listener saw the same estimate on AttemptFinished
    assertThat(finished).singleElement().satisfies(f -> assertThat(f.attempt().cost()).contains(est));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ucs2SmsOfTheSameLengthCostsMoreSegments(Mode mode) {
    // given a client with prices
    client = builder().prices(PRICES).build();

    // when a 150-character Hindi alert goes to the US and to India
    DispatchReport us = mode.send(client, alert(HINDI_TITLE, alice, Channel.SMS));
    DispatchReport in = mode.send(client, alert(HINDI_TITLE, asha, Channel.SMS));

    // then both are 3 UCS-2 segments, priced by the destination country
    CostEstimate toUs = us.recipients().get(0).attempts().get(0).cost().orElseThrow();
    CostEstimate toIn = in.recipients().get(0).attempts().get(0).cost().orElseThrow();
    assertThat(toUs.units()).isEqualTo(3);
    assertThat(toUs.basis()).isEqualTo("3 UCS-2 segments × 0.0079 USD (US)");
    assertThat(toIn.basis()).isEqualTo("3 UCS-2 segments × 0.0832 USD (IN)");
    assertTotal(us.cost(), "0.0237");
    assertTotal(in.cost(), "0.2496");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void emailCostsOneMessageAndTotalsAddUpOverRecipients(Mode mode) {
    // given a client with prices
    client = builder().prices(PRICES).build();

    // when one alert goes to two people by email
    Alert alert = Alert.builder().id("a-mail").severity(Severity.WARNING).title("db-1 slow").recipient(alice).recipient(asha)
        .channels(Channel.EMAIL).createdAt(clock).build();
    DispatchReport report = mode.send(client, alert);

    // then each email is 1 × 0.0010 USD and the dispatch costs 0.0020 USD
    for (RecipientReport r : report.recipients()) {
      CostEstimate est = r.attempts().get(0).cost().orElseThrow();
      assertThat(est.basis()).isEqualTo("1 email × 0.0010 USD");
      assertTotal(r.cost(), "0.0010");
    }
    assertTotal(report.cost(), "0.0020");
    assertThat(report.describe().lines().findFirst().orElseThrow()).endsWith("cost=0.002 USD (estimated)");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void withoutPricesNoAttemptCarriesAnEstimate(Mode mode) {
    // given a client without prices
    client = builder().build();

    // when an SMS and an email go out
    DispatchReport report = mode.send(client, alert(GSM_TITLE, alice, Channel.SMS));
    DispatchReport mail = mode.send(client, alert("db-1 down", alice, Channel.EMAIL));

    // then nothing is estimated and the reports say nothing about cost
    assertThat(report.recipients().get(0).attempts()).allSatisfy(a -> assertThat(a.cost()).isEmpty());
    assertThat(mail.recipients().get(0).attempts()).allSatisfy(a -> assertThat(a.cost()).isEmpty());
    assertThat(report.cost()).isEmpty();
    assertThat(mail.cost()).isEmpty();
    assertThat(report.describe()).doesNotContain("cost", "estimated");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anSmsAGuardStoppedHasNoEstimateAndOnlyTheFallbackEmailIsCounted(Mode mode) {
    // given a guard that stops every SMS
    ComplianceGuard noSms = new ComplianceGuard() {
      @Override
      public String name() {
        return "no-sms";
      }

      @Override
      public Verdict check(OutboundMessage message, Instant now) {
        return message.channel() == Channel.SMS
            ? Verdict.reject(Failure.permanent(Failure.Fault.CONTENT, "SMS not allowed here").build()) : Verdict.allow(message);
      }
    };
    client = builder().prices(PRICES).compliance(noSms).build();

    // when an alert goes by SMS, then email
    DispatchReport report = mode.send(client, alert(GSM_TITLE, alice, Channel.SMS, Channel.EMAIL));

    // then the stopped SMS carries no estimate, and the total is the email alone
    List<Attempt> attempts = report.recipients().get(0).attempts();
    assertThat(attempts).extracting(Attempt::channel).containsExactly(Channel.SMS, Channel.EMAIL);
    assertThat(attempts.get(0).cost()).isEmpty();
    assertThat(attempts.get(0).mayHaveBeenCharged()).isFalse();
    assertThat(attempts.get(1).cost().orElseThrow().total()).isEqualTo(usd("0.0010"));
    assertTotal(report.cost(), "0.0010");
    assertThat(sms.requestCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRejectedSmsIsNotCountedAndAnAmbiguousOneIs(Mode mode) {
    // given a client with prices and an SMS provider that rejects the first message and gives no answer to the second
    client = builder().prices(PRICES).build();
    sms.failNext(1, Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").providerCode("21211").build());

    // when two alerts go by SMS, then email
    DispatchReport rejected = mode.send(client, alert(GSM_TITLE, alice, Channel.SMS, Channel.EMAIL));
    sms.failNext(1, Failure.ambiguous(Failure.Fault.PROVIDER, "connection reset after the request was written").build());
    DispatchReport ambiguous = mode.send(client, alert(GSM_TITLE, alice, Channel.SMS, Channel.EMAIL));

    // then the rejected SMS keeps its estimate but the total counts only the email
    Attempt no = rejected.recipients().get(0).attempts().get(0);
    assertThat(no.cost()).isPresent();
    assertThat(no.mayHaveBeenCharged()).isFalse();
    assertTotal(rejected.cost(), "0.0010");
    assertThat(rejected.describe()).doesNotContain("estimated 0.0158");
    // and the ambiguous SMS may have been charged: it counts
    List<Attempt> maybe = ambiguous.recipients().get(0).attempts();
    assertThat(maybe.get(0).failure().orElseThrow().kind()).isEqualTo(Failure.Kind.AMBIGUOUS);
    assertThat(maybe.get(0).mayHaveBeenCharged()).isTrue();
    assertTotal(ambiguous.recipients().get(0).cost(), maybe.stream().filter(Attempt::mayHaveBeenCharged)
        .map(a -> a.cost().orElseThrow().total().amount()).reduce(BigDecimal.ZERO, BigDecimal::add).toPlainString());
    assertThat(ambiguous.cost().get(USD).amount()).isGreaterThanOrEqualTo(new BigDecimal("0.0158"));
  }

  @Test
  void anSmsRefusedByAFullBulkheadIsNotCounted() throws Exception {
    // given a hung SMS provider with 1 connection and room for 1 waiting request
    sms.withConcurrency(1).hang();
    client = builder().prices(PRICES).resilience(Resilience.builder().maxAttempts(1).timeout(Duration.ofSeconds(10)).build())
        .maxQueuedSends(1).build();
    client.sendAsync(alert(GSM_TITLE, alice, Channel.SMS, Channel.EMAIL));
    assertThat(sms.awaitHanging(1, Duration.ofSeconds(20))).isTrue();
    client.sendAsync(alert(GSM_TITLE, alice, Channel.SMS, Channel.EMAIL));

    // when a third alert finds the SMS bulkhead full
    DispatchReport third = client.sendAsync(alert(GSM_TITLE, alice, Channel.SMS, Channel.EMAIL)).get(20, TimeUnit.SECONDS);

    // then its SMS made no request, was not charged, and the total is the email alone
    assertThat(third.recipients().get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
    Attempt refused = third.recipients().get(0).attempts().get(0);
    assertThat(refused.failure().orElseThrow().reason()).contains("bulkhead of fake-sms is full");
    assertThat(refused.requests()).isZero();
    assertThat(refused.mayHaveBeenCharged()).isFalse();
    assertTotal(third.cost(), "0.0010");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theReportAgreesWithTheCostLedgerWhenTheClientUsesTheCostControlsEstimator(Mode mode) {
    // given cost control and the client priced by its estimator
    CostControl cost = CostControl.builder().prices(PRICES).clock(clock).build();
    client = builder().prices(cost.estimator()).compliance(cost.guard()).listener(cost.listener()).build();

    // when a Hindi alert goes to India by SMS
    DispatchReport report = mode.send(client, alert(HINDI_TITLE, asha, Channel.SMS));

    // then the attempt's estimate is the ledger's
    Attempt a = report.recipients().get(0).attempts().get(0);
    assertThat(a.cost()).contains(cost.ledger().attempt(a.attemptId()).orElseThrow().estimate());
    assertThat(report.cost().get(USD).amount()).isEqualByComparingTo(cost.ledger().alert(report.alertId()).orElseThrow().estimated().amount());
  }
}
