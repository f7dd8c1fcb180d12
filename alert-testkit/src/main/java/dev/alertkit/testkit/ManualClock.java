package dev.alertkit.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Clock} that moves only when told. Pass it to {@code AlertClient.builder().clock(...)}, together with
 * a {@link ManualScheduler} on the same clock, and advance time to trigger quiet-hour deferrals, retries and
 * dedup windows without sleeping. Thread-safe.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at(Instant.parse("2026-11-28T21:30:00Z"));
 * clock.advance(Duration.ofMinutes(10));
 * }</pre>
 */
public final class ManualClock extends Clock {
  private final ZoneId zone;
  private final Shared shared;

  private static final class Shared {
    volatile Instant now;
    final List<Runnable> onAdvance = new CopyOnWriteArrayList<>();

    Shared(Instant now) {
      this.now = now;
    }
  }

  private ManualClock(Shared shared, ZoneId zone) {
    this.shared = shared;
    this.zone = zone;
  }

  /**
   * A clock standing at an instant, in UTC.
   *
   * @param instant the start
   * @return the clock
   * @throws NullPointerException when instant is null
   */
  public static ManualClock at(Instant instant) {
    return new ManualClock(new Shared(Objects.requireNonNull(instant, "instant")), ZoneOffset.UTC);
  }

  /**
   * A clock standing at an ISO-8601 instant such as {@code "2026-11-28T09:00:00Z"}.
   *
   * @param isoInstant the start
   * @return the clock
   * @throws java.time.format.DateTimeParseException when the text is not an instant
   */
  public static ManualClock at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  /**
   * Moves time forward and runs what became due on schedulers tied to this clock.
   *
   * @param duration zero or positive
   * @return this clock
   * @throws IllegalArgumentException when duration is negative
   */
  public ManualClock advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time only moves forward (was " + duration + ")");
    }
    synchronized (shared) {
      shared.now = shared.now.plus(duration);
    }
    shared.onAdvance.forEach(Runnable::run);
    return this;
  }

  /**
   * Moves time forward to an instant.
   *
   * @param instant not before the current instant
   * @return this clock
   * @throws IllegalArgumentException when instant is in the past
   */
  public ManualClock advanceTo(Instant instant) {
    return advance(Duration.between(shared.now, instant));
  }

  void onAdvance(Runnable r) {
    shared.onAdvance.add(r);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new ManualClock(shared, zone);
  }

  @Override
  public Instant instant() {
    return shared.now;
  }

  @Override
  public String toString() {
    return "ManualClock{" + shared.now + "}";
  }
}
