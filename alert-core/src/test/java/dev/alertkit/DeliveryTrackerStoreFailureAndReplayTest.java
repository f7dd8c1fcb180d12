package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import dev.alertkit.internal.InMemoryDeliveryStore;
import dev.alertkit.spi.DeliveryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A failed store update leaves the event retryable; acknowledgements apply only to tracked, recent attempts. */
class DeliveryTrackerStoreFailureAndReplayTest {
  private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");


  private final List<DeliveryEvent> heard = Collections.synchronizedList(new ArrayList<>());
  private final AlertListener listener = event -> {
    if (event instanceof dev.alertkit.event.DeliveryUpdated u) {
      heard.add(u.delivery());
    }
  };

  static Attempt call(String attemptId, String sid, Instant at) {
    return new Attempt(attemptId, Channel.VOICE, 0, "twilio-voice", "+14155550100", true, Optional.of(sid), Optional.of("queued"),
        Optional.empty(), 1, false, Optional.empty(), at, at);
  }

  /** The store's next update fails (the database is down for a moment), the ones after it work. */
  static void failNextUpdate(DeliveryStore store) {
    doThrow(new IllegalStateException("database unavailable")).doCallRealMethod().when(store).update(anyString(), any());
  }

  static DeliveryEvent pressOne(String attemptId, String sid, Instant at) {
    return new DeliveryEvent(Optional.of("a-1"), Optional.of("alice"), Optional.of(attemptId), Optional.of(Channel.VOICE),
        "twilio-voice", sid, DeliveryStatus.ACKNOWLEDGED, "digits:1", Optional.empty(), Optional.empty(), at);
  }

  @Test
  void pressOneIsAppliedWhenTheProviderRetriesAfterTheStoreFailedOnce() {
    // Given a tracked call and a store that fails the next update
    DeliveryStore store = spy(new InMemoryDeliveryStore(100, 100));
    DeliveryTracker tracker = DeliveryTracker.builder().store(store).listener(listener).build();
    tracker.track("a-1", "alice", call("at-1", "CA1", T0));
    failNextUpdate(store);

    // When "press 1" arrives, the store fails (the webhook answers 500), and the provider retries the same request
    assertThatThrownBy(() -> tracker.record(pressOne("at-1", "CA1", T0.plusSeconds(20)), "twilio-idempotency:tok-1"))
        .hasMessage("database unavailable");
    DeliveryTracker.Result retry = tracker.record(pressOne("at-1", "CA1", T0.plusSeconds(25)), "twilio-idempotency:tok-1");

    // Then the retry acknowledges the call, and the listener heard it once
    assertThat(retry.kind()).isEqualTo(DeliveryTracker.Kind.APPLIED);
    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.ACKNOWLEDGED);
    assertThat(heard).extracting(DeliveryEvent::status).containsExactly(DeliveryStatus.ACKNOWLEDGED);
    // And a third copy is a duplicate
    assertThat(tracker.record(pressOne("at-1", "CA1", T0.plusSeconds(30)), "twilio-idempotency:tok-1").kind())
        .isEqualTo(DeliveryTracker.Kind.DUPLICATE);
  }

  @Test
  void statusEventWithoutEventIdIsAlsoRetryableAfterAFailedUpdate() {
    DeliveryStore store = spy(new InMemoryDeliveryStore(100, 100));
    DeliveryTracker tracker = DeliveryTracker.builder().store(store).listener(listener).build();
    tracker.track("a-1", "alice", call("at-1", "CA1", T0));
    failNextUpdate(store);
    DeliveryEvent completed = new DeliveryEvent(Optional.empty(), Optional.empty(), Optional.of("at-1"), Optional.of(Channel.VOICE),
        "twilio-voice", "CA1", DeliveryStatus.DELIVERED, "completed", Optional.empty(), Optional.empty(), T0.plusSeconds(60));

    assertThatThrownBy(() -> tracker.record(completed)).isInstanceOf(IllegalStateException.class);
    assertThat(tracker.record(completed).kind()).isEqualTo(DeliveryTracker.Kind.APPLIED);
    assertThat(tracker.record(completed).kind()).isEqualTo(DeliveryTracker.Kind.DUPLICATE);
  }

  @Test
  void replayedPressOneAfterEvictionCreatesNoFreshAcknowledgedState() {
    // Given a store that keeps one attempt and one dedup key, and a call acknowledged at T0
    DeliveryTracker tracker = DeliveryTracker.builder().store(new InMemoryDeliveryStore(1, 1)).listener(listener).build();
    tracker.track("a-1", "alice", call("at-old", "CA1", T0));
    assertThat(tracker.record(pressOne("at-old", "CA1", T0.plusSeconds(20)), "twilio-idempotency:tok-1").kind())
        .isEqualTo(DeliveryTracker.Kind.APPLIED);
    // And a later call and its acknowledgement that evicted both the old attempt and the old dedup key
    tracker.track("a-2", "alice", call("at-new", "CA2", T0.plusSeconds(60)));
    tracker.record(pressOne("at-new", "CA2", T0.plusSeconds(80)), "twilio-idempotency:tok-2");
    assertThat(tracker.attempt("at-old")).isEmpty();

    // When the captured first acknowledgement (it carries our alert, recipient and attempt ids) is replayed
    DeliveryTracker.Result replay = tracker.record(pressOne("at-old", "CA1", T0.plusSeconds(120)), "twilio-idempotency:tok-1");

    // Then it is refused: no state is created for it and the listener heard only the two real acknowledgements
    assertThat(replay.kind()).isEqualTo(DeliveryTracker.Kind.REFUSED);
    assertThat(tracker.attempt("at-old")).isEmpty();
    assertThat(heard).hasSize(2);
  }

  @Test
  void acknowledgementOlderThanTheHorizonIsRefused() {
    DeliveryTracker tracker = DeliveryTracker.builder().listener(listener).acknowledgementHorizon(Duration.ofHours(1)).build();
    tracker.track("a-1", "alice", call("at-1", "CA1", T0));

    DeliveryTracker.Result late = tracker.record(pressOne("at-1", "CA1", T0.plus(Duration.ofMinutes(61))), "twilio-idempotency:x");

    assertThat(late.kind()).isEqualTo(DeliveryTracker.Kind.REFUSED);
    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);
    assertThat(heard).isEmpty();
    assertThat(tracker.record(pressOne("at-1", "CA1", T0.plus(Duration.ofMinutes(59))), "twilio-idempotency:y").kind())
        .isEqualTo(DeliveryTracker.Kind.APPLIED);
  }

  @Test
  void acknowledgementForAnUntrackedAttemptCreatesNoState() {
    DeliveryTracker tracker = DeliveryTracker.builder().listener(listener).build();

    DeliveryTracker.Result r = tracker.record(pressOne("at-gone", "CA9", T0), "twilio-idempotency:z");

    assertThat(r.kind()).isEqualTo(DeliveryTracker.Kind.REFUSED);
    assertThat(tracker.attempt("at-gone")).isEmpty();
    assertThat(tracker.status("a-1", "alice")).isEmpty();
    assertThat(heard).isEmpty();
  }

  @Test
  void horizonIsValidated() {
    assertThatThrownBy(() -> DeliveryTracker.builder().acknowledgementHorizon(Duration.ofSeconds(59)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("acknowledgementHorizon: must be between 1 minute and 30 days (was PT59S)");
    assertThatThrownBy(() -> DeliveryTracker.builder().acknowledgementHorizon(null)).hasMessage("acknowledgementHorizon: is required");
  }
}
