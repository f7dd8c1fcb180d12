package com.example.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.twilio.TwilioConfig;
import org.junit.jupiter.api.Test;

/**
 * Sends through the real Twilio SDK and SendGrid client, over real HTTP to the testkit's emulators on 127.0.0.1,
 * on the consumer's resolved classpath: a mismatched httpcore5 or Jackson fails here, not only in the enforcer.
 */
class OnCallPagerTest {
  @Test
  void criticalAlertGoesBySmsAndWarningByEmail() {
    try (TwilioEmulator twilio = TwilioEmulator.start(); SendGridEmulator sendgrid = SendGridEmulator.start()) {
      TwilioConfig twilioConfig = TwilioConfig.builder().accountSid(twilio.accountSid()).authToken(twilio.authToken())
          .baseUrl(twilio.baseUrl()).smsFrom("+15005550006").build();
      SendGridConfig sendgridConfig = SendGridConfig.builder().apiKey(sendgrid.apiKey()).from("alerts@example.com", "alerts")
          .baseUrl(sendgrid.baseUrl()).build();
      Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();

      try (OnCallPager pager = new OnCallPager(twilioConfig, sendgridConfig)) {
        DispatchReport critical = pager.page(alice, Severity.CRITICAL, "db-1 disk 97% full");
        DispatchReport warning = pager.page(alice, Severity.WARNING, "db-1 disk 86% full");

        assertEquals(Outcome.ACCEPTED, critical.outcome("alice"), critical.describe());
        assertEquals(Channel.SMS, critical.recipient("alice").channelsTried().get(0), critical.describe());
        assertEquals(Outcome.ACCEPTED, warning.outcome("alice"), warning.describe());
        assertEquals(1, twilio.messages().size());
        assertEquals(1, sendgrid.mails().size());
      }
    }
  }
}
