/**
 * Micrometer meters and Observation spans for alertkit, built on the typed events of {@code dev.alertkit.event}.
 * One listener does it all:
 *
 * <pre>{@code
 * AlertClient client = AlertClient.builder()
 *     .provider(...)
 *     .listener(AlertkitMetrics.bind(meterRegistry))
 *     .build();
 * }</pre>
 *
 * <p>or, with spans for an application that has Micrometer Tracing or OpenTelemetry behind its
 * {@link io.micrometer.observation.ObservationRegistry}:
 *
 * <pre>{@code
 * AlertkitMetrics metrics = AlertkitMetrics.builder()
 *     .meterRegistry(meterRegistry)
 *     .observationRegistry(observationRegistry)
 *     .build();
 * }</pre>
 *
 * <p>Every meter, its tags and unit are listed in {@link dev.alertkit.micrometer.AlertkitMetrics} and in
 * {@code docs/metrics.md}. Tag values are bounded: enum names and configured provider names, never alert ids,
 * recipients, addresses or free text. The observations ({@code alertkit.dispatch}, {@code alertkit.attempt},
 * {@code alertkit.delivery}) carry ids only as high-cardinality key values, and their names and key values come from
 * {@link io.micrometer.observation.ObservationConvention}s you can replace.
 */
package dev.alertkit.micrometer;
