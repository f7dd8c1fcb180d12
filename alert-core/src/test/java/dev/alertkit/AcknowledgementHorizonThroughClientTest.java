package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.AlertClientDeliveryTrackingTest.ReportingProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client passes its acknowledgement horizon to its tracker: a late "press 1" is refused, an early one applies. */
class AcknowledgementHorizonThroughClientTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);

  @Test
  void aPressOneLaterThanTheClientsHorizonIsRefused() {
    assertThat(ackAfter(Duration.ofMinutes(61))).isEqualTo(DeliveryTracker.Kind.REFUSED);
    assertThat(ackAfter(Duration.ofMinutes(59))).isEqualTo(DeliveryTracker.Kind.APPLIED);
    assertThatThrownBy(() -> AlertClient.builder().acknowledgementHorizon(Duration.ofSeconds(5)))
        .isInstanceOf(ValidationException.class).hasMessageStartingWith("acknowledgementHorizon: must be between");
  }

  /** A client with a one-hour horizon sends one SMS; "press 1" arrives {@code after} the send. */
  private DeliveryTracker.Kind ackAfter(Duration after) {
    try (AlertClient client = AlertClient.builder().provider(new ReportingProvider()).clock(clock).executor(Runnable::run)
        .acknowledgementHorizon(Duration.ofHours(1)).build()) {
      client.send(Alert.builder().id("a-1").severity(Severity.CRITICAL).title("db-1 down")
          .recipient(Recipient.builder("alice").phone("+14155550100").build()).createdAt(clock).build());
      return client.deliveryTracker().record(ack(clock.instant().plus(after))).kind();
    }
  }

  private static DeliveryEvent ack(Instant at) {
    return new DeliveryEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "reporting-sms", "SM1",
        DeliveryStatus.ACKNOWLEDGED, "digits:1", Optional.empty(), Optional.empty(), at);
  }
}
