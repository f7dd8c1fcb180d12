package dev.alertkit.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.spi.OutboundMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CostEstimatorTest {
  private final PriceTable prices = PriceTable.builder("USD").sms("US", "0.0079").sms("IN", "0.0832").whatsapp("*", "0.0050")
      .voice("US", "0.0140").email("0.0010").build();
  private final CostEstimator estimator = CostEstimator.of(prices);
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  private final Alert alert = Alert.builder().id("a-1").severity(Severity.CRITICAL).title("db-1 down").recipient(alice)
      .createdAt(Instant.parse("2026-11-30T02:00:00Z")).build();

  private OutboundMessage message(Channel c, String to, String text) {
    return OutboundMessage.builder(alert, alice, c).attemptId("at-1").to(to).text(text).build();
  }

  @Test
  void gsm7SmsOf161CharactersIsTwoSegments() {
    CostEstimate e = estimator.estimate(message(Channel.SMS, "+14155550100", "x".repeat(161)));

    assertThat(e.units()).isEqualTo(2);
    assertThat(e.total().amount()).isEqualByComparingTo("0.0158");
    assertThat(e.basis()).isEqualTo("2 GSM-7 segments × 0.0079 USD (US)");
  }

  @Test
  void oneRupeeSignMakesAHindiSmsUcs2AndThreeSegmentsToIndia() {
    String text = "₹ " + "अ".repeat(150);   // 152 UTF-16 units: UCS-2, 67 per segment

    CostEstimate e = estimator.estimate(message(Channel.SMS, "+919812345678", text));

    assertThat(e.units()).isEqualTo(3);
    assertThat(e.country()).contains("IN");
    assertThat(e.total().amount()).isEqualByComparingTo(new BigDecimal("0.2496"));
    assertThat(e.basis()).startsWith("3 UCS-2 segments");
  }

  @Test
  void sameLengthInGsm7IsOneSegment() {
    assertThat(estimator.estimate(message(Channel.SMS, "+919812345678", "a".repeat(152))).units()).isEqualTo(1);
  }

  @Test
  void whatsappIsOneMessageAtTheAnyCountryPrice() {
    CostEstimate e = estimator.estimate(message(Channel.WHATSAPP, "+919812345678", "x".repeat(900)));

    assertThat(e.units()).isEqualTo(1);
    assertThat(e.total().amount()).isEqualByComparingTo("0.0050");
  }

  @Test
  void voiceMinutesCountRingSpokenTextTwiceAndKeypressWait() {
    String words = "word ".repeat(150).strip();   // 60 s at 150 words per minute

    CostEstimate e = estimator.estimate(message(Channel.VOICE, "+14155550100", words));

    // 30 s ring + 2 × 60 s + 10 s = 160 s -> 3 minutes
    assertThat(e.units()).isEqualTo(3);
    assertThat(e.total().amount()).isEqualByComparingTo("0.0420");
    CostEstimator shortRing = CostEstimator.builder(prices).ringTimeout(Duration.ZERO).plays(1).keypressWait(Duration.ZERO).build();
    assertThat(shortRing.estimate(message(Channel.VOICE, "+14155550100", words)).units()).isEqualTo(1);
  }

  @Test
  void emailIsOneMessage() {
    CostEstimate e = estimator.estimate(message(Channel.EMAIL, "alice@example.com", "long body ".repeat(500)));

    assertThat(e.units()).isEqualTo(1);
    assertThat(e.total().amount()).isEqualByComparingTo("0.0010");
    assertThat(e.country()).isEmpty();
  }

  @Test
  void unpricedCountryIsZeroAndSaysSo() {
    CostEstimate e = estimator.estimate(message(Channel.VOICE, "+919812345678", "hello"));

    assertThat(e.priced()).isFalse();
    assertThat(e.total().amount()).isZero();
    assertThat(e.basis()).contains("no price for VOICE to IN");
  }
}
