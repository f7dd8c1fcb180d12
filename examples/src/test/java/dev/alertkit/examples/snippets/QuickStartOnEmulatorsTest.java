package dev.alertkit.examples.snippets;

import static dev.alertkit.testkit.AlertAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.twilio.TwilioConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README quick start's client, built as written against the testkit's Twilio and SendGrid emulators over real HTTP, sending its alert. */
class QuickStartOnEmulatorsTest {
  private final TwilioEmulator twilio = TwilioEmulator.start();
  private final SendGridEmulator sendGrid = SendGridEmulator.start();
  private final TwilioConfig twilioConfig = TwilioConfig.builder()
      .accountSid(twilio.accountSid()).authToken(twilio.authToken())
      .baseUrl(twilio.baseUrl()).smsFrom("+15005550006").build();
  private final SendGridConfig sendGridConfig = SendGridConfig.builder()
      .apiKey(sendGrid.apiKey()).from("alerts@example.com").baseUrl(sendGrid.baseUrl()).build();

  private final AlertClient client = QuickStart.client(twilioConfig, sendGridConfig);

  @AfterEach
  void stop() {
    client.close();
    twilio.close();
    sendGrid.close();
  }

  /** The quick start's alert, to a number of the test's choosing. */
  private DispatchReport page(String phone) {
    return client.send(Alert.builder()
        .severity(Severity.CRITICAL)
        .title("db-1 disk 97% full")
        .recipient(Recipient.builder("alice").phone(phone).email("alice@example.com").build())
        .build());
  }

  @Test
  void pagesByOneSmsWhenTwilioAcceptsIt() {
    DispatchReport report = page("+14155550100");

    assertThat(report).recipient("alice").isAccepted().attemptedChannels(Channel.SMS);
    assertThat(twilio.messages()).singleElement().satisfies(m -> assertThat(m.to()).isEqualTo("+14155550100"));
    assertThat(sendGrid.mails()).isEmpty();
  }

  @Test
  void fallsBackToEmailWhenTwilioRejectsTheNumber() {
    // +15005550001 is one of Twilio's magic test numbers: 21211 "invalid 'To' number"
    DispatchReport report = page("+15005550001");

    assertThat(report).recipient("alice").isAccepted().fellBackTo(Channel.EMAIL);
    assertThat(twilio.requestCount()).isEqualTo(1);
    assertThat(sendGrid.mails()).singleElement()
        .satisfies(m -> assertThat(m.recipients()).containsExactly("alice@example.com"));
  }
}
