package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.Failure;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Phone numbers never reach alertkit's log lines unmasked, not even inside Twilio's error messages. */
class PersonalDataNotLoggedTest {
  /** Twilio's magic "invalid number": the emulator answers 21211 "The 'To' number +15005550001 is not a valid phone number." */
  static final String INVALID = "+15005550001";

  private final TwilioEmulator emulator = TwilioEmulator.start();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger alertkit = (Logger) LoggerFactory.getLogger("dev.alertkit");

  @BeforeEach
  void capture() {
    alertkit.setLevel(Level.DEBUG);
    appender.start();
    alertkit.addAppender(appender);
  }

  @AfterEach
  void release() {
    alertkit.detachAppender(appender);
    alertkit.setLevel(null);
    emulator.close();
  }

  @Test
  void twiliosInvalidNumberMessageIsMaskedInLogsAndReasonAndKeptWholeOnlyBehindProviderMessage() {
    // Given a client sending SMS through Twilio
    TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).build());
    Recipient bob = Recipient.builder("bob").phone(INVALID).build();
    try (AlertClient client = AlertClient.builder().provider(twilio.sms())
        .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS)).build()).build()) {
      // When Twilio rejects the number with a message that quotes it
      DispatchReport report = client.send(Alert.builder().severity(Severity.CRITICAL).title("disk").recipient(bob).build());

      // Then the report's reason names the problem with the number masked
      assertThat(report.outcome("bob")).isEqualTo(Outcome.FAILED);
      Attempt attempt = report.recipient("bob").attempts().get(0);
      Failure f = attempt.failure().orElseThrow();
      assertThat(f.providerCode()).contains("21211");
      assertThat(f.reason()).contains("+1\u2022\u2022\u20220001").doesNotContain("5005550001");
      // And Twilio's own text is there, whole, only behind the explicit accessor
      assertThat(f.providerMessage()).contains("The 'To' number " + INVALID + " is not a valid phone number.");
      // And no log line of alertkit, at any level, carries the number
      List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).isNotEmpty();
      assertThat(lines).noneMatch(l -> l.contains("5005550001"));
      assertThat(lines).anyMatch(l -> l.contains("+1\u2022\u2022\u20220001"));
      assertThat(lines).noneMatch(l -> l.contains("\n") || l.contains("\r"));
    }
  }
}
