package dev.alertkit.testkit;

import static dev.alertkit.testkit.Fixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.AlertClient;
import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FakeProviderTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final RecordingListener events = new RecordingListener();
  private final FakeProvider sms = FakeProvider.sms();
  private final FakeProvider email = FakeProvider.email();

  private static final Failure INVALID_NUMBER = Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").providerCode("21211").build();

  private AlertClient client() {
    return Fixtures.client(clock, events, sms, email);
  }

  private List<String> answers(FakeProvider fake) {
    return fake.recorded().stream()
        .map(m -> m.recipientId() + ":" + (m.accepted() ? "accepted " + m.providerMessageId().orElse("-") : m.failure().orElseThrow().reason()))
        .collect(Collectors.toList());
  }

  @Test
  void channelFactoriesNameFakesAfterTheirChannel() {
    assertThat(List.of(FakeProvider.sms(), FakeProvider.voice(), FakeProvider.whatsapp(), FakeProvider.email()))
        .extracting(FakeProvider::name, FakeProvider::channels)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fake-sms", java.util.Set.of(Channel.SMS)),
            org.assertj.core.groups.Tuple.tuple("fake-voice", java.util.Set.of(Channel.VOICE)),
            org.assertj.core.groups.Tuple.tuple("fake-whatsapp", java.util.Set.of(Channel.WHATSAPP)),
            org.assertj.core.groups.Tuple.tuple("fake-email", java.util.Set.of(Channel.EMAIL)));
    assertThat(FakeProvider.forChannel(Channel.VOICE).name()).isEqualTo("fake-voice");
    assertThatThrownBy(() -> FakeProvider.of("x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one channel");
  }

  @Test
  void acceptsWithGeneratedIdsAndRecordsEveryField() {
    // Given a client with the fakes
    try (AlertClient client = client()) {
      // When an alert goes out over SMS
      DispatchReport report = client.send(alert("a-1", clock, Channel.SMS));

      // Then each message is recorded with the full OutboundMessage, its answer and time
      assertThat(report.outcomes().values()).containsOnly(Outcome.ACCEPTED);
      List<RecordedMessage> recorded = sms.recorded();
      assertThat(recorded).extracting(RecordedMessage::sequence).containsExactly(1, 2);
      RecordedMessage first = recorded.get(0);
      assertThat(first.providerMessageId()).contains("fake-sms-1");
      assertThat(first.deliveryStatus()).contains(DeliveryStatus.QUEUED);
      assertThat(first.recipientId()).isEqualTo("alice");
      assertThat(first.alertId()).isEqualTo("a-1");
      assertThat(first.to()).isEqualTo("+14155550100");
      assertThat(first.channel()).isEqualTo(Channel.SMS);
      assertThat(first.text()).contains("db-1 disk 97% full");
      assertThat(first.receivedAt()).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
      assertThat(first.attemptId()).isEqualTo(report.recipient("alice").attempts().get(0).attemptId());
      assertThat(first.message()).isEqualTo(sms.messages().get(0));
      assertThat(sms.providerMessageIds()).containsExactly("fake-sms-1", "fake-sms-2");
      assertThat(sms.providerMessageIdFor("bob")).isEqualTo("fake-sms-2");
      assertThat(sms.recorded("fake-sms-2")).map(RecordedMessage::recipientId).contains("bob");
      assertThat(sms.requestCount()).isEqualTo(2);
      assertThat(first.describe()).isEqualTo("#1 SMS to 'alice' (+14155550100) alert=a-1 \"[CRITICAL] db-1 disk 97% full\\nRunbook: "
          + "https://runbooks.example.com/disk\" -> accepted id=fake-sms-1 status=QUEUED");
    }
  }

  @Test
  void queuedResponsesAnswerInOrderWithGivenIdsStatusesAndFailures() {
    // Given four scripted answers
    sms.enqueue(
        FakeResponse.accept("SM-given", "sent").withDetail("num_segments", "1"),
        FakeResponse.fail(Failure.Kind.AMBIGUOUS, Failure.Fault.PROVIDER, "20500"));
    try (AlertClient client = client()) {
      // When two alerts go out over SMS only
      DispatchReport first = client.send(alert("a-1", clock, Channel.SMS));
      DispatchReport second = client.send(alert("a-2", clock, Channel.SMS));

      // Then the queue answered first, then the default took over
      assertThat(answers(sms)).containsExactly("alice:accepted SM-given", "bob:scripted ambiguous failure (provider code 20500)",
          "alice:accepted fake-sms-1", "bob:accepted fake-sms-2");
      Attempt given = first.recipient("alice").attempts().get(0);
      assertThat(given.providerStatus()).contains("sent");
      assertThat(((SendResult.Accepted) sms.recorded().get(0).result()).details()).containsEntry("num_segments", "1");
      assertThat(sms.recorded().get(0).deliveryStatus()).contains(DeliveryStatus.SENT);
      Failure f = first.recipient("bob").attempts().get(0).failure().orElseThrow();
      assertThat(f.kind()).isEqualTo(Failure.Kind.AMBIGUOUS);
      assertThat(f.providerCode()).contains("20500");
      assertThat(second.outcomes().values()).containsOnly(Outcome.ACCEPTED);
    }
  }

  @Test
  void rateLimitedIsRetryableWith429AndRetryAfter() {
    sms.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(2)));
    try (AlertClient client = client()) {
      DispatchReport report = client.send(alert("a-1", clock, Channel.SMS));

      Failure f = report.recipient("alice").attempts().get(0).failure().orElseThrow();
      assertThat(f.kind()).isEqualTo(Failure.Kind.RETRYABLE);
      assertThat(f.fault()).isEqualTo(Failure.Fault.PROVIDER);
      assertThat(f.httpStatus()).hasValue(429);
      assertThat(f.retryAfter()).contains(Duration.ofSeconds(2));
    }
  }

  @Test
  void failNextAndRulesApplyAfterTheQueueInOrder() {
    // Given one queued failure, then a rule for Indian numbers
    sms.failNext(1, Failure.retryable(Failure.Fault.PROVIDER, "throttled").build());
    sms.failWhen(m -> m.to().startsWith("+91"), INVALID_NUMBER);
    sms.respondWhen(m -> true, FakeResponse.accept("SM-rule"));
    try (AlertClient client = client()) {
      client.send(alert("a-1", clock, Channel.SMS));
      client.send(alert("a-2", clock, Channel.SMS));
    }
    // Then: queue, rule for bob, catch-all rule for alice, rule for bob
    assertThat(answers(sms)).containsExactly("alice:throttled", "bob:invalid 'To' number", "alice:accepted SM-rule", "bob:invalid 'To' number");
  }

  @Test
  void dispatcherAnswersWhatQueueAndRulesLeaveAndNullFallsThrough() {
    // Given a dispatcher that only has an opinion on bob, and a queued answer for the first message
    List<String> seen = new ArrayList<>();
    sms.enqueue(FakeResponse.accept("SM-queued"));
    sms.dispatcher(m -> {
      seen.add(m.recipient().id());
      return m.recipient().id().equals("bob") ? SendResult.rejected(INVALID_NUMBER) : null;
    });
    try (AlertClient client = client()) {
      client.send(alert("a-1", clock, Channel.SMS));
      client.send(alert("a-2", clock, Channel.SMS));
    }
    // Then the dispatcher saw only messages the queue did not answer, and null meant "accept as usual"
    assertThat(seen).containsExactly("bob", "alice", "bob");
    assertThat(answers(sms)).containsExactly("alice:accepted SM-queued", "bob:invalid 'To' number", "alice:accepted fake-sms-1",
        "bob:invalid 'To' number");
  }

  @Test
  void flakinessIsReproducibleForASeed() {
    long seed = 20261128L;
    Failure outage = Failure.retryable(Failure.Fault.PROVIDER, "flaky outage").build();
    List<List<Boolean>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      FakeProvider fake = FakeProvider.sms().flaky(0.5, seed, outage);
      try (AlertClient client = Fixtures.client(ManualClock.at("2026-11-28T09:00:00Z"), new RecordingListener(), fake)) {
        for (int i = 0; i < 20; i++) {
          client.send(alert("a-" + i, ManualClock.at("2026-11-28T09:00:00Z"), Channel.SMS));
        }
      }
      runs.add(fake.recorded().stream().map(RecordedMessage::accepted).collect(Collectors.toList()));
      assertThat(fake.flakySeed()).as("seed %s", seed).hasValue(seed);
      assertThat(fake.describeTraffic()).as("seed %s", seed).contains("flaky rate=0.5 seed=" + seed);
      assertThat(fake.toString()).contains("flakySeed=" + seed);
    }
    assertThat(runs.get(1)).as("same seed %s, same pattern", seed).isEqualTo(runs.get(0));
    assertThat(runs.get(0)).as("seed %s gives both outcomes", seed).contains(true, false);
  }

  @Test
  void flakinessExtremesAndValidation() {
    Failure outage = Failure.retryable(Failure.Fault.PROVIDER, "flaky outage").build();
    sms.flaky(1.0, 7, outage);
    email.flaky(0.0, 7, outage);
    try (AlertClient client = client()) {
      DispatchReport report = client.send(alert("a-1", clock, Channel.SMS, Channel.EMAIL));
      assertThat(sms.recorded()).noneMatch(RecordedMessage::accepted);
      assertThat(email.recorded()).allMatch(RecordedMessage::accepted);
      assertThat(report.outcomes().values()).containsOnly(Outcome.ACCEPTED);
    }
    assertThatThrownBy(() -> sms.flaky(1.5, 1, outage)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
  }

  @Test
  void latencyAdvancesTheManualClockPerRequestWithoutSleeping() {
    sms.latency(clock, Duration.ofMillis(250));
    try (AlertClient client = client()) {
      DispatchReport report = client.send(alert("a-1", clock, Channel.SMS));
      assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-28T09:00:00.500Z"));
      assertThat(report.recipient("alice").attempts().get(0).elapsed()).isEqualTo(Duration.ofMillis(250));
    }
  }

  @Test
  void batchesCountAsOneRequest() {
    FakeProvider batching = FakeProvider.email().withBatchSize(1000);
    try (AlertClient client = Fixtures.client(clock, events, batching)) {
      client.send(alert("a-1", clock, Channel.EMAIL));
    }
    assertThat(batching.maxBatchSize()).isEqualTo(1000);
    assertThat(batching.messages()).hasSize(2);
    assertThat(batching.requestCount()).isEqualTo(1);
  }

  @Test
  void deliverFailAndAcknowledgeReachTheClientCorrelatedByProviderMessageId() {
    try (AlertClient client = client()) {
      client.send(alert("a-1", clock, Channel.SMS));
      clock.advance(Duration.ofSeconds(5));

      // When the fake reports as webhooks would
      DeliveryEvent delivered = sms.deliver("fake-sms-1");
      sms.fail("fake-sms-2", "30003");
      sms.acknowledge("fake-sms-1");

      // Then the listener heard correlated events, filled from the recorded messages
      assertThat(events.deliveryEvents()).containsExactly(delivered, events.deliveryEvents().get(1), events.deliveryEvents().get(2));
      RecordedMessage alice = sms.recorded().get(0);
      assertThat(delivered.alertId()).contains("a-1");
      assertThat(delivered.recipientId()).contains("alice");
      assertThat(delivered.attemptId()).contains(alice.attemptId());
      assertThat(delivered.channel()).contains(Channel.SMS);
      assertThat(delivered.provider()).isEqualTo("fake-sms");
      assertThat(delivered.providerMessageId()).isEqualTo("fake-sms-1");
      assertThat(delivered.rawStatus()).isEqualTo("delivered");
      assertThat(delivered.occurredAt()).isEqualTo(Instant.parse("2026-11-28T09:00:05Z"));
      assertThat(delivered.isCorrelated()).isTrue();
      DeliveryEvent failed = events.deliveryEventsFor("bob").get(0);
      assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(failed.errorCode()).contains("30003");
      assertThat(failed.reason()).hasValueSatisfying(r -> assertThat(r).contains("30003"));
      assertThat(events.deliveryEventsFor("alice")).extracting(DeliveryEvent::status)
          .containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.ACKNOWLEDGED);
      // and the fake's record moved forward
      assertThat(sms.recorded().get(0).deliveryStatus()).contains(DeliveryStatus.ACKNOWLEDGED);
      assertThat(sms.recorded().get(0).events()).hasSize(2);
      assertThat(sms.recorded().get(1).deliveryStatus()).contains(DeliveryStatus.FAILED);
    }
  }

  @Test
  void deliverAllSkipsRejectedFinalAndAlreadyDeliveredMessages() {
    sms.failWhen(m -> m.recipient().id().equals("bob"), INVALID_NUMBER);
    try (AlertClient client = client()) {
      client.send(alert("a-1", clock, Channel.SMS)); // alice accepted (fake-sms-1), bob rejected
      client.send(alert("a-2", clock, Channel.SMS)); // alice accepted (fake-sms-2), bob rejected
      sms.fail("fake-sms-2", "30006");

      List<DeliveryEvent> delivered = sms.deliverAll();
      List<DeliveryEvent> again = sms.deliverAll();

      assertThat(delivered).extracting(DeliveryEvent::providerMessageId).containsExactly("fake-sms-1");
      assertThat(again).isEmpty();
    }
  }

  @Test
  void reportAndEmitCoverAnyStatusAndUncorrelatedEvents() {
    FakeProvider voice = FakeProvider.voice();
    try (AlertClient client = Fixtures.client(clock, events, voice)) {
      client.send(alert("a-1", clock, Channel.VOICE));
      DeliveryEvent busy = voice.report("fake-voice-2", DeliveryStatus.NO_ANSWER);
      assertThat(busy.rawStatus()).isEqualTo("no-answer");

      DeliveryEvent stranger = new DeliveryEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "fake-voice",
          "CA-unknown", DeliveryStatus.COMPLETED, "completed", Optional.empty(), Optional.empty(), clock.instant());
      voice.emit(stranger);

      assertThat(events.deliveryEvents()).containsExactly(busy, stranger);
      assertThat(events.deliveryEvents().get(1).isCorrelated()).isFalse();
    }
  }

  @Test
  void reportingNeedsAKnownIdAndAnAttachedFake() {
    FakeProvider lonely = FakeProvider.sms();
    assertThat(lonely.isAttached()).isFalse();
    assertThatThrownBy(() -> lonely.deliver("fake-sms-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("fake-sms is not attached to an AlertClient: add it with AlertClient.builder().provider(fake) and build the client "
            + "before reporting delivery events");
    try (AlertClient client = client()) {
      assertThat(sms.isAttached()).isTrue();
      client.send(alert("a-1", clock, Channel.SMS));
      assertThatThrownBy(() -> sms.deliver("SM-nope"))
          .isInstanceOf(NoSuchElementException.class)
          .hasMessage("fake-sms never answered with provider message id 'SM-nope'; ids it gave: [fake-sms-1, fake-sms-2]");
    }
  }

  @Test
  void scriptedFollowUpsFallDueOnTheManualClock() {
    // Given alice's SMS is delivered after 10 s and acknowledged after 1 min; bob's fails after 30 s
    sms.enqueue(
        FakeResponse.accept("SM-a").thenDeliver(Duration.ofSeconds(10)).thenAcknowledge(Duration.ofMinutes(1)),
        FakeResponse.accept("SM-b").thenFail("30003", Duration.ofSeconds(30)));
    try (AlertClient client = client()) {
      client.send(alert("a-1", clock, Channel.SMS));
      assertThat(events.deliveryEvents()).isEmpty();
      assertThat(sms.pendingEventCount()).isEqualTo(3);

      // When time passes
      clock.advance(Duration.ofSeconds(10));
      assertThat(events.deliveryEvents()).extracting(DeliveryEvent::providerMessageId).containsExactly("SM-a");
      clock.advance(Duration.ofMinutes(5));

      // Then each event arrived in due order, stamped with its due time
      assertThat(events.deliveryEvents()).extracting(e -> e.providerMessageId() + " " + e.status() + " " + e.occurredAt())
          .containsExactly(
              "SM-a DELIVERED 2026-11-28T09:00:10Z",
              "SM-b FAILED 2026-11-28T09:00:30Z",
              "SM-a ACKNOWLEDGED 2026-11-28T09:01:00Z");
      assertThat(sms.pendingEventCount()).isZero();
    }
  }

  @Test
  void flushEventsReleasesEveryFollowUpAtOnce() {
    sms.enqueue(FakeResponse.accept().thenDeliver(), FakeResponse.accept().thenFail("30007", Duration.ofHours(1)));
    try (AlertClient client = client()) {
      client.send(alert("a-1", clock, Channel.SMS));

      List<DeliveryEvent> flushed = sms.flushEvents();

      assertThat(flushed).extracting(DeliveryEvent::status).containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED);
      assertThat(events.deliveryEvents()).isEqualTo(flushed);
      assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
    }
  }

  @Test
  void followUpsNeedAnAcceptedResponse() {
    assertThatThrownBy(() -> FakeResponse.fail(INVALID_NUMBER).thenDeliver())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs an accepted response");
    assertThatThrownBy(() -> FakeResponse.accept().thenDeliver(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(FakeResponse.accept("SM-1").thenFail("30003", Duration.ofSeconds(3)).toString())
        .isEqualTo("accept id=SM-1, then FAILED (30003) after PT3S");
  }

  @Test
  void resetForgetsMessagesScriptingAndCounters() {
    sms.failNext(5, INVALID_NUMBER).flaky(1.0, 3, INVALID_NUMBER).latency(clock, Duration.ofSeconds(1))
        .dispatcher(m -> SendResult.rejected(INVALID_NUMBER));
    try (AlertClient client = client()) {
      client.send(alert("a-1", clock, Channel.SMS));
      sms.reset();
      Instant before = clock.instant();
      client.send(alert("a-2", clock, Channel.SMS));

      assertThat(answers(sms)).containsExactly("alice:accepted fake-sms-1", "bob:accepted fake-sms-2");
      assertThat(clock.instant()).isEqualTo(before);
      assertThat(sms.flakySeed()).isEmpty();
      assertThat(sms.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void closingTheClientClosesTheFake() {
    client().close();
    assertThat(sms.isClosed()).isTrue();
  }

  @Test
  void worksWithoutAClient() {
    // A fake is a plain ChannelProvider: usable directly, e.g. in a provider-agnostic unit test
    OutboundMessage m = OutboundMessage.builder(alert("a-1", clock, Channel.SMS), Fixtures.ALICE, Channel.SMS)
        .attemptId("att-1").to("+14155550100").text("hi").build();
    SendResult r = sms.send(m);
    assertThat(r.isAccepted()).isTrue();
    assertThat(sms.lastMessage()).contains(m);
    assertThat(sms.messagesTo("alice")).containsExactly(m);
  }
}
