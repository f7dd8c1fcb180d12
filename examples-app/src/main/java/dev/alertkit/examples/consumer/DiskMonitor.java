package dev.alertkit.examples.consumer;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Match;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tiny piece of application code that raises alerts, the kind the testkit is for: it checks disk usage and
 * tells the on-call people through an {@link AlertClient}. Critical disks page by SMS and voice call, with email
 * as fallback; warnings go by email. Repeats are left to the client's dedup (the dedup key names host and mount).
 *
 * <pre>{@code
 * DiskMonitor monitor = new DiskMonitor(client, Clock.systemUTC(), List.of(alice, bob));
 * monitor.check("db-1", "/var", 97);   // CRITICAL: SMS + voice, email if both fail
 * }</pre>
 */
public final class DiskMonitor {
  /** Usage (percent) from which a warning is raised. */
  public static final int WARNING_PERCENT = 85;
  /** Usage (percent) from which a critical alert is raised. */
  public static final int CRITICAL_PERCENT = 95;

  private final AlertClient alerts;
  private final Clock clock;
  private final List<Recipient> onCall;

  /**
   * Creates the monitor.
   *
   * @param alerts the client to raise alerts through
   * @param clock the clock alerts are stamped with
   * @param onCall who to tell
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when onCall is empty
   */
  public DiskMonitor(AlertClient alerts, Clock clock, List<Recipient> onCall) {
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onCall = List.copyOf(onCall);
    if (this.onCall.isEmpty()) {
      throw new IllegalArgumentException("someone must be on call");
    }
  }

  /**
   * The routing this monitor is meant to run with: critical pages by SMS and voice at once, then email; anything
   * else goes by email.
   *
   * @return the routing policy
   */
  public static RoutingPolicy routing() {
    return RoutingPolicy.builder()
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL)
            .named("page"))
        .otherwise(Rule.deliver(Channel.EMAIL).named("email"))
        .build();
  }

  /**
   * Checks one mount and raises an alert when it is too full.
   *
   * @param host the host, e.g. {@code db-1}
   * @param mount the mount point, e.g. {@code /var}
   * @param percentUsed 0 to 100
   * @return the report when an alert was raised; empty when usage is below {@link #WARNING_PERCENT}
   * @throws IllegalArgumentException when percentUsed is outside 0..100
   */
  public Optional<DispatchReport> check(String host, String mount, int percentUsed) {
    if (percentUsed < 0 || percentUsed > 100) {
      throw new IllegalArgumentException("percentUsed must be 0..100 (was " + percentUsed + ")");
    }
    if (percentUsed < WARNING_PERCENT) {
      return Optional.empty();
    }
    Severity severity = percentUsed >= CRITICAL_PERCENT ? Severity.CRITICAL : Severity.WARNING;
    Alert alert = Alert.builder()
        .id("disk-" + host + "-" + clock.instant().getEpochSecond())
        .severity(severity)
        .title(host + " " + mount + " is " + percentUsed + "% full")
        .body("Free space on " + host + " " + mount + " or expand the volume. Runbook: https://runbooks.example.com/disk")
        .label("host", host)
        .label("mount", mount)
        .dedupKey("disk:" + host + ":" + mount)
        .recipients(onCall)
        .createdAt(clock)
        .build();
    return Optional.of(alerts.send(alert));
  }
}
