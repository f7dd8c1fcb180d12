package dev.alertkit.oncall;

import dev.alertkit.Recipient;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rotation: participants take shifts in order, starting with the first at {@code startDate} at the handoff time in
 * the zone. Shift lengths that divide a day (8 h, 12 h) or are whole days (1 day, 7 days) follow the wall clock: a
 * daily shift that crosses a DST change lasts 23 or 25 hours and ends at the handoff time. Other lengths (e.g. 10 h)
 * are exact durations. Optionally active only between two local times each day (a "business hours" layer).
 *
 * <pre>{@code
 * Rotation weekly = Rotation.builder("primary")
 *     .participants(alice, bob, carol)
 *     .shift(Duration.ofDays(7))
 *     .handoff(LocalDate.of(2026, 1, 5), LocalTime.of(9, 0), ZoneId.of("Europe/London"))
 *     .build();
 * }</pre>
 */
public final class Rotation {
  private static final Duration DAY = Duration.ofDays(1);
  private final String name;
  private final List<Recipient> participants;
  private final Duration shift;
  private final LocalDateTime start;
  private final ZoneId zone;
  private final LocalTime activeFrom;
  private final LocalTime activeUntil;
  private final boolean wallClock;

  private Rotation(Builder b) {
    this.name = b.name;
    this.participants = List.copyOf(b.participants);
    this.shift = b.shift;
    this.start = LocalDateTime.of(b.startDate, b.handoff);
    this.zone = b.zone;
    this.activeFrom = b.activeFrom;
    this.activeUntil = b.activeUntil;
    this.wallClock = DAY.toNanos() % shift.toNanos() == 0 || shift.toNanos() % DAY.toNanos() == 0;
  }

  /**
   * @param name the layer's name, shown in "why" explanations
   * @return a builder
   * @throws ValidationException when name is blank
   */
  public static Builder builder(String name) {
    return new Builder(Checks.singleLine("rotation.name", name, 100));
  }

  /** @return the name */
  public String name() {
    return name;
  }

  /** @return the participants in order */
  public List<Recipient> participants() {
    return participants;
  }

  /** @return the shift length */
  public Duration shift() {
    return shift;
  }

  /** @return the zone of the handoff time */
  public ZoneId zone() {
    return zone;
  }

  /**
   * The shift at an instant: who and its bounds.
   *
   * @param at the instant
   * @return the shift, or empty before the rotation starts or outside its active hours
   */
  public Optional<Shift> shiftAt(Instant at) {
    Instant first = boundary(0);
    if (at.isBefore(first)) {
      return Optional.empty();
    }
    if (activeFrom != null) {
      LocalTime local = at.atZone(zone).toLocalTime();
      boolean active = activeFrom.isBefore(activeUntil)
          ? !local.isBefore(activeFrom) && local.isBefore(activeUntil)
          : !local.isBefore(activeFrom) || local.isBefore(activeUntil);
      if (!active) {
        return Optional.empty();
      }
    }
    long k = Duration.between(first, at).toNanos() / shift.toNanos();
    while (k > 0 && boundary(k).isAfter(at)) {
      k--;
    }
    while (!boundary(k + 1).isAfter(at)) {
      k++;
    }
    Recipient who = participants.get((int) Math.floorMod(k, (long) participants.size()));
    return Optional.of(new Shift(who, k, boundary(k).atZone(zone), boundary(k + 1).atZone(zone)));
  }

  private Instant boundary(long k) {
    if (wallClock) {
      return start.plus(shift.multipliedBy(k)).atZone(zone).toInstant();
    }
    return start.atZone(zone).toInstant().plus(shift.multipliedBy(k));
  }

  @Override
  public String toString() {
    return "Rotation{" + name + ", " + participants.size() + " participants, shift " + shift + ", from " + start + " " + zone + "}";
  }

  /**
   * One shift of a rotation.
   *
   * @param recipient who is on call
   * @param index the shift's number, from 0
   * @param from when it starts, in the rotation's zone
   * @param until when it ends, in the rotation's zone
   */
  public record Shift(Recipient recipient, long index, ZonedDateTime from, ZonedDateTime until) {}

  /** Builds a {@link Rotation}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final List<Recipient> participants = new ArrayList<>();
    private Duration shift = DAY;
    private LocalDate startDate;
    private LocalTime handoff;
    private ZoneId zone;
    private LocalTime activeFrom;
    private LocalTime activeUntil;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Adds participants, in shift order.
     *
     * @param recipients who takes shifts
     * @return this builder
     * @throws ValidationException when a recipient is null
     */
    public Builder participants(Recipient... recipients) {
      for (Recipient r : recipients) {
        participants.add(Checks.notNull("rotation[" + name + "].participants", r));
      }
      return this;
    }

    /**
     * Sets the shift length (default one day).
     *
     * @param shift at least one minute, at most 366 days
     * @return this builder
     * @throws ValidationException when outside those bounds
     */
    public Builder shift(Duration shift) {
      Checks.notNull("rotation[" + name + "].shift", shift);
      if (shift.compareTo(Duration.ofMinutes(1)) < 0 || shift.compareTo(Duration.ofDays(366)) > 0) {
        throw new ValidationException("rotation[" + name + "].shift", "must be between 1 minute and 366 days (was " + shift + ")");
      }
      this.shift = shift;
      return this;
    }

    /**
     * Sets when the first participant's first shift starts: a date and the handoff time in a zone. Every later
     * handoff happens at the same wall-clock time (for shift lengths that divide or are whole days).
     *
     * @param startDate the first shift's date
     * @param handoff the handoff time
     * @param zone the zone of the handoff time
     * @return this builder
     * @throws ValidationException when a value is null
     */
    public Builder handoff(LocalDate startDate, LocalTime handoff, ZoneId zone) {
      this.startDate = Checks.notNull("rotation[" + name + "].startDate", startDate);
      this.handoff = Checks.notNull("rotation[" + name + "].handoff", handoff);
      this.zone = Checks.notNull("rotation[" + name + "].zone", zone);
      return this;
    }

    /**
     * Restricts the rotation to local times {@code [from, until)} each day in its zone (over midnight when
     * {@code until} is before {@code from}); outside them the layer covers nobody and lower layers apply.
     *
     * @param from start of the active hours
     * @param until end of the active hours
     * @return this builder
     * @throws ValidationException when a value is null or they are equal
     */
    public Builder activeBetween(LocalTime from, LocalTime until) {
      Checks.notNull("rotation[" + name + "].activeFrom", from);
      Checks.notNull("rotation[" + name + "].activeUntil", until);
      if (from.equals(until)) {
        throw new ValidationException("rotation[" + name + "].activeBetween", "from and until must differ (was " + from + ")");
      }
      this.activeFrom = from;
      this.activeUntil = until;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the rotation
     * @throws ValidationException when there are no participants or no handoff
     */
    public Rotation build() {
      if (participants.isEmpty()) {
        throw new ValidationException("rotation[" + name + "].participants", "at least one participant is required");
      }
      if (startDate == null) {
        throw new ValidationException("rotation[" + name + "].handoff", "is required: handoff(startDate, time, zone)");
      }
      return new Rotation(this);
    }
  }
}
