package dev.alertkit.micrometer;

import dev.alertkit.DeliveryEvent;
import io.micrometer.common.KeyValues;

/**
 * The default names and key values of a delivery observation.
 *
 * <ul>
 *   <li>name {@value #NAME}, contextual name {@code alertkit delivery <status>}, e.g.
 *       {@code alertkit delivery delivered};</li>
 *   <li>low cardinality: {@code channel} ({@code none} when the report matched no attempt), {@code provider},
 *       {@code status} (the normalised {@link dev.alertkit.DeliveryStatus});</li>
 *   <li>high cardinality: {@code alertkit.provider.message.id}, and {@code alertkit.alert.id} and
 *       {@code alertkit.attempt.id} when the report was correlated.</li>
 * </ul>
 */
public class DefaultDeliveryObservationConvention implements DeliveryObservationConvention {
  /** The observation's name. */
  public static final String NAME = "alertkit.delivery";

  /** Creates the convention. */
  public DefaultDeliveryObservationConvention() {}

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(DeliveryObservationContext context) {
    return "alertkit delivery " + TagValues.of(context.delivery().status());
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(DeliveryObservationContext context) {
    DeliveryEvent d = context.delivery();
    return KeyValues.of(AlertkitMetrics.TAG_CHANNEL, TagValues.of(d.channel().orElse(null)),
        AlertkitMetrics.TAG_PROVIDER, d.provider(), AlertkitMetrics.TAG_STATUS, TagValues.of(d.status()));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(DeliveryObservationContext context) {
    DeliveryEvent d = context.delivery();
    KeyValues kv = KeyValues.of(AlertkitMetrics.KEY_PROVIDER_MESSAGE_ID, d.providerMessageId());
    if (d.alertId().isPresent()) {
      kv = kv.and(AlertkitMetrics.KEY_ALERT_ID, d.alertId().get());
    }
    if (d.attemptId().isPresent()) {
      kv = kv.and(AlertkitMetrics.KEY_ATTEMPT_ID, d.attemptId().get());
    }
    return kv;
  }
}
