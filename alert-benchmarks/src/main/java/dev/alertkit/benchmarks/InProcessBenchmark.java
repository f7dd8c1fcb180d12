package dev.alertkit.benchmarks;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.testkit.FakeProvider;
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
 * alertkit's own cost per alert, no HTTP: build an alert to one recipient and {@code AlertClient.send} it through a
 * {@link FakeProvider} (SMS). Run with the GC profiler for bytes allocated per alert. The recipient is built once
 * (a directory entry: phone parsing is not per alert); the alert is built per operation, as an application would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InProcessBenchmark {
  private FakeProvider sms;
  private AlertClient client;
  private FakeProvider smsDirect;
  private AlertClient direct;
  private Recipient alice;

  /** Builds the client. */
  @Setup
  public void setUp() {
    sms = FakeProvider.of("fake-sms", Channel.SMS);
    client = AlertClient.builder().provider(sms).build();
    // Diagnostic variant: the provider is called on the caller's thread (an executor the builder accepts), which
    // separates the engine's own cost from the two thread hand-offs of the default executor.
    smsDirect = FakeProvider.of("fake-sms", Channel.SMS);
    direct = AlertClient.builder().provider(smsDirect).executor(Runnable::run).build();
    alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  }

  /** The fake records every message: forget them between iterations so the heap does not grow. */
  @Setup(Level.Iteration)
  public void forget() {
    sms.reset();
    smsDirect.reset();
  }

  /** Closes the client. */
  @TearDown
  public void tearDown() {
    client.close();
    direct.close();
  }

  /** @return the alert: building it alone (the part of {@link #sendOneSms()} that is the caller's) */
  @Benchmark
  public Alert buildAlertOnly() {
    return alert();
  }

  /** @return the report: build an alert and send it (blocking) through the fake */
  @Benchmark
  public DispatchReport sendOneSms() {
    return client.send(alert());
  }

  /** @return the report: same, with {@code executor(Runnable::run)} (no thread hand-off) */
  @Benchmark
  public DispatchReport sendOneSmsOnCallerThread() {
    return direct.send(alert());
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
