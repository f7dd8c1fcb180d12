package dev.alertkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualClockAndSchedulerTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final List<String> log = new ArrayList<>();

  private Runnable note(String what) {
    return () -> log.add(what + "@" + clock.instant());
  }

  @Test
  void clockMovesOnlyWhenAdvancedAndNeverBackwards() {
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
    clock.advance(Duration.ofMinutes(90));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-28T10:30:00Z"));
    clock.advanceTo(Instant.parse("2026-11-28T11:00:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-11-28T11:00:00Z").toEpochMilli());
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("time only moves forward (was PT-1S)");
    assertThatThrownBy(() -> clock.advanceTo(Instant.parse("2026-11-28T10:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is before");
  }

  @Test
  void zonedViewsShareTimeAndScheduledWork() {
    ManualClock kolkata = (ManualClock) clock.withZone(ZoneId.of("Asia/Kolkata"));
    scheduler.schedule(note("task"), 1, TimeUnit.HOURS);
    kolkata.advance(Duration.ofHours(1));
    assertThat(clock.instant()).isEqualTo(kolkata.instant());
    assertThat(kolkata.getZone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
    assertThat(log).containsExactly("task@2026-11-28T10:00:00Z");
    assertThat(kolkata.toString()).isEqualTo("ManualClock{2026-11-28T10:00:00Z Asia/Kolkata}");
  }

  @Test
  void advanceRunsDueTasksInDueOrderAtTheirDueTime() {
    scheduler.schedule(note("third"), 30, TimeUnit.MINUTES);
    scheduler.schedule(note("first"), 10, TimeUnit.MINUTES);
    scheduler.schedule(note("second"), 20, TimeUnit.MINUTES);
    scheduler.schedule(note("later"), 2, TimeUnit.HOURS);

    clock.advance(Duration.ofHours(1));

    assertThat(log).containsExactly("first@2026-11-28T09:10:00Z", "second@2026-11-28T09:20:00Z", "third@2026-11-28T09:30:00Z");
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    assertThat(scheduler.pendingDueTimes()).containsExactly(Instant.parse("2026-11-28T11:00:00Z"));
  }

  @Test
  void tiesRunInSchedulingOrder() {
    for (String name : List.of("a", "b", "c")) {
      scheduler.schedule(note(name), 5, TimeUnit.SECONDS);
    }
    clock.advance(Duration.ofSeconds(5));
    assertThat(log).extracting(s -> s.substring(0, 1)).containsExactly("a", "b", "c");
  }

  @Test
  void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
    // Given a task that schedules a retry 15 minutes after it runs, which schedules another
    scheduler.schedule(() -> {
      note("deferred send").run();
      scheduler.schedule(() -> {
        note("retry").run();
        scheduler.schedule(note("too late"), 1, TimeUnit.HOURS);
      }, 15, TimeUnit.MINUTES);
    }, 30, TimeUnit.MINUTES);
    scheduler.schedule(note("in between"), 40, TimeUnit.MINUTES);

    // When the clock advances by an hour
    clock.advance(Duration.ofHours(1));

    // Then both ran, interleaved by due time; the third falls outside the hour
    assertThat(log).containsExactly("deferred send@2026-11-28T09:30:00Z", "in between@2026-11-28T09:40:00Z", "retry@2026-11-28T09:45:00Z");
    assertThat(scheduler.pendingCount()).isEqualTo(1);
  }

  @Test
  void zeroAdvanceAndRunDueRunWhatIsAlreadyDue() {
    scheduler.schedule(note("now"), 0, TimeUnit.SECONDS);
    assertThat(scheduler.runDue()).isEqualTo(1);
    scheduler.schedule(note("now again"), -5, TimeUnit.SECONDS);
    clock.advance(Duration.ZERO);
    assertThat(log).containsExactly("now@2026-11-28T09:00:00Z", "now again@2026-11-28T09:00:00Z");
  }

  @Test
  void executeRunsOnTheCallingThreadAtOnce() throws Exception {
    scheduler.execute(note("exec"));
    assertThat(scheduler.submit(() -> "done").get()).isEqualTo("done");
    assertThat(log).containsExactly("exec@2026-11-28T09:00:00Z");
  }

  @Test
  void futuresReportResultsFailuresAndCancellation() throws Exception {
    ScheduledFuture<String> ok = scheduler.schedule(() -> "result", 1, TimeUnit.SECONDS);
    ScheduledFuture<String> boom = scheduler.schedule(() -> {
      throw new IllegalStateException("boom");
    }, 1, TimeUnit.SECONDS);
    ScheduledFuture<?> cancelled = scheduler.schedule(note("never"), 1, TimeUnit.SECONDS);
    assertThat(ok.getDelay(TimeUnit.MILLISECONDS)).isEqualTo(1000);
    assertThat(cancelled.cancel(false)).isTrue();

    clock.advance(Duration.ofSeconds(1));

    assertThat(ok.get()).isEqualTo("result");
    assertThatThrownBy(boom::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("boom");
    assertThat(cancelled.isCancelled()).isTrue();
    assertThat(log).isEmpty();
  }

  @Test
  void periodicTasksRunOncePerPeriodReached() {
    ScheduledFuture<?> rate = scheduler.scheduleAtFixedRate(note("rate"), 10, 10, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(note("delay"), 0, 25, TimeUnit.SECONDS);

    clock.advance(Duration.ofSeconds(30));
    rate.cancel(false);
    clock.advance(Duration.ofSeconds(30));

    assertThat(log).containsExactly("delay@2026-11-28T09:00:00Z", "rate@2026-11-28T09:00:10Z", "rate@2026-11-28T09:00:20Z",
        "delay@2026-11-28T09:00:25Z", "rate@2026-11-28T09:00:30Z", "delay@2026-11-28T09:00:50Z");
    assertThatThrownBy(() -> scheduler.scheduleAtFixedRate(note("x"), 0, 0, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runawayTasksAreStoppedWithAClearMessage() {
    Runnable[] again = new Runnable[1];
    again[0] = () -> scheduler.schedule(again[0], 0, TimeUnit.SECONDS);
    scheduler.schedule(again[0], 0, TimeUnit.SECONDS);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reschedules itself without delay");
    scheduler.shutdownNow();
  }

  @Test
  void shutdownRejectsNewTasksAndShutdownNowCancelsWaitingOnes() {
    ScheduledFuture<?> waiting = scheduler.schedule(note("w"), 1, TimeUnit.MINUTES);
    scheduler.shutdownNow();
    assertThat(waiting.isCancelled()).isTrue();
    assertThat(scheduler.isShutdown()).isTrue();
    assertThat(scheduler.isTerminated()).isTrue();
    assertThat(scheduler.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> scheduler.schedule(note("x"), 1, TimeUnit.SECONDS)).isInstanceOf(RejectedExecutionException.class);
    clock.advance(Duration.ofMinutes(5));
    assertThat(log).isEmpty();
  }

  @Test
  void severalSchedulersOnOneClockInterleaveByDueTime() {
    ManualScheduler other = ManualScheduler.on(clock);
    scheduler.schedule(note("s1"), 2, TimeUnit.SECONDS);
    other.schedule(note("o1"), 1, TimeUnit.SECONDS);
    scheduler.schedule(note("s3"), 3, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(3));
    assertThat(log).extracting(s -> s.substring(0, 2)).containsExactly("o1", "s1", "s3");
    assertThat(other.clock()).isSameAs(clock);
  }
}
