package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.cost.CostControl;
import dev.alertkit.cost.CostLedger;
import dev.alertkit.cost.PriceTable;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.testkit.emulator.WebhookTarget;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Cost against the Twilio emulator: the price in a signed status callback, and a signed usage trigger stopping SMS. */
class TwilioCostTest {
  private final ManualClock clock = ManualClock.at("2026-11-30T20:00:00Z");
  private final PriceTable prices = PriceTable.builder("USD").sms("US", "0.0079").email("0.0010").build();
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();

  @Test
  void priceInTheStatusCallbackIsTheAttemptsActualCost() {
    CostControl cost = CostControl.builder().prices(prices).clock(clock).build();
    try (TwilioEmulator emulator = TwilioEmulator.start();
        TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).build());
        AlertClient client = AlertClient.builder().provider(twilio.sms()).clock(clock).executor(Runnable::run)
            .compliance(cost.guard()).listener(cost.listener()).build()) {
      WebhookTarget status = WebhookTarget.handler(TwilioWebhooks.builder().authToken(emulator.authToken())
          .tracker(client.deliveryTracker()).clock(clock).build().statusCallbacks());
      Alert alert = Alert.builder().id("a-1").severity(Severity.WARNING).title("db-1 down").body("x".repeat(200))
          .recipient(alice).channels(Channel.SMS).createdAt(clock).build();

      // given an SMS the emulator accepted, priced nowhere yet (Twilio's create answer has price null)
      Attempt sent = client.send(alert).recipient("alice").acceptedAttempts().get(0);
      CostLedger.AttemptCost before = cost.ledger().attempt(sent.attemptId()).orElseThrow();
      assertThat(before.actual()).isEmpty();

      // when Twilio reports it delivered with its price
      String sid = sent.providerMessageId().orElseThrow();
      assertThat(emulator.messageStatusWithPrice(sid, "delivered", "-0.01580", "USD", status).status()).isEqualTo(200);

      // then the ledger has the estimate (2 GSM-7 segments) and the actual charge, as a positive amount
      CostLedger.AttemptCost after = cost.ledger().attempt(sent.attemptId()).orElseThrow();
      assertThat(after.estimate().units()).isEqualTo(2);
      assertThat(after.estimate().total().amount()).isEqualByComparingTo("0.0158");
      assertThat(after.actual().orElseThrow().amount()).isEqualByComparingTo("0.0158");
      assertThat(after.status()).isEqualTo(CostLedger.Status.SENT);
      assertThat(cost.ledger().alert("a-1").orElseThrow().unreported()).isZero();
    }
  }

  @Test
  void signedUsageTriggerStopsSmsUntilTheEndOfTheUtcDay() {
    CostControl cost = CostControl.builder().prices(prices).clock(clock).zone(ZoneId.of("Asia/Kolkata")).build();
    FakeProvider email = FakeProvider.email();
    try (TwilioEmulator emulator = TwilioEmulator.start();
        TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).build());
        AlertClient client = AlertClient.builder().provider(twilio.sms()).provider(email).clock(clock).executor(Runnable::run)
            .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)).build())
            .compliance(cost.guard()).listener(cost.listener()).build()) {
      TwilioUsageTriggers triggers = TwilioUsageTriggers.builder().authToken(emulator.authToken()).costControl(cost).clock(clock).build();
      String callback = "https://alerts.example.com/twilio/usage";

      // a forged trigger is not believed
      WebhookTarget forged = WebhookTarget.handler(TwilioUsageTriggers.builder().authToken("another-token").costControl(cost).clock(clock)
          .build());
      assertThat(emulator.usageTrigger(callback, "sms", "price", "50", "50.75", "daily", forged).status()).isEqualTo(403);
      assertThat(cost.hardStopUntil("twilio:sms")).isEmpty();

      // when Twilio says today's SMS spend crossed 50 USD
      assertThat(emulator.usageTrigger(callback, "sms", "price", "50", "50.75", "daily", WebhookTarget.handler(triggers)).status())
          .isEqualTo(200);

      // then SMS stops (CRITICAL too) until the next UTC midnight, and the alert goes by email with the reason
      assertThat(cost.hardStopUntil("twilio:sms")).contains(Instant.parse("2026-12-01T00:00:00Z"));
      DispatchReport r = client.send(Alert.builder().id("a-2").severity(Severity.CRITICAL).title("db-1 down").recipient(alice)
          .createdAt(clock).build());
      assertThat(r.recipient("alice").acceptedAttempts()).extracting(Attempt::channel).containsExactly(Channel.EMAIL);
      assertThat(r.recipient("alice").attempts().get(0).failure().orElseThrow().reason())
          .contains("hard stop on twilio:sms").contains("sms price 50.75 crossed 50");
      assertThat(emulator.messages()).isEmpty();

      clock.advanceTo(Instant.parse("2026-12-01T00:00:00Z"));
      DispatchReport next = client.send(Alert.builder().id("a-3").severity(Severity.CRITICAL).title("db-1 down").recipient(alice)
          .createdAt(clock).build());
      assertThat(next.recipient("alice").acceptedAttempts()).extracting(Attempt::channel).containsExactly(Channel.SMS);
    }
  }
}
