package dev.alertkit.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.ContactCheck.Verdict;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import dev.alertkit.testkit.emulator.SendGridEmulator.Suppression;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@link SuppressionCheck} against the emulator's suppression lists, and the emergency bypass through the provider. */
class SuppressionCheckTest {
  static final String BOUNCED = "gone@example.com";
  static final String FINE = "fine@example.com";

  private final ManualClock clock = ManualClock.at("2026-11-30T09:00:00Z");
  private SendGridEmulator emulator;
  private SendGridConfig config;

  @BeforeEach
  void start() {
    emulator = SendGridEmulator.start();
    config = Fixtures.config(emulator).build();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Verdict check(SuppressionCheck c, Severity severity, String email) {
    Recipient r = Recipient.builder("p").email(email).build();
    Alert a = Alert.builder().severity(severity).title("db-1 down").recipient(r).build();
    return c.check(a, r, Channel.EMAIL, email, clock.instant());
  }

  @Test
  void bouncedAddressIsSkippedWithSendGridsReasonAndAFineOneGoes() {
    emulator.suppress(Suppression.BOUNCES, BOUNCED, "550 5.1.1 The email account does not exist");
    try (SuppressionCheck c = SendGridProviders.suppressionCheck(config).build()) {
      // When both addresses are checked
      Verdict bounced = check(c, Severity.WARNING, BOUNCED);
      Verdict fine = check(c, Severity.WARNING, FINE);

      // Then the bounced one is skipped with the list, SendGrid's reason and what to do
      assertThat(bounced.skipReason().orElseThrow()).isEqualTo("the email address is on SendGrid's bounces list (550 5.1.1 The email account"
          + " does not exist, since 2026-01-01T00:00:00Z): SendGrid would drop the mail; fix the address or remove it from the list");
      assertThat(fine).isSameAs(Verdict.ok());
      // and each address cost one GET per default list (blocks are not consulted: SendGrid does not suppress on them)
      assertThat(emulator.suppressionRequestCount()).isEqualTo(8);
      assertThat(c.requestCount()).isEqualTo(8);
    }
  }

  @Test
  void everySuppressingListIsDetectedAndBlocksOnlyWhenAskedFor() {
    emulator.suppress(Suppression.SPAM_REPORTS, "spam@example.com")
        .suppress(Suppression.INVALID_EMAILS, "bad@example.com")
        .suppress(Suppression.UNSUBSCRIBES, "Unsub@Example.com")
        .suppress(Suppression.BLOCKS, "blocked@example.com");
    try (SuppressionCheck defaults = SendGridProviders.suppressionCheck(config).build();
        SuppressionCheck withBlocks = SendGridProviders.suppressionCheck(config).lists(SuppressionList.BLOCKS).build()) {
      assertThat(check(defaults, Severity.INFO, "spam@example.com").skipReason().orElseThrow()).contains("spam_reports list");
      assertThat(check(defaults, Severity.INFO, "bad@example.com").skipReason().orElseThrow()).contains("invalid_emails list");
      assertThat(check(defaults, Severity.INFO, "unsub@example.com").skipReason().orElseThrow()).contains("unsubscribes list");
      assertThat(check(defaults, Severity.INFO, "blocked@example.com")).isSameAs(Verdict.ok());
      assertThat(check(withBlocks, Severity.INFO, "blocked@example.com").skipReason().orElseThrow()).contains("blocks list");
    }
  }

  @Test
  void answersAreCachedPerAddressOnTheClock() {
    emulator.suppress(Suppression.BOUNCES, BOUNCED);
    try (SuppressionCheck c = SendGridProviders.suppressionCheck(config).cacheFor(Duration.ofMinutes(30)).build()) {
      // Given one lookup
      check(c, Severity.INFO, BOUNCED);
      int first = emulator.suppressionRequestCount();

      // When checked again within the half hour (any case), then after it
      clock.advance(Duration.ofMinutes(30).minusSeconds(1));
      assertThat(check(c, Severity.INFO, "GONE@example.com").skipReason()).isPresent();
      assertThat(emulator.suppressionRequestCount()).isEqualTo(first);
      clock.advance(Duration.ofSeconds(1));
      emulator.reset(); // the address was removed from the list meanwhile
      assertThat(check(c, Severity.INFO, BOUNCED)).isSameAs(Verdict.ok());
      assertThat(emulator.suppressionRequestCount()).isEqualTo(4);
    }
  }

  @Test
  void lookupFailuresNeverBlockAndPauseLookups() {
    emulator.suppress(Suppression.BOUNCES, BOUNCED);
    try (SuppressionCheck c = SendGridProviders.suppressionCheck(config).pauseAfterFailure(Duration.ofMinutes(1)).build()) {
      // Given SendGrid answers 503
      emulator.failNext(SendGridEmulator.Behavior.serverError());
      assertThat(check(c, Severity.INFO, BOUNCED)).isSameAs(Verdict.ok());
      // Then no lookup during the pause, the mail goes as usual
      assertThat(check(c, Severity.INFO, FINE)).isSameAs(Verdict.ok());
      assertThat(emulator.suppressionRequestCount()).isEqualTo(1);
      // and after the pause lookups resume; a reset connection and a bad key are "try as usual" too
      clock.advance(Duration.ofMinutes(1));
      emulator.failNext(SendGridEmulator.Behavior.connectionReset());
      assertThat(check(c, Severity.INFO, BOUNCED)).isSameAs(Verdict.ok());
      clock.advance(Duration.ofMinutes(1));
      assertThat(check(c, Severity.INFO, BOUNCED).skipReason()).isPresent();
    }
    try (SuppressionCheck wrongKey = SendGridProviders.suppressionCheck(config.toBuilder().apiKey("SG.wrong-key").build()).build()) {
      assertThat(check(wrongKey, Severity.INFO, BOUNCED)).isSameAs(Verdict.ok());
    }
  }

  @Test
  void criticalAlertBypassesOnlyWhenOptedInAndNeverForInvalidOrLowerSeverities() {
    emulator.suppress(Suppression.BOUNCES, BOUNCED).suppress(Suppression.UNSUBSCRIBES, BOUNCED)
        .suppress(Suppression.INVALID_EMAILS, "bad@example.com");
    try (SuppressionCheck optedIn = SendGridProviders.suppressionCheck(config).bypassForCritical(true).build();
        SuppressionCheck off = SendGridProviders.suppressionCheck(config).build()) {
      Verdict critical = check(optedIn, Severity.CRITICAL, BOUNCED);
      assertThat(critical.skipReason()).isEmpty();
      assertThat(critical.attributes()).containsEntry(SuppressionCheck.BYPASS_ATTRIBUTE,
          "bypass_bounce_management,bypass_unsubscribe_management");
      assertThat(critical.note().orElseThrow()).contains("bounces and unsubscribes lists").contains("emergency bypass");
      assertThat(check(optedIn, Severity.WARNING, BOUNCED).skipReason()).isPresent();
      assertThat(check(optedIn, Severity.CRITICAL, "bad@example.com").skipReason().orElseThrow()).contains("invalid_emails");
      assertThat(check(off, Severity.CRITICAL, BOUNCED).skipReason().orElseThrow()).endsWith("(or opt in to bypassForCritical)");
    }
  }

  @Test
  void addressesAreLoggedAndReportedMaskedLikeEveryOtherAddress() {
    // Given a bounced address whose bounce reason quotes it, and the check's log lines captured
    emulator.suppress(Suppression.BOUNCES, BOUNCED, "550 5.1.1 <gone@example.com>: Recipient address rejected");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger log = (Logger) LoggerFactory.getLogger(SuppressionCheck.class);
    appender.start();
    log.addAppender(appender);
    try (SuppressionCheck c = SendGridProviders.suppressionCheck(config).bypassForCritical(true).build()) {
      // When a CRITICAL alert bypasses the list (WARN), a WARNING one is skipped, and a lookup of another address fails
      check(c, Severity.CRITICAL, BOUNCED);
      Verdict skipped = check(c, Severity.WARNING, BOUNCED);
      emulator.failNext(SendGridEmulator.Behavior.serverError());
      check(c, Severity.INFO, FINE);

      // Then the log lines and the skip reason show the addresses as Redaction masks them, and no more of them
      List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).anyMatch(l -> l.startsWith("g\u2022\u2022\u2022@example.com is on SendGrid's bounces list(s)"));
      assertThat(lines).anyMatch(l -> l.startsWith("SendGrid suppression lookup failed for f\u2022\u2022\u2022@example.com ("));
      assertThat(lines).noneMatch(l -> l.contains("gone@") || l.contains("fine@"));
      assertThat(skipped.skipReason().orElseThrow()).contains("(550 5.1.1 <g\u2022\u2022\u2022@example.com>: Recipient address rejected,")
          .doesNotContain("gone@");
    } finally {
      log.detachAppender(appender);
    }
  }

  @Test
  void throughTheClientSuppressedInfoFailsWithTheReasonAndNothingIsSent() {
    emulator.suppress(Suppression.BOUNCES, BOUNCED);
    try (AlertClient client = client(SendGridProviders.suppressionCheck(config).build())) {
      // When an info alert goes to a bounced and a fine address
      DispatchReport report = client.send(alert(Severity.INFO));

      // Then the bounced address is skipped before any send and ends FAILED with the reason; the fine one is mailed
      RecipientReport gone = report.recipient("gone");
      assertThat(gone.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(gone.reason().orElseThrow()).contains("EMAIL skipped: the email address is on SendGrid's bounces list").doesNotContain(BOUNCED);
      assertThat(gone.attempts()).isEmpty();
      assertThat(report.outcome("fine")).isEqualTo(Outcome.ACCEPTED);
      assertThat(emulator.mails()).singleElement().satisfies(m -> assertThat(m.recipients()).containsExactly(FINE));
      assertThat(emulator.drops()).isEmpty();
    }
  }

  @Test
  void throughTheClientCriticalBypassIsSentInARequestOfItsOwnAndStatedInTheReport() throws Exception {
    emulator.suppress(Suppression.BOUNCES, BOUNCED);
    try (AlertClient client = client(SendGridProviders.suppressionCheck(config).bypassForCritical(true).build())) {
      // When a critical alert goes to a bounced and a fine address
      DispatchReport report = client.send(alert(Severity.CRITICAL));

      // Then both are accepted; the bounced one went with the bounce bypass, in its own request, and nothing was dropped
      assertThat(report.outcome("gone")).isEqualTo(Outcome.ACCEPTED);
      assertThat(report.recipient("gone").reason().orElseThrow())
          .contains("EMAIL: the address is on SendGrid's bounces list; the CRITICAL alert was sent with the emergency bypass"
              + " mail_settings bypass_bounce_management (bypassForCritical) (sendgrid-suppressions)");
      assertThat(report.recipient("fine").reason()).isEmpty();
      assertThat(emulator.mails()).hasSize(2);
      ObjectMapper mapper = new ObjectMapper();
      for (SendGridEmulator.Mail m : emulator.mails()) {
        JsonNode settings = mapper.readTree(m.json()).path("mail_settings");
        if (m.recipients().contains(BOUNCED)) {
          assertThat(m.recipients()).containsExactly(BOUNCED);
          assertThat(settings.path("bypass_bounce_management").path("enable").asBoolean()).isTrue();
        } else {
          assertThat(settings.isMissingNode()).isTrue();
        }
      }
      assertThat(emulator.drops()).isEmpty();
    }
  }

  @Test
  void withoutTheCheckSendGridAcceptsAndDropsTheMail() {
    // The reason the check exists: SendGrid answers 202 and drops the suppressed recipient silently
    emulator.suppress(Suppression.BOUNCES, BOUNCED);
    try (AlertClient client = AlertClient.builder().provider(SendGridProviders.email(config)).clock(clock)
        .scheduler(ManualScheduler.on(clock)).executor(Runnable::run).resilience(dev.alertkit.Resilience.none()).build()) {
      DispatchReport report = client.send(alert(Severity.INFO));
      assertThat(report.outcome("gone")).isEqualTo(Outcome.ACCEPTED);
      assertThat(emulator.drops()).singleElement().satisfies(d -> {
        assertThat(d.email()).isEqualTo(BOUNCED);
        assertThat(d.list()).isEqualTo(Suppression.BOUNCES);
      });
    }
  }

  @Test
  void builderRejectsBadValuesNamingTheField() {
    assertThatThrownBy(() -> SendGridProviders.suppressionCheck(config).lists())
        .isInstanceOf(ValidationException.class).hasMessageContaining("suppressionCheck.lists");
    assertThatThrownBy(() -> SendGridProviders.suppressionCheck(config).cacheFor(Duration.ZERO))
        .isInstanceOf(ValidationException.class).hasMessageContaining("suppressionCheck.cacheFor");
    assertThatThrownBy(() -> SendGridProviders.suppressionCheck(config).timeout(Duration.ofMinutes(5)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("suppressionCheck.timeout");
    assertThat(SendGridProviders.suppressionCheck(config).build().toString()).doesNotContain(config.apiKey());
  }

  private AlertClient client(SuppressionCheck check) {
    return AlertClient.builder().provider(SendGridProviders.email(config)).contactCheck(check)
        .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.EMAIL)).build())
        .clock(clock).scheduler(ManualScheduler.on(clock)).executor(Runnable::run).resilience(dev.alertkit.Resilience.none()).build();
  }

  private Alert alert(Severity severity) {
    return Alert.builder().severity(severity).title("db-1 down").body("db-1 is down")
        .recipient(Recipient.builder("gone").email(BOUNCED).build())
        .recipient(Recipient.builder("fine").email(FINE).build())
        .createdAt(clock).build();
  }
}
