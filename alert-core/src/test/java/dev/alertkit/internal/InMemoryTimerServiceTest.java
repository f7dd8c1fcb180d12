package dev.alertkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.spi.TimerEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The default timer service: timers are data, fire on the executor, cancel and replace win over a pending fire. */
class InMemoryTimerServiceTest {
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "test-scheduler"));
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-executor"));
  private final InMemoryTimerService timers = new InMemoryTimerService(clock, scheduler, executor);

  InMemoryTimerServiceTest() {
    scheduler.setRemoveOnCancelPolicy(true); // as the client's own scheduler: a cancelled timer holds no memory
  }

  @AfterEach
  void stop() {
    timers.close();
    scheduler.shutdownNow();
    executor.shutdownNow();
  }

  @Test
  void firesADueTimerOnTheExecutorNotTheScheduler() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    timers.register("step", t -> {
      seen.add(t.key() + ":" + t.payload() + "@" + Thread.currentThread().getName());
      fired.countDown();
    });
    timers.start();

    timers.schedule(new TimerEntry("step", "incident-1/0", NOW, "{\"step\":0}"));

    assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactly("incident-1/0:{\"step\":0}@test-executor");
    assertThat(timers.pending()).isZero();
  }

  @Test
  void aCancelledTimerNeverFires() throws Exception {
    List<TimerEntry> fired = new CopyOnWriteArrayList<>();
    timers.register("step", fired::add);
    timers.start();
    timers.schedule(new TimerEntry("step", "k", NOW.plusSeconds(3600), ""));
    assertThat(timers.find("step", "k")).isPresent();

    assertThat(timers.cancel("step", "k")).isTrue();
    assertThat(timers.cancel("step", "k")).isFalse();

    assertThat(timers.pending()).isZero();
    assertThat(timers.find("step", "k")).isEmpty();
    assertThat(scheduler.getQueue()).isEmpty();
    assertThat(fired).isEmpty();
  }

  @Test
  void schedulingTheSameKeyReplacesThePendingTimer() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    List<String> payloads = new CopyOnWriteArrayList<>();
    timers.register("step", t -> {
      payloads.add(t.payload());
      fired.countDown();
    });
    timers.start();

    timers.schedule(new TimerEntry("step", "k", NOW.plusSeconds(3600), "old"));
    timers.schedule(new TimerEntry("step", "k", NOW, "new"));

    assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(payloads).containsExactly("new");
    assertThat(scheduler.getQueue()).isEmpty();
  }

  @Test
  void rejectsUnknownKindsLateRegistrationAndUseAfterClose() {
    timers.register("step", t -> {});
    timers.start();

    assertThatThrownBy(() -> timers.schedule(new TimerEntry("other", "k", NOW, "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timer kind other");
    assertThatThrownBy(() -> timers.register("late", t -> {}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("before start()");

    timers.schedule(new TimerEntry("step", "k", NOW.plusSeconds(60), ""));
    timers.close();
    assertThat(timers.pending()).isZero();
    assertThatThrownBy(() -> timers.schedule(new TimerEntry("step", "k2", NOW, "")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void timerEntryNamesTheFieldThatIsWrong() {
    assertThatThrownBy(() -> new TimerEntry(" ", "k", NOW, "")).hasMessageStartingWith("kind must be");
    assertThatThrownBy(() -> new TimerEntry("s", "k".repeat(257), NOW, "")).hasMessageStartingWith("key must be");
    assertThatThrownBy(() -> new TimerEntry("s", "k", NOW, "x".repeat(TimerEntry.MAX_PAYLOAD + 1)))
        .hasMessageStartingWith("payload must be");
  }
}
