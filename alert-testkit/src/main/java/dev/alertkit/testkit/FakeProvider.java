package dev.alertkit.testkit;

import dev.alertkit.Channel;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.Failure;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory {@link ChannelProvider} for tests: records every {@link OutboundMessage} in order, accepts with
 * generated ids ({@code fake-sms-1}, ...), and can be scripted to fail. Thread-safe; needs no JUnit.
 *
 * <pre>{@code
 * FakeProvider sms = FakeProvider.of("fake-sms", Channel.SMS);
 * sms.failNext(1, Failure.permanent(Failure.Fault.RECIPIENT, "invalid number").providerCode("21211").build());
 * sms.failWhen(m -> m.to().startsWith("+1500"), Failure.retryable(Failure.Fault.PROVIDER, "throttled").build());
 * sms.latency(Duration.ofMillis(200));     // advances the ManualClock per send, no sleeping
 * }</pre>
 */
public final class FakeProvider implements ChannelProvider {
  private final String name;
  private final Set<Channel> channels;
  private final int maxBatchSize;
  private final List<OutboundMessage> sent = new ArrayList<>();
  private final Deque<Failure> nextFailures = new ArrayDeque<>();
  private final List<Map.Entry<Predicate<OutboundMessage>, Failure>> rules = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private ManualClock clock;
  private Duration latency = Duration.ZERO;
  private volatile boolean closed;

  private FakeProvider(String name, Set<Channel> channels, int maxBatchSize) {
    this.name = name;
    this.channels = channels;
    this.maxBatchSize = maxBatchSize;
  }

  /**
   * A fake serving some channels.
   *
   * @param name the provider name, e.g. {@code "fake-sms"}
   * @param channels the channels
   * @return the fake
   * @throws IllegalArgumentException when no channel is given
   */
  public static FakeProvider of(String name, Channel... channels) {
    Objects.requireNonNull(name, "name");
    if (channels.length == 0) {
      throw new IllegalArgumentException("a FakeProvider serves at least one channel");
    }
    Set<Channel> set = EnumSet.noneOf(Channel.class);
    set.addAll(List.of(channels));
    return new FakeProvider(name, Set.copyOf(set), 1);
  }

  /**
   * A fake that takes batches (like SendGrid's 1,000 personalizations per request).
   *
   * @param size the batch size, at least 1
   * @return a new fake with the same name and channels, and that batch size
   * @throws IllegalArgumentException when size is below 1
   */
  public FakeProvider withBatchSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be at least 1");
    }
    return new FakeProvider(name, channels, size);
  }

  /**
   * Fails the next {@code n} messages with a failure; later scripting queues behind.
   *
   * @param n how many
   * @param failure the failure
   * @return this fake
   */
  public synchronized FakeProvider failNext(int n, Failure failure) {
    Objects.requireNonNull(failure, "failure");
    for (int i = 0; i < n; i++) {
      nextFailures.add(failure);
    }
    return this;
  }

  /**
   * Fails every message a predicate matches.
   *
   * @param when the predicate
   * @param failure the failure
   * @return this fake
   */
  public synchronized FakeProvider failWhen(Predicate<OutboundMessage> when, Failure failure) {
    rules.add(Map.entry(Objects.requireNonNull(when, "when"), Objects.requireNonNull(failure, "failure")));
    return this;
  }

  /**
   * Makes every request take time on a manual clock (the clock is advanced; nothing sleeps).
   *
   * @param clock the clock the client uses
   * @param latency how long each request takes
   * @return this fake
   */
  public synchronized FakeProvider latency(ManualClock clock, Duration latency) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.latency = Objects.requireNonNull(latency, "latency");
    return this;
  }

  /** Forgets recorded messages, scripting and latency. */
  public synchronized void reset() {
    sent.clear();
    nextFailures.clear();
    rules.clear();
    latency = Duration.ZERO;
    clock = null;
    requests.set(0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Channel> channels() {
    return channels;
  }

  @Override
  public int maxBatchSize() {
    return maxBatchSize;
  }

  @Override
  public SendResult send(OutboundMessage message) {
    requests.incrementAndGet();
    return handle(message);
  }

  @Override
  public List<SendResult> sendBatch(List<OutboundMessage> messages) {
    requests.incrementAndGet();
    List<SendResult> out = new ArrayList<>();
    messages.forEach(m -> out.add(handle(m)));
    return out;
  }

  private synchronized SendResult handle(OutboundMessage message) {
    if (clock != null && !latency.isZero()) {
      clock.advance(latency);
    }
    sent.add(message);
    Failure f = nextFailures.poll();
    if (f == null) {
      for (Map.Entry<Predicate<OutboundMessage>, Failure> r : rules) {
        if (r.getKey().test(message)) {
          f = r.getValue();
          break;
        }
      }
    }
    if (f != null) {
      return SendResult.rejected(f);
    }
    return SendResult.accepted(name + "-" + ids.incrementAndGet(), "queued");
  }

  /** @return every message received (accepted or failed), in order */
  public synchronized List<OutboundMessage> messages() {
    return List.copyOf(sent);
  }

  /**
   * Messages to one recipient.
   *
   * @param recipientId the recipient's id
   * @return those messages, in order
   */
  public synchronized List<OutboundMessage> messagesTo(String recipientId) {
    List<OutboundMessage> out = new ArrayList<>();
    for (OutboundMessage m : sent) {
      if (m.recipient().id().equals(recipientId)) {
        out.add(m);
      }
    }
    return out;
  }

  /** @return the last message received, if any */
  public synchronized Optional<OutboundMessage> lastMessage() {
    return sent.isEmpty() ? Optional.empty() : Optional.of(sent.get(sent.size() - 1));
  }

  /** @return how many provider requests were made (a batch counts once) */
  public int requestCount() {
    return requests.get();
  }

  /** @return whether {@link #close()} was called */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "FakeProvider{" + name + " " + channels + ", messages=" + messages().size() + "}";
  }
}
