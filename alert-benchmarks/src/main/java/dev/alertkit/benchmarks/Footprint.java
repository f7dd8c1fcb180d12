package dev.alertkit.benchmarks;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Failure;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * In-process footprint, no HTTP: the time and bytes alertkit allocates per recipient of an email fan-out, and the heap
 * a pending alert (waiting for a retry) retains. Providers here answer at once and keep nothing, so every byte and
 * microsecond measured is the client's.
 */
public final class Footprint {
  private Footprint() {}

  /** An email provider taking 1,000 recipients per request, accepting all, keeping nothing. */
  public static final class NullEmail implements ChannelProvider {
    @Override
    public String name() {
      return "null-email";
    }

    @Override
    public Set<Channel> channels() {
      return Set.of(Channel.EMAIL);
    }

    @Override
    public int maxBatchSize() {
      return 1000;
    }

    @Override
    public SendResult send(OutboundMessage message) {
      return SendResult.accepted("m", "queued");
    }

    @Override
    public List<SendResult> sendBatch(List<OutboundMessage> messages) {
      SendResult ok = SendResult.accepted("m", "queued");
      List<SendResult> out = new ArrayList<>(messages.size());
      for (int i = 0; i < messages.size(); i++) {
        out.add(ok);
      }
      return out;
    }
  }

  /** An SMS provider refusing every request with a 30-second Retry-After: alerts stay pending, waiting to retry. */
  public static final class Refusing implements ChannelProvider {
    @Override
    public String name() {
      return "refusing-sms";
    }

    @Override
    public Set<Channel> channels() {
      return Set.of(Channel.SMS);
    }

    @Override
    public SendResult send(OutboundMessage message) {
      return SendResult.rejected(Failure.retryable(Failure.Fault.PROVIDER, "HTTP 429").httpStatus(429)
          .retryAfter(Duration.ofSeconds(30)).build());
    }
  }

  static void run(boolean quick, Report report) {
    fanOut(quick ? 1_000 : 10_000, quick ? 2 : 5, report);
    pending(quick ? 1_000 : 10_000, report);
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  static void fanOut(int n, int runs, Report report) {
    Alert.Builder b = Alert.builder().id("fan-out").severity(Severity.WARNING).title("maintenance tonight")
        .body("db-1 restarts at 22:00 UTC").channels(Channel.EMAIL);
    for (int i = 0; i < n; i++) {
      b.recipient(Recipient.builder("r" + i).email("r" + i + "@example.com").build());
    }
    Alert alert = b.build();
    double[] micros = new double[runs];
    long[] bytes = new long[runs];
    try (AlertClient client = AlertClient.builder().provider(new NullEmail()).resilience(Resilience.none()).build()) {
      for (int w = 0; w < 3; w++) {
        client.send(alert); // warm-up
      }
      for (int r = 0; r < runs; r++) {
        long a0 = allocatedBytes();
        long t0 = System.nanoTime();
        client.send(alert); // blocking: planned, prepared and sent on this thread
        long t1 = System.nanoTime();
        long a1 = allocatedBytes();
        micros[r] = (t1 - t0) / 1e3 / n;
        bytes[r] = (a1 - a0) / n;
      }
    }
    Arrays.sort(micros);
    Arrays.sort(bytes);
    double us = micros[runs / 2];
    long perRecipient = bytes[runs / 2];
    report.summary("email fan-out at " + n + " recipients ≤ 3 µs per recipient (median of " + runs + ")",
        RunAll.f(us, 2) + " µs", us <= 3.0 && n == 10_000);
    report.summary("email fan-out at " + n + " recipients ≤ 2 KB allocated per recipient (caller thread)",
        perRecipient + " B", perRecipient <= 2048 && n == 10_000);
  }

  static void pending(int n, Report report) {
    ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
    Runtime rt = Runtime.getRuntime();
    try (AlertClient client = AlertClient.builder().provider(new Refusing()).clock(clock).scheduler(ManualScheduler.on(clock))
        .executor(Runnable::run).maxPendingAlerts(n + 1).resilience(Resilience.builder().noRetryBudget().build()).build()) {
      Recipient alice = Recipient.builder("alice").phone("+14155550100").build();
      List<Alert> alerts = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        alerts.add(Alert.builder().severity(Severity.CRITICAL).title("db-1 down").recipient(alice).channels(Channel.SMS)
            .createdAt(clock).build());
      }
      List<CompletableFuture<?>> futures = new ArrayList<>(n);
      long before = usedAfterGc(rt);
      for (Alert a : alerts) {
        futures.add(client.sendAsync(a));
      }
      long after = usedAfterGc(rt);
      long perAlert = (after - before) / n;
      report.summary("a pending alert (waiting for a retry) retains ≤ 2 KB (heap after GC, " + n + " alerts; the alert itself "
          + "excluded)", perAlert + " B", perAlert <= 2048 && n == 10_000);
      if (futures.stream().anyMatch(CompletableFuture::isDone)) {
        System.err.println("WARNING: some alerts were not pending during the measurement");
      }
    }
  }

  private static long usedAfterGc(Runtime rt) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
