package dev.alertkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.DeliveryStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Twilio status mapping table. */
class TwilioStatusesTest {

  @ParameterizedTest(name = "message {0} -> {1}")
  @CsvSource({
      "accepted, QUEUED", "scheduled, QUEUED", "queued, QUEUED", "sending, QUEUED", "sent, SENT", "delivered, DELIVERED",
      "partially_delivered, DELIVERED", "read, READ", "undelivered, UNDELIVERED", "failed, FAILED", "canceled, FAILED",
      "receiving, UNKNOWN", "received, UNKNOWN", "teleported, UNKNOWN", "DELIVERED, DELIVERED"})
  void mapsMessageStatuses(String raw, DeliveryStatus expected) {
    assertThat(TwilioStatuses.message(raw)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "call {0} -> {1}")
  @CsvSource({
      "queued, QUEUED", "initiated, QUEUED", "ringing, RINGING", "in-progress, ANSWERED", "answered, ANSWERED",
      "completed, COMPLETED", "busy, BUSY", "no-answer, NO_ANSWER", "failed, FAILED", "canceled, FAILED",
      "voicemail, UNKNOWN"})
  void mapsCallStatuses(String raw, DeliveryStatus expected) {
    assertThat(TwilioStatuses.call(raw)).isEqualTo(expected);
  }
}
