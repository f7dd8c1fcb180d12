package dev.alertkit.examples.consumer;

import dev.alertkit.DispatchReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Application code with a collaborator of its own: it asks a {@link UsageSource} (an agent, a metrics API) how full
 * each mount of a host is and hands every mount to the {@link DiskMonitor}. In tests the source is what you mock
 * (Mockito), and alertkit is what you fake (the testkit's {@code FakeProvider} behind a real client): see
 * {@code DiskScannerMockitoTest}.
 */
public final class DiskScanner {

  /** Where disk usage comes from. */
  @FunctionalInterface
  public interface UsageSource {
    /**
     * The usage of every mount of a host.
     *
     * @param host the host
     * @return percent used by mount point
     * @throws IllegalStateException when the host cannot be reached
     */
    Map<String, Integer> usage(String host);
  }

  private final UsageSource source;
  private final DiskMonitor monitor;

  /**
   * Creates the scanner.
   *
   * @param source where usage comes from
   * @param monitor what raises the alerts
   * @throws NullPointerException when an argument is null
   */
  public DiskScanner(UsageSource source, DiskMonitor monitor) {
    this.source = Objects.requireNonNull(source, "source");
    this.monitor = Objects.requireNonNull(monitor, "monitor");
  }

  /**
   * Scans one host: one alert per mount that is too full, in mount order.
   *
   * @param host the host
   * @return the reports of the alerts raised (empty when every mount is fine)
   * @throws IllegalStateException when the source cannot reach the host
   */
  public List<DispatchReport> scan(String host) {
    List<DispatchReport> raised = new ArrayList<>();
    new TreeMap<>(source.usage(host)).forEach((mount, percent) -> monitor.check(host, mount, percent).ifPresent(raised::add));
    return raised;
  }
}
