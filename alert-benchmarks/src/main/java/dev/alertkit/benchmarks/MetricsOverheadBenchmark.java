package dev.alertkit.benchmarks;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.micrometer.AlertkitMetrics;
import dev.alertkit.testkit.FakeProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What alert-micrometer adds per alert, in process (no HTTP): the same alert to one recipient sent through a
 * {@link FakeProvider} (SMS) on the caller's thread, without metrics, with {@link AlertkitMetrics#bind} (meters,
 * percentile histograms on) and with meters plus observations (an {@link ObservationRegistry} with one handler that
 * does nothing, so the cost is alertkit's and Micrometer's, not a tracer's). Goal: at most 2 µs added per alert by
 * the meters. Run the gc profiler for bytes allocated per alert:
 *
 * <pre>
 * java -cp alert-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main MetricsOverheadBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MetricsOverheadBenchmark {
  private FakeProvider plainSms;
  private FakeProvider meteredSms;
  private FakeProvider observedSms;
  private AlertClient plain;
  private AlertClient metered;
  private AlertClient observed;
  private Recipient alice;

  /** Builds the three clients. */
  @Setup
  public void setUp() {
    plainSms = FakeProvider.of("fake-sms", Channel.SMS);
    plain = AlertClient.builder().provider(plainSms).executor(Runnable::run).build();

    meteredSms = FakeProvider.of("fake-sms", Channel.SMS);
    metered = AlertClient.builder().provider(meteredSms).executor(Runnable::run)
        .listener(AlertkitMetrics.bind(new SimpleMeterRegistry())).build();

    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    observedSms = FakeProvider.of("fake-sms", Channel.SMS);
    observed = AlertClient.builder().provider(observedSms).executor(Runnable::run)
        .listener(AlertkitMetrics.builder().meterRegistry(new SimpleMeterRegistry()).observationRegistry(observations).build()).build();

    alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  }

  /** The fakes record every message: forget them between iterations so the heap does not grow. */
  @Setup(Level.Iteration)
  public void forget() {
    plainSms.reset();
    meteredSms.reset();
    observedSms.reset();
  }

  /** Closes the clients. */
  @TearDown
  public void tearDown() {
    plain.close();
    metered.close();
    observed.close();
  }

  /** @return the report: the baseline, no listener */
  @Benchmark
  public DispatchReport sendWithoutMetrics() {
    return plain.send(alert());
  }

  /** @return the report: with the meters of {@code AlertkitMetrics.bind(registry)} */
  @Benchmark
  public DispatchReport sendWithMetrics() {
    return metered.send(alert());
  }

  /** @return the report: with the meters and the dispatch and attempt observations */
  @Benchmark
  public DispatchReport sendWithMetricsAndObservations() {
    return observed.send(alert());
  }

  private Alert alert() {
    return Alert.builder()
        .severity(Severity.CRITICAL)
        .title("db-1 disk 97% full")
        .body("db-1 /var is at 97%. Runbook: https://runbooks.example.com/disk")
        .recipient(alice)
        .build();
  }
}
