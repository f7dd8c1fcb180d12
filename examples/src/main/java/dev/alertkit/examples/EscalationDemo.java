package dev.alertkit.examples;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.incident.EscalationPolicy;
import dev.alertkit.incident.EscalationTarget;
import dev.alertkit.incident.Incident;
import dev.alertkit.incident.IncidentHandle;
import dev.alertkit.incident.TimelineEntry;
import dev.alertkit.oncall.OnCallSchedule;
import dev.alertkit.oncall.Rotation;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.testkit.emulator.WebhookTarget;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;
import dev.alertkit.twilio.TwilioWebhooks;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Escalation on the Twilio emulator with virtual time: Alice (on call) is paged by SMS and voice, does not answer;
 * at minute 5 Bob is called, presses 1 (a signed Gather webhook), and the escalation stops. Prints the timeline.
 * Nothing leaves the machine and nothing sleeps: the clock is advanced by hand.
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java -Dexec.mainClass=dev.alertkit.examples.EscalationDemo},
 * or call {@link #run(PrintStream)} from another program.
 */
public final class EscalationDemo {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private EscalationDemo() {}

  /**
   * Runs the demo and prints to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the escalation and prints what happened.
   *
   * @param out where to print
   * @return the incident at the end (acknowledged by Bob at step 2)
   */
  public static Incident run(PrintStream out) {
    ManualClock clock = ManualClock.at("2026-03-02T10:00:00Z");
    Recipient alice = Recipient.builder("alice").name("Alice").phone("+14155550100").build();
    Recipient bob = Recipient.builder("bob").name("Bob").phone("+14155550101").build();
    OnCallSchedule primary = OnCallSchedule.builder("primary")
        .layer(Rotation.builder("weekly").participants(alice, bob).shift(Duration.ofDays(7))
            .handoff(LocalDate.of(2026, 3, 2), LocalTime.of(9, 0), ZoneId.of("Europe/London")).build())
        .build();
    EscalationPolicy policy = EscalationPolicy.builder("db-critical")
        .step(s -> s.target(EscalationTarget.onCall(primary)).via(Rule.deliver(Channel.SMS, Channel.VOICE))
            .waitForAck(Duration.ofMinutes(5)))
        .step(s -> s.target(EscalationTarget.recipient(bob)).via(Rule.deliver(Channel.VOICE)).waitForAck(Duration.ofMinutes(10)))
        .build();

    try (TwilioEmulator twilio = TwilioEmulator.builder().clock(clock).start();
        TwilioProviders providers = TwilioProviders.of(TwilioConfig.builder().accountSid(twilio.accountSid())
            .authToken(twilio.authToken()).baseUrl(twilio.baseUrl()).smsFrom("+15005550006").voiceFrom("+15005550006")
            .statusCallbackBaseUrl("https://alerts.example.com").askToAcknowledge(true).build());
        AlertClient client = AlertClient.builder().provider(providers.sms()).provider(providers.voice()).clock(clock)
            .scheduler(ManualScheduler.on(clock)).executor(Runnable::run).resilience(Resilience.none()).build()) {
      TwilioWebhooks webhooks = TwilioWebhooks.builder().authToken(twilio.authToken()).tracker(client.deliveryTracker())
          .clock(clock).build();

      out.println("Escalation demo (Twilio emulator, virtual time)");
      IncidentHandle incident = client.raise(Alert.builder().id("INC-42").severity(Severity.CRITICAL).title("db-1 is down")
          .body("db-1 stopped answering health checks.").recipient(alice).createdAt(clock).build(), policy);
      out.println(TIME.format(clock.instant()) + "  raised " + incident.id() + "; Twilio got " + twilio.messages().size() + " SMS and "
          + twilio.calls().size() + " call(s)");

      clock.advance(Duration.ofMinutes(5));
      out.println(TIME.format(clock.instant()) + "  nobody acknowledged; Twilio has " + twilio.calls().size() + " calls");

      clock.advance(Duration.ofMinutes(1));
      String bobsCall = twilio.calls().stream().filter(c -> c.to().equals("+14155550101")).findFirst().orElseThrow().sid();
      twilio.pressDigit(bobsCall, TwilioWebhooks.ACKNOWLEDGE_DIGIT, WebhookTarget.handler(webhooks.gatherAction()));
      out.println(TIME.format(clock.instant()) + "  Bob pressed 1");

      int requests = twilio.requestCount();
      clock.advance(Duration.ofMinutes(30));
      out.println(TIME.format(clock.instant()) + "  30 minutes later: " + (twilio.requestCount() - requests) + " more requests to Twilio");

      Incident end = incident.incident();
      out.println();
      out.println("Timeline of " + end.id() + " (" + end.state() + " by " + end.acknowledgedBy().orElse("-") + " via "
          + end.acknowledgedVia().map(Enum::name).orElse("-") + "):");
      for (TimelineEntry e : end.timeline()) {
        out.println("  " + TIME.format(e.at()) + "  " + describe(e));
      }
      return end;
    }
  }

  private static String describe(TimelineEntry e) {
    StringBuilder b = new StringBuilder(String.format("%-14s", e.type()));
    if (e.step() >= 0) {
      b.append(" step ").append(e.step() + 1);
    }
    e.recipientId().ifPresent(r -> b.append(' ').append(r));
    e.channel().ifPresent(c -> b.append(" by ").append(c));
    if (!e.detail().isEmpty()) {
      b.append(": ").append(e.detail());
    }
    return b.toString();
  }
}
