package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Channel;
import dev.alertkit.cost.PriceTable;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Prices from the Pricing API served by the emulator, through the SDK's pricing resources, cached on the clock. */
class TwilioPricingTest {
  private final ManualClock clock = ManualClock.at("2026-11-30T20:00:00Z");

  @Test
  void fillsATableWithTheHighestCarrierPriceAndTheVoicePricePerCountry() {
    try (TwilioEmulator emulator = TwilioEmulator.start();
        TwilioPricing pricing = TwilioPricing.builder(Fixtures.config(emulator).build()).clock(clock).build()) {
      PriceTable prices = pricing.fill(PriceTable.builder("USD").email("0.0010").build(), List.of("IN", "US", "FR"),
          List.of("+14155550100", "+919812345678"));

      // two emulated carriers per country (the table price and 90% of it): the budget takes the higher
      assertThat(prices.unitPrice(Channel.SMS, Optional.of("IN"))).contains(new BigDecimal("0.0832"));
      assertThat(prices.unitPrice(Channel.SMS, Optional.of("US"))).contains(new BigDecimal("0.0079"));
      assertThat(prices.unitPrice(Channel.SMS, Optional.of("FR"))).isEmpty();   // 404: no prices for FR
      assertThat(prices.unitPrice(Channel.VOICE, Optional.of("IN"))).contains(new BigDecimal("0.049"));
      assertThat(prices.unitPrice(Channel.EMAIL, Optional.empty())).contains(new BigDecimal("0.0010"));
      assertThat(emulator.requests()).extracting(TwilioEmulator.Request::path).contains("/v1/Messaging/Countries/IN",
          "/v2/Voice/Numbers/%2B14155550100");
    }
  }

  @Test
  void answersAreCachedOnTheClock() {
    try (TwilioEmulator emulator = TwilioEmulator.start();
        TwilioPricing pricing = TwilioPricing.builder(Fixtures.config(emulator).build()).clock(clock).cacheFor(Duration.ofHours(1)).build()) {
      assertThat(pricing.smsPerSegment("in").orElseThrow().amount()).isEqualByComparingTo("0.0832");
      pricing.smsPerSegment("IN");
      assertThat(emulator.requestCount()).isEqualTo(1);

      clock.advance(Duration.ofHours(1));
      pricing.smsPerSegment("IN");
      assertThat(emulator.requestCount()).isEqualTo(2);
      assertThat(pricing.voicePerMinute("+14155550100").orElseThrow().currency().getCurrencyCode()).isEqualTo("USD");
    }
  }

  @Test
  void wrongCredentialsGiveNoPriceAndNoException() {
    try (TwilioEmulator emulator = TwilioEmulator.start();
        TwilioPricing pricing = TwilioPricing.builder(Fixtures.config(emulator).authToken("wrong-token-0000000000000000000000").build())
            .clock(clock).build()) {
      assertThat(pricing.smsPerSegment("US")).isEmpty();
    }
  }
}
