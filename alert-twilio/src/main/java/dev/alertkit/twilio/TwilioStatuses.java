package dev.alertkit.twilio;

import dev.alertkit.DeliveryStatus;
import java.util.Locale;
import java.util.Map;

/**
 * Twilio status strings to {@link DeliveryStatus}. Unknown strings map to {@link DeliveryStatus#UNKNOWN}; callers
 * keep the raw string.
 */
final class TwilioStatuses {
  /** Message statuses (SMS and WhatsApp), from the Message resource's status enum. */
  static final Map<String, DeliveryStatus> MESSAGE = Map.ofEntries(
      Map.entry("accepted", DeliveryStatus.QUEUED),
      Map.entry("scheduled", DeliveryStatus.QUEUED),
      Map.entry("queued", DeliveryStatus.QUEUED),
      Map.entry("sending", DeliveryStatus.QUEUED),
      Map.entry("sent", DeliveryStatus.SENT),
      Map.entry("delivered", DeliveryStatus.DELIVERED),
      // some segments of a multi-part message arrived: the person got something; a later status may still move it
      Map.entry("partially_delivered", DeliveryStatus.DELIVERED),
      Map.entry("read", DeliveryStatus.READ),
      Map.entry("undelivered", DeliveryStatus.UNDELIVERED),
      Map.entry("failed", DeliveryStatus.FAILED),
      // a scheduled message canceled before sending: it will never be sent
      Map.entry("canceled", DeliveryStatus.FAILED));
  // "receiving" and "received" describe inbound messages: not ours, so UNKNOWN (kept raw).

  /** Call statuses, from the Call resource's status enum (plus the StatusCallbackEvent names). */
  static final Map<String, DeliveryStatus> CALL = Map.ofEntries(
      Map.entry("queued", DeliveryStatus.QUEUED),
      Map.entry("initiated", DeliveryStatus.QUEUED),
      Map.entry("ringing", DeliveryStatus.RINGING),
      Map.entry("in-progress", DeliveryStatus.ANSWERED),
      Map.entry("answered", DeliveryStatus.ANSWERED),
      Map.entry("completed", DeliveryStatus.COMPLETED),
      Map.entry("busy", DeliveryStatus.BUSY),
      Map.entry("no-answer", DeliveryStatus.NO_ANSWER),
      Map.entry("failed", DeliveryStatus.FAILED),
      Map.entry("canceled", DeliveryStatus.FAILED));

  private TwilioStatuses() {}

  static DeliveryStatus message(String raw) {
    return MESSAGE.getOrDefault(raw.strip().toLowerCase(Locale.ROOT), DeliveryStatus.UNKNOWN);
  }

  static DeliveryStatus call(String raw) {
    return CALL.getOrDefault(raw.strip().toLowerCase(Locale.ROOT), DeliveryStatus.UNKNOWN);
  }
}
