package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Routing behaviour through the public API, each scenario through send and sendAsync, on a manual clock. */
class RoutingBehaviourTest {
  enum Mode {
    SYNC,
    ASYNC;

    DispatchReport send(AlertClient c, Alert a) {
      if (this == SYNC) {
        return c.send(a);
      }
      return c.sendAsync(a).join();
    }
  }

  private ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private ManualScheduler scheduler = ManualScheduler.on(clock);
  private final FakeProvider sms = FakeProvider.of("sms-a", Channel.SMS);
  private final FakeProvider sms2 = FakeProvider.of("sms-b", Channel.SMS);
  private final FakeProvider voice = FakeProvider.of("voice", Channel.VOICE);
  private final FakeProvider whatsapp = FakeProvider.of("whatsapp", Channel.WHATSAPP);
  private final FakeProvider email = FakeProvider.of("email", Channel.EMAIL);
  private final List<RecipientReport> deferredReports = Collections.synchronizedList(new ArrayList<>());

  private final Recipient alice = Recipient.builder("alice").phone("+91 98123 45678").email("alice@example.com")
      .timeZone(ZoneId.of("Asia/Kolkata")).build();
  private final Recipient bob = Recipient.builder("bob").phone("+14155550100").email("bob@example.com").build();

  private void at(String instant) {
    clock = ManualClock.at(instant);
    scheduler = ManualScheduler.on(clock);
  }

  private AlertClient client(RoutingPolicy policy) {
    return client(policy, null);
  }

  private AlertClient client(RoutingPolicy policy, Dedup dedup) {
    // Routing scenarios: one request per message; resilience has its own tests (dev.alertkit.resilience).
    AlertClient.Builder b = AlertClient.builder().resilience(dev.alertkit.Resilience.none()).provider(sms).provider(sms2).provider(voice).provider(whatsapp).provider(email)
        .routing(policy).clock(clock).scheduler(scheduler).executor(Runnable::run)
        .listener(event -> {
          if (event instanceof dev.alertkit.event.DeferredCompleted d) {
            deferredReports.add(d.report());
          }
        });
    if (dedup != null) {
      b.dedup(dedup);
    }
    return b.build();
  }

  private Alert alert(Severity severity, Recipient... recipients) {
    Alert.Builder b = Alert.builder().severity(severity).title("db-1 disk full").label("service", "db").label("env", "prod").createdAt(clock);
    for (Recipient r : recipients) {
      b.recipient(r);
    }
    return b.build();
  }

  private static final RoutingPolicy POLICY = RoutingPolicy.builder()
      .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical")
          .deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL).onQuietHours(QuietHoursPolicy.bypass()))
      .rule(Rule.when(Match.severity(Severity.WARNING).and(Match.labelMatches("service", "d[a-z]+"))).named("warning-db")
          .deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
      .otherwise(Rule.deliver(Channel.EMAIL).named("info"))
      .build();

  @ParameterizedTest
  @EnumSource(Mode.class)
  void firstMatchingRuleWinsAndDefaultCatchesTheRest(Mode mode) {
    try (AlertClient c = client(POLICY)) {
      // When alerts of three severities go out
      DispatchReport critical = mode.send(c, alert(Severity.CRITICAL, bob));
      DispatchReport warning = mode.send(c, alert(Severity.WARNING, bob));
      DispatchReport info = mode.send(c, alert(Severity.INFO, bob));

      // Then each matched the rule for it
      assertThat(critical.recipient("bob").rule()).contains("critical");
      assertThat(warning.recipient("bob").rule()).contains("warning-db");
      assertThat(info.recipient("bob").rule()).contains("info");
      assertThat(info.recipient("bob").channelsTried()).containsExactly(Channel.EMAIL);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void continueMergesLaterRulesTierByTier(Mode mode) {
    // Given an India rule that continues into the severity rule
    RoutingPolicy policy = RoutingPolicy.builder()
        .rule(Rule.when(Match.recipientCountry("IN")).named("india").deliver(Channel.WHATSAPP).continueMatching())
        .rule(Rule.when(Match.severityAtLeast(Severity.WARNING)).named("warn").deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
        .otherwise(Rule.deliver(Channel.EMAIL))
        .build();
    try (AlertClient c = client(policy)) {
      // When a warning goes to an Indian and a US number
      DispatchReport r = mode.send(c, alert(Severity.WARNING, alice, bob));

      // Then alice's plan merges both rules; bob only matched the second
      assertThat(r.recipient("alice").rule()).contains("india+warn");
      assertThat(r.recipient("alice").plan().orElseThrow().tiers()).containsExactly(List.of(Channel.WHATSAPP, Channel.SMS), List.of(Channel.EMAIL));
      assertThat(r.recipient("bob").rule()).contains("warn");
      assertThat(whatsapp.messagesTo("alice")).hasSize(1);
      assertThat(sms.messagesTo("alice")).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void tierChannelsGoInParallelAndFallbackWaitsForAllToFail(Mode mode) {
    // Given SMS fails for bob but voice works
    sms.failWhen(m -> true, Failure.permanent(Failure.Fault.RECIPIENT, "unreachable").build());
    try (AlertClient c = client(POLICY)) {
      DispatchReport r = mode.send(c, alert(Severity.CRITICAL, bob));
      // Then voice carried the tier and email (tier 2) was not used
      assertThat(r.outcome("bob")).isEqualTo(Outcome.ACCEPTED);
      assertThat(r.recipient("bob").channelsTried()).containsExactlyInAnyOrder(Channel.SMS, Channel.VOICE);
      assertThat(email.messages()).isEmpty();

      // When voice fails too
      voice.failWhen(m -> true, Failure.permanent(Failure.Fault.RECIPIENT, "no answer possible").build());
      DispatchReport r2 = mode.send(c, alert(Severity.CRITICAL, bob));
      // Then the whole tier failed and email took over
      assertThat(r2.recipient("bob").channelsTried()).containsExactlyInAnyOrder(Channel.SMS, Channel.VOICE, Channel.EMAIL);
      assertThat(r2.recipient("bob").attempts()).filteredOn(a -> a.channel() == Channel.EMAIL).allMatch(a -> a.tier() == 1);
      assertThat(email.messagesTo("bob")).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void providerFailoverOnProviderFaultButNotOnRecipientFault(Mode mode) {
    // Given the first SMS provider has an auth problem for bob, and rejects alice's number as invalid
    sms.failWhen(m -> m.recipient().id().equals("bob"), Failure.permanent(Failure.Fault.PROVIDER, "authentication failed").providerCode("20003").build());
    sms.failWhen(m -> m.recipient().id().equals("alice"), Failure.permanent(Failure.Fault.RECIPIENT, "invalid number").providerCode("21211").build());
    RoutingPolicy policy = RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)).build();
    try (AlertClient c = client(policy)) {
      DispatchReport r = mode.send(c, alert(Severity.WARNING, alice, bob));

      // Then bob's SMS went through the second provider; alice's went to email instead (no provider can fix her number)
      assertThat(r.recipient("bob").attempts()).extracting(a -> a.provider() + ":" + a.accepted())
          .containsExactly("sms-a:false", "sms-b:true");
      assertThat(r.recipient("alice").attempts()).extracting(a -> a.provider() + ":" + a.accepted())
          .containsExactly("sms-a:false", "email:true");
      assertThat(sms2.messagesTo("alice")).isEmpty();
      // and the failover attempt has its own id
      assertThat(r.recipient("bob").attempts().get(0).attemptId()).isNotEqualTo(r.recipient("bob").attempts().get(1).attemptId());
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void optedOutAndUnreachableChannelsAreSkippedWithReasonAndPlanFallsThrough(Mode mode) {
    // Given carol opted out of SMS and has no email
    Recipient carol = Recipient.builder("carol").phone("+14155550111").optOut(Channel.SMS).build();
    RoutingPolicy policy = RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL).thenFallbackTo(Channel.VOICE)).build();
    try (AlertClient c = client(policy)) {
      DispatchReport r = mode.send(c, alert(Severity.WARNING, carol));
      RecipientReport rr = r.recipient("carol");
      // Then both skips are recorded and voice carried it
      assertThat(rr.skipped()).extracting(k -> k.channel() + ": " + k.reason())
          .containsExactly("SMS: recipient opted out of SMS", "EMAIL: recipient has no email address");
      assertThat(rr.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(rr.channelsTried()).containsExactly(Channel.VOICE);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void recipientPreferenceOrdersChannelsWhereTheRuleAllows(Mode mode) {
    Recipient dave = Recipient.builder("dave").phone("+14155550122").preferredOrder(Channel.WHATSAPP).build();
    RoutingPolicy policy = RoutingPolicy.builder()
        .otherwise(Rule.deliver(Channel.SMS, Channel.WHATSAPP).honorRecipientPreferences()).build();
    try (AlertClient c = client(policy)) {
      DispatchReport r = mode.send(c, alert(Severity.WARNING, dave));
      // Then WhatsApp went first, alone, and SMS was not needed
      assertThat(r.recipient("dave").channelsTried()).containsExactly(Channel.WHATSAPP);
      assertThat(sms.messages()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void quietHoursDeferAcrossMidnightUntilTheWindowEnds(Mode mode) {
    // Given it is 23:30 in Kolkata and alice's quiet hours are 22:00-07:00
    at("2026-11-28T18:00:00Z");
    Recipient quietAlice = Recipient.builder("alice").phone("+91 98123 45678").timeZone(ZoneId.of("Asia/Kolkata"))
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();
    try (AlertClient c = client(POLICY)) {
      // When a warning goes out
      DispatchReport r = mode.send(c, alert(Severity.WARNING, quietAlice, bob));

      // Then alice is deferred to 07:00 IST (01:30 UTC), bob gets it now
      assertThat(r.outcome("alice")).isEqualTo(Outcome.DEFERRED);
      assertThat(r.recipient("alice").deferredUntil()).contains(Instant.parse("2026-11-29T01:30:00Z"));
      assertThat(sms.messagesTo("alice")).isEmpty();
      assertThat(r.outcome("bob")).isEqualTo(Outcome.ACCEPTED);

      // When the clock reaches 01:29 nothing happens; at 01:30 the deferred send goes out
      clock.advanceTo(Instant.parse("2026-11-29T01:29:59Z"));
      assertThat(sms.messagesTo("alice")).isEmpty();
      clock.advanceTo(Instant.parse("2026-11-29T01:30:00Z"));
      assertThat(sms.messagesTo("alice")).hasSize(1);
      assertThat(deferredReports).singleElement().satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.ACCEPTED));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void quietHoursSkipChannelSkipsVoiceButSendsSms(Mode mode) {
    at("2026-11-28T18:00:00Z");
    Recipient quietAlice = Recipient.builder("alice").phone("+91 98123 45678").timeZone(ZoneId.of("Asia/Kolkata"))
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();
    RoutingPolicy policy = RoutingPolicy.builder()
        .otherwise(Rule.deliver(Channel.SMS, Channel.VOICE).onQuietHours(QuietHoursPolicy.skip(Channel.VOICE))).build();
    try (AlertClient c = client(policy)) {
      DispatchReport r = mode.send(c, alert(Severity.CRITICAL, quietAlice));
      assertThat(r.outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      assertThat(r.recipient("alice").skipped()).singleElement().satisfies(k -> {
        assertThat(k.channel()).isEqualTo(Channel.VOICE);
        assertThat(k.reason()).startsWith("quiet hours [22:00-07:00] in Asia/Kolkata");
      });
      assertThat(voice.messages()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void quietHoursOnlySkipsLeaveTheRecipientSuppressed(Mode mode) {
    at("2026-11-28T18:00:00Z");
    Recipient quietAlice = Recipient.builder("alice").phone("+91 98123 45678").timeZone(ZoneId.of("Asia/Kolkata"))
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();
    RoutingPolicy policy = RoutingPolicy.builder().otherwise(Rule.deliver(Channel.VOICE).onQuietHours(QuietHoursPolicy.skip(Channel.VOICE))).build();
    try (AlertClient c = client(policy)) {
      RecipientReport r = mode.send(c, alert(Severity.CRITICAL, quietAlice)).recipient("alice");
      assertThat(r.outcome()).isEqualTo(Outcome.SUPPRESSED);
      assertThat(r.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("quiet hours"));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void quietHoursBypassForCritical(Mode mode) {
    at("2026-11-28T18:00:00Z");
    Recipient quietAlice = Recipient.builder("alice").phone("+91 98123 45678").timeZone(ZoneId.of("Asia/Kolkata"))
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();
    try (AlertClient c = client(POLICY)) {
      DispatchReport r = mode.send(c, alert(Severity.CRITICAL, quietAlice));
      assertThat(r.outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      assertThat(sms.messagesTo("alice")).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void mergedRulesTakeTheFirstExplicitQuietHoursPolicy(Mode mode) {
    // Given an India rule without a quiet-hours policy that continues into a critical rule that bypasses
    at("2026-11-28T18:00:00Z");
    Recipient quietAlice = Recipient.builder("alice").phone("+91 98123 45678").timeZone(ZoneId.of("Asia/Kolkata"))
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();
    RoutingPolicy policy = RoutingPolicy.builder()
        .rule(Rule.when(Match.recipientCountry("IN")).named("india").deliver(Channel.WHATSAPP).continueMatching())
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical").deliver(Channel.SMS)
            .onQuietHours(QuietHoursPolicy.bypass()))
        .otherwise(Rule.deliver(Channel.EMAIL))
        .build();
    try (AlertClient c = client(policy)) {
      // When a critical alert reaches her at night
      DispatchReport r = mode.send(c, alert(Severity.CRITICAL, quietAlice));
      // Then the critical rule's bypass applies to the merged plan
      assertThat(r.outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      assertThat(r.recipient("alice").channelsTried()).containsExactlyInAnyOrder(Channel.WHATSAPP, Channel.SMS);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void quietHoursDeferralAcrossASpringForwardDstChange(Mode mode) {
    // Given New York quiet hours 01:00-02:30; on 2026-03-08 clocks jump from 02:00 EST to 03:00 EDT,
    // so 02:30 does not exist that night and the window ends at the first valid instant: 03:00 EDT (07:00Z).
    at("2026-03-08T06:30:00Z"); // 01:30 EST
    Recipient ny = Recipient.builder("ny").phone("+12125550100").timeZone(ZoneId.of("America/New_York"))
        .quietHours(LocalTime.of(1, 0), LocalTime.of(2, 30)).build();
    try (AlertClient c = client(POLICY)) {
      DispatchReport r = mode.send(c, alert(Severity.WARNING, ny));
      assertThat(r.recipient("ny").deferredUntil()).contains(Instant.parse("2026-03-08T07:00:00Z"));
      clock.advanceTo(Instant.parse("2026-03-08T07:00:00Z"));
      assertThat(sms.messagesTo("ny")).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void quietHoursDeferralAcrossAFallBackDstChange(Mode mode) {
    // Given quiet hours 00:00-06:00 in New York on 2026-11-01, the night clocks go back at 02:00 EDT -> 01:00 EST:
    // the night is 7 hours long, so from 00:30 EDT (04:30Z) the window ends at 06:00 EST (11:00Z), 6.5 real hours later.
    at("2026-11-01T04:30:00Z");
    Recipient ny = Recipient.builder("ny").phone("+12125550100").timeZone(ZoneId.of("America/New_York"))
        .quietHours(LocalTime.of(0, 0), LocalTime.of(6, 0)).build();
    try (AlertClient c = client(POLICY)) {
      DispatchReport r = mode.send(c, alert(Severity.WARNING, ny));
      assertThat(r.recipient("ny").deferredUntil()).contains(Instant.parse("2026-11-01T11:00:00Z"));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void deferredSendsAreReportedNotSentWhenTheClientCloses(Mode mode) {
    at("2026-11-28T18:00:00Z");
    Recipient quietAlice = Recipient.builder("alice").phone("+91 98123 45678").timeZone(ZoneId.of("Asia/Kolkata"))
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();
    AlertClient c = client(POLICY);
    mode.send(c, alert(Severity.WARNING, quietAlice));
    c.close();
    assertThat(deferredReports).singleElement().satisfies(d -> {
      assertThat(d.outcome()).isEqualTo(Outcome.NOT_SENT);
      assertThat(d.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("closed"));
    });
    clock.advance(Duration.ofHours(12));
    assertThat(sms.messages()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void dedupSuppressesRepeatsWithinTheWindowAndRepeatsAfterTheInterval(Mode mode) {
    try (AlertClient c = client(POLICY, Dedup.window(Duration.ofMinutes(10)).repeatEvery(Duration.ofHours(1)))) {
      Alert first = Alert.builder().severity(Severity.WARNING).title("disk").dedupKey("disk:db-1").recipient(bob).createdAt(clock).build();
      assertThat(mode.send(c, first).outcome("bob")).isEqualTo(Outcome.ACCEPTED);

      // A repeat 5 minutes later is suppressed, with the reason
      clock.advance(Duration.ofMinutes(5));
      DispatchReport repeat = mode.send(c, first);
      assertThat(repeat.outcome("bob")).isEqualTo(Outcome.SUPPRESSED);
      assertThat(repeat.recipient("bob").reason()).hasValueSatisfying(r -> assertThat(r).contains("duplicate of dedup key 'disk:db-1'"));

      // It keeps firing every 9 minutes: the sliding window keeps it suppressed...
      for (int i = 0; i < 5; i++) {
        clock.advance(Duration.ofMinutes(9));
        assertThat(mode.send(c, first).outcome("bob")).isEqualTo(Outcome.SUPPRESSED);
      }
      // ...until an hour has passed since it was last sent (5 + 5 x 9 + 10 = 60 minutes): then it repeats
      clock.advance(Duration.ofMinutes(10));
      assertThat(mode.send(c, first).outcome("bob")).isEqualTo(Outcome.ACCEPTED);
      assertThat(email.messagesTo("bob")).hasSize(2);

      // After a quiet gap longer than the window it is a new incident
      clock.advance(Duration.ofMinutes(11));
      assertThat(mode.send(c, first).outcome("bob")).isEqualTo(Outcome.ACCEPTED);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void dedupDoesNotSilenceTheNextOccurrenceWhenTheFirstReachedNobody(Mode mode) {
    sms.failNext(1, Failure.permanent(Failure.Fault.PROVIDER, "down").build());
    email.failNext(1, Failure.permanent(Failure.Fault.PROVIDER, "down").build());
    try (AlertClient c = client(POLICY, Dedup.window(Duration.ofMinutes(10)))) {
      Alert a = Alert.builder().severity(Severity.WARNING).title("disk").dedupKey("k").recipient(bob).createdAt(clock).build();
      assertThat(mode.send(c, a).outcome("bob")).isEqualTo(Outcome.FAILED);
      clock.advance(Duration.ofMinutes(1));
      assertThat(mode.send(c, a).outcome("bob")).isEqualTo(Outcome.ACCEPTED);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void expiredAlertIsNotSentAndDeadlineDuringQuietHoursIsNotSent(Mode mode) {
    try (AlertClient c = client(POLICY)) {
      Alert expired = Alert.builder().severity(Severity.WARNING).title("x").recipient(bob)
          .createdAt(clock.instant().minusSeconds(120)).deadline(clock.instant().minusSeconds(60)).build();
      DispatchReport r = mode.send(c, expired);
      assertThat(r.outcome("bob")).isEqualTo(Outcome.NOT_SENT);
      assertThat(r.recipient("bob").reason()).hasValueSatisfying(reason -> assertThat(reason).contains("deadline"));
      assertThat(sms.messages()).isEmpty();
    }
    at("2026-11-28T18:00:00Z");
    Recipient quietAlice = Recipient.builder("alice").phone("+91 98123 45678").timeZone(ZoneId.of("Asia/Kolkata"))
        .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();
    try (AlertClient c = client(POLICY)) {
      Alert shortLived = Alert.builder().severity(Severity.WARNING).title("x").recipient(quietAlice).createdAt(clock)
          .deadline(clock.instant().plus(Duration.ofHours(1))).build();
      RecipientReport r = mode.send(c, shortLived).recipient("alice");
      assertThat(r.outcome()).isEqualTo(Outcome.NOT_SENT);
      assertThat(r.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("past the alert's deadline"));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void reportExplainsItself(Mode mode) {
    sms.failWhen(m -> true, Failure.permanent(Failure.Fault.RECIPIENT, "invalid number").providerCode("21211").build());
    try (AlertClient c = client(POLICY)) {
      DispatchReport r = mode.send(c, alert(Severity.WARNING, bob));
      String trace = r.describe();
      assertThat(trace).contains("bob: ACCEPTED").contains("rule=warning-db").contains("plan=SMS -> EMAIL")
          .contains("SMS via sms-a: PERMANENT/RECIPIENT: invalid number [code 21211]").contains("EMAIL via email: accepted");
      assertThat(r.toString()).isEqualTo(trace);
      assertThat(r.countByOutcome()).isEqualTo(Map.of(Outcome.ACCEPTED, 1));
    }
  }
}
