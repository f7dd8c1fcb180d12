package dev.alertkit.micrometer;

import dev.alertkit.DeliveryEvent;
import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * What an {@code alertkit.delivery} observation knows: one provider report that moved an attempt's delivery status
 * (or that matched no attempt). Conventions read it; it is filled by {@link AlertkitMetrics}.
 */
public final class DeliveryObservationContext extends Observation.Context {
  private final DeliveryEvent delivery;

  /**
   * Creates the context of one delivery report.
   *
   * @param delivery the report, enriched with our ids when correlated
   * @throws NullPointerException when delivery is null
   */
  public DeliveryObservationContext(DeliveryEvent delivery) {
    this.delivery = Objects.requireNonNull(delivery, "delivery");
  }

  /** @return the report */
  public DeliveryEvent delivery() {
    return delivery;
  }
}
