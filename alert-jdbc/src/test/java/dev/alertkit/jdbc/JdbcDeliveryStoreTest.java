package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryState;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.jdbc.JdbcDeliveryStore.Advance;
import dev.alertkit.jdbc.JdbcDeliveryStore.AdvanceKind;
import dev.alertkit.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcDeliveryStoreTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final ManualClock CLOCK = ManualClock.at(T0);

  private static HikariDataSource poolA;
  private static HikariDataSource poolB;
  private static JdbcDeliveryStore a;
  private static JdbcDeliveryStore b;
  private static int ids;

  @BeforeAll
  static void twoInstancesOnOneDatabase() {
    String db = Pg.newDatabase("delivery");
    poolA = Pg.pool(db, "delivery-a", 8);
    poolB = Pg.pool(db, "delivery-b", 8);
    JdbcStores.migrate(poolA);
    a = JdbcStores.builder(poolA).clock(CLOCK).webhookDedupTtl(Duration.ofHours(1)).build().deliveryStore();
    b = JdbcStores.builder(poolB).clock(CLOCK).webhookDedupTtl(Duration.ofHours(1)).build().deliveryStore();
  }

  @AfterAll
  static void close() {
    poolA.close();
    poolB.close();
  }

  private static DeliveryState registered(JdbcDeliveryStore store, String messageId) {
    String id = "att-" + (++ids);
    DeliveryState s = new DeliveryState(id, "alert-" + ids, "oncall", Channel.SMS, "twilio-sms", Optional.of(messageId),
        DeliveryStatus.QUEUED, "queued", Optional.empty(), Optional.empty(), T0, true);
    assertThat(store.update(id, cur -> cur == null ? s : cur)).contains(s);
    return s;
  }

  @Test
  void attemptRegisteredOnOneInstanceIsFoundOnTheOther() {
    DeliveryState s = registered(a, "SM-find");

    assertThat(b.get(s.attemptId())).contains(s);
    assertThat(b.findByProviderMessageId("SM-find")).containsExactly(s);
    assertThat(b.findByAlert(s.alertId())).containsExactly(s);
    assertThat(b.get("nope")).isEmpty();
  }

  @Test
  void statusWebhookHandledByBUpdatesTheAttemptASent() {
    // given A sent and registered the attempt
    DeliveryState s = registered(a, "SM-b");
    // when B's tracker (the core DeliveryTracker over the shared store) records Twilio's callback
    DeliveryTracker trackerB = DeliveryTracker.builder().store(b).clock(CLOCK).build();
    DeliveryTracker.Result r = trackerB.record(new DeliveryEvent(Optional.empty(), Optional.empty(),
        Optional.of(s.attemptId()), Optional.empty(), "twilio-sms", "SM-b", DeliveryStatus.DELIVERED, "delivered",
        Optional.empty(), Optional.empty(), T0.plusSeconds(5)));

    // then A sees the new status
    assertThat(r.kind()).isEqualTo(DeliveryTracker.Kind.APPLIED);
    assertThat(a.get(s.attemptId())).get().extracting(DeliveryState::status).isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void theUpdateItselfRefusesABackwardMove() {
    DeliveryState s = registered(a, "SM-back");
    b.update(s.attemptId(), cur -> withStatus(cur, DeliveryStatus.DELIVERED));

    // a buggy or stale function tries to move DELIVERED back to SENT
    Optional<DeliveryState> after = a.update(s.attemptId(), cur -> withStatus(cur, DeliveryStatus.SENT));

    assertThat(after).get().extracting(DeliveryState::status).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(b.get(s.attemptId())).get().extracting(DeliveryState::status).isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void advanceAppliesForwardMovesOnlyAndRemembersTheEventKeyInTheSameTransaction() {
    DeliveryState s = registered(a, "SM-adv");

    Advance delivered = b.advance(s.attemptId(), DeliveryStatus.DELIVERED, "delivered", Optional.empty(), Optional.empty(),
        T0.plusSeconds(3), Optional.empty(), Optional.of("evt-1"));
    Advance again = a.advance(s.attemptId(), DeliveryStatus.DELIVERED, "delivered", Optional.empty(), Optional.empty(),
        T0.plusSeconds(3), Optional.empty(), Optional.of("evt-1"));
    Advance late = a.advance(s.attemptId(), DeliveryStatus.SENT, "sent", Optional.empty(), Optional.empty(),
        T0.plusSeconds(1), Optional.empty(), Optional.of("evt-0"));
    Advance failed = a.advance(s.attemptId(), DeliveryStatus.FAILED, "failed", Optional.of("30003"),
        Optional.of("unreachable"), T0.plusSeconds(9), Optional.empty(), Optional.of("evt-2"));

    assertThat(delivered.kind()).isEqualTo(AdvanceKind.APPLIED);
    assertThat(delivered.state()).get().extracting(DeliveryState::status).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(again.kind()).isEqualTo(AdvanceKind.DUPLICATE);
    assertThat(late.kind()).isEqualTo(AdvanceKind.NOT_APPLIED);
    assertThat(late.state()).get().extracting(DeliveryState::status).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(failed.kind()).isEqualTo(AdvanceKind.APPLIED);
    assertThat(b.get(s.attemptId())).get().satisfies(st -> {
      assertThat(st.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(st.errorCode()).contains("30003");
      assertThat(st.updatedAt()).isEqualTo(T0.plusSeconds(9));
    });
  }

  @Test
  void eventForAnUnknownAttemptLeavesNoKeySoTheRedeliveryCanApply() {
    String id = "att-later-" + (++ids);
    Advance early = a.advance(id, DeliveryStatus.DELIVERED, "delivered", Optional.empty(), Optional.empty(), T0,
        Optional.empty(), Optional.of("evt-early"));
    b.update(id, cur -> new DeliveryState(id, "alert-x", "r", Channel.SMS, "twilio-sms", Optional.of("SM-later"),
        DeliveryStatus.QUEUED, "queued", Optional.empty(), Optional.empty(), T0, true));
    Advance redelivered = a.advance(id, DeliveryStatus.DELIVERED, "delivered", Optional.empty(), Optional.empty(), T0,
        Optional.empty(), Optional.of("evt-early"));

    assertThat(early.kind()).isEqualTo(AdvanceKind.UNKNOWN_ATTEMPT);
    assertThat(redelivered.kind()).isEqualTo(AdvanceKind.APPLIED);
  }

  @Test
  void eventsAppliedInRandomOrderFromTwoInstancesEndAtTheFurthestStatus() throws Exception {
    long seed = System.nanoTime();
    System.out.println("eventsAppliedInRandomOrder seed=" + seed);
    Random random = new Random(seed);
    List<DeliveryStatus> order = new ArrayList<>(List.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED,
        DeliveryStatus.READ, DeliveryStatus.QUEUED, DeliveryStatus.SENT));
    List<DeliveryState> attempts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      attempts.add(registered(a, "SM-race-" + i));
    }
    List<Runnable> ops = new ArrayList<>();
    for (DeliveryState s : attempts) {
      for (int k = 0; k < 4; k++) {
        for (DeliveryStatus st : order) {
          JdbcDeliveryStore store = random.nextBoolean() ? a : b;
          ops.add(() -> store.advance(s.attemptId(), st, st.name().toLowerCase(java.util.Locale.ROOT), Optional.empty(),
              Optional.empty(), T0, Optional.empty(), Optional.empty()));
        }
      }
    }
    Collections.shuffle(ops, random);
    JdbcAlertStateStoreTest.race(ops.size(), i -> {
      ops.get(i).run();
      return null;
    });

    for (DeliveryState s : attempts) {
      assertThat(a.get(s.attemptId())).get().extracting(DeliveryState::status).isEqualTo(DeliveryStatus.READ);
    }
  }

  @Test
  void webhookKeyIsSeenOnceAcrossInstancesUntilItExpires() {
    assertThat(a.markSeen("wh-1")).isTrue();
    assertThat(b.markSeen("wh-1")).isFalse();

    CLOCK.advance(Duration.ofHours(2));

    assertThat(b.markSeen("wh-1")).as("expired key counts as new").isTrue();
    assertThat(a.markSeen("wh-1")).isFalse();
  }

  @Test
  void keysWithNulAndBackslashAreStoredDistinctly() {
    // the tracker joins key parts with NUL, which PostgreSQL text cannot hold
    assertThat(a.markSeen("status:SM1\u0000att\u0000delivered")).isTrue();
    assertThat(b.markSeen("status:SM1\\0att\u0000delivered")).as("backslash-zero is another key").isTrue();
    assertThat(b.markSeen("status:SM1\u0000att\u0000delivered")).isFalse();
  }

  private static DeliveryState withStatus(DeliveryState c, DeliveryStatus s) {
    return new DeliveryState(c.attemptId(), c.alertId(), c.recipientId(), c.channel(), c.provider(), c.providerMessageId(),
        s, s.name().toLowerCase(java.util.Locale.ROOT), Optional.empty(), Optional.empty(), T0, c.registered());
  }
}
