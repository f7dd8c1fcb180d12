package dev.alertkit.sendgrid;

import static dev.alertkit.sendgrid.Fixtures.alert;
import static dev.alertkit.sendgrid.Fixtures.config;
import static dev.alertkit.sendgrid.Fixtures.recipient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** End to end: AlertClient hands email batches to the SendGrid provider, which talks to the emulator. */
class SendGridThroughAlertClientTest {

  @Test
  void clientSendsAnAlertToTwentyFiveHundredPeopleInThreeSendGridRequests() {
    try (SendGridEmulator emulator = SendGridEmulator.start();
        AlertClient client = AlertClient.builder().provider(SendGridProviders.email(config(emulator).build())).build()) {
      // Given an email alert for 2,500 people
      List<Recipient> people = new ArrayList<>();
      for (int i = 0; i < 2500; i++) {
        people.add(recipient("p" + i));
      }
      Alert alert = alert().recipients(people).channels(Channel.EMAIL).build();

      // When the client sends it
      DispatchReport report = client.send(alert);

      // Then SendGrid got 3 requests and every person is ACCEPTED with the message id of their request
      assertThat(emulator.requestCount()).isEqualTo(3);
      assertThat(report.countByOutcome()).isEqualTo(Map.of(Outcome.ACCEPTED, 2500));
      Map<String, String> idByEmail = emulator.mails().stream()
          .flatMap(m -> m.recipients().stream().map(r -> Map.entry(r, m.messageId())))
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      for (RecipientReport r : report.recipients()) {
        Attempt a = r.acceptedAttempts().get(0);
        assertThat(a.provider()).isEqualTo("sendgrid");
        assertThat(a.providerMessageId()).contains(idByEmail.get(a.to()));
      }
      // And each personalization carries the attempt id the report shows
      Map<String, String> attemptByEmail = emulator.mails().stream().flatMap(m -> m.personalizations().stream())
          .collect(Collectors.toMap(p -> p.emails().get(0), p -> p.customArgs().get(SendGridProviders.CUSTOM_ARG_ATTEMPT_ID)));
      for (RecipientReport r : report.recipients()) {
        Attempt a = r.acceptedAttempts().get(0);
        assertThat(attemptByEmail.get(a.to())).isEqualTo(a.attemptId());
      }
    }
  }
}
