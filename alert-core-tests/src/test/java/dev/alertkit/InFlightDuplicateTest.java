package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A duplicate of an alert still in flight joins its outcome (issue #21, item 10). */
class InFlightDuplicateTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final FakeProvider sms = FakeProvider.of("fake-sms", Channel.SMS);
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").build();

  @AfterEach
  void stop() {
    sms.recover();
    pool.shutdownNow();
  }

  private AlertClient client() {
    return AlertClient.builder().provider(sms).clock(clock).scheduler(scheduler).executor(pool).resilience(Resilience.none())
        .dedup(Dedup.window(Duration.ofMinutes(10))).build();
  }

  private Alert alert(String id) {
    return Alert.builder().id(id).severity(Severity.CRITICAL).title("disk full").recipient(alice).channels(Channel.SMS)
        .dedupKey("disk:db-1").createdAt(clock).build();
  }

  private static DispatchReport get(CompletableFuture<DispatchReport> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void duplicateOfAnOriginalThatFailsIsSentItself() throws Exception {
    // Given an original whose SMS is in flight and will fail
    sms.failWhen(m -> m.alert().id().equals("a-1"), Failure.permanent(Failure.Fault.PROVIDER, "account suspended").build());
    sms.hang();
    try (AlertClient client = client()) {
      CompletableFuture<DispatchReport> original = client.sendAsync(alert("a-1"));
      assertThat(sms.awaitHanging(1, Duration.ofSeconds(20))).isTrue();

      // When a duplicate arrives while it is in flight
      CompletableFuture<DispatchReport> duplicate = client.sendAsync(alert("a-2"));
      assertThat(duplicate).isNotDone();

      // And the original then fails
      sms.recover();

      // Then the duplicate was not lost: it was sent in its own right
      assertThat(get(original).outcome("alice")).isEqualTo(Outcome.FAILED);
      assertThat(get(duplicate).outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      assertThat(sms.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void duplicateOfAnOriginalThatIsSentIsSuppressedWithATrueReason() throws Exception {
    // Given an original whose SMS is in flight and will be accepted
    sms.hang();
    try (AlertClient client = client()) {
      CompletableFuture<DispatchReport> original = client.sendAsync(alert("a-1"));
      assertThat(sms.awaitHanging(1, Duration.ofSeconds(20))).isTrue();
      CompletableFuture<DispatchReport> duplicate = client.sendAsync(alert("a-2"));

      // When the original is accepted
      sms.recover();

      // Then the duplicate is suppressed, naming the original and when it reached its recipients
      assertThat(get(original).outcome("alice")).isEqualTo(Outcome.ACCEPTED);
      DispatchReport dup = get(duplicate);
      assertThat(dup.outcome("alice")).isEqualTo(Outcome.SUPPRESSED);
      assertThat(dup.recipient("alice").reason()).hasValueSatisfying(r ->
          assertThat(r).contains("(alert a-1)").contains("in flight when this one arrived").contains("reached its recipients"));
      assertThat(sms.requestCount()).isEqualTo(1);

      // And a later duplicate within the window is suppressed as sent
      DispatchReport later = client.send(alert("a-3"));
      assertThat(later.recipient("alice").reason()).hasValueSatisfying(r ->
          assertThat(r).contains("(alert a-1)").contains("last sent at"));
    }
  }
}
