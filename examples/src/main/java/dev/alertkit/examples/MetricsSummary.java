package dev.alertkit.examples;

import dev.alertkit.micrometer.AlertkitMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Prints what alertkit's meters say, in a few lines, at the end of a program that bound
 * {@link AlertkitMetrics#bind(MeterRegistry)} to a registry (e.g. a {@code SimpleMeterRegistry}):
 *
 * <pre>{@code
 * SimpleMeterRegistry registry = new SimpleMeterRegistry();
 * AlertClient client = AlertClient.builder()...listener(AlertkitMetrics.bind(registry)).build();
 * ...
 * MetricsSummary.print(registry, System.out);
 * }</pre>
 *
 * gives, for example:
 *
 * <pre>
 * == metrics (alertkit.*)
 * alerts            critical=2 warning=1
 * recipients        accepted=3 failed=1
 * attempts          email via sendgrid: accepted=1 | sms via twilio-sms: accepted=2 failed/permanent/recipient=1
 * attempt time      email via sendgrid: 1 in 0.031 s (max 0.031 s) | sms via twilio-sms: 3 in 0.052 s (max 0.021 s)
 * delivery status   sms via twilio-sms: delivered=2
 * delivery latency  sms via twilio-sms: 2, mean 0.418 s, max 0.502 s
 * webhooks          twilio-sms: verified=2 | twilio: rejected=1
 * retries           -
 * circuits          all closed (twilio-sms, sendgrid)
 * in flight         pending=0 deferred=0
 * </pre>
 */
public final class MetricsSummary {
  private MetricsSummary() {}

  /**
   * Prints the summary.
   *
   * @param registry the registry the metrics were bound to
   * @param out where to print
   */
  public static void print(MeterRegistry registry, PrintStream out) {
    out.print(render(registry));
    out.flush();
  }

  /**
   * Renders the summary.
   *
   * @param registry the registry the metrics were bound to
   * @return the lines, each ending with a newline
   */
  public static String render(MeterRegistry registry) {
    StringBuilder s = new StringBuilder("== metrics (alertkit.*)\n");
    line(s, "alerts", counts(registry, AlertkitMetrics.ALERTS, null, AlertkitMetrics.TAG_SEVERITY));
    line(s, "recipients", counts(registry, AlertkitMetrics.RECIPIENTS, null, AlertkitMetrics.TAG_OUTCOME));
    line(s, "attempts", counts(registry, AlertkitMetrics.ATTEMPTS, MetricsSummary::via, AlertkitMetrics.TAG_RESULT,
        AlertkitMetrics.TAG_KIND, AlertkitMetrics.TAG_FAULT));
    line(s, "attempt time", timers(registry, AlertkitMetrics.ATTEMPT_DURATION, false));
    line(s, "delivery status", counts(registry, AlertkitMetrics.DELIVERY_STATUS, MetricsSummary::via, AlertkitMetrics.TAG_STATUS));
    line(s, "delivery latency", timers(registry, AlertkitMetrics.DELIVERY_LATENCY, true));
    line(s, "webhooks", counts(registry, AlertkitMetrics.WEBHOOKS, m -> tag(m, AlertkitMetrics.TAG_PROVIDER), AlertkitMetrics.TAG_RESULT));
    line(s, "retries", counts(registry, AlertkitMetrics.RETRIES, MetricsSummary::via, AlertkitMetrics.TAG_KIND));
    line(s, "circuits", circuits(registry));
    line(s, "in flight", "pending=" + gauge(registry, AlertkitMetrics.PENDING) + " deferred=" + gauge(registry, AlertkitMetrics.DEFERRED));
    return s.toString();
  }

  private static void line(StringBuilder s, String label, String value) {
    s.append(String.format(Locale.ROOT, "%-17s %s%n", label, value.isEmpty() ? "-" : value));
  }

  /** Sums counters by group (e.g. "sms via twilio-sms"), then by the joined values of the given tags. */
  private static String counts(MeterRegistry registry, String name, java.util.function.Function<Meter, String> group, String... keys) {
    Map<String, Map<String, Long>> byGroup = new TreeMap<>();
    for (Meter m : registry.find(name).meters()) {
      if (!(m instanceof Counter c) || c.count() == 0) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (String k : keys) {
        String v = tag(m, k);
        if (!v.equals("none")) {
          values.add(v);
        }
      }
      byGroup.computeIfAbsent(group == null ? "" : group.apply(m), g -> new TreeMap<>())
          .merge(String.join("/", values), (long) c.count(), Long::sum);
    }
    List<String> parts = new ArrayList<>();
    byGroup.forEach((g, counts) -> {
      StringBuilder p = new StringBuilder(g.isEmpty() ? "" : g + ": ");
      counts.forEach((k, n) -> p.append(k).append('=').append(n).append(' '));
      parts.add(p.toString().strip());
    });
    return String.join(" | ", parts);
  }

  private static String timers(MeterRegistry registry, String name, boolean mean) {
    Map<String, String> byGroup = new TreeMap<>();
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, double[]> times = new TreeMap<>();
    for (Meter m : registry.find(name).meters()) {
      if (!(m instanceof Timer t) || t.count() == 0) {
        continue;
      }
      String g = via(m);
      counts.computeIfAbsent(g, k -> new long[1])[0] += t.count();
      double[] tm = times.computeIfAbsent(g, k -> new double[2]);
      tm[0] += t.totalTime(TimeUnit.SECONDS);
      tm[1] = Math.max(tm[1], t.max(TimeUnit.SECONDS));
    }
    counts.forEach((g, n) -> {
      double[] tm = times.get(g);
      byGroup.put(g, mean
          ? String.format(Locale.ROOT, "%s: %d, mean %.3f s, max %.3f s", g, n[0], tm[0] / n[0], tm[1])
          : String.format(Locale.ROOT, "%s: %d in %.3f s (max %.3f s)", g, n[0], tm[0], tm[1]));
    });
    return String.join(" | ", byGroup.values());
  }

  private static String circuits(MeterRegistry registry) {
    List<String> providers = new ArrayList<>();
    List<String> notClosed = new ArrayList<>();
    for (Meter m : registry.find(AlertkitMetrics.CIRCUIT_STATE).meters()) {
      if (m instanceof Gauge g && g.value() == 1) {
        String p = tag(m, AlertkitMetrics.TAG_PROVIDER);
        providers.add(p);
        String state = tag(m, AlertkitMetrics.TAG_STATE);
        if (!state.equals("closed")) {
          notClosed.add(p + " " + state.toUpperCase(Locale.ROOT));
        }
      }
    }
    if (providers.isEmpty()) {
      return "";
    }
    providers.sort(null);
    notClosed.sort(null);
    return notClosed.isEmpty() ? "all closed (" + String.join(", ", providers) + ")" : String.join(", ", notClosed);
  }

  private static long gauge(MeterRegistry registry, String name) {
    Gauge g = registry.find(name).gauge();
    return g == null ? 0 : (long) g.value();
  }

  private static String via(Meter m) {
    return tag(m, AlertkitMetrics.TAG_CHANNEL) + " via " + tag(m, AlertkitMetrics.TAG_PROVIDER);
  }

  private static String tag(Meter m, String key) {
    String v = m.getId().getTag(key);
    return v == null ? "none" : v;
  }
}
