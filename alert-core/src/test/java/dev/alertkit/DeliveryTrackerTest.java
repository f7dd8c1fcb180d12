package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.internal.InMemoryDeliveryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tracker's forward-only state machine, correlation, deduplication, listener calls and store bound. */
class DeliveryTrackerTest {
  private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");

  private final List<DeliveryEvent> heard = Collections.synchronizedList(new ArrayList<>());
  private final AlertListener listener = event -> {
    if (event instanceof dev.alertkit.event.DeliveryUpdated) {
      heard.add(((dev.alertkit.event.DeliveryUpdated) event).delivery());
    }
  };
  private final DeliveryTracker tracker = DeliveryTracker.builder().listener(listener).build();

  static Attempt accepted(String attemptId, Channel channel, String provider, String messageId) {
    return new Attempt(attemptId, channel, 0, provider, "+14155550100", true, Optional.of(messageId), Optional.of("queued"),
        Optional.empty(), 1, false, Optional.empty(), T0, T0);
  }

  static DeliveryEvent event(String messageId, DeliveryStatus status, String raw) {
    return new DeliveryEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Channel.SMS), "twilio-sms",
        messageId, status, raw, Optional.empty(), Optional.empty(), T0.plusSeconds(1));
  }

  @Test
  void deliveredBeforeSentEndsDelivered() {
    // Given an accepted SMS
    tracker.track("a-1", "alice", accepted("at-1", Channel.SMS, "twilio-sms", "SM1"));

    // When delivered arrives before sent
    DeliveryTracker.Result delivered = tracker.record(event("SM1", DeliveryStatus.DELIVERED, "delivered"));
    DeliveryTracker.Result sent = tracker.record(event("SM1", DeliveryStatus.SENT, "sent"));

    // Then the state stays DELIVERED and the listener heard only the forward move
    assertThat(delivered.kind()).isEqualTo(DeliveryTracker.Kind.APPLIED);
    assertThat(sent.kind()).isEqualTo(DeliveryTracker.Kind.NOT_APPLIED);
    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(heard).extracting(DeliveryEvent::status).containsExactly(DeliveryStatus.DELIVERED);
    DeliveryEvent e = heard.get(0);
    assertThat(e.isCorrelated()).isTrue();
    assertThat(e.alertId()).contains("a-1");
    assertThat(e.recipientId()).contains("alice");
    assertThat(e.attemptId()).contains("at-1");
  }

  @Test
  void duplicateEventIsIgnoredAndHeardOnce() {
    tracker.track("a-1", "alice", accepted("at-1", Channel.SMS, "twilio-sms", "SM1"));

    tracker.record(event("SM1", DeliveryStatus.SENT, "sent"));
    DeliveryTracker.Result again = tracker.record(event("SM1", DeliveryStatus.SENT, "sent"));

    assertThat(again.kind()).isEqualTo(DeliveryTracker.Kind.DUPLICATE);
    assertThat(heard).hasSize(1);
  }

  @Test
  void lateFailureAfterDeliveredWinsAndIsFinal() {
    tracker.track("a-1", "alice", accepted("at-1", Channel.EMAIL, "sendgrid", "X1"));

    tracker.record(event("X1", DeliveryStatus.DELIVERED, "delivered"));
    tracker.record(event("X1", DeliveryStatus.UNDELIVERED, "bounce"));
    tracker.record(event("X1", DeliveryStatus.READ, "open"));
    tracker.record(event("X1", DeliveryStatus.DELIVERED, "delivered-again"));

    DeliveryState s = tracker.attempt("at-1").orElseThrow();
    assertThat(s.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
    assertThat(s.rawStatus()).isEqualTo("bounce");
    assertThat(heard).extracting(DeliveryEvent::status).containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.UNDELIVERED);
  }

  @Test
  void failedIsFinalButAcknowledgedFollowsACompletedCall() {
    tracker.track("a-1", "alice", accepted("at-1", Channel.SMS, "twilio-sms", "SM1"));
    tracker.track("a-1", "alice", accepted("at-2", Channel.VOICE, "twilio-voice", "CA1"));

    tracker.record(event("SM1", DeliveryStatus.FAILED, "failed"));
    tracker.record(event("SM1", DeliveryStatus.DELIVERED, "delivered"));
    tracker.record(event("CA1", DeliveryStatus.COMPLETED, "completed"));
    tracker.record(event("CA1", DeliveryStatus.ACKNOWLEDGED, "digits:1"));

    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(tracker.attempt("at-2").orElseThrow().status()).isEqualTo(DeliveryStatus.ACKNOWLEDGED);
    RecipientStatus alice = tracker.status("a-1", "alice").orElseThrow();
    assertThat(alice.best()).isEqualTo(DeliveryStatus.ACKNOWLEDGED);
    assertThat(alice.isAcknowledged()).isTrue();
    assertThat(alice.isFinal()).isTrue();
  }

  @Test
  void unknownStatusIsKeptRawReportedAndDoesNotMoveState() {
    tracker.track("a-1", "alice", accepted("at-1", Channel.SMS, "twilio-sms", "SM1"));

    DeliveryTracker.Result r = tracker.record(event("SM1", DeliveryStatus.UNKNOWN, "teleported"));

    assertThat(r.kind()).isEqualTo(DeliveryTracker.Kind.NOT_APPLIED);
    assertThat(tracker.attempt("at-1").orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);
    assertThat(heard).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(DeliveryStatus.UNKNOWN);
      assertThat(e.rawStatus()).isEqualTo("teleported");
      assertThat(e.isCorrelated()).isTrue();
    });
  }

  @Test
  void unknownMessageIdIsReportedUncorrelated() {
    DeliveryTracker.Result r = tracker.record(event("SM-nobody", DeliveryStatus.DELIVERED, "delivered"));

    assertThat(r.kind()).isEqualTo(DeliveryTracker.Kind.UNMATCHED);
    assertThat(heard).singleElement().satisfies(e -> assertThat(e.isCorrelated()).isFalse());
  }

  @Test
  void eventCarryingOurIdsBeforeRegistrationIsTrackedAndMergedLater() {
    // Given a callback that outruns the client's own record of the attempt
    DeliveryEvent early = new DeliveryEvent(Optional.of("a-1"), Optional.of("alice"), Optional.of("at-1"), Optional.of(Channel.SMS),
        "twilio-sms", "SM1", DeliveryStatus.SENT, "sent", Optional.empty(), Optional.empty(), T0);
    assertThat(tracker.record(early).kind()).isEqualTo(DeliveryTracker.Kind.APPLIED);
    assertThat(tracker.attempt("at-1").orElseThrow().registered()).isFalse();

    // When the client registers the attempt
    tracker.track("a-1", "alice", accepted("at-1", Channel.SMS, "fake-sms", "SM1"));

    // Then the furthest status is kept and the registration fills in the provider
    DeliveryState s = tracker.attempt("at-1").orElseThrow();
    assertThat(s.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(s.registered()).isTrue();
    assertThat(s.provider()).isEqualTo("fake-sms");
  }

  @Test
  void providerEventIdDeduplicatesInsteadOfStatus() {
    tracker.track("a-1", "alice", accepted("at-1", Channel.EMAIL, "sendgrid", "X1"));

    DeliveryTracker.Result first = tracker.record(event("X1", DeliveryStatus.READ, "open"), "ev-1");
    DeliveryTracker.Result secondOpen = tracker.record(event("X1", DeliveryStatus.READ, "open"), "ev-2");
    DeliveryTracker.Result replay = tracker.record(event("X1", DeliveryStatus.READ, "open"), "ev-1");

    assertThat(first.kind()).isEqualTo(DeliveryTracker.Kind.APPLIED);
    assertThat(secondOpen.kind()).isEqualTo(DeliveryTracker.Kind.NOT_APPLIED);
    assertThat(replay.kind()).isEqualTo(DeliveryTracker.Kind.DUPLICATE);
  }

  @Test
  void sharedMessageIdNeedsOurAttemptId() {
    // One SendGrid mail, two personalizations: one X-Message-Id, two attempts
    tracker.track("a-1", "alice", accepted("at-1", Channel.EMAIL, "sendgrid", "X1"));
    tracker.track("a-1", "bob", accepted("at-2", Channel.EMAIL, "sendgrid", "X1"));

    DeliveryTracker.Result anonymous = tracker.record(event("X1", DeliveryStatus.DELIVERED, "delivered"), "e1");
    DeliveryEvent forBob = new DeliveryEvent(Optional.empty(), Optional.empty(), Optional.of("at-2"), Optional.empty(), "sendgrid",
        "X1", DeliveryStatus.DELIVERED, "delivered", Optional.empty(), Optional.empty(), T0);
    DeliveryTracker.Result bob = tracker.record(forBob, "e2");

    assertThat(anonymous.kind()).isEqualTo(DeliveryTracker.Kind.UNMATCHED);
    assertThat(bob.kind()).isEqualTo(DeliveryTracker.Kind.APPLIED);
    assertThat(tracker.status("a-1", "bob").orElseThrow().best()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(tracker.status("a-1", "alice").orElseThrow().best()).isEqualTo(DeliveryStatus.QUEUED);
  }

  @Test
  void correlatesAcrossManyAlerts() {
    for (int a = 0; a < 300; a++) {
      tracker.track("a-" + a, "alice", accepted("at-" + a + "-sms", Channel.SMS, "twilio-sms", "SM" + a));
      tracker.track("a-" + a, "bob", accepted("at-" + a + "-mail", Channel.EMAIL, "sendgrid", "X" + a));
    }
    for (int a = 299; a >= 0; a--) {
      tracker.record(event("SM" + a, a % 2 == 0 ? DeliveryStatus.DELIVERED : DeliveryStatus.UNDELIVERED, a % 2 == 0 ? "delivered" : "undelivered"));
      if (a % 3 == 0) {
        tracker.record(event("X" + a, DeliveryStatus.READ, "open"), "ev" + a);
      }
    }
    for (int a = 0; a < 300; a++) {
      assertThat(tracker.status("a-" + a, "alice").orElseThrow().best())
          .isEqualTo(a % 2 == 0 ? DeliveryStatus.DELIVERED : DeliveryStatus.UNDELIVERED);
      assertThat(tracker.status("a-" + a, "bob").orElseThrow().best()).isEqualTo(a % 3 == 0 ? DeliveryStatus.READ : DeliveryStatus.QUEUED);
      assertThat(tracker.attempts("a-" + a)).hasSize(2);
    }
    assertThat(heard).allMatch(DeliveryEvent::isCorrelated).hasSize(400);
  }

  @Test
  void inMemoryStoreEvictsOldestBeyondItsBound() {
    DeliveryTracker small = DeliveryTracker.builder().maxEntries(10).listener(listener).build();
    for (int i = 0; i < 25; i++) {
      small.track("a-" + i, "alice", accepted("at-" + i, Channel.SMS, "twilio-sms", "SM" + i));
    }

    assertThat(small.attempt("at-14")).isEmpty();
    assertThat(small.attempt("at-15")).isPresent();
    assertThat(small.attempts("a-3")).isEmpty();
    assertThat(small.record(event("SM3", DeliveryStatus.DELIVERED, "delivered")).kind()).isEqualTo(DeliveryTracker.Kind.UNMATCHED);
    assertThat(small.record(event("SM20", DeliveryStatus.DELIVERED, "delivered")).kind()).isEqualTo(DeliveryTracker.Kind.APPLIED);

    InMemoryDeliveryStore store = new InMemoryDeliveryStore(3, 2);
    DeliveryTracker tiny = DeliveryTracker.builder().store(store).build();
    for (int i = 0; i < 7; i++) {
      tiny.track("a", "r", accepted("at-" + i, Channel.SMS, "p", "M" + i));
      assertThat(store.size()).isLessThanOrEqualTo(3);
    }
    assertThat(tiny.attempts("a")).extracting(DeliveryState::attemptId).containsExactly("at-4", "at-5", "at-6");
    assertThat(tiny.firstSeen("k1")).isTrue();
    assertThat(tiny.firstSeen("k2")).isTrue();
    assertThat(tiny.firstSeen("k3")).isTrue();
    assertThat(tiny.firstSeen("k1")).as("k1 was evicted from the bounded dedup keys").isTrue();
    assertThat(tiny.firstSeen("k3")).isFalse();
  }

  @Test
  void failedAttemptsAreNotTrackedAndSummaryPrefersPendingOverFailed() {
    Attempt failed = new Attempt("at-f", Channel.SMS, 0, "twilio-sms", "+1", false, Optional.empty(), Optional.empty(),
        Optional.of(dev.alertkit.Failure.permanent(dev.alertkit.Failure.Fault.RECIPIENT, "bad").build()), 1, false,
        Optional.empty(), T0, T0);
    tracker.track("a-1", "alice", failed);
    assertThat(tracker.status("a-1", "alice")).isEmpty();

    tracker.track("a-1", "alice", accepted("at-1", Channel.SMS, "twilio-sms", "SM1"));
    tracker.track("a-1", "alice", accepted("at-2", Channel.VOICE, "twilio-voice", "CA1"));
    tracker.record(event("CA1", DeliveryStatus.NO_ANSWER, "no-answer"));
    RecipientStatus s = tracker.status("a-1", "alice").orElseThrow();
    assertThat(s.best()).isEqualTo(DeliveryStatus.QUEUED);
    assertThat(s.isReached()).isFalse();
    assertThat(s.isFinal()).isFalse();
  }

  @Test
  void builderRejectsBadBounds() {
    assertThatThrownBy(() -> DeliveryTracker.builder().maxEntries(0)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("deliveryStoreMaxEntries");
    assertThatThrownBy(() -> AlertClient.builder().deliveryStoreMaxEntries(-1)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> AlertClient.builder().deliveryStore(null)).isInstanceOf(ValidationException.class);
  }
}
