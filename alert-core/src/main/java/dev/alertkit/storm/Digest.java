package dev.alertkit.storm;

import dev.alertkit.Alert;
import dev.alertkit.Recipient;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Alerts held for one person and sent as one notification: the newest alert plus "+N more alerts since HH:mm".
 *
 * @param recipient the person
 * @param alerts the alerts it covers, oldest first (at least one)
 * @param group the label group, when grouping collected them
 */
public record Digest(Recipient recipient, List<Alert> alerts, Optional<String> group) {
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  /**
   * Validates and copies.
   *
   * @param recipient the person
   * @param alerts the alerts
   * @param group the group
   * @throws NullPointerException when a value is null
   * @throws IllegalArgumentException when alerts is empty
   */
  public Digest {
    Objects.requireNonNull(recipient, "recipient");
    alerts = List.copyOf(alerts);
    Objects.requireNonNull(group, "group");
    if (alerts.isEmpty()) {
      throw new IllegalArgumentException("a digest covers at least one alert");
    }
  }

  /** @return the newest alert */
  public Alert newest() {
    return alerts.get(alerts.size() - 1);
  }

  /** @return how many alerts besides the newest */
  public int more() {
    return alerts.size() - 1;
  }

  /** @return when the oldest alert was created */
  public Instant since() {
    return alerts.get(0).createdAt();
  }

  /**
   * The oldest alert's creation time as {@code HH:mm} in a zone.
   *
   * @param zone the zone, usually the recipient's
   * @return e.g. {@code "02:10"}
   */
  public String sinceText(ZoneId zone) {
    return HH_MM.format(since().atZone(zone));
  }
}
