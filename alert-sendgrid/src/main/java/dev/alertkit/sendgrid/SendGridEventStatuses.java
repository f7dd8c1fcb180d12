package dev.alertkit.sendgrid;

import dev.alertkit.DeliveryStatus;
import java.util.Locale;
import java.util.Map;

/** SendGrid event webhook event names to {@link DeliveryStatus}. Unknown names map to UNKNOWN; callers keep the raw name. */
final class SendGridEventStatuses {
  static final Map<String, DeliveryStatus> EVENTS = Map.ofEntries(
      // SendGrid took the mail and will try to deliver it: it has not left SendGrid yet
      Map.entry("processed", DeliveryStatus.QUEUED),
      Map.entry("deferred", DeliveryStatus.DEFERRED),
      Map.entry("delivered", DeliveryStatus.DELIVERED),
      // the receiving server refused the mail (bounce, type bounce or blocked): the carrier-side failure
      Map.entry("bounce", DeliveryStatus.UNDELIVERED),
      Map.entry("blocked", DeliveryStatus.UNDELIVERED),
      // SendGrid itself refused to send (suppression list, invalid address): the provider-side failure
      Map.entry("dropped", DeliveryStatus.FAILED),
      // opens and clicks show the mail was seen; a click is not an acknowledgement (link scanners click too)
      Map.entry("open", DeliveryStatus.READ),
      Map.entry("click", DeliveryStatus.READ),
      // the person (or their mailbox) acted on a mail that arrived: proof of delivery, nothing more
      Map.entry("spamreport", DeliveryStatus.DELIVERED),
      Map.entry("unsubscribe", DeliveryStatus.DELIVERED),
      Map.entry("group_unsubscribe", DeliveryStatus.DELIVERED),
      Map.entry("group_resubscribe", DeliveryStatus.DELIVERED));

  private SendGridEventStatuses() {}

  static DeliveryStatus of(String event) {
    return EVENTS.getOrDefault(event.strip().toLowerCase(Locale.ROOT), DeliveryStatus.UNKNOWN);
  }
}
