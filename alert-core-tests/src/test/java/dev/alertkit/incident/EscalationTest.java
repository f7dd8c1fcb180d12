package dev.alertkit.incident;

import static dev.alertkit.testkit.IncidentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.ValidationException;
import dev.alertkit.event.AckRejected;
import dev.alertkit.event.AlertAttachedToIncident;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.EscalationStepStarted;
import dev.alertkit.event.IncidentAcknowledged;
import dev.alertkit.event.IncidentExhausted;
import dev.alertkit.event.IncidentOpened;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import dev.alertkit.testkit.RecordedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Escalation on the manual clock: steps, acknowledgements from every side, repeats, exhaustion, dedup, races. */
class EscalationTest {
  static final long SEED = 13L;
  final ManualClock clock = ManualClock.at("2026-03-02T10:00:00Z");
  final FakeProvider sms = FakeProvider.sms();
  final FakeProvider voice = FakeProvider.voice();
  final FakeProvider email = FakeProvider.email();
  final List<AlertEvent> events = Collections.synchronizedList(new ArrayList<>());
  final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  final Recipient bob = Recipient.builder("bob").phone("+14155550101").email("bob@example.com").build();
  final Recipient team = Recipient.builder("team").email("team@example.com").build();
  AlertClient client = client();

  AlertClient client() {
    System.out.println("reply code seed " + SEED);
    return AlertClient.builder().clock(clock).scheduler(ManualScheduler.on(clock)).executor(Runnable::run)
        .provider(sms).provider(voice).provider(email).resilience(Resilience.none()).replyCodeRandom(new Random(SEED))
        .listener(new AlertListener() {
          @Override
          public void onEvent(AlertEvent event) {
            events.add(event);
          }
        }).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  EscalationPolicy aliceThenBob(int repeat) {
    EscalationPolicy.Builder b = EscalationPolicy.builder("db")
        .step(s -> s.target(EscalationTarget.recipient(alice)).via(Rule.deliver(Channel.SMS, Channel.VOICE)).waitForAck(Duration.ofMinutes(5)))
        .step(s -> s.target(EscalationTarget.recipient(bob)).via(Rule.deliver(Channel.SMS, Channel.VOICE)).waitForAck(Duration.ofMinutes(10)))
        .repeat(repeat);
    return b.build();
  }

  Alert alert(String id, String dedupKey) {
    Alert.Builder b = Alert.builder().id(id).severity(Severity.CRITICAL).title("db-1 down").body("db-1 is not answering")
        .recipient(alice).createdAt(clock);
    if (dedupKey != null) {
      b.dedupKey(dedupKey);
    }
    return b.build();
  }

  static String code(FakeProvider fake, String recipientId) {
    List<OutboundMessage> m = fake.messages();
    for (int i = m.size() - 1; i >= 0; i--) {
      if (m.get(i).recipient().id().equals(recipientId)) {
        Matcher x = Pattern.compile("Reply (\\d{4}) to acknowledge").matcher(m.get(i).text());
        if (x.find()) {
          return x.group(1);
        }
      }
    }
    throw new AssertionError("no reply code sent to " + recipientId + " in " + m);
  }

  long sentTo(FakeProvider fake, String recipientId) {
    return fake.messages().stream().filter(m -> m.recipient().id().equals(recipientId)).count();
  }

  @Test
  void firstStepPagesAliceBySmsAndVoiceAtOnceWithAReplyCode() {
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(0));

    assertThat(sentTo(sms, "alice")).isEqualTo(1);
    assertThat(sentTo(voice, "alice")).isEqualTo(1);
    assertThat(sms.messages().get(0).text()).contains("db-1 is not answering").containsPattern("Reply \\d{4} to acknowledge\\.");
    assertThat(incident).isTriggered().atStep(1).notified("alice", Channel.SMS, Channel.VOICE).notNotified("bob");
    assertThat(events).hasAtLeastOneElementOfType(IncidentOpened.class).hasAtLeastOneElementOfType(EscalationStepStarted.class);
  }

  @Test
  void aliceDoesNotAnswerBobIsCalledAtMinuteFiveAndAcknowledgesBySms() {
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(0));

    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(sentTo(voice, "bob")).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(sentTo(voice, "bob")).isEqualTo(1);
    ReplyResult reply = client.incidents().reply(Channel.SMS, "+14155550101", code(sms, "bob"));

    assertThat(reply.outcome()).isEqualTo(ReplyResult.Outcome.CODE_ACCEPTED);
    assertThat(reply.answer()).hasValueSatisfying(a -> assertThat(a).startsWith("Acknowledged: db-1 down"));
    assertThat(incident).isAcknowledgedBy("bob").via(AckChannel.SMS).atStep(2).notified("alice").notified("bob");
    clock.advance(Duration.ofHours(2));
    assertThat(incident.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    assertThat(sms.messages()).hasSize(2);
  }

  @Test
  void acknowledgingAtEachStepStopsEveryLaterStep() {
    for (int ackAtStep = 1; ackAtStep <= 2; ackAtStep++) {
      sms.reset();
      voice.reset();
      IncidentHandle incident = client.raise(alert("inc-step-" + ackAtStep, null), aliceThenBob(1));
      if (ackAtStep == 2) {
        clock.advance(Duration.ofMinutes(5));
      }
      AckResult ack = client.acknowledge(incident.id(), "ops-ui");
      clock.advance(Duration.ofHours(3));

      assertThat(ack.outcome()).isEqualTo(AckResult.Outcome.ACKNOWLEDGED);
      assertThat(incident).isAcknowledgedBy("ops-ui").via(AckChannel.API).atStep(ackAtStep).inRound(1);
      assertThat(sms.messages()).as("SMS after an acknowledgement at step " + ackAtStep).hasSize(ackAtStep);
    }
  }

  @Test
  void repeatsThePolicyThenExhaustsAndTellsTheTeam() {
    EscalationPolicy policy = EscalationPolicy.builder("db")
        .step(s -> s.target(EscalationTarget.recipient(alice)).via(Rule.deliver(Channel.SMS)).waitForAck(Duration.ofMinutes(5)))
        .step(s -> s.target(EscalationTarget.recipient(bob)).via(Rule.deliver(Channel.SMS)).waitForAck(Duration.ofMinutes(10)))
        .repeat(1).onExhausted(Rule.deliver(Channel.EMAIL), team).build();
    IncidentHandle incident = client.raise(alert("inc-1", null), policy);

    clock.advance(Duration.ofMinutes(29));
    assertThat(incident).isTriggered().inRound(2).atStep(2);
    clock.advance(Duration.ofMinutes(1));

    assertThat(incident).isExhausted();
    assertThat(sentTo(sms, "alice")).isEqualTo(2);
    assertThat(sentTo(sms, "bob")).isEqualTo(2);
    assertThat(email.messages()).singleElement().satisfies(m -> {
      assertThat(m.recipient().id()).isEqualTo("team");
      assertThat(m.text()).startsWith("Nobody acknowledged: db-1 down");
    });
    assertThat(events).filteredOn(IncidentExhausted.class::isInstance).singleElement()
        .satisfies(e -> assertThat(((IncidentExhausted) e).rounds()).isEqualTo(2));
    // the same code in every message of the incident to one person
    assertThat(sms.messages().stream().filter(m -> m.recipient().id().equals("alice")).map(OutboundMessage::text).distinct()).hasSize(1);

    AckResult late = client.acknowledge(incident.id(), "alice");
    assertThat(late.outcome()).isEqualTo(AckResult.Outcome.ACKNOWLEDGED);
  }

  @Test
  void resolvesByIdAndByDedupKey() {
    IncidentHandle byId = client.raise(alert("inc-1", null), aliceThenBob(0));
    IncidentHandle byKey = client.raise(alert("inc-2", "disk:db-1"), aliceThenBob(0));

    assertThat(client.resolve(byId.id(), "alice").outcome()).isEqualTo(AckResult.Outcome.RESOLVED);
    assertThat(client.resolveByDedupKey("disk:db-1", "monitor").outcome()).isEqualTo(AckResult.Outcome.RESOLVED);
    clock.advance(Duration.ofHours(1));

    assertThat(byId).isResolvedBy("alice").notNotified("bob");
    assertThat(byKey).isResolvedBy("monitor").notNotified("bob");
    assertThat(client.resolveByDedupKey("disk:db-1", "monitor").outcome()).isEqualTo(AckResult.Outcome.UNKNOWN_INCIDENT);
  }

  @Test
  void anAlertWithTheDedupKeyOfAnOpenIncidentAttachesInsteadOfEscalatingAgain() {
    IncidentHandle first = client.raise(alert("inc-1", "disk:db-1"), aliceThenBob(0));
    IncidentHandle second = client.raise(alert("inc-2", "disk:db-1"), aliceThenBob(0));
    client.acknowledge(first.id(), "alice");
    IncidentHandle third = client.raise(alert("inc-3", "disk:db-1"), aliceThenBob(0));

    assertThat(second.attached()).isTrue();
    assertThat(second.id()).isEqualTo("inc-1");
    assertThat(third.id()).isEqualTo("inc-1");
    assertThat(first).hasAttachedAlerts(2).hasTimelineEntry(dev.alertkit.incident.TimelineEntry.Type.ATTACHED, "alert inc-2");
    assertThat(sentTo(sms, "alice")).isEqualTo(1);
    assertThat(events).filteredOn(AlertAttachedToIncident.class::isInstance).hasSize(2);

    client.resolve(first.id(), "alice");
    IncidentHandle fourth = client.raise(alert("inc-4", "disk:db-1"), aliceThenBob(0));
    assertThat(fourth.attached()).isFalse();
    assertThat(fourth.id()).isEqualTo("inc-4");
  }

  @Test
  void twoConcurrentAcknowledgementsFirstWinsSecondIsANoOp() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int run = 0; run < 100; run++) {
        IncidentHandle incident = client.raise(alert("inc-" + run, null), aliceThenBob(0));
        CountDownLatch go = new CountDownLatch(1);
        Future<AckResult> a = pool.submit(() -> {
          go.await();
          return client.acknowledge(incident.id(), "alice");
        });
        Future<AckResult> b = pool.submit(() -> {
          go.await();
          return client.acknowledge(incident.id(), "bob");
        });
        go.countDown();
        List<AckResult> results = List.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS));

        assertThat(results).extracting(AckResult::outcome)
            .containsExactlyInAnyOrder(AckResult.Outcome.ACKNOWLEDGED, AckResult.Outcome.ALREADY_ACKNOWLEDGED);
        String winner = results.stream().filter(AckResult::changed).findFirst().orElseThrow().incident().orElseThrow()
            .acknowledgedBy().orElseThrow();
        assertThat(incident).isAcknowledgedBy(winner).hasTimelineEntry(dev.alertkit.incident.TimelineEntry.Type.ACK_IGNORED,
            "already acknowledged by " + winner);
      }
    } finally {
      pool.shutdownNow();
    }
    clock.advance(Duration.ofHours(1));
    assertThat(sentTo(sms, "bob")).isZero();
  }

  @Test
  void anAcknowledgementWhileAStepIsSendingLetsTheRequestFinishMarkedLateAndSendsNothingMore() {
    String[] incidentId = {"inc-1"};
    sms.dispatcher(m -> {
      client.acknowledge(incidentId[0], "alice"); // she acknowledges in the app while the SMS is with the provider
      return new SendResult.Accepted(Optional.of("SM1"), Optional.of("queued"), java.util.Map.of());
    });
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(0));
    clock.advance(Duration.ofHours(1));

    assertThat(sms.messages()).hasSize(1);
    assertThat(voice.messages()).isEmpty();
    assertThat(incident).isAcknowledgedBy("alice")
        .hasTimelineEntry(dev.alertkit.incident.TimelineEntry.Type.NOTIFIED, "(after acknowledged by alice")
        .hasTimelineEntry(dev.alertkit.incident.TimelineEntry.Type.NOT_NOTIFIED, "before this notification left");
  }

  @Test
  void anAcknowledgementAtTheMomentTheNextStepIsDueWinsWhenItIsFirst() {
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(0));
    clock.advance(Duration.ofMinutes(4));
    // bob's step is due at minute 5; alice acknowledges just before the scheduler fires it
    clock.advance(Duration.ofMinutes(1).minusNanos(1));
    client.acknowledge(incident.id(), "alice");
    clock.advance(Duration.ofMinutes(30));

    assertThat(incident).isAcknowledgedBy("alice").atStep(1).notNotified("bob");
  }

  @Test
  void aStepThatStartedFirstIsReportedAndTheAcknowledgementStillStopsTheNext() {
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(1));
    clock.advance(Duration.ofMinutes(5)); // bob's step started
    client.acknowledge(incident.id(), "alice");
    clock.advance(Duration.ofHours(1));

    assertThat(incident).isAcknowledgedBy("alice").atStep(2).notified("bob");
    assertThat(sentTo(sms, "alice")).isEqualTo(1);
  }

  @Test
  void acknowledgementAfterResolveAndForAnUnknownIncidentChangeNothingAndSayWhy() {
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(0));
    client.resolve(incident.id(), "monitor");

    AckResult afterResolve = client.acknowledge(incident.id(), "alice");
    AckResult unknown = client.acknowledge("no-such-incident", "alice");

    assertThat(afterResolve.outcome()).isEqualTo(AckResult.Outcome.ALREADY_RESOLVED);
    assertThat(afterResolve.reason()).isEqualTo("already resolved by monitor at 2026-03-02T10:00:00Z");
    assertThat(unknown.outcome()).isEqualTo(AckResult.Outcome.UNKNOWN_INCIDENT);
    assertThat(incident).isResolvedBy("monitor");
    assertThat(events).filteredOn(AckRejected.class::isInstance).hasSize(2);
  }

  @Test
  void pressingOneOnTheCallAcknowledgesTheIncident() {
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(0));
    RecordedMessage call = voice.recorded().get(0);

    voice.acknowledge(call.providerMessageId().orElseThrow());
    clock.advance(Duration.ofMinutes(30));

    assertThat(incident).isAcknowledgedBy("alice").via(AckChannel.VOICE).atStep(1).notNotified("bob");
    assertThat(events).filteredOn(IncidentAcknowledged.class::isInstance).hasSize(1);
  }

  @Test
  void indianNumbersGetNoReplyInstructionBecauseDltHeadersCannotBeRepliedTo() {
    Recipient ravi = Recipient.builder("ravi").phone("+91 98123 45678").build();
    EscalationPolicy policy = EscalationPolicy.builder("india")
        .step(s -> s.target(EscalationTarget.group("oncall", ravi, alice)).via(Rule.deliver(Channel.SMS)).waitForAck(Duration.ofMinutes(5)))
        .build();
    client.raise(alert("inc-1", null), policy);

    assertThat(sms.messages()).filteredOn(m -> m.recipient().id().equals("ravi")).singleElement()
        .satisfies(m -> assertThat(m.text()).doesNotContain("Reply"));
    assertThat(sms.messages()).filteredOn(m -> m.recipient().id().equals("alice")).singleElement()
        .satisfies(m -> assertThat(m.text()).contains("Reply"));
  }

  @Test
  void aPolicyUsingAChannelNoProviderServesIsRejectedNamingTheStep() {
    EscalationPolicy policy = EscalationPolicy.builder("wa")
        .step(s -> s.target(EscalationTarget.recipient(alice)).via(Rule.deliver(Channel.SMS)).waitForAck(Duration.ofMinutes(5)))
        .step(s -> s.target(EscalationTarget.recipient(bob)).via(Rule.deliver(Channel.WHATSAPP)).waitForAck(Duration.ofMinutes(5)))
        .build();

    assertThatThrownBy(() -> client.raise(alert("inc-1", null), policy)).isInstanceOf(ValidationException.class)
        .hasMessage("policy[wa].steps[2].via: uses WHATSAPP but no provider of the client serves WHATSAPP");
    assertThat(sms.messages()).isEmpty();
  }

  @Test
  void closingTheClientStopsEscalation() {
    client.raise(alert("inc-1", null), aliceThenBob(0));
    client.close();
    clock.advance(Duration.ofHours(1));

    assertThat(sentTo(sms, "bob")).isZero();
  }

  @Test
  void anOnCallTargetIsResolvedWhenEachStepFiresAndTheTimelineSaysWhoAndWhy() {
    dev.alertkit.oncall.OnCallSchedule primary = dev.alertkit.oncall.OnCallSchedule.builder("primary")
        .layer(dev.alertkit.oncall.Rotation.builder("daily").participants(alice, bob).shift(Duration.ofHours(1))
            .handoff(java.time.LocalDate.of(2026, 3, 2), java.time.LocalTime.of(9, 3), java.time.ZoneId.of("Europe/London")).build())
        .build();
    EscalationPolicy policy = EscalationPolicy.builder("oncall")
        .step(s -> s.target(EscalationTarget.onCall(primary)).via(Rule.deliver(Channel.SMS)).waitForAck(Duration.ofMinutes(5)))
        .repeat(1).build();

    IncidentHandle incident = client.raise(alert("inc-1", null), policy); // 10:00: alice's shift (09:03-10:03)
    clock.advance(Duration.ofMinutes(5));                                  // 10:05: bob's shift

    assertThat(incident).wasOnCall("alice").wasOnCall("bob").notified("alice").notified("bob")
        .hasTimelineEntry(dev.alertkit.incident.TimelineEntry.Type.ON_CALL, "bob by layer 'daily' shift 2 (2026-03-02 10:03");
    assertThat(events).filteredOn(EscalationStepStarted.class::isInstance).extracting(e -> ((EscalationStepStarted) e).recipientIds())
        .containsExactly(List.of("alice"), List.of("bob"));
  }

  @Test
  void wrongCodesAreRateLimitedPerSenderSoCodesCannotBeGuessed() {
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(0));
    String right = code(sms, "alice");
    String wrong = right.equals("0000") ? "0001" : "0000";

    for (int i = 0; i < 5; i++) {
      assertThat(client.incidents().reply(Channel.SMS, "+14155550100", wrong).outcome()).isEqualTo(ReplyResult.Outcome.UNKNOWN_CODE);
    }
    ReplyResult limited = client.incidents().reply(Channel.SMS, "+14155550100", right);

    assertThat(limited.outcome()).isEqualTo(ReplyResult.Outcome.RATE_LIMITED);
    assertThat(incident).isTriggered();
    clock.advance(Duration.ofMinutes(4)); // still inside the 15-minute window that started at 10:00
    assertThat(client.incidents().reply(Channel.SMS, "+14155550100", right).outcome()).isEqualTo(ReplyResult.Outcome.RATE_LIMITED);
    clock.advance(Duration.ofMinutes(11)); // next window
    assertThat(client.incidents().reply(Channel.SMS, "+14155550100", "ack " + right).outcome()).isEqualTo(ReplyResult.Outcome.CODE_ACCEPTED);
    assertThat(incident).isAcknowledgedBy("alice").via(AckChannel.SMS);
  }

  @Test
  void aReplyFromANumberTheIncidentDidNotNotifyIsIgnoredEvenWithTheRightCode() {
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(0));

    ReplyResult stranger = client.incidents().reply(Channel.SMS, "+14155550199", code(sms, "alice"));
    ReplyResult bobTooEarly = client.incidents().reply(Channel.SMS, "+14155550101", code(sms, "alice"));

    assertThat(stranger.outcome()).isEqualTo(ReplyResult.Outcome.NOT_NOTIFIED);
    assertThat(stranger.answer()).isEmpty();
    assertThat(bobTooEarly.outcome()).isEqualTo(ReplyResult.Outcome.NOT_NOTIFIED);
    assertThat(incident).isTriggered();
  }

  @Test
  void stopIsRecordedAsAnOptOutAndLaterStepsSkipSmsToThatNumber() {
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(1));

    ReplyResult stop = client.incidents().reply(Channel.SMS, "+14155550100", " Stop. ");
    clock.advance(Duration.ofMinutes(15)); // round 2 starts with alice again

    assertThat(stop.outcome()).isEqualTo(ReplyResult.Outcome.OPTED_OUT);
    assertThat(stop.answer()).as("Twilio answers STOP itself").isEmpty();
    assertThat(sentTo(sms, "alice")).isEqualTo(1);
    assertThat(sentTo(voice, "alice")).isEqualTo(2);
    assertThat(incident).hasTimelineEntry(dev.alertkit.incident.TimelineEntry.Type.OPTED_OUT, "STOP: opted out of SMS")
        .hasTimelineEntry(dev.alertkit.incident.TimelineEntry.Type.NOT_NOTIFIED, "the number replied STOP to SMS");
    assertThat(events).filteredOn(dev.alertkit.event.ReplyOptOut.class::isInstance).hasSize(1);
  }

  @Test
  void aWhatsAppReplyWithTheCodeAcknowledges() {
    Recipient wa = Recipient.builder("wa").whatsapp("+14155550177").build();
    FakeProvider whatsapp = FakeProvider.whatsapp();
    client.close();
    client = AlertClient.builder().clock(clock).scheduler(ManualScheduler.on(clock)).executor(Runnable::run).provider(whatsapp)
        .resilience(Resilience.none()).build();
    IncidentHandle incident = client.raise(alert("inc-1", null), EscalationPolicy.builder("wa")
        .step(s -> s.target(EscalationTarget.recipient(wa)).via(Rule.deliver(Channel.WHATSAPP)).waitForAck(Duration.ofMinutes(5))).build());

    ReplyResult r = client.incidents().reply(Channel.WHATSAPP, "whatsapp:+14155550177", code(whatsapp, "wa"));

    assertThat(r.outcome()).isEqualTo(ReplyResult.Outcome.CODE_ACCEPTED);
    assertThat(incident).isAcknowledgedBy("wa").via(AckChannel.WHATSAPP);
  }

  @Test
  void aStepTimerThatRunsAgainAfterACrashDoesNotPageTwiceAndKeepsTheEscalationGoing() throws Exception {
    // a durable timer service runs a timer at least once: simulate the second run after a crash that lost the next timer
    java.util.Map<String, dev.alertkit.spi.TimerHandler> handlers = new java.util.concurrent.ConcurrentHashMap<>();
    ManualScheduler scheduler = ManualScheduler.on(clock);
    dev.alertkit.spi.TimerService inMemory = new dev.alertkit.internal.InMemoryTimerService(clock, scheduler, Runnable::run);
    dev.alertkit.spi.TimerService recording = new dev.alertkit.spi.TimerService() {
      @Override public void register(String kind, dev.alertkit.spi.TimerHandler handler) {
        handlers.put(kind, handler);
        inMemory.register(kind, handler);
      }
      @Override public void start() { inMemory.start(); }
      @Override public void schedule(dev.alertkit.spi.TimerEntry timer) { inMemory.schedule(timer); }
      @Override public boolean cancel(String kind, String key) { return inMemory.cancel(kind, key); }
      @Override public Optional<dev.alertkit.spi.TimerEntry> find(String kind, String key) { return inMemory.find(kind, key); }
      @Override public int pending() { return inMemory.pending(); }
      @Override public void close() { inMemory.close(); }
    };
    client.close();
    client = AlertClient.builder().clock(clock).scheduler(scheduler).executor(Runnable::run).provider(sms).provider(voice)
        .provider(email).resilience(Resilience.none()).timers(recording).build();
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(0));
    clock.advance(Duration.ofMinutes(5)); // bob's step ran; the exhausted timer is due at 10:15
    dev.alertkit.spi.TimerEntry bobsStep = new dev.alertkit.spi.TimerEntry("alertkit.escalation", "inc-1",
        java.time.Instant.parse("2026-03-02T10:05:00Z"), "0:1");
    recording.cancel("alertkit.escalation", "inc-1"); // the crash lost it

    handlers.get("alertkit.escalation").onDue(bobsStep);

    assertThat(sentTo(sms, "bob")).isEqualTo(1);
    assertThat(recording.find("alertkit.escalation", "inc-1")).hasValueSatisfying(t -> {
      assertThat(t.due()).isEqualTo(java.time.Instant.parse("2026-03-02T10:15:00Z"));
      assertThat(t.payload()).startsWith("exhausted");
    });
    clock.advance(Duration.ofMinutes(10));
    assertThat(incident).isExhausted();
  }

  @Test
  void anInstanceThatDiesWhilePagingTheFirstStepLeavesItsTimerAndTheRerunPagesWhoWasNotPaged() throws Exception {
    // given a store that fails as the first page is recorded: the instance "dies" after starting step 1, before paging
    dev.alertkit.internal.InMemoryIncidentStore real = new dev.alertkit.internal.InMemoryIncidentStore(100);
    dev.alertkit.spi.IncidentStore store = org.mockito.Mockito.spy(real);
    java.util.concurrent.atomic.AtomicBoolean died = new java.util.concurrent.atomic.AtomicBoolean();
    org.mockito.Mockito.doAnswer(inv -> {
      Incident expected = inv.getArgument(0);
      Incident next = inv.getArgument(1);
      if (next.notifications().size() > expected.notifications().size() && died.compareAndSet(false, true)) {
        throw new IllegalStateException("the instance died here");
      }
      return inv.callRealMethod();
    }).when(store).replace(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
    client.close();
    client = AlertClient.builder().clock(clock).scheduler(ManualScheduler.on(clock)).executor(Runnable::run).provider(sms)
        .provider(voice).provider(email).resilience(Resilience.none()).replyCodeRandom(new Random(SEED)).incidentStore(store)
        .build();
    assertThatThrownBy(() -> client.raise(alert("inc-1", null), aliceThenBob(0))).hasMessageContaining("died");
    assertThat(sentTo(sms, "alice") + sentTo(voice, "alice")).as("nothing left before the crash").isZero();

    // when the first step's own timer runs again (a minute later; on a durable service, on any instance)
    clock.advance(Duration.ofMinutes(1));

    // then alice is paged once on each channel of the step, and the escalation goes on to bob at 10:05
    assertThat(sentTo(sms, "alice")).isEqualTo(1);
    assertThat(sentTo(voice, "alice")).isEqualTo(1);
    assertThat(client.incidents().find("inc-1").orElseThrow().notifications()).extracting(Notification::recipientId)
        .containsExactly("alice", "alice");
    clock.advance(Duration.ofMinutes(4));
    assertThat(sentTo(sms, "bob")).isEqualTo(1);
    clock.advance(Duration.ofMinutes(10));
    assertThat(sentTo(sms, "alice") + sentTo(voice, "alice")).as("never paged twice").isEqualTo(2);
  }

  @Test
  void aFailedIncidentAssertionShowsTheWholeTimeline() {
    IncidentHandle incident = client.raise(alert("inc-1", null), aliceThenBob(0));

    assertThatThrownBy(() -> assertThat(incident).isAcknowledgedBy("bob")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected state ACKNOWLEDGED but was TRIGGERED")
        .hasMessageContaining("incident inc-1 (TRIGGERED) timeline:")
        .hasMessageContaining("NOTIFIED step 1 alice via SMS: accepted");
  }
}
