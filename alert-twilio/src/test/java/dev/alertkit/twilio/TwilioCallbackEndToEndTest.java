package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An alert sent through AlertClient, then a signed Twilio status callback for its message through TwilioWebhooks. */
class TwilioCallbackEndToEndTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final FakeProvider sms = FakeProvider.of("twilio-sms", Channel.SMS);
  private final List<DeliveryEvent> heard = Collections.synchronizedList(new ArrayList<>());
  private final TwilioSigner signer = new TwilioSigner("test-auth-token");

  @Test
  void signedCallbackMarksTheAlertDeliveredForItsRecipient() {
    try (AlertClient client = AlertClient.builder().provider(sms).clock(clock).scheduler(ManualScheduler.on(clock))
        .executor(Runnable::run).listener(ev -> {
            if (ev instanceof dev.alertkit.event.DeliveryUpdated) {
              DeliveryEvent event = ((dev.alertkit.event.DeliveryUpdated) ev).delivery();
              heard.add(event);
            }
          }).build()) {
      TwilioWebhooks twilio = TwilioWebhooks.builder().authToken("test-auth-token").publicBaseUrl("https://alerts.example.com")
          .tracker(client.deliveryTracker()).clock(clock).build();

      // Given an alert the fake provider accepted
      Recipient alice = Recipient.builder("alice").phone("+14155550100").build();
      Recipient bob = Recipient.builder("bob").phone("+14155550101").build();
      DispatchReport report = client.send(Alert.builder().id("disk-db-1").severity(Severity.CRITICAL).title("db-1 disk 97% full")
          .body("db-1 /var is at 97%").recipient(alice).recipient(bob).createdAt(clock).build());
      Attempt aliceAttempt = report.recipients().get(0).attempts().get(0);
      String sid = aliceAttempt.providerMessageId().orElseThrow();
      assertThat(client.deliveryTracker().status("disk-db-1", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.QUEUED);

      // When Twilio calls back, signed, for that message: once by SID only, once with our correlation in the URL
      Map<String, String> sent = new LinkedHashMap<>();
      sent.put("MessageSid", sid);
      sent.put("MessageStatus", "sent");
      Map<String, String> delivered = new LinkedHashMap<>(sent);
      delivered.put("MessageStatus", "delivered");
      String bare = "https://alerts.example.com" + TwilioWebhooks.MESSAGE_STATUS_PATH;
      String correlated = TwilioWebhooks.withCorrelation(bare, "disk-db-1", "alice", aliceAttempt.attemptId());
      String local = "http://127.0.0.1:9000" + correlated.substring("https://alerts.example.com".length());
      assertThat(twilio.statusCallbacks().handle(signer.formRequest(bare, sent).build()).status()).isEqualTo(200);
      assertThat(twilio.statusCallbacks().handle(signer.formRequest(correlated, delivered).url(local).build()).status()).isEqualTo(200);

      // Then the tracker says DELIVERED for alice only, and the listener heard correlated events
      assertThat(client.deliveryTracker().status("disk-db-1", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(client.deliveryTracker().status("disk-db-1", "alice").orElseThrow().isReached()).isTrue();
      assertThat(client.deliveryTracker().status("disk-db-1", "bob").orElseThrow().best()).isEqualTo(DeliveryStatus.QUEUED);
      assertThat(heard).extracting(DeliveryEvent::status).containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
      assertThat(heard).allSatisfy(e -> {
        assertThat(e.isCorrelated()).isTrue();
        assertThat(e.alertId()).contains("disk-db-1");
        assertThat(e.recipientId()).contains("alice");
        assertThat(e.attemptId()).contains(aliceAttempt.attemptId());
        assertThat(e.provider()).isEqualTo("twilio-sms");
        assertThat(e.channel()).contains(Channel.SMS);
      });
    }
  }
}
