package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Emoji-heavy voice text is shortened on code-point boundaries and never opens the voice circuit. */
class EmojiVoiceContentTest {
  private final TwilioEmulator emulator = TwilioEmulator.start();

  @AfterEach
  void stop() {
    emulator.close();
  }

  /** Text of emoji only (every character a surrogate pair), long enough that the TwiML must be shortened. */
  static String emojiText(int emoji) {
    return "\uD83D\uDD25".repeat(emoji);
  }

  @Test
  void tenEmojiHeavyVoiceAlertsAreAllPlacedAndThePlainAlertAfterThemToo() {
    // Given a client with only the Twilio voice provider and the default circuit breaker
    TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).build());
    Recipient bob = Recipient.builder("bob").phone("+14155550100").build();
    try (AlertClient client = AlertClient.builder().provider(twilio.voice())
        .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.VOICE)).build()).build()) {
      // When ten emoji-heavy voice alerts (shortened to fit 4,000 characters of TwiML) are sent
      for (int i = 0; i < 10; i++) {
        DispatchReport r = client.send(Alert.builder().severity(Severity.CRITICAL).title("fire " + i).recipient(bob)
            .body(emojiText(2_100 + i)).build());
        // Then each is placed
        assertThat(r.outcome("bob")).as("emoji alert %s: %s", i, r).isEqualTo(Outcome.ACCEPTED);
      }
      // And a plain ASCII alert after them is placed too (the circuit stayed closed)
      DispatchReport plain = client.send(Alert.builder().severity(Severity.CRITICAL).title("db-1 disk full").recipient(bob).build());
      assertThat(plain.outcome("bob")).as("%s", plain).isEqualTo(Outcome.ACCEPTED);
      assertThat(emulator.calls()).hasSize(11);
      // And no TwiML sent carries a lone surrogate
      assertThat(emulator.calls()).allSatisfy(c -> assertThat(wellFormed(c.param("Twiml").orElseThrow())).isTrue());
    }
  }

  @Test
  void shortenedEmojiTextIsCutBetweenCodePoints() {
    for (int n = 2_000; n < 2_010; n++) {
      VoiceTwiml.Result r = VoiceTwiml.build(emojiText(n), Optional.empty(), Optional.empty(), 1, Optional.empty());
      assertThat(r.shortened()).isTrue();
      assertThat(r.spokenLength() % 2).as("spoken UTF-16 units of %s emoji", n).isZero();
      assertThat(wellFormed(r.xml())).isTrue();
      assertThat(r.xml().length()).isLessThanOrEqualTo(VoiceTwiml.MAX_TWIML);
    }
  }

  @Test
  void shortenedTextKeepsALetterAndItsCombiningAccentTogether() {
    // Given "é" written as e + COMBINING ACUTE ACCENT, 2 UTF-16 units per letter, more than fits
    String text = "e\u0301".repeat(4_100);
    for (int extra = 0; extra < 4; extra++) {
      VoiceTwiml.Result r = VoiceTwiml.build(text + "e".repeat(extra), Optional.empty(), Optional.empty(), 1, Optional.empty());
      // Then the cut never separates a letter from its accent
      assertThat(r.shortened()).isTrue();
      assertThat(r.spokenLength() % 2).isZero();
    }
  }

  @Test
  void anyFailureToBuildTheRequestFromContentIsAContentFaultThatNoOtherProviderCanFix() {
    // Given a voice provider and a message whose text cannot become TwiML (a lone surrogate, bypassing Alert validation)
    try (ChannelProvider voice = TwilioProviders.voice(Fixtures.config(emulator).build())) {
      SendResult result = voice.send(Fixtures.message(Channel.VOICE, "+15551230001").text("fire \uD83D now").build());
      // Then it is a permanent CONTENT failure (never counted by the provider's circuit breaker), no request made
      assertThat(result.isAccepted()).isFalse();
      dev.alertkit.Failure f = ((SendResult.Rejected) result).failure();
      assertThat(f.kind()).isEqualTo(dev.alertkit.Failure.Kind.PERMANENT);
      assertThat(f.fault()).isEqualTo(dev.alertkit.Failure.Fault.CONTENT);
      assertThat(f.reason()).doesNotContain("\n").doesNotContain("\r");
      assertThat(emulator.requestCount()).isZero();
    }
  }

  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
