package dev.alertkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alertkit.Alert;
import dev.alertkit.AlertListener;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** White-box tests of the caller: batch retries, sticky ambiguity, log lines with MDC keys. */
class FailsafeProviderCallerTest {
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
  private final Clock clock = Clock.systemUTC();
  private final ProviderCaller.Events noEvents = (r, f, d) -> {};

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** Fast retries on a real scheduler: 1 ms waits, no jitter. */
  private FailsafeProviderCaller caller(Resilience.Builder b) {
    Timers timers = new Timers(scheduler, Runnable::run);
    return new FailsafeProviderCaller(timers, p -> new Bulkhead(p.name(), 100, 1000, Duration.ofSeconds(30), Runnable::run, timers), clock, b.backoff(Duration.ofMillis(1), Duration.ofMillis(1)).jitter(0).build(),
        event -> { });
  }

  private static List<OutboundMessage> batch(int n) {
    Alert.Builder b = Alert.builder().id("a-1").severity(Severity.CRITICAL).title("t").body("b").channels(Channel.EMAIL);
    List<Recipient> rs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Recipient r = Recipient.builder("r" + i).email("r" + i + "@example.com").build();
      rs.add(r);
      b.recipient(r);
    }
    Alert alert = b.build();
    List<OutboundMessage> out = new ArrayList<>();
    for (Recipient r : rs) {
      out.add(OutboundMessage.builder(alert, r, Channel.EMAIL).attemptId("att-" + r.id()).to(r.address(Channel.EMAIL).orElseThrow()).text("x").build());
    }
    return out;
  }

  /** Answers each request with the next scripted function of the message. */
  private static final class Scripted implements ChannelProvider {
    final Deque<Function<OutboundMessage, SendResult>> script = new ArrayDeque<>();
    final List<List<String>> requests = new ArrayList<>();

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public Set<Channel> channels() {
      return Set.of(Channel.EMAIL);
    }

    @Override
    public int maxBatchSize() {
      return 10;
    }

    @Override
    public SendResult send(OutboundMessage m) {
      return sendBatch(List.of(m)).get(0);
    }

    @Override
    public synchronized List<SendResult> sendBatch(List<OutboundMessage> messages) {
      requests.add(messages.stream().map(m -> m.recipient().id()).toList());
      Function<OutboundMessage, SendResult> f = script.isEmpty() ? m -> SendResult.accepted("id", "queued") : script.poll();
      return messages.stream().map(f).toList();
    }
  }

  private static final Failure REFUSED = Failure.retryable(Failure.Fault.PROVIDER, "connection refused").build();
  private static final Failure HTTP_503 = Failure.ambiguous(Failure.Fault.PROVIDER, "HTTP 503").httpStatus(503).build();

  @Test
  void batchRetryResendsOnlyTheMessagesThatNeedIt() throws Exception {
    // Given a batch of 3 where the middle message is refused once
    Scripted p = new Scripted();
    p.script.add(m -> m.recipient().id().equals("r1") ? SendResult.rejected(REFUSED) : SendResult.accepted("id-" + m.recipient().id(), "queued"));
    ProviderCaller.CallResult r = caller(Resilience.builder()).call(p, batch(3), noEvents).get(5, TimeUnit.SECONDS);

    // Then the retry carried only r1, and the counts are per message
    assertThat(p.requests).containsExactly(List.of("r0", "r1", "r2"), List.of("r1"));
    assertThat(r.results()).allMatch(SendResult::isAccepted);
    assertThat(r.requests()).isEqualTo(2);
    assertThat(r.messageRequests()).containsExactly(1, 2, 1);
  }

  @Test
  void messageOnceAmbiguousStaysAmbiguousWhenItsOptedInRetryFailsOtherwise() throws Exception {
    // Given ambiguous retries opted in: 503, then a refused connection, then attempts run out
    Scripted p = new Scripted();
    p.script.add(m -> SendResult.rejected(HTTP_503));
    p.script.add(m -> SendResult.rejected(REFUSED));
    ProviderCaller.CallResult r = caller(Resilience.builder().maxAttempts(2).retryAmbiguous(true)).call(p, batch(1), noEvents)
        .get(5, TimeUnit.SECONDS);

    // Then the final failure is ambiguous (so no failover resends it) and the resend is flagged
    Failure f = r.results().get(0).failureIfRejected().orElseThrow();
    assertThat(f.kind()).isEqualTo(Failure.Kind.AMBIGUOUS);
    assertThat(f.reason()).contains("connection refused").contains("an earlier request failed ambiguously");
    assertThat(r.ambiguousResend()).isTrue();
    assertThat(r.messageAmbiguousResends()).containsExactly(true);
  }

  @Test
  void retriesAndCircuitChangesAreLoggedWithTheMdcKeys() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(FailsafeProviderCaller.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>() {
      @Override
      protected void append(ILoggingEvent e) {
        e.prepareForDeferredProcessing(); // captures the MDC while it is set
        super.append(e);
      }
    };
    logs.start();
    logger.addAppender(logs);
    try {
      // Given a provider that refuses once, then answers 503, with a breaker that opens on one failure
      Scripted p = new Scripted();
      p.script.add(m -> SendResult.rejected(REFUSED));
      p.script.add(m -> SendResult.rejected(HTTP_503));
      caller(Resilience.builder().circuitBreaker(100, 1, Duration.ofMinutes(1))).call(p, batch(1), noEvents).get(5, TimeUnit.SECONDS);

      // Then the retry line carries alert.id, alert.channel and alert.provider, and the circuit line the provider
      ILoggingEvent retry = logs.list.stream().filter(e -> e.getFormattedMessage().startsWith("retrying EMAIL via scripted")).findFirst().orElseThrow();
      assertThat(retry.getMDCPropertyMap()).containsEntry("alert.id", "a-1").containsEntry("alert.channel", "EMAIL")
          .containsEntry("alert.provider", "scripted");
      ILoggingEvent open = logs.list.stream().filter(e -> e.getFormattedMessage().contains("is now OPEN")).findFirst().orElseThrow();
      assertThat(open.getMDCPropertyMap()).containsEntry("alert.provider", "scripted");
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void callsAfterCancelAllMakeNoRequest() throws Exception {
    Scripted p = new Scripted();
    FailsafeProviderCaller c = caller(Resilience.builder());
    c.cancelAll("the AlertClient was closed");
    ProviderCaller.CallResult r = c.call(p, batch(2), noEvents).get(5, TimeUnit.SECONDS);
    assertThat(p.requests).isEmpty();
    assertThat(r.requests()).isZero();
    assertThat(r.results().get(0).failureIfRejected().orElseThrow().reason()).isEqualTo("the AlertClient was closed; the request was not made");
  }
}
