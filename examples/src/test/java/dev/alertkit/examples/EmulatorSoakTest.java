package dev.alertkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.Resilience;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.sendgrid.SendGridProviders;
import dev.alertkit.Failure;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Soak over real HTTP: 2,000 alerts through the Twilio and SendGrid modules against both emulators, with faults
 * injected per phone number (429s, 503s, HTML error pages, connection resets, unreadable 2xx, invalid numbers) and
 * email as the fallback channel, with the client's real executor, scheduler and clock. Bounded (a few seconds;
 * backoff shortened), seeded ({@code -Dsoak.seed=N}); prints the figures.
 *
 * <p>Asserts: every recipient has exactly one final outcome; no alert is without one; POSTs per message never exceed
 * {@code maxAttempts}; a message answered ambiguously (5xx, reset, unreadable) gets exactly one POST, never a
 * second.
 */
class EmulatorSoakTest {
  private static final int ALERTS = 2_000;
  private static final int MAX_ATTEMPTS = 3;

  private enum Fault { NONE, RATE_LIMITED, SERVER_ERROR, HTML_ERROR, RESET, MALFORMED, INVALID_NUMBER }

  @Test
  void everyRecipientEndsWithOneOutcomeAndNoAmbiguousMessageIsPostedTwice() throws Exception {
    long seed = Long.getLong("soak.seed", System.nanoTime());
    Random random = new Random(seed);
    try (TwilioEmulator twilio = TwilioEmulator.start(); SendGridEmulator sendgrid = SendGridEmulator.start()) {
      Map<String, Fault> faults = new HashMap<>();
      List<Recipient> people = new ArrayList<>();
      for (int i = 0; i < ALERTS; i++) {
        String phone = String.format("+1415%07d", 1_000_000 + i);
        Fault f = random.nextInt(4) == 0 ? Fault.values()[1 + random.nextInt(Fault.values().length - 1)] : Fault.NONE;
        faults.put(phone, f);
        script(twilio, phone, f);
        people.add(Recipient.builder("r" + i).phone(phone).email("r" + i + "@example.com").build());
      }
      // SendGrid faults: some email requests answer 5xx (ambiguous: no resend) or 429 with a reset already due.
      for (int i = 0; i < 30; i++) {
        sendgrid.failNext(random.nextBoolean() ? SendGridEmulator.Behavior.serverError()
            : SendGridEmulator.Behavior.rateLimited(java.time.Instant.now()));
      }
      TwilioConfig twilioConfig = TwilioConfig.builder().accountSid(twilio.accountSid()).authToken(twilio.authToken())
          .baseUrl(twilio.baseUrl()).smsFrom("+15005550006")
          .http(TwilioConfig.DEFAULT_HTTP.toBuilder().readTimeout(Duration.ofSeconds(5)).build()).build();
      SendGridConfig sendgridConfig = SendGridConfig.builder().apiKey(sendgrid.apiKey()).from("alerts@example.com")
          .baseUrl(sendgrid.baseUrl()).build();
      Resilience resilience = Resilience.builder().maxAttempts(MAX_ATTEMPTS)
          .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).jitterSeed(seed).noCircuitBreaker().noRetryBudget().build();

      List<CompletableFuture<DispatchReport>> sent = new ArrayList<>();
      List<Alert> alerts = new ArrayList<>();
      try (AlertClient client = AlertClient.builder()
          .provider(TwilioProviders.sms(twilioConfig)).provider(SendGridProviders.email(sendgridConfig))
          .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)).build())
          .resilience(resilience).build()) {
        for (Recipient p : people) {
          Alert a = Alert.builder().severity(Severity.CRITICAL).title("soak " + p.id()).recipient(p).build();
          alerts.add(a);
          sent.add(client.sendAsync(a));
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
      }

      // Exactly one outcome per recipient, none missing.
      Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
      Map<Failure.Kind, Integer> smsFailures = new EnumMap<>(Failure.Kind.class);
      Map<Failure.Kind, Integer> emailFailures = new EnumMap<>(Failure.Kind.class);
      int attempts = 0;
      Map<String, Attempt> smsAttempt = new HashMap<>();
      for (int i = 0; i < ALERTS; i++) {
        DispatchReport r = sent.get(i).getNow(null);
        assertThat(r).as("report of alert %s (seed %s)", alerts.get(i).id(), seed).isNotNull();
        assertThat(r.recipients()).hasSize(1);
        RecipientReport rr = r.recipients().get(0);
        assertThat(rr.outcome()).isIn(Outcome.ACCEPTED, Outcome.FAILED);
        outcomes.merge(rr.outcome(), 1, Integer::sum);
        attempts += rr.attempts().size();
        for (Attempt a : rr.attempts()) {
          assertThat(a.requests()).as("requests of %s (seed %s)", a, seed).isBetween(1, MAX_ATTEMPTS);
          // No request after an ambiguous answer. An email may be answered 429 (never processed, retried) and then
          // 500 by the next scripted SendGrid fault: 2 requests, the ambiguous one last, which is allowed.
          assertThat(a.ambiguousResend()).as("no resend after an ambiguous answer: %s (seed %s)", a, seed).isFalse();
          if (!a.accepted() && a.failure().orElseThrow().kind() == Failure.Kind.AMBIGUOUS && a.channel() == Channel.SMS) {
            assertThat(a.requests()).as("no resend after an ambiguous answer: %s (seed %s)", a, seed).isEqualTo(1);
          }
          if (a.channel() == Channel.EMAIL) {
            a.failure().ifPresent(f -> emailFailures.merge(f.kind(), 1, Integer::sum));
          }
          if (a.channel() == Channel.SMS) {
            smsAttempt.put(a.to(), a);
            a.failure().ifPresent(f -> smsFailures.merge(f.kind(), 1, Integer::sum));
          }
        }
      }

      // POSTs per message, as the emulator saw them.
      Map<String, Integer> posts = new HashMap<>();
      twilio.requests().forEach(req -> req.params().getOrDefault("To", List.of()).forEach(to -> posts.merge(to, 1, Integer::sum)));
      int maxPosts = 0;
      for (Map.Entry<String, Fault> e : faults.entrySet()) {
        int n = posts.getOrDefault(e.getKey(), 0);
        maxPosts = Math.max(maxPosts, n);
        assertThat(n).as("POSTs to %s (%s, seed %s)", e.getKey(), e.getValue(), seed).isBetween(1, MAX_ATTEMPTS);
        Attempt a = smsAttempt.get(e.getKey());
        assertThat(a.requests()).as("report and emulator agree for %s (seed %s)", e.getKey(), seed).isEqualTo(n);
        boolean ambiguous = a.failure().map(f -> f.kind() == Failure.Kind.AMBIGUOUS).orElse(false);
        if (ambiguous) {
          assertThat(n).as("no second POST after an ambiguous answer to %s (seed %s)", e.getKey(), seed).isEqualTo(1);
          assertThat(a.ambiguousResend()).isFalse();
        }
        if (e.getValue() == Fault.SERVER_ERROR || e.getValue() == Fault.RESET || e.getValue() == Fault.MALFORMED
            || e.getValue() == Fault.HTML_ERROR) {
          assertThat(ambiguous).as("%s is ambiguous (seed %s)", e.getValue(), seed).isTrue();
        }
        if (e.getValue() == Fault.RATE_LIMITED) {
          assertThat(n).as("a persistent 429 is retried up to maxAttempts (seed %s)", seed).isEqualTo(MAX_ATTEMPTS);
        }
      }
      System.out.printf("soak (seed %d): %d alerts, %d attempts, %d Twilio POSTs (max %d per message), %d SendGrid requests,"
              + " outcomes %s, SMS failures by kind %s, email failures by kind %s%n", seed, ALERTS, attempts,
          twilio.requestCount(), maxPosts, sendgrid.requestCount(), outcomes, smsFailures, emailFailures);
    }
  }

  private static void script(TwilioEmulator twilio, String phone, Fault f) {
    switch (f) {
      case RATE_LIMITED:
        twilio.replyTo(phone, TwilioEmulator.Reply.rateLimited());
        break;
      case SERVER_ERROR:
        twilio.replyTo(phone, TwilioEmulator.Reply.serverError(503));
        break;
      case HTML_ERROR:
        twilio.replyTo(phone, TwilioEmulator.Reply.htmlError(502));
        break;
      case RESET:
        twilio.replyTo(phone, TwilioEmulator.Reply.connectionReset());
        break;
      case MALFORMED:
        twilio.replyTo(phone, TwilioEmulator.Reply.malformedJson());
        break;
      case INVALID_NUMBER:
        twilio.replyTo(phone, TwilioEmulator.Reply.error(400, 21211, "The 'To' number " + phone + " is not a valid phone number."));
        break;
      default:
        break;
    }
  }
}
