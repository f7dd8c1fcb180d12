package dev.alertkit.examples.snippets;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.event.DeliveryUpdated;
import dev.alertkit.sendgrid.SendGridWebhooks;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.twilio.TwilioWebhooks;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The snippets of docs/tracking-and-webhooks.md that need no testkit. */
final class TrackingSnippets {
  private static final Logger log = LoggerFactory.getLogger(TrackingSnippets.class);

  private TrackingSnippets() {}

  static void status(AlertClient client, Alert alert, Runnable onAcknowledged, Runnable onReached) {
    // tag::tracking-status[]
    client.deliveryTracker().status(alert.id(), "alice").ifPresent(s -> {
      if (s.isAcknowledged()) {                                  // pressed 1 on the call
        onAcknowledged.run();
      } else if (s.isReached()) {                                // delivered / read / answered somewhere
        onReached.run();
      }
      s.attempts().forEach(a -> log.info("{} via {}: {}", a.channel(), a.provider(), a.status()));
    });
    // end::tracking-status[]
  }

  static AlertClient listener(ChannelProvider provider, Consumer<String> resolvePage) {
    // tag::tracking-listener[]
    AlertClient client = AlertClient.builder()
        .provider(provider)
        .listener(event -> {
          if (event instanceof DeliveryUpdated u && u.delivery().status() == DeliveryStatus.ACKNOWLEDGED) {
            u.delivery().alertId().ifPresent(resolvePage);         // e.g. resolve the page in your incident tool
          }
        })
        .deliveryStoreMaxEntries(200_000)   // in-memory, oldest attempts evicted first (default 100,000)
        // .deliveryStore(myRedisStore)     // or share state between nodes (dev.alertkit.spi.DeliveryStore)
        .build();
    // end::tracking-listener[]
    return client;
  }

  static Object webhooks(AlertClient client) {
    // tag::tracking-webhooks[]
    TwilioWebhooks twilio = TwilioWebhooks.builder()
        .authToken(System.getenv("TWILIO_AUTH_TOKEN"))      // X-Twilio-Signature key
        .publicBaseUrl("https://alerts.example.com")        // the URL Twilio calls (signatures cover it)
        .tracker(client.deliveryTracker())
        .build();
    SendGridWebhooks sendgrid = SendGridWebhooks.builder()
        .verificationKey(System.getenv("SENDGRID_WEBHOOK_VERIFICATION_KEY"))
        .replayWindow(Duration.ofMinutes(5))                // default; measured on .clock(...)
        .tracker(client.deliveryTracker())
        .build();

    // mount: TwilioWebhooks.MESSAGE_STATUS_PATH and CALL_STATUS_PATH -> twilio.statusCallbacks(),
    //        TwilioWebhooks.GATHER_PATH -> twilio.gatherAction(),   SendGridWebhooks.EVENTS_PATH -> sendgrid.eventWebhook()
    // (the paths the providers put into their callback URLs: /alertkit/twilio/message-status, /call-status, /voice-ack)
    // end::tracking-webhooks[]
    return new Object[] {twilio, sendgrid};
  }
}
