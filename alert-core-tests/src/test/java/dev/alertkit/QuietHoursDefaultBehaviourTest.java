package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * The README quick start run at 22:00 IST on a manual clock: a rule without {@code onQuietHours(...)} sends a
 * CRITICAL alert now and defers a WARNING one; {@code onQuietHours(defer())} still defers CRITICAL.
 */
class QuietHoursDefaultBehaviourTest {
  // 22:00 in Asia/Kolkata (UTC+05:30): the first minute of alice's quiet hours.
  private final ManualClock clock = ManualClock.at("2026-11-28T16:30:00Z");
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final FakeProvider sms = FakeProvider.of("sms", Channel.SMS);
  private final FakeProvider email = FakeProvider.of("email", Channel.EMAIL);

  private final Recipient alice = Recipient.builder("alice").phone("+91 98123 45678").email("alice@example.com")
      .timeZone(ZoneId.of("Asia/Kolkata")).quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();

  /** The quick start's routing: no rule says what to do in quiet hours. */
  private static final RoutingPolicy QUICK_START = RoutingPolicy.builder()
      .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
      .otherwise(Rule.deliver(Channel.EMAIL))
      .build();

  private AlertClient client(RoutingPolicy policy) {
    return AlertClient.builder().resilience(Resilience.none()).provider(sms).provider(email).routing(policy)
        .clock(clock).scheduler(scheduler).executor(Runnable::run).build();
  }

  private Alert alert(Severity severity) {
    return Alert.builder().severity(severity).title("db-1 disk 97% full")
        .body("db-1 /var is at 97%. Runbook: https://runbooks.example.com/disk").dedupKey("disk:db-1:" + severity)
        .recipient(alice).createdAt(clock).build();
  }

  @Test
  void quickStartCriticalAlertAt2200IstIsSentNotDeferred() {
    try (AlertClient c = client(QUICK_START)) {
      // When the quick start's CRITICAL alert goes out at 22:00 IST
      DispatchReport r = c.send(alert(Severity.CRITICAL));

      // Then alice is paged now, by SMS
      assertThat(r.outcome("alice")).as(r.describe()).isEqualTo(Outcome.ACCEPTED);
      assertThat(r.recipient("alice").deferredUntil()).isEmpty();
      assertThat(sms.messagesTo("alice")).hasSize(1);
    }
  }

  @Test
  void quickStartWarningAlertAt2200IstIsDeferredTo0700Ist() {
    try (AlertClient c = client(QUICK_START)) {
      DispatchReport r = c.send(alert(Severity.WARNING));

      assertThat(r.outcome("alice")).as(r.describe()).isEqualTo(Outcome.DEFERRED);
      assertThat(r.recipient("alice").deferredUntil()).contains(Instant.parse("2026-11-29T01:30:00Z"));
      assertThat(email.messages()).isEmpty();

      // When the window ends the deferred send goes out
      clock.advanceTo(Instant.parse("2026-11-29T01:30:00Z"));
      assertThat(email.messagesTo("alice")).hasSize(1);
    }
  }

  @Test
  void explicitDeferStillDefersCriticalAlerts() {
    RoutingPolicy policy = RoutingPolicy.builder()
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical").deliver(Channel.SMS)
            .onQuietHours(QuietHoursPolicy.defer()))
        .otherwise(Rule.deliver(Channel.EMAIL))
        .build();
    try (AlertClient c = client(policy)) {
      DispatchReport r = c.send(alert(Severity.CRITICAL));

      assertThat(r.outcome("alice")).as(r.describe()).isEqualTo(Outcome.DEFERRED);
      assertThat(r.recipient("alice").deferredUntil()).contains(Instant.parse("2026-11-29T01:30:00Z"));
      assertThat(sms.messages()).isEmpty();
    }
  }
}
