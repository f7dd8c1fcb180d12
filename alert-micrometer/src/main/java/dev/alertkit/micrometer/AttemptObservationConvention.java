package dev.alertkit.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of the {@code alertkit.attempt} observation. Implement it (or extend
 * {@link DefaultAttemptObservationConvention}) and pass it to {@link AlertkitMetrics.Builder} to replace the default;
 * a matching {@link io.micrometer.observation.GlobalObservationConvention} registered on the registry also applies.
 */
public interface AttemptObservationConvention extends ObservationConvention<AttemptObservationContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof AttemptObservationContext;
  }
}
