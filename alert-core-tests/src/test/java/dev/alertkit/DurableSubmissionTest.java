package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.DeferredCompleted;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.internal.InMemoryDispatchJournal;
import dev.alertkit.internal.InMemoryTimerService;
import dev.alertkit.spi.DispatchJournal;
import dev.alertkit.spi.TimerEntry;
import dev.alertkit.spi.TimerHandler;
import dev.alertkit.spi.TimerService;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durable submissions and deferred sends, on a journal and a timer service that say they are durable (in memory here;
 * alert-jdbc runs the same on PostgreSQL, across instances and a killed JVM). A "crashed instance" is what it leaves
 * in the journal: marks without reports.
 */
class DurableSubmissionTest {
  final ManualClock clock = ManualClock.at("2026-03-02T10:00:00Z");
  final ManualScheduler scheduler = ManualScheduler.on(clock);
  final FakeProvider sms = FakeProvider.sms();
  final FakeProvider email = FakeProvider.email();
  final List<AlertEvent> events = Collections.synchronizedList(new ArrayList<>());
  final Journal journal = new Journal();
  final Timers timers = new Timers(new InMemoryTimerService(clock, scheduler, Runnable::run));
  final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  final Recipient bob = Recipient.builder("bob").phone("+14155550101").email("bob@example.com").build();
  final Recipient carol = Recipient.builder("carol").phone("+14155550102").email("carol@example.com").build();
  AlertClient client;

  /** The in-memory journal, claiming durability (and able to fail on demand). */
  static final class Journal implements DispatchJournal {
    final InMemoryDispatchJournal delegate = new InMemoryDispatchJournal(1000);
    final AtomicBoolean down = new AtomicBoolean();

    @Override
    public void mark(String dispatchId, List<AttemptMark> marks) {
      if (down.get()) {
        throw new IllegalStateException("journal down");
      }
      delegate.mark(dispatchId, marks);
    }

    @Override
    public void finish(String dispatchId, Map<String, String> reports, Instant at) {
      if (down.get()) {
        throw new IllegalStateException("journal down");
      }
      delegate.finish(dispatchId, reports, at);
    }

    @Override
    public Recorded read(String dispatchId) {
      return delegate.read(dispatchId);
    }

    @Override
    public boolean durable() {
      return true;
    }
  }

  /** The in-memory timer service, claiming durability. */
  record Timers(InMemoryTimerService delegate) implements TimerService {
    @Override
    public void register(String kind, TimerHandler handler) {
      delegate.register(kind, handler);
    }

    @Override
    public void start() {
      delegate.start();
    }

    @Override
    public void schedule(TimerEntry timer) {
      delegate.schedule(timer);
    }

    @Override
    public boolean cancel(String kind, String key) {
      return delegate.cancel(kind, key);
    }

    @Override
    public Optional<TimerEntry> find(String kind, String key) {
      return delegate.find(kind, key);
    }

    @Override
    public int pending() {
      return delegate.pending();
    }

    @Override
    public boolean durable() {
      return true;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  AlertClient.Builder builder() {
    return AlertClient.builder().clock(clock).scheduler(scheduler).executor(Runnable::run).provider(sms).provider(email)
        .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)).build())
        .resilience(Resilience.none()).timers(timers).dispatchJournal(journal).listener(events::add);
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  Alert alert(String id, Recipient... recipients) {
    return Alert.builder().id(id).severity(Severity.CRITICAL).title("db-1 down").recipients(List.of(recipients)).createdAt(clock).build();
  }

  List<DispatchReport> completed() {
    List<DispatchReport> out = new ArrayList<>();
    synchronized (events) {
      for (AlertEvent e : events) {
        if (e instanceof DispatchCompleted c) {
          out.add(c.report());
        }
      }
    }
    return out;
  }

  long sentTo(FakeProvider fake, String recipientId) {
    return fake.messages().stream().filter(m -> m.recipient().id().equals(recipientId)).count();
  }

  @Test
  void submitStoresTheAlertAndDispatchesItWhenItsTimerRuns() {
    client = builder().build();

    Submission s = client.submit(alert("a-1", alice));

    assertThat(s.durable()).isTrue();
    assertThat(s.alertId()).isEqualTo("a-1");
    assertThat(sms.messages()).as("nothing is sent before the stored submission is picked").isEmpty();
    assertThat(timers.find("alertkit.submission", "a-1")).isPresent();

    scheduler.runDue();

    assertThat(sentTo(sms, "alice")).isEqualTo(1);
    assertThat(completed()).singleElement().satisfies(r -> assertThat(r.recipients().get(0).outcome()).isEqualTo(Outcome.ACCEPTED));
    assertThat(journal.read("a-1").reports()).containsOnlyKeys("alice");
    assertThat(journal.read("a-1").marks()).singleElement()
        .satisfies(m -> assertThat(m.mark()).isEqualTo(DispatchJournal.Mark.STARTED));
  }

  @Test
  void aResumedDispatchKeepsDecidedRecipientsDoesNotResendStartedOnesAndSendsTheRest() {
    // Given a crashed instance left: alice reported, bob's SMS started without an answer, carol untouched
    client = builder().build();
    Alert alert = alert("a-2", alice, bob, carol);
    journal.delegate.finish("a-2", Map.of("alice", dev.alertkit.spi.support.AlertJson.report(new RecipientReport("alice",
        Outcome.ACCEPTED, Optional.empty(), Optional.of("default"), Optional.empty(), List.of(), List.of(), Optional.empty()))),
        clock.instant());
    journal.delegate.mark("a-2", List.of(new DispatchJournal.AttemptMark("bob", "att-bob", Channel.SMS, "fake-sms",
        DispatchJournal.Mark.STARTED, clock.instant())));

    // When the submission's timer runs again (as db-scheduler revives a dead execution)
    client.submit(alert);
    scheduler.runDue();

    // Then only carol is paged; bob is reported as possibly sent, alice keeps her outcome
    assertThat(sentTo(sms, "alice") + sentTo(email, "alice")).isZero();
    assertThat(sentTo(sms, "bob") + sentTo(email, "bob")).as("bob's request may have left: not resent").isZero();
    assertThat(sentTo(sms, "carol")).isEqualTo(1);
    DispatchReport report = completed().get(0);
    assertThat(report.recipients()).extracting(RecipientReport::recipientId, RecipientReport::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", Outcome.ACCEPTED),
            org.assertj.core.groups.Tuple.tuple("bob", Outcome.FAILED), org.assertj.core.groups.Tuple.tuple("carol", Outcome.ACCEPTED));
    RecipientReport b = report.recipients().get(1);
    assertThat(b.reason().orElseThrow()).contains("interrupted").contains("may have been sent").contains("SMS via fake-sms");
    assertThat(b.attempts()).singleElement().satisfies(a -> {
      assertThat(a.failure().orElseThrow().kind()).isEqualTo(Failure.Kind.AMBIGUOUS);
      assertThat(a.attemptId()).isEqualTo("att-bob");
    });
    assertThat(journal.read("a-2").reports()).containsOnlyKeys("alice", "bob", "carol");
    assertThat(events).filteredOn(dev.alertkit.event.DispatchResumed.class::isInstance).singleElement().satisfies(e -> {
      dev.alertkit.event.DispatchResumed r = (dev.alertkit.event.DispatchResumed) e;
      assertThat(r.kept()).containsExactly("alice");
      assertThat(r.possiblySent()).containsExactly("bob");
      assertThat(r.resent()).isEmpty();
    });
  }

  @Test
  void aResumedDispatchHoldingItsDedupKeyIsNotSuppressedAsItsOwnDuplicate() {
    // given the crashed instance claimed the dedup key for this alert and started bob's SMS
    dev.alertkit.internal.InMemoryAlertStateStore store = new dev.alertkit.internal.InMemoryAlertStateStore(100);
    store.claim("disk:db-1", "a-12", clock.instant(), Duration.ofMinutes(10), Optional.empty());
    client = builder().dedup(Dedup.window(Duration.ofMinutes(10))).stateStore(store).build();
    journal.delegate.mark("a-12", List.of(new DispatchJournal.AttemptMark("bob", "att-bob", Channel.SMS, "fake-sms",
        DispatchJournal.Mark.STARTED, clock.instant())));

    // when the submission runs again
    client.submit(Alert.builder().id("a-12").severity(Severity.CRITICAL).title("disk full").dedupKey("disk:db-1")
        .recipient(bob).recipient(carol).createdAt(clock).build());
    scheduler.runDue();

    // then carol is paged (not suppressed as a duplicate of its own alert) and bob is not paged again
    assertThat(sentTo(sms, "carol")).isEqualTo(1);
    assertThat(sentTo(sms, "bob")).isZero();
    assertThat(completed().get(0).recipients()).extracting(RecipientReport::outcome).containsExactly(Outcome.FAILED, Outcome.ACCEPTED);
  }

  @Test
  void withResendAmbiguousOnResumeAStartedRecipientIsSentAgain() {
    client = builder().resendAmbiguousOnResume(true).build();
    journal.delegate.mark("a-3", List.of(new DispatchJournal.AttemptMark("bob", "att-bob", Channel.SMS, "fake-sms",
        DispatchJournal.Mark.STARTED, clock.instant())));

    client.submit(alert("a-3", bob));
    scheduler.runDue();

    assertThat(sentTo(sms, "bob")).isEqualTo(1);
    assertThat(completed().get(0).recipients().get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(completed().get(0).recipients().get(0).reason().orElseThrow()).contains("sent again after an interrupted dispatch");
    assertThat(events).filteredOn(dev.alertkit.event.DispatchResumed.class::isInstance).singleElement()
        .satisfies(e -> assertThat(((dev.alertkit.event.DispatchResumed) e).resent()).containsExactly("bob"));
  }

  @Test
  void aRecipientWhoseRequestsCertainlyFailedIsSentWhenResumed() {
    client = builder().build();
    journal.delegate.mark("a-4", List.of(new DispatchJournal.AttemptMark("bob", "att-bob", Channel.SMS, "fake-sms",
        DispatchJournal.Mark.NOT_SENT, clock.instant())));

    client.submit(alert("a-4", bob));
    scheduler.runDue();

    assertThat(sentTo(sms, "bob")).isEqualTo(1);
  }

  @Test
  void aFinishedSubmissionSubmittedAgainPagesNobodyAgain() {
    client = builder().build();
    client.submit(alert("a-5", alice));
    scheduler.runDue();

    client.submit(alert("a-5", alice));
    scheduler.runDue();

    assertThat(sentTo(sms, "alice")).isEqualTo(1);
    assertThat(completed()).hasSize(2).allSatisfy(r -> assertThat(r.recipients().get(0).outcome()).isEqualTo(Outcome.ACCEPTED));
  }

  @Test
  void aDefinitelyFailedRequestIsMarkedNotSentBeforeTheFallback() {
    client = builder().build();
    sms.failNext(1, Failure.permanent(Failure.Fault.PROVIDER, "account suspended").build());

    client.submit(alert("a-6", alice));
    scheduler.runDue();

    assertThat(sentTo(email, "alice")).isEqualTo(1);
    assertThat(journal.read("a-6").marks()).extracting(DispatchJournal.AttemptMark::channel, DispatchJournal.AttemptMark::mark)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Channel.SMS, DispatchJournal.Mark.NOT_SENT),
            org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, DispatchJournal.Mark.STARTED));
  }

  @Test
  void whenTheJournalCannotRecordAStartNoRequestIsMadeAndTheSubmissionIsTriedAgainLater() {
    client = builder().build();
    journal.down.set(true);

    client.submit(alert("a-7", alice));
    scheduler.runDue();

    assertThat(sms.messages()).as("no request leaves unless it was recorded as started").isEmpty();
    assertThat(email.messages()).isEmpty();
    assertThat(completed()).as("not reported: its reports could not be written either").isEmpty();
    assertThat(timers.find("alertkit.submission", "a-7")).as("rescheduled").isPresent();

    journal.down.set(false);
    clock.advance(Duration.ofSeconds(30));

    assertThat(sentTo(sms, "alice")).isEqualTo(1);
    assertThat(completed()).singleElement().satisfies(r -> assertThat(r.recipients().get(0).outcome()).isEqualTo(Outcome.ACCEPTED));
  }

  @Test
  void aDeferredSendIsADurableTimerAndReportsWhenItRuns() {
    client = builder().routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).onQuietHours(QuietHoursPolicy.defer())).build())
        .build();
    Recipient sleepy = Recipient.builder("sleepy").phone("+14155550103").timeZone(ZoneOffset.UTC)
        .quietHours(LocalTime.of(9, 0), LocalTime.of(11, 0)).build();

    DispatchReport first = client.send(alert("a-8", sleepy));

    assertThat(first.recipients().get(0).outcome()).isEqualTo(Outcome.DEFERRED);
    assertThat(first.recipients().get(0).reason().orElseThrow()).contains("durable timer service");
    assertThat(timers.find("alertkit.deferred-send", "a-8/sleepy")).isPresent()
        .get().satisfies(t -> assertThat(t.due()).isEqualTo(Instant.parse("2026-03-02T11:00:00Z")));
    assertThat(sms.messages()).isEmpty();

    clock.advance(Duration.ofHours(1));

    assertThat(sentTo(sms, "sleepy")).isEqualTo(1);
    assertThat(events).filteredOn(DeferredCompleted.class::isInstance).singleElement()
        .satisfies(e -> assertThat(((DeferredCompleted) e).report().outcome()).isEqualTo(Outcome.ACCEPTED));
    assertThat(journal.read("a-8/sleepy/deferred").reports()).containsOnlyKeys("sleepy");
  }

  @Test
  void aRecipientDecidedWhileAnotherIsStillBeingSentIsJournaledAtOnce() throws Exception {
    // given alice reached by SMS in tier 1, and bob (e-mail only) whose tier-2 e-mail hangs
    java.util.concurrent.CountDownLatch bobStarted = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch releaseBob = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch completed = new java.util.concurrent.CountDownLatch(1);
    dev.alertkit.spi.ChannelProvider slowEmail = new dev.alertkit.spi.ChannelProvider() {
      @Override
      public String name() {
        return "slow-email";
      }

      @Override
      public java.util.Set<Channel> channels() {
        return java.util.Set.of(Channel.EMAIL);
      }

      @Override
      public dev.alertkit.spi.SendResult send(dev.alertkit.spi.OutboundMessage message) {
        bobStarted.countDown();
        try {
          releaseBob.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new dev.alertkit.spi.SendResult.Accepted(Optional.of("m-1"), Optional.empty(), Map.of());
      }
    };
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    try {
      // timer handlers on the pool (as db-scheduler runs them on its own threads), not on the thread running the scheduler
      Timers onPool = new Timers(new InMemoryTimerService(clock, scheduler, pool));
      client = AlertClient.builder().clock(clock).scheduler(scheduler).executor(pool).provider(sms).provider(slowEmail)
          .routing(RoutingPolicy.builder().otherwise(Rule.deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL)).build())
          .resilience(Resilience.none()).timers(onPool).dispatchJournal(journal).listener(e -> {
            if (e instanceof DispatchCompleted) {
              completed.countDown();
            }
          }).build();
      Recipient bobByMail = Recipient.builder("bob").email("bob@example.com").build();
      client.submit(alert("a-11", alice, bobByMail));

      // when the dispatch runs and bob's e-mail is in flight
      scheduler.runDue();
      assertThat(bobStarted.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      // then alice's report is already in the journal (a crash now would not report her as possibly sent)
      assertThat(journal.read("a-11").reports()).containsOnlyKeys("alice");
      assertThat(journal.read("a-11").marks()).anySatisfy(m -> {
        assertThat(m.recipientId()).isEqualTo("bob");
        assertThat(m.mark()).isEqualTo(DispatchJournal.Mark.STARTED);
      });

      releaseBob.countDown();
      assertThat(completed.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(journal.read("a-11").reports()).containsOnlyKeys("alice", "bob");
    } finally {
      releaseBob.countDown();
      client.close();
      client = null;
      pool.shutdownNow();
    }
  }

  @Test
  void withoutADurableJournalSubmitDispatchesInMemoryAtOnce() {
    client = AlertClient.builder().clock(clock).scheduler(scheduler).executor(Runnable::run).provider(sms)
        .resilience(Resilience.none()).listener(events::add).build();

    Submission s = client.submit(alert("a-9", alice));

    assertThat(s.durable()).isFalse();
    assertThat(sentTo(sms, "alice")).isEqualTo(1);
    assertThat(completed()).hasSize(1);
  }

  @Test
  void aDurableTimerServiceWithoutADurableJournalIsRejectedNamingTheField() {
    assertThatThrownBy(() -> AlertClient.builder().provider(sms).timers(timers).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("dispatchJournal").hasMessageContaining("paging twice");
  }

  @Test
  void anAlertTooLargeToStoreIsRejectedAndNothingIsStored() {
    client = builder().build();
    Alert.Builder b = Alert.builder().id("a-10").severity(Severity.CRITICAL).title("big").body("x".repeat(Alert.MAX_BODY_LENGTH));
    for (int i = 0; i < 5000; i++) {
      b.recipient(Recipient.builder("r" + i).phone("+1415555" + String.format("%04d", i)).name("n".repeat(200)).build());
    }

    assertThatThrownBy(() -> client.submit(b.build())).isInstanceOf(AlertRejectedException.class)
        .hasMessageContaining("characters as JSON").hasMessageContaining("a-10 was not submitted");
    assertThat(timers.pending()).isZero();
  }
}
