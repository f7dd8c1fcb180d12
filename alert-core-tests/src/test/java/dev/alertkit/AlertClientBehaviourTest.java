package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.ManualClock;
import dev.alertkit.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client's basic behaviour, every scenario through both send and sendAsync. */
class AlertClientBehaviourTest {
  private final ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final FakeProvider sms = FakeProvider.of("fake-sms", Channel.SMS);
  private final FakeProvider email = FakeProvider.of("fake-email", Channel.EMAIL);

  private final Recipient alice = Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build();
  private final Recipient bob = Recipient.builder("bob").phone("+91 98123 45678").email("bob@example.com").build();

  private AlertClient client(AlertListener... listeners) {
    // These scenarios are about routing; retries, breakers and limits have their own tests (dev.alertkit.resilience).
    AlertClient.Builder b = AlertClient.builder().provider(sms).provider(email).clock(clock).scheduler(scheduler).executor(Runnable::run)
        .resilience(dev.alertkit.Resilience.none());
    for (AlertListener l : listeners) {
      b.listener(l);
    }
    return b.build();
  }

  private Alert alert(Channel... channels) {
    return Alert.builder().id("a-1").severity(Severity.CRITICAL).title("db-1 disk 97% full").body("Runbook: https://runbooks.example.com/disk")
        .recipient(alice).recipient(bob).channels(channels).createdAt(clock).build();
  }

  /** A comparable summary: outcome, channel/provider/accepted per attempt, skips. */
  private static List<String> summary(DispatchReport report) {
    List<String> out = new ArrayList<>();
    for (RecipientReport r : report.recipients()) {
      out.add(r.recipientId() + ":" + r.outcome() + ":" + r.attempts().stream()
          .map(a -> a.channel() + "/" + a.provider() + "/" + a.accepted() + a.failure().map(f -> "/" + f.kind()).orElse(""))
          .collect(Collectors.joining(",")) + ":" + r.skipped());
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void sendsOverTheFirstRequestedChannelAndStopsWhenAccepted(SendMode mode) {
    // Given a client with SMS and email providers
    try (AlertClient client = client()) {
      // When an alert asks for SMS then email
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL));

      // Then each recipient got exactly one SMS and no email
      assertThat(report.outcomes()).containsExactly(java.util.Map.entry("alice", Outcome.ACCEPTED), java.util.Map.entry("bob", Outcome.ACCEPTED));
      assertThat(sms.messages()).extracting(OutboundMessage::to).containsExactly("+14155550100", "+919812345678");
      assertThat(email.messages()).isEmpty();
      Attempt a = report.recipient("alice").attempts().get(0);
      assertThat(a.accepted()).isTrue();
      assertThat(a.providerMessageId()).hasValueSatisfying(id -> assertThat(id).startsWith("fake-sms-"));
      assertThat(a.requests()).isEqualTo(1);
      assertThat(sms.messages().get(0).text()).isEqualTo("[CRITICAL] db-1 disk 97% full\nRunbook: https://runbooks.example.com/disk");
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void fallsBackToTheNextRequestedChannelWhenOneFails(SendMode mode) {
    // Given SMS fails permanently for bob's number
    sms.failWhen(m -> m.to().startsWith("+91"), Failure.permanent(Failure.Fault.RECIPIENT, "invalid 'To' number").providerCode("21211").build());
    try (AlertClient client = client()) {
      // When the alert goes out over SMS with email as fallback
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL));

      // Then alice got SMS only; bob's SMS failed and email took over
      RecipientReport bobReport = report.recipient("bob");
      assertThat(bobReport.outcome()).isEqualTo(Outcome.ACCEPTED);
      assertThat(bobReport.channelsTried()).containsExactly(Channel.SMS, Channel.EMAIL);
      assertThat(bobReport.attempts().get(0).failure()).hasValueSatisfying(f -> {
        assertThat(f.kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(f.providerCode()).contains("21211");
      });
      assertThat(email.messagesTo("bob")).hasSize(1);
      assertThat(email.messagesTo("alice")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void reportsFailedWithEveryReasonWhenEveryChannelFails(SendMode mode) {
    // Given both providers fail everything
    sms.failWhen(m -> true, Failure.permanent(Failure.Fault.PROVIDER, "authentication failed").providerCode("20003").build());
    email.failWhen(m -> true, Failure.ambiguous(Failure.Fault.PROVIDER, "HTTP 503").httpStatus(503).build());
    try (AlertClient client = client()) {
      // When
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL));

      // Then every recipient failed, and the reason names both channels
      assertThat(report.countByOutcome()).containsExactly(java.util.Map.entry(Outcome.FAILED, 2));
      assertThat(report.recipient("alice").reason()).hasValueSatisfying(r ->
          assertThat(r).contains("SMS via fake-sms: authentication failed").contains("EMAIL via fake-email: HTTP 503"));
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void providerThatThrowsIsRecordedAsAmbiguousNotPropagated(SendMode mode) {
    // Given a provider with a bug
    ChannelProvider broken = new ChannelProvider() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public Set<Channel> channels() {
        return Set.of(Channel.SMS);
      }

      @Override
      public SendResult send(OutboundMessage message) {
        throw new IllegalStateException("boom");
      }
    };
    try (AlertClient client = AlertClient.builder().provider(broken).provider(email).clock(clock).scheduler(scheduler).build()) {
      // When
      DispatchReport report = mode.send(client, alert(Channel.SMS, Channel.EMAIL));

      // Then the throw became an ambiguous failure and email took over
      assertThat(report.recipient("alice").attempts().get(0).failure()).hasValueSatisfying(f ->
          assertThat(f.kind()).isEqualTo(Failure.Kind.AMBIGUOUS));
      assertThat(report.outcome("alice")).isEqualTo(Outcome.ACCEPTED);
    }
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void sendAndSendAsyncGiveEqualReportsForTheSameScript(SendMode ignored) {
    // Given the same script run twice, once per mode
    List<List<String>> summaries = new ArrayList<>();
    for (SendMode mode : SendMode.values()) {
      sms.reset();
      email.reset();
      sms.failNext(1, Failure.retryable(Failure.Fault.PROVIDER, "rate limited").httpStatus(429).build());
      email.failWhen(m -> m.recipient().id().equals("bob"), Failure.permanent(Failure.Fault.RECIPIENT, "bounced").build());
      try (AlertClient client = client()) {
        summaries.add(summary(mode.send(client, alert(Channel.SMS, Channel.EMAIL))));
      }
    }
    // Then both modes produced the same outcomes, attempts and skips
    assertThat(summaries.get(1)).isEqualTo(summaries.get(0));
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void listenerHearsStartAttemptsAndCompletion(SendMode mode) {
    // Given a recording listener
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    AlertListener listener = event -> {
      if (event instanceof dev.alertkit.event.DispatchStarted e) {
        events.add("started " + e.alert().id());
      } else if (event instanceof dev.alertkit.event.AttemptFinished e) {
        events.add("attempt " + e.recipient().id() + " " + e.attempt().channel());
      } else if (event instanceof dev.alertkit.event.DispatchCompleted e) {
        events.add("completed " + e.alert().id());
      }
    };
    try (AlertClient client = client(listener)) {
      // When
      mode.send(client, alert(Channel.SMS));
    }
    // Then
    assertThat(events).first().isEqualTo("started a-1");
    assertThat(events).last().isEqualTo("completed a-1");
    assertThat(events).contains("attempt alice SMS", "attempt bob SMS");
  }

  @ParameterizedTest
  @EnumSource(SendMode.class)
  void closeRejectsLaterSendsAndClosesProviders(SendMode mode) {
    // Given a closed client
    AlertClient client = client();
    client.close();

    // Then a send is rejected with a clear exception and the providers were closed
    assertThatThrownBy(() -> mode.send(client, alert(Channel.SMS)))
        .isInstanceOf(AlertRejectedException.class)
        .hasMessageContaining("closed");
    assertThat(sms.isClosed()).isTrue();
    assertThat(email.isClosed()).isTrue();
    client.close(); // idempotent
  }

  @org.junit.jupiter.api.Test
  void closeLetsInFlightSendsFinishWithinTheTimeout() throws Exception {
    // Given a provider that blocks until released, on a real executor
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ChannelProvider slow = blocking("slow", entered, release);
    AlertClient client = AlertClient.builder().provider(slow).clock(clock).scheduler(scheduler).closeTimeout(Duration.ofSeconds(30)).build();
    CompletableFuture<DispatchReport> f = client.sendAsync(alert(Channel.SMS));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    // When close is called while the send is in flight, and the provider then answers
    CompletableFuture<Void> closing = CompletableFuture.runAsync(client::close);
    release.countDown();
    closing.get(30, TimeUnit.SECONDS);

    // Then the in-flight alert finished normally
    assertThat(f.get(10, TimeUnit.SECONDS).outcome("alice")).isEqualTo(Outcome.ACCEPTED);
  }

  @org.junit.jupiter.api.Test
  void closeReportsNotSentWhenInFlightSendsOutlastTheTimeout() throws Exception {
    // Given a provider that never answers on its own
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AlertClient client = AlertClient.builder().provider(blocking("stuck", entered, release)).clock(clock).scheduler(scheduler)
        .closeTimeout(Duration.ZERO).build();
    CompletableFuture<DispatchReport> f = client.sendAsync(alert(Channel.SMS));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    // When the client closes with no grace period
    client.close();
    release.countDown();

    // Then every recipient has an outcome: NOT_SENT, with a reason that says the request may have gone out
    DispatchReport report = f.get(10, TimeUnit.SECONDS);
    assertThat(report.countByOutcome()).containsExactly(java.util.Map.entry(Outcome.NOT_SENT, 2));
    assertThat(report.recipient("alice").reason()).hasValueSatisfying(r -> assertThat(r).contains("closed").contains("may still have reached"));
  }

  private static ChannelProvider blocking(String name, CountDownLatch entered, CountDownLatch release) {
    return new ChannelProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Set<Channel> channels() {
        return Set.of(Channel.SMS);
      }

      @Override
      public SendResult send(OutboundMessage message) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return SendResult.accepted("id-" + message.recipient().id(), "queued");
      }
    };
  }
}
