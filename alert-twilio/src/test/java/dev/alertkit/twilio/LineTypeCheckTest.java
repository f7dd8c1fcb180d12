package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.SkippedChannel;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.ContactCheck.Verdict;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link LineTypeCheck} against the emulator's Lookup v2: skips, caching on the manual clock, failures never block. */
class LineTypeCheckTest {
  static final String LANDLINE = "+14155550150";
  static final String MOBILE = "+14155550151";

  private final ManualClock clock = ManualClock.at("2026-11-30T09:00:00Z");
  private TwilioEmulator emulator;
  private TwilioProviders twilio;

  @BeforeEach
  void start() {
    emulator = TwilioEmulator.builder().clock(clock).start();
    emulator.lineType(LANDLINE, "landline");
    twilio = TwilioProviders.of(Fixtures.config(emulator).build(), clock);
  }

  @AfterEach
  void stop() {
    twilio.close();
    emulator.close();
  }

  private static Alert alert(Recipient r) {
    return Alert.builder().severity(Severity.CRITICAL).title("db-1 down").recipient(r).build();
  }

  private Verdict check(LineTypeCheck c, String number, Channel channel) {
    Recipient r = Recipient.builder("p").phone(number).build();
    return c.check(alert(r), r, channel, number, clock.instant());
  }

  @Test
  void landlineIsSkippedForSmsAndWhatsAppWithTheReasonAndMobileGoes() {
    try (LineTypeCheck c = twilio.lineTypeCheck().build()) {
      // When a landline and a mobile are checked
      Verdict sms = check(c, LANDLINE, Channel.SMS);
      Verdict whatsapp = check(c, LANDLINE, Channel.WHATSAPP);
      Verdict mobile = check(c, MOBILE, Channel.SMS);

      // Then the landline is skipped with a reason a person can act on; the mobile goes
      assertThat(sms.skipReason().orElseThrow())
          .isEqualTo("the phone number is a landline according to Twilio Lookup (carrier Emulated Telco - Landline): it cannot receive SMS;"
              + " voice calls still go");
      assertThat(whatsapp.skipReason().orElseThrow()).contains("cannot receive WhatsApp");
      assertThat(mobile.skipReason()).isEmpty();
      assertThat(c.channels()).containsExactlyInAnyOrder(Channel.SMS, Channel.WHATSAPP);
      // and each number was looked up once, on the Lookup path with the field the spec names
      assertThat(emulator.requests()).extracting(TwilioEmulator.Request::path)
          .containsExactly("/v2/PhoneNumbers/%2B14155550150", "/v2/PhoneNumbers/%2B14155550151");
      assertThat(emulator.requests().get(0).method()).isEqualTo("GET");
      assertThat(emulator.requests().get(0).params()).containsEntry("Fields", java.util.List.of("line_type_intelligence"));
      assertThat(c.lookupCount()).isEqualTo(2);
    }
  }

  @Test
  void answersAreCachedPerNumberForTheConfiguredTimeOnTheClock() {
    try (LineTypeCheck c = twilio.lineTypeCheck().cacheFor(Duration.ofDays(7)).build()) {
      // Given a landline looked up once
      check(c, LANDLINE, Channel.SMS);

      // When it is checked again within the week, on both channels
      clock.advance(Duration.ofDays(7).minusSeconds(1));
      assertThat(check(c, LANDLINE, Channel.SMS).skipReason()).isPresent();
      assertThat(check(c, LANDLINE, Channel.WHATSAPP).skipReason()).isPresent();

      // Then no new lookup was made; after the week one is
      assertThat(emulator.lookupCount()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(1));
      emulator.lineType(LANDLINE, "mobile"); // the person ported the number to a mobile line
      assertThat(check(c, LANDLINE, Channel.SMS).skipReason()).isEmpty();
      assertThat(emulator.lookupCount()).isEqualTo(2);
    }
  }

  @Test
  void lookupOutageNeverBlocksAndPausesLookups() {
    try (LineTypeCheck c = twilio.lineTypeCheck().pauseAfterFailure(Duration.ofMinutes(2)).build()) {
      // Given Lookup answers 503
      emulator.failNext(TwilioEmulator.Reply.serverError(503));

      // When a landline is checked, then other numbers during the pause
      Verdict during = check(c, LANDLINE, Channel.SMS);
      clock.advance(Duration.ofMinutes(1));
      Verdict other = check(c, MOBILE, Channel.SMS);
      Verdict again = check(c, LANDLINE, Channel.SMS);

      // Then every send is tried as usual and no lookup is made during the pause
      assertThat(during.skipReason()).isEmpty();
      assertThat(other.skipReason()).isEmpty();
      assertThat(again.skipReason()).isEmpty();
      assertThat(emulator.lookupCount()).isEqualTo(1);

      // and after the pause lookups resume
      clock.advance(Duration.ofMinutes(1));
      assertThat(check(c, LANDLINE, Channel.SMS).skipReason()).isPresent();
      assertThat(emulator.lookupCount()).isEqualTo(2);
    }
  }

  @Test
  void refusedConnectionAndRateLimitAndUnknownTypeAllMeanTryAsUsual() {
    LineTypeCheck late = twilio.lineTypeCheck().build();
    try (LineTypeCheck c = twilio.lineTypeCheck().pauseAfterFailure(Duration.ofSeconds(1)).build()) {
      emulator.failNext(TwilioEmulator.Reply.rateLimited());
      assertThat(check(c, LANDLINE, Channel.SMS)).isSameAs(Verdict.ok());
      clock.advance(Duration.ofSeconds(1));
      emulator.failNext(TwilioEmulator.Reply.connectionReset());
      assertThat(check(c, LANDLINE, Channel.SMS)).isSameAs(Verdict.ok());
      clock.advance(Duration.ofSeconds(1));
      emulator.failNext(TwilioEmulator.Reply.error(404, 20404, "The requested resource was not found"));
      assertThat(check(c, LANDLINE, Channel.SMS)).isSameAs(Verdict.ok());
      clock.advance(Duration.ofSeconds(1));
      emulator.lineType(MOBILE, "unknown");
      assertThat(check(c, MOBILE, Channel.SMS)).isSameAs(Verdict.ok());
      assertThat(emulator.lookupCount()).isEqualTo(4);
    }
    // and a released pool (no lookup possible) also means try as usual
    twilio.close();
    assertThat(check(late, LANDLINE, Channel.SMS)).isSameAs(Verdict.ok());
  }

  @Test
  void throughTheClientALandlineGetsTheCallNotTheSms() {
    // Given a client with SMS and voice in one tier and the line-type check
    Recipient gina = Recipient.builder("gina").phone(LANDLINE).build();
    try (AlertClient client = AlertClient.builder().provider(twilio.sms()).provider(twilio.voice())
        .contactCheck(twilio.lineTypeCheck().build())
        .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS, Channel.VOICE)).build())
        .resilience(dev.alertkit.Resilience.none()).clock(clock).scheduler(ManualScheduler.on(clock)).executor(Runnable::run)
        .build()) {
      // When a critical alert goes out
      RecipientReport r = client.send(alert(gina)).recipient("gina");

      // Then no SMS was created, the call was, and the report says why SMS was skipped
      assertThat(emulator.messages()).isEmpty();
      assertThat(emulator.calls()).singleElement().extracting(TwilioEmulator.Call::to).isEqualTo(LANDLINE);
      assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(r.skipped()).singleElement().satisfies(k -> {
        assertThat(k.channel()).isEqualTo(Channel.SMS);
        assertThat(k.reason()).contains("is a landline according to Twilio Lookup").endsWith("(twilio-lookup)");
      });
      assertThat(r.skipped()).extracting(SkippedChannel::tier).containsExactly(0);
    }
    // and closing the client closed the providers and the check, releasing the account's pool
    assertThat(twilio.isClosed()).isTrue();
  }

  @Test
  void builderRejectsOutOfRangeValuesNamingTheField() {
    assertThatThrownBy(() -> twilio.lineTypeCheck().cacheFor(Duration.ofSeconds(1)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("lineTypeCheck.cacheFor");
    assertThatThrownBy(() -> twilio.lineTypeCheck().pauseAfterFailure(null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("lineTypeCheck.pauseAfterFailure");
    assertThatThrownBy(() -> twilio.lineTypeCheck().maxEntries(0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("lineTypeCheck.maxEntries");
  }

  @Test
  void cacheIsBoundedOldestForgottenFirst() {
    try (LineTypeCheck c = twilio.lineTypeCheck().maxEntries(1).build()) {
      check(c, LANDLINE, Channel.SMS);
      check(c, MOBILE, Channel.SMS);
      check(c, LANDLINE, Channel.SMS);
      assertThat(emulator.lookupCount()).isEqualTo(3);
    }
  }
}
