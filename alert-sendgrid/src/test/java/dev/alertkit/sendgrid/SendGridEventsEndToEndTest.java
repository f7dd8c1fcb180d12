package dev.alertkit.sendgrid;

import static dev.alertkit.sendgrid.Fixtures.alert;
import static dev.alertkit.sendgrid.Fixtures.config;
import static dev.alertkit.sendgrid.Fixtures.recipient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A mail sent through AlertClient to the SendGrid emulator, then a signed event batch for it through SendGridWebhooks. */
class SendGridEventsEndToEndTest {

  @Test
  void signedEventsForAnEmulatedMailReachTheTrackerPerRecipient() {
    ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
    List<DeliveryEvent> heard = Collections.synchronizedList(new ArrayList<>());
    EventSigner signer = new EventSigner();
    try (SendGridEmulator emulator = SendGridEmulator.start();
        AlertClient client = AlertClient.builder().provider(SendGridProviders.email(config(emulator).build())).clock(clock)
            .listener(ev -> {
                if (ev instanceof dev.alertkit.event.DeliveryUpdated) {
                  DeliveryEvent event = ((dev.alertkit.event.DeliveryUpdated) ev).delivery();
                  heard.add(event);
                }
              }).build()) {
      SendGridWebhooks webhooks = SendGridWebhooks.builder().verificationKey(signer.publicKeyBase64())
          .tracker(client.deliveryTracker()).clock(clock).build();

      // Given one mail to two people (one X-Message-Id, two personalizations with their own custom args)
      client.send(alert(recipient("alice"), recipient("bob")).channels(Channel.EMAIL).build());
      SendGridEmulator.Mail mail = emulator.lastMail().orElseThrow();

      // When SendGrid reports: delivered to alice, bounced for bob, each event with its personalization's custom args
      StringBuilder batch = new StringBuilder("[");
      int n = 0;
      for (SendGridEmulator.Personalization p : mail.personalizations()) {
        String event = p.emails().get(0).startsWith("alice") ? "delivered" : "bounce";
        StringBuilder e = new StringBuilder("{\"email\":\"" + p.emails().get(0) + "\",\"event\":\"" + event + "\",\"sg_event_id\":\"ev" + n++
            + "\",\"sg_message_id\":\"" + mail.messageId() + ".recv-1\",\"timestamp\":" + clock.instant().getEpochSecond());
        p.customArgs().forEach((k, v) -> e.append(",\"").append(k).append("\":\"").append(v).append('"'));
        batch.append(n > 1 ? "," : "").append(e).append('}');
      }
      batch.append(']');
      assertThat(webhooks.eventWebhook().handle(signer.request(clock.instant().getEpochSecond(), batch.toString()).build()).status())
          .isEqualTo(200);

      // Then each recipient has their own status, correlated to the alert
      assertThat(client.deliveryTracker().status("alert-1", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(client.deliveryTracker().status("alert-1", "bob").orElseThrow().best()).isEqualTo(DeliveryStatus.UNDELIVERED);
      assertThat(heard).hasSize(2).allSatisfy(e -> {
        assertThat(e.isCorrelated()).isTrue();
        assertThat(e.provider()).isEqualTo("sendgrid");
        assertThat(e.providerMessageId()).isEqualTo(mail.messageId());
      });
    }
  }

  @Test
  void emulatorEmitsSignedEventsForItsMailsInAnyOrder() {
    ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
    try (SendGridEmulator emulator = SendGridEmulator.start();
        AlertClient client = AlertClient.builder().provider(SendGridProviders.email(config(emulator).build())).clock(clock).build()) {
      SendGridWebhooks webhooks = SendGridWebhooks.builder().verificationKey(emulator.webhookVerificationKey())
          .tracker(client.deliveryTracker()).clock(clock).build();
      dev.alertkit.testkit.emulator.WebhookTarget target = dev.alertkit.testkit.emulator.WebhookTarget.handler(webhooks.eventWebhook());
      client.send(alert(recipient("alice"), recipient("bob")).channels(Channel.EMAIL).build());
      String messageId = emulator.lastMail().orElseThrow().messageId();

      assertThat(emulator.event(messageId, "delivered", clock.instant(), target).status()).isEqualTo(200);
      assertThat(emulator.event(messageId, "processed", clock.instant(), target).status()).isEqualTo(200);
      assertThat(emulator.event(messageId, "bounce", clock.instant(), target).status()).isEqualTo(200);
      assertThat(emulator.event(messageId, "open", clock.instant().minusSeconds(600), target).status())
          .as("signed outside the replay window").isEqualTo(403);

      assertThat(client.deliveryTracker().status("alert-1", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.UNDELIVERED);
      assertThat(client.deliveryTracker().status("alert-1", "bob").orElseThrow().attempts().get(0).errorCode()).contains("5.1.1");
    }
  }
}
