package dev.alertkit.examples;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.Channel;
import dev.alertkit.Dedup;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.event.DeferredCompleted;
import dev.alertkit.event.DeliveryUpdated;
import dev.alertkit.DispatchReport;
import dev.alertkit.Match;
import dev.alertkit.QuietHoursPolicy;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.SmsContent;
import dev.alertkit.WhatsAppContent;
import dev.alertkit.india.DltRegistry;
import dev.alertkit.india.DltTemplate;
import dev.alertkit.india.IndiaDlt;
import dev.alertkit.india.TemplateCategory;
import dev.alertkit.micrometer.AlertkitMetrics;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.sendgrid.SendGridProviders;
import dev.alertkit.sendgrid.SendGridWebhooks;
import dev.alertkit.testkit.emulator.WebhookTarget;
import dev.alertkit.twilio.TwilioWebhooks;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README demo: sends several alerts (critical, warning, info; recipients in India and the US; one SMS that
 * fails and falls back to email; a deferral by quiet hours; a duplicate) through the real Twilio and SendGrid
 * modules, and prints per alert and recipient the channels tried and the outcomes.
 *
 * <p>Without credentials it runs against the testkit's embedded {@link TwilioEmulator} and
 * {@link SendGridEmulator} (real HTTP on 127.0.0.1; nothing leaves the machine). With {@code TWILIO_*} and/or
 * {@code SENDGRID_*} variables set (see the README) it uses the real APIs for that provider, and then sends only to
 * the addresses in {@code ALERTKIT_DEMO_PHONE} and {@code ALERTKIT_DEMO_EMAIL}.
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java}.
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args ignored
   * @throws InterruptedException when interrupted while waiting for the deferred sends
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    boolean realTwilio = env.containsKey(TwilioConfig.ENV_ACCOUNT_SID);
    boolean realSendGrid = env.containsKey(SendGridConfig.ENV_API_KEY);
    if ((realTwilio && !env.containsKey("ALERTKIT_DEMO_PHONE")) || (realSendGrid && !env.containsKey("ALERTKIT_DEMO_EMAIL"))) {
      System.err.println("Real credentials found: set ALERTKIT_DEMO_PHONE (E.164) and/or ALERTKIT_DEMO_EMAIL to the"
          + " phone number and email address the demo may send to. Unset the credentials to use the emulators.");
      System.exit(2);
    }
    try (TwilioEmulator twilioEmulator = realTwilio ? null : TwilioEmulator.start();
        SendGridEmulator sendgridEmulator = realSendGrid ? null : SendGridEmulator.start()) {
      TwilioConfig twilio = realTwilio
          ? TwilioConfig.fromEnv()
          : TwilioConfig.builder()
              .accountSid(twilioEmulator.accountSid()).authToken(twilioEmulator.authToken())
              .baseUrl(twilioEmulator.baseUrl())
              .smsFrom("+15005550006").voiceFrom("+15005550006").whatsappFrom("+14155238886")
              .statusCallbackBaseUrl(PUBLIC_HOOKS).askToAcknowledge(true)
              .build();
      SendGridConfig sendgrid = realSendGrid
          ? SendGridConfig.fromEnv()
          : SendGridConfig.builder().apiKey(sendgridEmulator.apiKey()).from("alerts@example.com", "alertkit demo")
              .baseUrl(sendgridEmulator.baseUrl()).build();
      System.out.printf("Twilio: %s%nSendGrid: %s%n%n",
          realTwilio ? "real API (TWILIO_* set)" : "embedded TwilioEmulator at " + twilioEmulator.baseUrl(),
          realSendGrid ? "real API (SENDGRID_* set)" : "embedded SendGridEmulator at " + sendgridEmulator.baseUrl());
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      run(twilio, sendgrid, realTwilio || realSendGrid ? env : null, twilioEmulator, sendgridEmulator, meters);
      if (twilioEmulator != null) {
        System.out.printf("TwilioEmulator received %d messages and %d calls; ", twilioEmulator.messages().size(), twilioEmulator.calls().size());
      }
      if (sendgridEmulator != null) {
        System.out.printf("SendGridEmulator received %d mail requests.", sendgridEmulator.mails().size());
      }
      System.out.println();
      System.out.println();
      MetricsSummary.print(meters, System.out);                    // what alertkit-micrometer counted
    }
    if (!realTwilio) {
      System.out.println();
      EscalationDemo.run(System.out);                              // paging until someone acknowledges
    }
  }

  /** The public base URL the emulated providers call back (in production: your receiver behind a proxy). */
  private static final String PUBLIC_HOOKS = "https://hooks.example.com";

  private static void run(TwilioConfig twilioConfig, SendGridConfig sendgridConfig, Map<String, String> realTargets,
      TwilioEmulator twilioEmulator, SendGridEmulator sendgridEmulator, SimpleMeterRegistry meters) throws InterruptedException {
    // A manual clock makes the quiet-hours part reproducible: it is 16:30 UTC = 22:00 in India.
    ManualClock clock = ManualClock.at("2026-11-28T16:30:00Z");
    ManualScheduler scheduler = ManualScheduler.on(clock);

    List<Recipient> people = new ArrayList<>();
    if (realTargets == null) {
      people.add(Recipient.builder("alice").name("Alice (SRE, Bengaluru)")
          .phone("+91 98123 45678").email("alice@example.com")
          .timeZone(ZoneId.of("Asia/Kolkata")).quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))
          .build());
      people.add(Recipient.builder("bob").name("Bob (on call, San Francisco)")
          .phone("(415) 555-0100").defaultRegion("US").email("bob@example.com")
          .timeZone(ZoneId.of("America/Los_Angeles")).build());
      // Twilio's test number +15005550009 answers "21614: not a mobile number": carol's SMS fails, email takes over.
      people.add(Recipient.builder("carol").name("Carol (DBA)").phone("+1 500 555 0009").email("carol@example.com").build());
    } else {
      Recipient.Builder you = Recipient.builder("you");
      if (realTargets.containsKey("ALERTKIT_DEMO_PHONE")) {
        you.phone(realTargets.get("ALERTKIT_DEMO_PHONE"));
      }
      if (realTargets.containsKey("ALERTKIT_DEMO_EMAIL")) {
        you.email(realTargets.get("ALERTKIT_DEMO_EMAIL"));
      }
      people.add(you.build());
    }

    RoutingPolicy routing = RoutingPolicy.builder()
        .rule(Rule.when(Match.recipientCountry("IN").and(Match.severityAtLeast(Severity.CRITICAL))).named("india")
            .deliver(Channel.WHATSAPP).continueMatching())
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical")
            .deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL)
            .onQuietHours(QuietHoursPolicy.bypass()))
        .rule(Rule.when(Match.severity(Severity.WARNING)).named("warning")
            .deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)
            .onQuietHours(QuietHoursPolicy.defer()))
        .otherwise(Rule.deliver(Channel.EMAIL).named("info"))
        .build();

    CountDownLatch deferredDone = new CountDownLatch((int) people.stream().filter(p -> !p.quietHours().isEmpty()).count() * 2);
    AlertListener deferredPrinter = event -> {
      if (event instanceof DeliveryUpdated) {
        DeliveryEvent e = ((DeliveryUpdated) event).delivery();
        System.out.printf("   delivery event: alert %s, %s, %s via %s -> %s%s%n", e.alertId().orElse("?"), e.recipientId().orElse("?"),
            e.channel().map(Enum::name).orElse("?"), e.provider(), e.status(), e.errorCode().map(c -> " (error " + c + ")").orElse(""));
      } else if (event instanceof DeferredCompleted) {
        DeferredCompleted d = (DeferredCompleted) event;
        System.out.println("   deferred send of alert " + d.alert().id() + " at " + clock.instant() + ": "
            + d.report().describe().replace("\n", "\n     "));
        deferredDone.countDown();
      }
    };

    // India DLT: SMS to +91 must come from a registered header and match a registered template exactly.
    DltRegistry dlt = DltRegistry.builder("1101234567890123456")
        .header("ALRTKT")
        .template(DltTemplate.builder("1107161234567890123").name("disk alert").category(TemplateCategory.SERVICE_IMPLICIT)
            .header("ALRTKT")
            .text("ALERT: {#var#} disk {#numeric#}% full. Runbook {#url#} -AlertKit")
            .build())
        .whitelistUrl("https://rb.example.com/disk")
        .build();

    TwilioProviders twilio = TwilioProviders.of(twilioConfig);
    try (AlertClient client = AlertClient.builder()
        .provider(twilio.sms()).provider(twilio.voice()).provider(twilio.whatsapp())
        .provider(SendGridProviders.email(sendgridConfig))
        .routing(routing)
        .compliance(IndiaDlt.of(dlt))
        .dedup(Dedup.window(Duration.ofMinutes(10)))
        .clock(clock).scheduler(scheduler)
        .listener(deferredPrinter)
        .listener(AlertkitMetrics.bind(meters))
        .build()) {

      List<Alert> alerts = List.of(
          Alert.builder().id("disk-db-1").severity(Severity.CRITICAL).title("db-1 disk 97% full")
              .body("db-1 /var is at 97%. Runbook: https://runbooks.example.com/disk")
              .label("service", "db").dedupKey("disk:db-1")
              // A DLT-registered SMS text: compliant for +91, and sent as rendered to everyone else.
              .sms(SmsContent.dlt("1107161234567890123", Map.of("var1", "db-1", "var2", "97", "var3", "https://rb.example.com/disk")))
              // WhatsApp outside the 24-hour window needs an approved template (with every variable).
              .whatsapp(WhatsAppContent.template("HXb5b62575e6e4ff6129ad7c8efe1f983e", Map.of("1", "db-1", "2", "97%")))
              .recipients(people).createdAt(clock).build(),
          // No DLT template for this text: the SMS to India is stopped before it leaves and email takes over.
          Alert.builder().id("latency-api").severity(Severity.WARNING).title("api p99 latency above 2 s")
              .label("service", "api").recipients(people).createdAt(clock).build(),
          Alert.builder().id("deploy-done").severity(Severity.INFO).title("deploy 2026.11.28-1 finished")
              .recipients(people).createdAt(clock).build(),
          Alert.builder().id("disk-db-1-again").severity(Severity.CRITICAL).title("db-1 disk 97% full")
              .dedupKey("disk:db-1").recipients(people).createdAt(clock).build());

      for (Alert alert : alerts) {
        DispatchReport report = client.send(alert);
        System.out.println(ReportTable.render(alert, report));
      }

      if (twilioEmulator != null && sendgridEmulator != null) {
        showDeliveryTracking(client, clock, twilioEmulator, sendgridEmulator, twilioConfig);
      }

      if (deferredDone.getCount() > 0) {
        System.out.println("Advancing the clock 9 hours to the end of Alice's quiet hours (07:00 in Kolkata)...");
        clock.advance(Duration.ofHours(9));
        if (!deferredDone.await(30, TimeUnit.SECONDS)) {
          System.out.println("   (deferred sends did not finish in time)");
        }
        System.out.println();
      }
    }
  }

  /**
   * Plays the providers' side after the sends: the emulators emit signed status callbacks and events for what they
   * accepted, the webhook handlers verify and parse them, and the client's delivery tracker moves each attempt's
   * status forward (the listener above prints every event).
   */
  private static void showDeliveryTracking(AlertClient client, ManualClock clock, TwilioEmulator twilioEmulator,
      SendGridEmulator sendgridEmulator, TwilioConfig twilioConfig) {
    System.out.println("The providers call back (signed webhooks, verified before they are believed):");
    TwilioWebhooks twilioHooks = TwilioWebhooks.builder().authToken(twilioEmulator.authToken()).publicBaseUrl(PUBLIC_HOOKS)
        .tracker(client.deliveryTracker()).clock(clock).build();
    WebhookTarget twilioReceiver = request -> request.rawPath().endsWith(TwilioWebhooks.GATHER_PATH)
        ? twilioHooks.gatherAction().handle(request)
        : twilioHooks.statusCallbacks().handle(request);
    WebhookTarget sendgridReceiver = WebhookTarget.handler(SendGridWebhooks.builder()
        .verificationKey(sendgridEmulator.webhookVerificationKey()).tracker(client.deliveryTracker()).clock(clock).build()
        .eventWebhook());
    List<TwilioEmulator.Message> messages = twilioEmulator.messages();
    for (int i = 0; i < messages.size(); i++) {
      TwilioEmulator.Message m = messages.get(i);
      twilioEmulator.messageStatus(m.sid(), "sent", null, twilioReceiver);
      if (i == messages.size() - 1) {
        twilioEmulator.fail(m.sid(), 30007, twilioReceiver);       // the carrier filtered this one
      } else {
        twilioEmulator.deliver(m.sid(), twilioReceiver);
        twilioEmulator.deliver(m.sid(), twilioReceiver);           // a repeated callback changes nothing
      }
    }
    twilioEmulator.calls().stream().findFirst().ifPresent(call -> twilioEmulator.pressDigit(call.sid(), "1", twilioReceiver));
    sendgridEmulator.mails().stream().findFirst().ifPresent(mail ->
        sendgridEmulator.event(mail.messageId(), "delivered", clock.instant(), sendgridReceiver));
    System.out.println();
    for (String alert : List.of("disk-db-1", "latency-api")) {
      for (String person : List.of("alice", "bob", "carol")) {
        client.deliveryTracker().status(alert, person).ifPresent(st ->
            System.out.printf("   tracker: alert %s, %s: best status %s%n", alert, person, st.best()));
      }
    }
    System.out.println();
  }
}
