package dev.alertkit.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Clock} that moves only when told. Pass it to {@code AlertClient.builder().clock(...)}, together with
 * a {@link ManualScheduler} on the same clock, and advance time to trigger quiet-hour deferrals, retries, dedup
 * windows and scripted delivery events without sleeping.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at("2026-11-28T21:30:00Z");
 * ManualScheduler scheduler = ManualScheduler.on(clock);
 * AlertClient client = AlertClient.builder().provider(sms).clock(clock).scheduler(scheduler).build();
 * client.send(alert);                       // deferred by quiet hours until 07:00 local time
 * clock.advance(Duration.ofHours(10));      // the deferred send runs here, on this thread
 * }</pre>
 *
 * <p><b>How {@link #advance} runs work.</b> Schedulers ({@link ManualScheduler#on}) and fakes with scripted
 * delayed delivery events ({@link FakeProvider}) tied to this clock are asked for their earliest due time. While
 * something is due at or before the target instant, the clock moves to that due time (never backwards) and runs
 * it; work scheduled by that work is considered too, so a retry scheduled by a deferred send runs in the same
 * {@code advance} if it falls due before the target. Ties run in scheduling order. Finally the clock stands at
 * the target instant. A task that keeps rescheduling itself without delay is stopped after
 * {@value #MAX_TASKS_PER_ADVANCE} runs with an {@link IllegalStateException}.
 *
 * <p><b>Thread-safety.</b> Reading the time is safe from any thread and never blocks. {@code advance} calls are
 * serialised: one thread advances at a time and runs the due work on itself; a task may itself advance the
 * clock (re-entrant). A clock and its {@link #withZone} copies share the same instant and the same due work.
 * Needs no test framework.
 */
public final class ManualClock extends Clock {
  /** How many due tasks one {@link #advance} runs before it concludes that a task reschedules itself forever. */
  public static final int MAX_TASKS_PER_ADVANCE = 100_000;

  private final ZoneId zone;
  private final Shared shared;

  /** Work that becomes due at instants of this clock: schedulers, fakes with delayed events. */
  interface Timeline {
    /** @return the earliest due instant of pending work, or null when there is none */
    Instant nextDue();

    /**
     * Runs the earliest pending work if it is due at {@code now}.
     *
     * @param now the clock's instant
     * @return whether something ran
     */
    boolean runNext(Instant now);
  }

  private static final class Shared {
    volatile Instant now;
    final List<Timeline> timelines = new CopyOnWriteArrayList<>();
    final ReentrantLock advancing = new ReentrantLock();

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
   * A clock standing at an ISO-8601 instant such as {@code "2026-11-28T09:00:00Z"}, in UTC.
   *
   * @param isoInstant the start
   * @return the clock
   * @throws java.time.format.DateTimeParseException when the text is not an instant
   */
  public static ManualClock at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  /**
   * Moves time forward, running everything tied to this clock that falls due on the way, in due-time order (see
   * the class description).
   *
   * @param duration zero or positive; zero runs what is already due
   * @return this clock
   * @throws IllegalArgumentException when duration is negative
   * @throws IllegalStateException when more than {@value #MAX_TASKS_PER_ADVANCE} tasks ran in this call
   */
  public ManualClock advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time only moves forward (was " + duration + ")");
    }
    shared.advancing.lock();
    try {
      Instant target = shared.now.plus(duration);
      int ran = 0;
      while (true) {
        Timeline next = null;
        Instant nextDue = null;
        for (Timeline t : shared.timelines) {
          Instant due = t.nextDue();
          if (due != null && !due.isAfter(target) && (nextDue == null || due.isBefore(nextDue))) {
            next = t;
            nextDue = due;
          }
        }
        if (next == null) {
          break;
        }
        if (nextDue.isAfter(shared.now)) {
          shared.now = nextDue;
        }
        if (next.runNext(shared.now) && ++ran > MAX_TASKS_PER_ADVANCE) {
          throw new IllegalStateException("more than " + MAX_TASKS_PER_ADVANCE + " tasks ran while advancing to " + target
              + "; a task probably reschedules itself without delay");
        }
      }
      if (target.isAfter(shared.now)) {
        shared.now = target;
      }
    } finally {
      shared.advancing.unlock();
    }
    return this;
  }

  /**
   * Moves time forward to an instant, running due work on the way like {@link #advance}.
   *
   * @param instant not before the current instant
   * @return this clock
   * @throws IllegalArgumentException when instant is before the current instant
   */
  public ManualClock advanceTo(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    shared.advancing.lock();
    try {
      Duration d = Duration.between(shared.now, instant);
      if (d.isNegative()) {
        throw new IllegalArgumentException("time only moves forward: " + instant + " is before " + shared.now);
      }
      return advance(d);
    } finally {
      shared.advancing.unlock();
    }
  }

  void register(Timeline timeline) {
    shared.timelines.add(timeline);
  }

  void unregister(Timeline timeline) {
    shared.timelines.remove(timeline);
  }

  /** @return the zone; UTC unless made with {@link #withZone} */
  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * A view of this clock in another zone, sharing its instant and due work.
   *
   * @param zone the zone
   * @return the view
   */
  @Override
  public Clock withZone(ZoneId zone) {
    return new ManualClock(shared, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public Instant instant() {
    return shared.now;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ManualClock && ((ManualClock) o).shared == shared && ((ManualClock) o).zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(shared) * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "ManualClock{" + shared.now + (zone.equals(ZoneOffset.UTC) ? "" : " " + zone) + "}";
  }
}
