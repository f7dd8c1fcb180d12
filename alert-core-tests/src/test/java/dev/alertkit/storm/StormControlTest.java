package dev.alertkit.storm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Match;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.SmsContent;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.RecordedMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-person caps fold a storm into a few notifications with counts; grouping collects by labels; nothing is lost. */
class StormControlTest {
  private final ManualClock clock = ManualClock.at("2026-11-30T20:40:00Z");   // 02:10 in Kolkata
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final FakeProvider sms = FakeProvider.sms();
  private final FakeProvider email = FakeProvider.email();
  private final Recipient asha = Recipient.builder("asha").phone("+14155550100").email("asha@example.com")
      .timeZone(ZoneId.of("Asia/Kolkata")).build();
  private final List<StormControl.Dispatched> dispatched = Collections.synchronizedList(new ArrayList<>());
  private AlertClient client;
  private StormControl storm;

  private StormControl.Builder storm(RoutingPolicy routing) {
    client = AlertClient.builder().clock(clock).scheduler(scheduler).executor(Runnable::run).resilience(Resilience.none())
        .provider(sms).provider(email).routing(routing).build();
    return StormControl.builder(client).clock(clock).scheduler(scheduler).onDispatched(dispatched::add);
  }

  private Alert alert(int n, Severity severity, String service) {
    return Alert.builder().id("a-" + n).severity(severity).title(service + " check " + n + " failing").body("details " + n)
        .label("service", service).recipient(asha).createdAt(clock).build();
  }

  @AfterEach
  void close() {
    if (storm != null) {
      storm.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void burstOf40AlertsBecomesFiveSmsAndOneDigestWithTheCount() {
    storm = storm(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS)).build()).build();

    // when 40 alerts arrive within 2 minutes (one every 3 s)
    for (int i = 1; i <= 40; i++) {
      storm.submit(alert(i, Severity.WARNING, "db"));
      clock.advance(Duration.ofSeconds(3));
    }
    assertThat(sms.messages()).hasSize(5);
    clock.advance(Duration.ofHours(1));

    // then: the first five, then one notification for the other 35 when the 15-minute window allows it
    assertThat(sms.messages()).hasSize(6);
    assertThat(sms.messages().get(5).alert().title()).isEqualTo("db check 40 failing (+34 more alerts since 02:10)");
    assertThat(sms.recorded().get(5).receivedAt()).isEqualTo(Instant.parse("2026-11-30T20:55:00Z"));
    assertThat(dispatched.get(5).covers()).hasSize(35).first().isEqualTo("a-6");
    assertThat(storm.waiting()).isZero();
  }

  @Test
  void slidingWindowsHoldAndFoldAStormOfTwentyMinutes() {
    // given the default caps (5 SMS per 15 min, 11 per hour) and SMS routing
    storm = storm(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)).build()).build();

    // when 40 WARNING alerts arrive, one every 30 seconds (20 minutes)
    List<StormControl.Receipt> receipts = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      receipts.add(storm.submit(alert(i, Severity.WARNING, "db")));
      clock.advance(Duration.ofSeconds(30));
    }
    clock.advance(Duration.ofHours(2));

    // then asha got at most 5 SMS in any 15 minutes and 11 in any hour
    List<Instant> times = sms.recorded().stream().map(RecordedMessage::receivedAt).toList();
    assertThat(times.size()).isBetween(6, 11);
    for (Instant t : times) {
      assertThat(times.stream().filter(x -> !x.isBefore(t) && x.isBefore(t.plus(Duration.ofMinutes(15))))).hasSizeLessThanOrEqualTo(5);
      assertThat(times.stream().filter(x -> !x.isBefore(t) && x.isBefore(t.plus(Duration.ofHours(1))))).hasSizeLessThanOrEqualTo(11);
    }
    // the first five went out as they came; the sixth was held
    assertThat(receipts.subList(0, 5)).allSatisfy(r -> assertThat(r.recipients().get("asha").disposition())
        .isEqualTo(StormControl.Disposition.SENT));
    assertThat(receipts.get(5).recipients().get("asha").disposition()).isEqualTo(StormControl.Disposition.HELD);
    assertThat(receipts.get(5).recipients().get("asha").reason()).contains("5 of 5 SMS per PT15M");
    // the digest after 15 minutes carries the newest alert and the count since 02:12 (Kolkata time of alert 6)
    StormControl.Dispatched firstDigest = dispatched.stream().filter(d -> d.digest().isPresent()).findFirst().orElseThrow();
    assertThat(firstDigest.sent().title()).matches("db check \\d+ failing \\(\\+\\d+ more alerts since 02:12\\)");
    assertThat(firstDigest.sent().body().orElseThrow()).contains("[WARNING] db check 6 failing");
    assertThat(sms.recorded()).extracting(m -> m.message().alert().id()).contains(firstDigest.sent().id());
    // nothing lost: every alert was sent or folded into a dispatch that the provider accepted
    int covered = 0;
    for (StormControl.Dispatched d : dispatched) {
      covered += d.covers().size();
      assertThat(d.report().outcome("asha")).isEqualTo(Outcome.ACCEPTED);
    }
    assertThat(covered).isEqualTo(40);
    for (int i = 1; i <= 40; i++) {
      assertThat(storm.fate("a-" + i).orElseThrow().get("asha").disposition())
          .isIn(StormControl.Disposition.SENT, StormControl.Disposition.FOLDED);
    }
    assertThat(storm.waiting()).isZero();
    // 5 singles, a digest of 25 at 02:25, 4 singles as the 15-minute window slides, a digest of 6 at 02:40 (the 15-minute window again); 11 in the hour, the hourly cap
    assertThat(dispatched).extracting(d -> d.covers().size()).containsExactly(1, 1, 1, 1, 1, 25, 1, 1, 1, 1, 6);
  }

  @Test
  void criticalCanBypassTheCapAndStillCounts() {
    storm = storm(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS)).build()).criticalBypassesCaps(true)
        .cap(Channel.SMS, 2, Duration.ofMinutes(15)).build();
    storm.submit(alert(1, Severity.WARNING, "db"));
    storm.submit(alert(2, Severity.WARNING, "db"));

    StormControl.Receipt held = storm.submit(alert(3, Severity.WARNING, "db"));
    StormControl.Receipt critical = storm.submit(alert(4, Severity.CRITICAL, "db"));

    assertThat(held.recipients().get("asha").disposition()).isEqualTo(StormControl.Disposition.HELD);
    assertThat(held.recipients().get("asha").due()).contains(clock.instant().plus(Duration.ofMinutes(15)));
    assertThat(critical.recipients().get("asha").disposition()).isEqualTo(StormControl.Disposition.SENT);
    assertThat(critical.report().orElseThrow().outcome("asha")).isEqualTo(Outcome.ACCEPTED);
    assertThat(sms.messages()).hasSize(3);
    clock.advance(Duration.ofMinutes(15));
    assertThat(sms.messages()).hasSize(4);
    assertThat(storm.fate("a-3").orElseThrow().get("asha").disposition()).isEqualTo(StormControl.Disposition.SENT);
  }

  @Test
  void groupsByLabelWithGroupWaitThenGroupInterval() {
    storm = storm(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.EMAIL)).build()).noCaps().groupBy("service")
        .groupWait(Duration.ofSeconds(30)).groupInterval(Duration.ofMinutes(5)).build();

    // three db alerts and one web alert within 10 s, and a CRITICAL db alert
    StormControl.Receipt first = storm.submit(alert(1, Severity.WARNING, "db"));
    clock.advance(Duration.ofSeconds(5));
    storm.submit(alert(2, Severity.WARNING, "db"));
    storm.submit(alert(3, Severity.INFO, "web"));
    clock.advance(Duration.ofSeconds(5));
    storm.submit(alert(4, Severity.WARNING, "db"));
    StormControl.Receipt critical = storm.submit(alert(5, Severity.CRITICAL, "db"));

    assertThat(first.recipients().get("asha").disposition()).isEqualTo(StormControl.Disposition.GROUPED);
    assertThat(first.recipients().get("asha").due()).contains(Instant.parse("2026-11-30T20:40:30Z"));
    assertThat(critical.recipients().get("asha").disposition()).isEqualTo(StormControl.Disposition.SENT);
    assertThat(email.messages()).hasSize(1);

    // when the group wait ends: one notification per group
    clock.advanceTo(Instant.parse("2026-11-30T20:40:30Z"));
    assertThat(email.messages()).hasSize(2);
    clock.advanceTo(Instant.parse("2026-11-30T20:40:35Z"));
    assertThat(email.messages()).hasSize(3);
    Alert dbDigest = email.messages().get(1).alert();
    assertThat(dbDigest.title()).isEqualTo("db check 4 failing (+2 more alerts since 02:10)");
    assertThat(dbDigest.body().orElseThrow()).startsWith("Group service=db").contains("[WARNING] db check 1 failing");
    assertThat(email.messages().get(2).alert().title()).isEqualTo("web check 3 failing");

    // a later db alert waits for the group interval after the last notification
    clock.advance(Duration.ofMinutes(1));
    StormControl.Receipt later = storm.submit(alert(6, Severity.WARNING, "db"));
    assertThat(later.recipients().get("asha").due()).contains(Instant.parse("2026-11-30T20:45:30Z"));
    clock.advanceTo(Instant.parse("2026-11-30T20:45:29Z"));
    assertThat(email.messages()).hasSize(3);
    clock.advanceTo(Instant.parse("2026-11-30T20:45:30Z"));
    assertThat(email.messages()).hasSize(4);
    for (int i = 1; i <= 6; i++) {
      assertThat(storm.fate("a-" + i).orElseThrow().get("asha").disposition()).isIn(StormControl.Disposition.SENT,
          StormControl.Disposition.FOLDED);
    }
  }

  @Test
  void digestSmsToIndiaUsesTheRegisteredTemplate() {
    Recipient ravi = Recipient.builder("ravi").phone("+919812345678").timeZone(ZoneId.of("Asia/Kolkata")).build();
    storm = storm(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS)).build()).cap(Channel.SMS, 1, Duration.ofMinutes(10))
        .digestSmsTemplate("1107161234567890123", d -> Map.of("var1", String.valueOf(d.more()), "var2", d.sinceText(ZoneId.of("Asia/Kolkata"))))
        .build();
    for (int i = 1; i <= 3; i++) {
      storm.submit(Alert.builder().id("r-" + i).severity(Severity.WARNING).title("disk " + i).recipient(ravi).createdAt(clock).build());
      clock.advance(Duration.ofMinutes(1));
    }

    clock.advance(Duration.ofMinutes(10));

    StormControl.Dispatched digest = dispatched.stream().filter(d -> d.digest().isPresent()).findFirst().orElseThrow();
    assertThat(digest.covers()).containsExactly("r-2", "r-3");
    SmsContent content = (SmsContent) digest.sent().content(Channel.SMS).orElseThrow();
    assertThat(content.dltTemplateId()).contains("1107161234567890123");
    assertThat(content.variables()).containsEntry("var1", "1").containsEntry("var2", "02:11");
  }

  @Test
  void drainSendsEverythingWaitingBeforeClose() {
    storm = storm(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS)).build()).cap(Channel.SMS, 1, Duration.ofHours(1))
        .groupBy("service").build();
    storm.submit(alert(1, Severity.CRITICAL, "db"));
    storm.submit(alert(2, Severity.CRITICAL, "db"));
    storm.submit(alert(3, Severity.WARNING, "web"));
    assertThat(storm.waiting()).isEqualTo(2);

    assertThat(storm.drain()).isEqualTo(1);

    assertThat(storm.waiting()).isZero();
    assertThat(sms.messages()).hasSize(2);
    assertThat(sms.messages().get(1).alert().title()).isEqualTo("web check 3 failing (+1 more alert since 02:10)");
    assertThat(storm.fate("a-2").orElseThrow().get("asha").disposition()).isEqualTo(StormControl.Disposition.FOLDED);
  }

  @Test
  void builderNamesTheMissingScheduler() {
    client = AlertClient.builder().clock(clock).scheduler(scheduler).executor(Runnable::run).provider(sms).build();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StormControl.builder(client).clock(clock).build())
        .isInstanceOf(dev.alertkit.ValidationException.class).hasMessageContaining("storm.scheduler");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StormControl.builder(client).groupWait(Duration.ofHours(2)))
        .isInstanceOf(dev.alertkit.ValidationException.class).hasMessageContaining("storm.groupWait");
  }

  @Test
  void routingTiersDecideWhichCapsApply() {
    // INFO goes by email (not capped); only SMS-routed alerts count against the SMS cap
    storm = storm(RoutingPolicy.builder().rule(Rule.when(Match.severityAtLeast(Severity.WARNING)).deliver(Channel.SMS))
        .otherwise(Rule.deliver(Channel.EMAIL)).build()).cap(Channel.SMS, 1, Duration.ofMinutes(15)).build();

    for (int i = 1; i <= 5; i++) {
      assertThat(storm.submit(alert(i, Severity.INFO, "db")).recipients().get("asha").disposition()).isEqualTo(StormControl.Disposition.SENT);
    }
    assertThat(storm.submit(alert(6, Severity.WARNING, "db")).recipients().get("asha").disposition()).isEqualTo(StormControl.Disposition.SENT);
    assertThat(storm.submit(alert(7, Severity.WARNING, "db")).recipients().get("asha").disposition()).isEqualTo(StormControl.Disposition.HELD);
  }
}
