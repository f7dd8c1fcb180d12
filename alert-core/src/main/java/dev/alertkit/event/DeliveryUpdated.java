package dev.alertkit.event;

import dev.alertkit.DeliveryEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A provider reported on a message after it was accepted (delivered, failed, acknowledged...), from a verified
 * webhook or a fake.
 *
 * @param at when we learned it
 * @param delivery what the provider said; {@link DeliveryEvent#isCorrelated()} is false for messages we do not know
 */
public record DeliveryUpdated(Instant at, DeliveryEvent delivery) implements AlertEvent {
  /**
   * Validates.
   *
   * @param at when we learned it
   * @param delivery what the provider said
   * @throws NullPointerException when a value is null
   */
  public DeliveryUpdated {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(delivery, "delivery");
  }
}
