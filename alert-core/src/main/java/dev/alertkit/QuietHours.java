package dev.alertkit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A daily window of local time in which a person should not be disturbed, e.g. 22:00 to 07:00. A window whose
 * end is before its start crosses midnight. Times are evaluated in the recipient's own time zone, so daylight
 * saving changes are handled by {@link java.time}: on a spring-forward night a window ending in the skipped
 * hour ends at the first valid instant after it.
 *
 * @param start the first quiet local time (inclusive)
 * @param end the first local time that is no longer quiet (exclusive)
 */
public record QuietHours(LocalTime start, LocalTime end) {

  /**
   * Validates the window.
   *
   * @param start the first quiet local time (inclusive)
   * @param end the first local time that is no longer quiet (exclusive)
   * @throws ValidationException when start or end is null, or start equals end (an empty window)
   */
  public QuietHours {
    if (start == null) {
      throw new ValidationException("quietHours.start", "is required");
    }
    if (end == null) {
      throw new ValidationException("quietHours.end", "is required");
    }
    if (start.equals(end)) {
      throw new ValidationException("quietHours", "start and end are both " + start + ": the window is empty");
    }
  }

  /**
   * Creates a window.
   *
   * @param start first quiet local time
   * @param end first local time that is no longer quiet
   * @return the window
   * @throws ValidationException when start equals end or either is null
   */
  public static QuietHours of(LocalTime start, LocalTime end) {
    return new QuietHours(start, end);
  }

  /**
   * Whether the window crosses midnight (its end is before its start).
   *
   * @return true when it does
   */
  public boolean crossesMidnight() {
    return end.isBefore(start);
  }

  /**
   * Tells whether an instant falls inside the window in a time zone.
   *
   * @param instant the instant
   * @param zone the time zone in which the window's local times are meant
   * @return true when quiet
   * @throws NullPointerException when an argument is null
   */
  public boolean contains(Instant instant, ZoneId zone) {
    return contains(instant.atZone(Objects.requireNonNull(zone, "zone")).toLocalTime());
  }

  /**
   * Tells whether a local time falls inside the window.
   *
   * @param t the local time
   * @return true when quiet
   * @throws NullPointerException when t is null
   */
  public boolean contains(LocalTime t) {
    Objects.requireNonNull(t, "t");
    return crossesMidnight() ? !t.isBefore(start) || t.isBefore(end) : !t.isBefore(start) && t.isBefore(end);
  }

  /**
   * Whether two windows share any local time.
   *
   * @param other the other window
   * @return true when they overlap
   */
  public boolean overlaps(QuietHours other) {
    return contains(other.start) || other.contains(start);
  }

  /**
   * When the quiet window that contains {@code instant} ends.
   *
   * @param instant an instant inside the window
   * @param zone the time zone
   * @return the first instant after the window; {@code instant} itself when it is not inside the window
   * @throws NullPointerException when an argument is null
   */
  public Instant endAfter(Instant instant, ZoneId zone) {
    if (!contains(instant, zone)) {
      return instant;
    }
    ZonedDateTime local = instant.atZone(zone);
    LocalDate day = local.toLocalDate();
    if (crossesMidnight() && !local.toLocalTime().isBefore(start)) {
      day = day.plusDays(1);
    }
    LocalDateTime localEnd = LocalDateTime.of(day, this.end);
    java.time.zone.ZoneOffsetTransition gap = zone.getRules().getTransition(localEnd);
    // A window end that falls in a DST gap (the clock jumps over it) ends the window at the jump: from then on the
    // wall clock shows a time past the end. ZonedDateTime.of would shift it by the gap's length instead.
    Instant end = gap != null && gap.isGap() ? gap.getInstant() : ZonedDateTime.of(localEnd, zone).toInstant();
    return end.isAfter(instant) ? end : instant.plus(Duration.ofMinutes(1));
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
