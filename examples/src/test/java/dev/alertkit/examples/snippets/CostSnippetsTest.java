package dev.alertkit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.cost.CostControl;
import dev.alertkit.cost.PriceTable;
import dev.alertkit.storm.StormControl;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.twilio.TwilioConfig;
import java.math.BigDecimal;
import java.util.Optional;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The snippets of docs/cost.md do what the page says. */
class CostSnippetsTest {
  private final ManualClock clock = ManualClock.at("2026-11-30T20:40:00Z");
  private final FakeProvider sms = FakeProvider.sms();
  private final FakeProvider email = FakeProvider.email();
  private final Recipient ben = Recipient.builder("ben").phone("+14155550100").email("ben@example.com").build();

  private static PriceTable prices() throws Exception {
    return CostSnippets.prices(Path.of(CostSnippetsTest.class.getResource("prices.csv").toURI()));
  }

  @Test
  void ledgerShowsEstimateDecisionAndStatusPerAttempt() throws Exception {
    CostControl cost = CostSnippets.costControl(prices(), clock);
    try (AlertClient client = CostSnippets.client(cost, clock, sms, email)) {
      DispatchReport last = null;
      for (int i = 0; i < 4; i++) {
        last = client.send(Alert.builder().id("w-" + i).severity(Severity.WARNING).title("acme queue backlog").body("x".repeat(300))
            .label("tenant", "acme").recipient(ben).channels(Channel.SMS).createdAt(clock).build());
      }
      String ledger = CostSnippets.ledger(cost, "w-0");
      System.out.println(ledger);

      assertThat(ledger).contains("SMS 3 GSM-7 segments × 0.0079 USD (US) -> WITHIN_BUDGET, SENT");
      assertThat(last.recipient("ben").attempts()).extracting(Attempt::channel).containsExactly(Channel.SMS);
      assertThat(last.recipient("ben").attempts().get(0).failure()).isEmpty();
    }
  }

  @Test
  void pricesFromTheTwilioPricingApiOfTheEmulator() {
    try (TwilioEmulator emulator = TwilioEmulator.start()) {
      TwilioConfig config = TwilioConfig.builder().accountSid(emulator.accountSid()).authToken(emulator.authToken())
          .baseUrl(emulator.baseUrl()).smsFrom("+15005550006").build();

      PriceTable prices = CostSnippets.fromTwilio(config, clock);

      assertThat(prices.unitPrice(Channel.SMS, Optional.of("IN"))).contains(new BigDecimal("0.0832"));
      assertThat(prices.unitPrice(Channel.VOICE, Optional.of("GB"))).contains(new BigDecimal("0.0158"));
      assertThat(prices.unitPrice(Channel.WHATSAPP, Optional.of("IN"))).contains(new BigDecimal("0.0050"));
    }
  }

  @Test
  void stormControlFromTheDocsHoldsTheSixthSms() throws Exception {
    CostControl cost = CostSnippets.costControl(prices(), clock);
    ManualScheduler scheduler = ManualScheduler.on(clock);
    try (AlertClient client = CostSnippets.client(cost, clock, sms, email);
        StormControl storm = CostSnippets.storm(client, clock, scheduler)) {
      for (int i = 1; i <= 6; i++) {
        storm.submit(Alert.builder().id("c-" + i).severity(Severity.CRITICAL).title("db down " + i).recipient(ben)
            .channels(Channel.SMS).createdAt(clock).build());
      }
      storm.submit(Alert.builder().id("w-1").severity(Severity.WARNING).title("db slow").label("service", "db").recipient(ben)
          .channels(Channel.SMS).createdAt(clock).build());
      clock.advance(Duration.ofSeconds(30));

      assertThat(sms.messages()).hasSize(6);                       // CRITICAL bypasses the cap
      assertThat(storm.fate("w-1").orElseThrow().get("ben").disposition()).isEqualTo(StormControl.Disposition.HELD);
      assertThat(CostSnippets.usageTriggers(cost, "token").toString()).contains("authToken=****");
    }
  }
}
