package dev.alertkit.micrometer;

import io.micrometer.common.KeyValues;

/**
 * The default names and key values of a dispatch observation.
 *
 * <ul>
 *   <li>name {@value #NAME}, contextual name {@code alertkit dispatch};</li>
 *   <li>low cardinality: {@code severity} (e.g. {@code critical}); {@code outcome}: the recipients' common final
 *       outcome ({@code accepted}, {@code failed}, {@code deferred}...), {@code mixed} when they differ,
 *       {@code unknown} before dispatch completed;</li>
 *   <li>high cardinality: {@code alertkit.alert.id}.</li>
 * </ul>
 */
public class DefaultAlertObservationConvention implements AlertObservationConvention {
  /** The observation's name. */
  public static final String NAME = "alertkit.dispatch";

  /** Creates the convention. */
  public DefaultAlertObservationConvention() {}

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(AlertObservationContext context) {
    return "alertkit dispatch";
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(AlertObservationContext context) {
    return KeyValues.of(AlertkitMetrics.TAG_SEVERITY, TagValues.of(context.alert().severity()),
        AlertkitMetrics.TAG_OUTCOME, context.report().map(TagValues::outcome).orElse(TagValues.UNKNOWN));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(AlertObservationContext context) {
    return KeyValues.of(AlertkitMetrics.KEY_ALERT_ID, context.alert().id());
  }
}
