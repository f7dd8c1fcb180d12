package dev.alertkit.micrometer;

import dev.alertkit.AlertClient;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.ObservationRegistry;

/** The Java snippets of docs/metrics.md, compiled (checked against the doc by DocSnippetsTest). */
final class MetricsDocSnippets {
  private MetricsDocSnippets() {}

  static AlertClient oneLine(TwilioConfig twilio, MeterRegistry meterRegistry) {
    // tag::metrics-bind[]
    AlertClient client = AlertClient.builder()
        .provider(TwilioProviders.sms(twilio))
        .listener(AlertkitMetrics.bind(meterRegistry))          // meters
        .build();
    // end::metrics-bind[]
    return client;
  }

  static AlertClient withSpans(TwilioConfig twilio, MeterRegistry meterRegistry, ObservationRegistry observationRegistry) {
    // tag::metrics-spans[]
    AlertkitMetrics metrics = AlertkitMetrics.builder()
        .meterRegistry(meterRegistry)
        .observationRegistry(observationRegistry)
        .tags(Tags.of("client", "billing"))          // optional: common tags, bounded values only
        .build();
    AlertClient client = AlertClient.builder().provider(TwilioProviders.sms(twilio)).listener(metrics).build();
    // end::metrics-spans[]
    return client;
  }

  static AlertkitMetrics convention(MeterRegistry meters, ObservationRegistry observations) {
    // tag::metrics-convention[]
    AttemptObservationConvention mine = new DefaultAttemptObservationConvention() {
      @Override public KeyValues getLowCardinalityKeyValues(AttemptObservationContext c) {
        return super.getLowCardinalityKeyValues(c).and("team", c.alert().labels().getOrDefault("team", "none"));
      }
    };
    AlertkitMetrics.builder().meterRegistry(meters).observationRegistry(observations).attemptConvention(mine).build();
    // end::metrics-convention[]
    return AlertkitMetrics.builder().meterRegistry(meters).observationRegistry(observations).attemptConvention(mine).build();
  }
}
