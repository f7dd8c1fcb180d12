package dev.alertkit.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.ComplianceGuard;
import dev.alertkit.spi.OutboundMessage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The guard on its own: concurrent checks never overspend, a re-check of one attempt is counted once, builders validate. */
class CostControlGuardTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneOffset.UTC);
  private final PriceTable prices = PriceTable.builder("USD").sms("US", "0.0079").email("0.0010").build();
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  private final Alert alert = Alert.builder().id("a-1").severity(Severity.WARNING).title("db-1 down").recipient(alice).createdAt(clock).build();

  private OutboundMessage sms(String attemptId) {
    return OutboundMessage.builder(alert, alice, Channel.SMS).attemptId(attemptId).to("+14155550100").text("db-1 down").build();
  }

  @Test
  void concurrentChecksNeverPassTheBudget() throws Exception {
    CostControl cost = CostControl.builder().prices(prices).clock(clock)
        .budget(Budget.daily("sms", new BigDecimal("0.10")).channels(Channel.SMS).build()).build();
    AtomicInteger allowed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      for (int i = 0; i < 200; i++) {
        String id = "at-" + i;
        pool.execute(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (cost.guard().check(sms(id), clock.instant()).message().isPresent()) {
            allowed.incrementAndGet();
          }
        });
      }
      go.countDown();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(allowed.get()).isEqualTo(12);   // 12 × 0.0079 = 0.0948; a 13th would be 0.1027
    assertThat(cost.spent("sms", Optional.empty()).amount()).isEqualByComparingTo("0.0948");
  }

  @Test
  void checkingOneAttemptTwiceReservesOnce() {
    CostControl cost = CostControl.builder().prices(prices).clock(clock)
        .budget(Budget.daily("sms", new BigDecimal("0.0100")).channels(Channel.SMS).build()).build();

    ComplianceGuard.Verdict first = cost.guard().check(sms("at-1"), clock.instant());
    ComplianceGuard.Verdict again = cost.guard().check(sms("at-1"), clock.instant());
    ComplianceGuard.Verdict other = cost.guard().check(sms("at-2"), clock.instant());

    assertThat(first.message()).isPresent();
    assertThat(again.message()).isPresent();
    assertThat(other.failure().orElseThrow().reason()).contains("budget sms would be exceeded: 0.0079 of 0.01 USD");
    assertThat(cost.spent("sms", Optional.empty()).amount()).isEqualByComparingTo("0.0079");
  }

  @Test
  void buildersNameTheFieldAndRule() {
    assertThatThrownBy(() -> Budget.daily("sms per day", BigDecimal.ONE).build()).isInstanceOf(ValidationException.class)
        .hasMessageContaining("budget.name");
    assertThatThrownBy(() -> Budget.monthly("sms", new BigDecimal("-1")).build()).isInstanceOf(ValidationException.class)
        .hasMessageContaining("budget[sms].limit");
    assertThatThrownBy(() -> CostControl.builder().build()).isInstanceOf(ValidationException.class).hasMessageContaining("cost.prices");
    assertThatThrownBy(() -> CostControl.builder().prices(prices).budget(Budget.daily("x", BigDecimal.ONE).build())
        .budget(Budget.monthly("x", BigDecimal.TEN).build())).isInstanceOf(ValidationException.class).hasMessageContaining("two budgets");
    CostControl cost = CostControl.builder().prices(prices).build();
    assertThatThrownBy(() -> cost.hardStop("twilio:mms", Instant.MAX, "x")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("unknown usage category 'twilio:mms'");
    assertThatThrownBy(() -> cost.spent("nope", Optional.empty())).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> CostEstimator.builder(prices).plays(0)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("estimator.plays");
    assertThatThrownBy(() -> dev.alertkit.storm.NotificationCap.of(Channel.SMS, 0, java.time.Duration.ofMinutes(15)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("cap[SMS].max");
  }
}
