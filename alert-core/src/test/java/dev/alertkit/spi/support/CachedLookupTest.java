package dev.alertkit.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.CachedLookup.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link CachedLookup}: expiry on the caller's clock, single flight, the pause after a failure, the bound. */
class CachedLookupTest {
  private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
  private static final long WAIT_SECONDS = 10;

  /** A remote service that answers "landline" for every key and counts its calls. */
  private final AtomicInteger calls = new AtomicInteger();
  private final Function<String, Answer<String>> remote = key -> {
    calls.incrementAndGet();
    return Answer.of("landline:" + key);
  };

  private static CachedLookup<String, String> lookup(Duration cacheFor) {
    return CachedLookup.<String, String>builder().cacheFor(cacheFor).pauseAfterFailure(Duration.ofMinutes(1)).build();
  }

  @Test
  void answersAreServedFromTheCacheWithinTheirTime() {
    // Given an answer cached for ten minutes
    CachedLookup<String, String> lookup = lookup(Duration.ofMinutes(10));
    assertThat(lookup.get("+14155550150", T0, remote)).contains("landline:+14155550150");

    // When the key is asked again until just before the ten minutes are up
    Optional<String> again = lookup.get("+14155550150", T0.plus(Duration.ofMinutes(10)).minusNanos(1), remote);

    // Then the cached answer is served and the remote service was called once
    assertThat(again).contains("landline:+14155550150");
    assertThat(calls).hasValue(1);
  }

  @Test
  void answersExpireAfterTheirTimeOnTheCallersClock() {
    // Given an answer cached for ten minutes at T0
    CachedLookup<String, String> lookup = lookup(Duration.ofMinutes(10));
    lookup.get("+14155550150", T0, remote);

    // When the caller's clock reads T0 + 10 minutes (however much real time has passed)
    lookup.get("+14155550150", T0.plus(Duration.ofMinutes(10)), remote);

    // Then the key is loaded again
    assertThat(calls).hasValue(2);
  }

  @Test
  void anAnswerWithATimeOfItsOwnExpiresThen() {
    // Given a remote that cannot tell for one key: ask again after a minute; the others keep their answer for a day
    CachedLookup<String, String> lookup = lookup(Duration.ofDays(1));
    Function<String, Answer<String>> unsure = key -> {
      calls.incrementAndGet();
      return key.equals("unknown") ? Answer.of("unknown", Duration.ofMinutes(1)) : Answer.of("mobile");
    };
    lookup.get("unknown", T0, unsure);
    lookup.get("known", T0, unsure);

    // When both are asked two minutes later
    assertThat(lookup.get("unknown", T0.plus(Duration.ofMinutes(2)), unsure)).contains("unknown");
    assertThat(lookup.get("known", T0.plus(Duration.ofMinutes(2)), unsure)).contains("mobile");

    // Then only the unsure key was loaded again
    assertThat(calls).hasValue(3);
  }

  @Test
  void concurrentCallsForOneKeyMakeOneRemoteCall() throws Exception {
    // Given a remote call in progress for a key, and four more calls for the key waiting for it
    Queue<Optional<String>> results = concurrentCalls(Answer.of("mobile"));

    // Then all five got its answer, from one remote call
    assertThat(results).hasSize(5).containsOnly(Optional.of("mobile"));
    assertThat(calls).hasValue(1);
  }

  @Test
  void callsWaitingForAFailedLookupGetNoAnswerAndMakeNoCall() throws Exception {
    // Given a remote call in progress that will fail, and four more calls for the key waiting for it
    Queue<Optional<String>> results = concurrentCalls(Answer.failed());

    // Then none of the five has an answer, and the waiting ones did not call the remote service (it is paused)
    assertThat(results).hasSize(5).containsOnly(Optional.empty());
    assertThat(calls).hasValue(1);
  }

  @Test
  void aFailureCachesNothingAndPausesEveryKeyForThePause() {
    // Given a lookup that failed for one key at T0 (pause: one minute)
    CachedLookup<String, String> lookup = lookup(Duration.ofHours(1));
    Function<String, Answer<String>> down = key -> {
      calls.incrementAndGet();
      return Answer.failed();
    };
    assertThat(lookup.get("+14155550150", T0, down)).isEmpty();

    // When the same and another key are asked during the pause
    Instant during = T0.plus(Duration.ofMinutes(1)).minusNanos(1);
    Optional<String> same = lookup.get("+14155550150", during, remote);
    Optional<String> other = lookup.get("+14155550151", during, remote);

    // Then neither is loaded and there is no answer; when the pause is over, lookups resume (nothing was cached)
    assertThat(same).isEmpty();
    assertThat(other).isEmpty();
    assertThat(calls).hasValue(1);
    assertThat(lookup.get("+14155550150", T0.plus(Duration.ofMinutes(1)), remote)).contains("landline:+14155550150");
    assertThat(calls).hasValue(2);
  }

  @Test
  void cachedAnswersAreStillServedDuringAPause() {
    // Given a cached answer, then a failure for another key
    CachedLookup<String, String> lookup = lookup(Duration.ofHours(1));
    lookup.get("+14155550150", T0, remote);
    lookup.get("+14155550151", T0, key -> Answer.failed());

    // When the cached key is asked during the pause
    Optional<String> cached = lookup.get("+14155550150", T0.plusSeconds(1), remote);

    // Then its answer is served
    assertThat(cached).contains("landline:+14155550150");
    assertThat(calls).hasValue(1);
  }

  @Test
  void cacheIsBoundedAndForgetsTheAnswerStoredLongestAgo() {
    // Given room for two answers: a (cached for one minute) and b
    CachedLookup<String, String> lookup = CachedLookup.<String, String>builder().cacheFor(Duration.ofHours(1)).maxEntries(2).build();
    lookup.get("a", T0, key -> {
      calls.incrementAndGet();
      return Answer.of("a", Duration.ofMinutes(1));
    });
    lookup.get("b", T0, remote);

    // When a expires and is loaded again (a refreshed answer counts as new), then c is stored
    Instant later = T0.plus(Duration.ofMinutes(2));
    lookup.get("a", later, remote);
    lookup.get("c", later, remote);
    assertThat(calls).hasValue(4);

    // Then b, stored longest ago, was forgotten; a and c are still cached
    lookup.get("a", later, remote);
    lookup.get("c", later, remote);
    assertThat(calls).hasValue(4);
    lookup.get("b", later, remote);
    assertThat(calls).hasValue(5);
  }

  @Test
  void aLoaderThatThrowsCachesNothingAndStartsNoPause() {
    // Given a loader with a bug
    CachedLookup<String, String> lookup = lookup(Duration.ofHours(1));
    Function<String, Answer<String>> buggy = key -> {
      throw new IllegalStateException("bug in the loader");
    };

    // When it throws, the caller sees the exception
    assertThatThrownBy(() -> lookup.get("+14155550150", T0, buggy)).isInstanceOf(IllegalStateException.class);

    // Then the next call at the same instant loads the key
    assertThat(lookup.get("+14155550150", T0, remote)).contains("landline:+14155550150");
    assertThat(calls).hasValue(1);
  }

  @Test
  void aClosedLookupForgetsItsAnswersAndNeverLoads() {
    // Given a cached answer
    CachedLookup<String, String> lookup = lookup(Duration.ofHours(1));
    lookup.get("+14155550150", T0, remote);

    // When the lookup is closed (twice: idempotent)
    lookup.close();
    lookup.close();

    // Then no key has an answer and the remote service is not called again
    assertThat(lookup.get("+14155550150", T0, remote)).isEmpty();
    assertThat(lookup.get("+14155550151", T0, remote)).isEmpty();
    assertThat(calls).hasValue(1);
    assertThat(lookup).hasToString("CachedLookup{cacheFor=PT1H, pauseAfterFailure=PT1M, maxEntries=100000, closed}");
  }

  @Test
  void builderAndAnswersRejectBadValuesNamingTheField() {
    assertThatThrownBy(() -> CachedLookup.builder().cacheFor(Duration.ZERO))
        .isInstanceOf(ValidationException.class).hasMessageContaining("cachedLookup.cacheFor");
    assertThatThrownBy(() -> CachedLookup.builder().cacheFor(Duration.ofDays(3651)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("cachedLookup.cacheFor");
    assertThatThrownBy(() -> CachedLookup.builder().pauseAfterFailure(null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("cachedLookup.pauseAfterFailure");
    assertThatThrownBy(() -> CachedLookup.builder().maxEntries(0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("cachedLookup.maxEntries");
    assertThatThrownBy(() -> Answer.of("x", Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Answer.of(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> lookup(Duration.ofHours(1)).get("k", T0, key -> null)).isInstanceOf(NullPointerException.class);
  }

  /**
   * One call for a key enters the loader and holds there; four more calls for the key start and are seen waiting
   * (blocked on the key's stripe); then the loader returns {@code answer}.
   *
   * @return what each of the five calls got
   */
  private Queue<Optional<String>> concurrentCalls(Answer<String> answer) throws InterruptedException {
    CachedLookup<String, String> lookup = lookup(Duration.ofHours(1));
    CountDownLatch inLoader = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Function<String, Answer<String>> slow = key -> {
      calls.incrementAndGet();
      inLoader.countDown();
      try {
        assertThat(release.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("released within the bound").isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return answer;
    };
    Queue<Optional<String>> results = new ConcurrentLinkedQueue<>();
    Thread first = new Thread(() -> results.add(lookup.get("+14155550150", T0, slow)), "first");
    first.start();
    assertThat(inLoader.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("first call in the loader").isTrue();

    List<Thread> waiting = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t = new Thread(() -> results.add(lookup.get("+14155550150", T0, slow)), "waiting-" + i);
      waiting.add(t);
      t.start();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!waiting.stream().allMatch(t -> t.getState() == Thread.State.BLOCKED)) {
      assertThat(System.nanoTime()).as("the waiting calls block on the key's stripe in time").isLessThan(deadline);
      Thread.yield();
    }

    release.countDown();
    first.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    for (Thread t : waiting) {
      t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }
    assertThat(first.isAlive()).isFalse();
    assertThat(waiting).noneMatch(Thread::isAlive);
    return results;
  }
}
