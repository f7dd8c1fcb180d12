package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.emulator.TwilioEmulator;
import dev.alertkit.testkit.emulator.WebhookTarget;
import dev.alertkit.webhook.WebhookResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real Twilio providers against the emulator, then the emulator's signed callbacks (deliver, fail, call status,
 * press 1) through {@link TwilioWebhooks} into the client's tracker.
 */
class TwilioEmulatorCallbacksTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final List<DeliveryEvent> heard = Collections.synchronizedList(new ArrayList<>());

  @Test
  void emulatedCallbacksDriveTheTrackerInAnyOrder() {
    try (TwilioEmulator emulator = TwilioEmulator.start();
        TwilioProviders twilio = TwilioProviders.of(Fixtures.config(emulator).askToAcknowledge(true).build());
        AlertClient client = AlertClient.builder().provider(twilio.sms()).provider(twilio.voice()).clock(clock)
            .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS, Channel.VOICE)).build())
            .listener(ev -> {
                if (ev instanceof dev.alertkit.event.DeliveryUpdated) {
                  DeliveryEvent event = ((dev.alertkit.event.DeliveryUpdated) ev).delivery();
                  heard.add(event);
                }
              }).build()) {
      // Delivered straight to the handlers, requests carry the public URL itself: no publicBaseUrl needed
      TwilioWebhooks webhooks = TwilioWebhooks.builder().authToken(emulator.authToken())
          .tracker(client.deliveryTracker()).clock(clock).build();
      WebhookTarget status = WebhookTarget.handler(webhooks.statusCallbacks());
      WebhookTarget gather = WebhookTarget.handler(webhooks.gatherAction());
      Recipient alice = Recipient.builder("alice").phone("+14155550100").build();
      Recipient bob = Recipient.builder("bob").phone("+14155550101").build();

      // Given an alert sent by SMS and call to two people
      client.send(Alert.builder().id("a-7").severity(Severity.CRITICAL).title("db-1 down").body("db-1 is down")
          .recipient(alice).recipient(bob).createdAt(clock).build());
      String aliceSms = sid(emulator.messages(), "+14155550100");
      String bobSms = sid(emulator.messages(), "+14155550101");
      String aliceCall = emulator.calls().stream().filter(c -> c.to().equals("+14155550100")).findFirst().orElseThrow().sid();

      // When Twilio reports, out of order and twice: delivered before sent; bob's SMS filtered; alice presses 1
      assertThat(emulator.deliver(aliceSms, status).status()).isEqualTo(200);
      assertThat(emulator.messageStatus(aliceSms, "sent", null, status).status()).isEqualTo(200);
      assertThat(emulator.deliver(aliceSms, status).status()).isEqualTo(200);
      assertThat(emulator.fail(bobSms, 30007, status).status()).isEqualTo(200);
      assertThat(emulator.callStatus(aliceCall, "in-progress", status).status()).isEqualTo(200);
      WebhookResponse twiml = emulator.pressDigit(aliceCall, "1", gather);

      // Then
      DeliveryTracker tracker = client.deliveryTracker();
      assertThat(twiml.bodyText()).contains("acknowledged").contains("<Hangup/>");
      assertThat(tracker.status("a-7", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.ACKNOWLEDGED);
      assertThat(tracker.status("a-7", "alice").orElseThrow().attempts()).extracting(s -> s.channel() + ":" + s.status())
          .containsExactlyInAnyOrder("SMS:DELIVERED", "VOICE:ACKNOWLEDGED");
      assertThat(tracker.status("a-7", "bob").orElseThrow().attempts()).extracting(s -> s.channel() + ":" + s.status())
          .containsExactlyInAnyOrder("SMS:FAILED", "VOICE:QUEUED");
      assertThat(heard).allMatch(DeliveryEvent::isCorrelated);
      assertThat(heard).extracting(e -> e.recipientId().orElseThrow() + ":" + e.rawStatus())
          .containsExactly("alice:delivered", "bob:failed", "alice:in-progress", "alice:digits:1");
      assertThat(heard.get(1).errorCode()).contains("30007");
    }
  }

  private static String sid(List<TwilioEmulator.Message> messages, String to) {
    return messages.stream().filter(m -> m.to().equals(to)).findFirst().orElseThrow().sid();
  }
}
