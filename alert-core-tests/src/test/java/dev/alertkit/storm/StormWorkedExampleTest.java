package dev.alertkit.storm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Match;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.cost.CostControl;
import dev.alertkit.cost.CostLedger;
import dev.alertkit.cost.Money;
import dev.alertkit.cost.PriceTable;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.io.StringReader;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/cost.md: a 30-minute storm of 500 alerts to 3 on-call people, without and with storm
 * control. The numbers in the doc are the ones this test computes and asserts.
 */
class StormWorkedExampleTest {
  static final String PRICES = """
      channel,country,price,currency
      sms,US,0.0079,USD
      sms,GB,0.0524,USD
      sms,IN,0.0832,USD
      voice,US,0.0140,USD
      voice,GB,0.0158,USD
      voice,IN,0.0490,USD
      email,*,0.0010,USD
      """;
  static final RoutingPolicy ROUTING = RoutingPolicy.builder()
      .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL))
      .rule(Rule.when(Match.severity(Severity.WARNING)).deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
      .otherwise(Rule.deliver(Channel.EMAIL))
      .build();
  static final List<Recipient> ON_CALL = List.of(
      Recipient.builder("asha").phone("+919812345678").email("asha@example.com").timeZone(ZoneId.of("Asia/Kolkata")).build(),
      Recipient.builder("ben").phone("+14155550100").email("ben@example.com").timeZone(ZoneId.of("America/Los_Angeles")).build(),
      Recipient.builder("chloe").phone("+447400123456").email("chloe@example.com").timeZone(ZoneId.of("Europe/London")).build());
  static final String[] SERVICES = {"db", "api", "web", "queue", "cache"};

  /** Alert n of the storm: every 50th CRITICAL (10), every 5th WARNING (90), the rest INFO (400); 5 services. */
  static Alert stormAlert(int n, ManualClock clock) {
    Severity s = n % 50 == 0 ? Severity.CRITICAL : n % 5 == 0 ? Severity.WARNING : Severity.INFO;
    String service = SERVICES[n % SERVICES.length];
    return Alert.builder().id("storm-" + n).severity(s).title(service + ": p99 latency over 2 s on node-" + (n % 17))
        .body("Runbook: https://runbooks.example.com/" + service).label("service", service).recipients(ON_CALL).createdAt(clock).build();
  }

  record Result(Map<Channel, Integer> messages, Map<Channel, Integer> units, Map<Channel, Money> cost, Money estimated, Map<String, Integer> perPerson,
      int dispatches, java.time.Instant last) {}

  private Result run(boolean stormControl) {
    ManualClock clock = ManualClock.at("2026-11-30T20:40:00Z");
    ManualScheduler scheduler = ManualScheduler.on(clock);
    FakeProvider sms = FakeProvider.sms();
    FakeProvider voice = FakeProvider.voice();
    FakeProvider email = FakeProvider.email();
    CostControl cost = CostControl.builder().prices(PriceTable.fromCsv(new StringReader(PRICES))).clock(clock).build();
    int[] dispatches = {0};
    try (AlertClient client = AlertClient.builder().clock(clock).scheduler(scheduler).executor(Runnable::run).resilience(Resilience.none())
        .provider(sms).provider(voice).provider(email).routing(ROUTING).compliance(cost.guard()).listener(cost.listener()).build()) {
      StormControl storm = !stormControl ? null : StormControl.builder(client).clock(clock).scheduler(scheduler)
          .criticalBypassesCaps(true).groupBy("service").groupWait(Duration.ofSeconds(30)).groupInterval(Duration.ofMinutes(5))
          .onDispatched(d -> dispatches[0]++).build();
      for (int n = 1; n <= 500; n++) {
        Alert a = stormAlert(n, clock);
        if (storm == null) {
          client.send(a);
          dispatches[0]++;
        } else {
          storm.submit(a);
        }
        clock.advance(Duration.ofMillis(3600));
      }
      clock.advance(Duration.ofHours(2));
      if (storm != null) {
        assertThat(storm.waiting()).isZero();
        for (int n = 1; n <= 500; n++) {
          assertThat(storm.fate("storm-" + n).orElseThrow().values())
              .allSatisfy(f -> assertThat(f.disposition()).isIn(StormControl.Disposition.SENT, StormControl.Disposition.FOLDED));
        }
        storm.close();
      }
      Map<Channel, Integer> messages = new EnumMap<>(Channel.class);
      messages.put(Channel.SMS, sms.messages().size());
      messages.put(Channel.VOICE, voice.messages().size());
      messages.put(Channel.EMAIL, email.messages().size());
      Map<String, Integer> perPerson = new TreeMap<>();
      for (FakeProvider f : List.of(sms, voice)) {
        f.messages().forEach(m -> perPerson.merge(m.recipient().id(), 1, Integer::sum));
      }
      Money total = Money.zero(cost.ledger().currency());
      Map<Channel, Integer> units = new EnumMap<>(Channel.class);
      Map<Channel, Money> byChannel = new EnumMap<>(Channel.class);
      for (CostLedger.AttemptCost a : cost.ledger().attempts()) {
        if (a.counts()) {
          total = total.plus(a.estimate().total());
          units.merge(a.channel(), a.estimate().units(), Integer::sum);
          byChannel.merge(a.channel(), a.estimate().total(), Money::plus);
        }
      }
      java.time.Instant last = java.util.stream.Stream.of(sms, voice, email).flatMap(f -> f.recorded().stream())
          .map(dev.alertkit.testkit.RecordedMessage::receivedAt).max(java.time.Instant::compareTo).orElseThrow();
      return new Result(messages, units, byChannel, total, perPerson, dispatches[0], last);
    }
  }

  @Test
  void stormOf500AlertsToThreePeopleWithoutAndWithStormControl() {
    Result without = run(false);
    Result with = run(true);
    System.out.println("without: " + without);
    System.out.println("with:    " + with);

    // without: every alert to every person (100 SMS-routed alerts, 10 with a call, 400 by email)
    assertThat(without.messages()).containsEntry(Channel.SMS, 300).containsEntry(Channel.VOICE, 30).containsEntry(Channel.EMAIL, 1200);
    assertThat(without.perPerson()).containsEntry("asha", 110);
    assertThat(without.cost().get(Channel.SMS).amount()).isEqualByComparingTo("14.35");
    assertThat(without.cost().get(Channel.VOICE).amount()).isEqualByComparingTo("0.788");
    assertThat(without.estimated().amount()).isEqualByComparingTo("16.338");
    // with caps (defaults), grouping by service (30 s wait, 5 min interval) and CRITICAL bypassing the caps
    assertThat(with.messages()).containsEntry(Channel.SMS, 42).containsEntry(Channel.VOICE, 30).containsEntry(Channel.EMAIL, 48);
    assertThat(with.perPerson()).containsEntry("asha", 24).containsEntry("ben", 24).containsEntry("chloe", 24);
    assertThat(with.cost().get(Channel.SMS).amount()).isEqualByComparingTo("2.009");
    assertThat(with.estimated().amount()).isEqualByComparingTo("2.845");
    assertThat(with.dispatches()).isEqualTo(70);
    // the hourly SMS cap holds the last digests until 35 minutes after the storm ended
    assertThat(with.last()).isEqualTo("2026-11-30T21:45:44.400Z");
    assertThat(without.last()).isEqualTo("2026-11-30T21:09:56.400Z");
  }
}
