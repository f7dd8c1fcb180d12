package dev.alertkit.examples;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.Channel;
import dev.alertkit.Dedup;
import dev.alertkit.DispatchReport;
import dev.alertkit.Match;
import dev.alertkit.QuietHoursPolicy;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.spi.Failure;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README demo: builds a client, sends several alerts (different severities, recipients in the US and in
 * India, one that falls back to email, one deferred by quiet hours, one suppressed as a duplicate) and prints,
 * per alert and recipient, the channels tried and the outcomes.
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java}.
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // A manual clock makes the quiet-hours part reproducible: it is 16:30 UTC = 22:00 in India.
    ManualClock clock = ManualClock.at("2026-11-28T16:30:00Z");
    ManualScheduler scheduler = ManualScheduler.on(clock);

    FakeProvider sms = FakeProvider.of("in-memory-sms", Channel.SMS);
    FakeProvider voice = FakeProvider.of("in-memory-voice", Channel.VOICE);
    FakeProvider email = FakeProvider.of("in-memory-email", Channel.EMAIL).withBatchSize(1000);
    // Script one failure: this number is "not a mobile number" (Twilio error 21614).
    sms.failWhen(m -> m.to().equals("+14155550123"),
        Failure.permanent(Failure.Fault.RECIPIENT, "'To' number is not a valid mobile number").providerCode("21614").httpStatus(400).build());

    Recipient alice = Recipient.builder("alice").name("Alice (SRE, Bengaluru)")
        .phone("+91 98123 45678").email("alice@example.com")
        .timeZone(ZoneId.of("Asia/Kolkata")).quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))
        .build();
    Recipient bob = Recipient.builder("bob").name("Bob (on call, San Francisco)")
        .phone("(415) 555-0100").defaultRegion("US").email("bob@example.com")
        .timeZone(ZoneId.of("America/Los_Angeles"))
        .build();
    Recipient carol = Recipient.builder("carol").name("Carol (DBA)")
        .phone("+1 415 555 0123").email("carol@example.com")
        .build();

    RoutingPolicy routing = RoutingPolicy.builder()
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical")
            .deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL)
            .onQuietHours(QuietHoursPolicy.bypass()))
        .rule(Rule.when(Match.severity(Severity.WARNING)).named("warning")
            .deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)
            .onQuietHours(QuietHoursPolicy.defer()))
        .otherwise(Rule.deliver(Channel.EMAIL).named("info"))
        .build();

    CountDownLatch deferredDone = new CountDownLatch(2);
    AlertListener deferredPrinter = new AlertListener() {
      @Override
      public void onDeferredCompleted(Alert alert, RecipientReport report) {
        System.out.println("   deferred send of alert " + alert.id() + " at " + clock.instant() + ": "
            + report.describe().replace("\n", "\n     "));
        deferredDone.countDown();
      }
    };

    try (AlertClient client = AlertClient.builder()
        .provider(sms).provider(voice).provider(email)
        .routing(routing)
        .dedup(Dedup.window(Duration.ofMinutes(10)))
        .clock(clock).scheduler(scheduler)
        .listener(deferredPrinter)
        .build()) {

      List<Alert> alerts = List.of(
          Alert.builder().id("disk-db-1").severity(Severity.CRITICAL).title("db-1 disk 97% full")
              .body("db-1 /var is at 97%. Runbook: https://runbooks.example.com/disk")
              .label("service", "db").dedupKey("disk:db-1")
              .recipient(alice).recipient(bob).recipient(carol).createdAt(clock).build(),
          Alert.builder().id("latency-api").severity(Severity.WARNING).title("api p99 latency above 2 s")
              .label("service", "api").recipient(alice).recipient(bob).recipient(carol).createdAt(clock).build(),
          Alert.builder().id("deploy-done").severity(Severity.INFO).title("deploy 2026.11.28-1 finished")
              .recipient(alice).recipient(bob).recipient(carol).createdAt(clock).build(),
          Alert.builder().id("disk-db-1-again").severity(Severity.CRITICAL).title("db-1 disk 97% full")
              .dedupKey("disk:db-1").recipient(alice).recipient(bob).createdAt(clock).build());

      for (Alert alert : alerts) {
        DispatchReport report = client.send(alert);
        System.out.println(ReportTable.render(alert, report));
      }

      System.out.println("Advancing the clock 9 hours to the end of Alice's quiet hours (07:00 in Kolkata)...");
      clock.advance(Duration.ofHours(9));
      try {
        if (!deferredDone.await(10, TimeUnit.SECONDS)) {
          System.out.println("   (deferred sends did not finish in time)");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.out.println();
      System.out.printf("Messages sent: %d SMS, %d voice calls, %d emails%n", sms.messages().size(), voice.messages().size(),
          email.messages().size());
    }
  }
}
