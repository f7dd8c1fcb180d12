package dev.alertkit.testkit;

import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.spi.AbortSignal;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.ProviderContext;
import dev.alertkit.spi.SendResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An in-memory, scriptable {@link ChannelProvider} for tests of code that raises alerts: records every
 * {@link OutboundMessage} with what it answered, answers as scripted, and reports delivery events back into the
 * client exactly as a provider's webhooks would. Thread-safe; needs no test framework (JUnit and AssertJ glue is
 * in {@link AlertkitExtension} and {@link AlertAssertions}).
 *
 * <pre>{@code
 * FakeProvider sms = FakeProvider.sms();                 // name "fake-sms", serves Channel.SMS
 * FakeProvider email = FakeProvider.email();
 * try (AlertClient client = AlertClient.builder().provider(sms).provider(email).build()) {
 *   sms.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(1)), FakeResponse.accept("SM-2").thenDeliver());
 *   sms.failWhen(m -> m.to().startsWith("+91"), Failure.permanent(Failure.Fault.RECIPIENT, "invalid number").build());
 *   client.send(alert);
 *   sms.deliverAll();                                     // DELIVERED events reach the client's listeners
 *   sms.recorded();                                       // every message, its answer, its events
 * }
 * }</pre>
 *
 * <p><b>How the fake answers.</b> For each message, the first of these that applies:
 * <ol>
 *   <li>the next response queued by {@link #enqueue} or {@link #failNext} (first in, first out);
 *   <li>the first rule added by {@link #respondWhen} or {@link #failWhen} whose predicate matches;
 *   <li>the {@link #dispatcher dispatcher}, when set and it returns a result (null falls through);
 *   <li>{@link #flaky flakiness}: fails with the given failure with the given probability, drawn from a seeded
 *       {@link Random} (one draw per message reaching this step, so a fixed send order gives a fixed outcome);
 *   <li>otherwise: accepted with a generated id {@code <name>-<n>} ({@code fake-sms-1}, ...) and status
 *       {@code queued}.
 * </ol>
 *
 * <p><b>Delivery events.</b> The client calls {@link #attach} when it is built; {@link #deliver}, {@link #fail},
 * {@link #acknowledge}, {@link #deliverAll}, {@link #report} and scripted follow-ups ({@link FakeResponse#thenDeliver()})
 * then create {@link DeliveryEvent}s correlated by provider message id and filled with the alert, recipient,
 * attempt and channel of the recorded message, and hand them to the client through
 * {@link ProviderContext#deliveryEvent}, on the calling thread. Explicit calls always emit (so tests can replay
 * duplicates and out-of-order callbacks); {@link #deliverAll} skips messages whose recorded status is already
 * final or past DELIVERED.
 */
public final class FakeProvider implements ChannelProvider {
  private final String name;
  private final Set<Channel> channels;
  private final int maxBatchSize;

  // Guarded by this.
  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Entry> byId = new HashMap<>();
  private final Deque<FakeResponse> queue = new ArrayDeque<>();
  private final List<Map.Entry<Predicate<OutboundMessage>, FakeResponse>> rules = new ArrayList<>();
  private final List<Pending> pendingEvents = new ArrayList<>();
  private final List<java.util.concurrent.CountDownLatch> hung = new ArrayList<>();
  private boolean hanging;
  private int aborted;
  private int concurrency = 100;
  private Function<OutboundMessage, SendResult> dispatcher;
  private Flaky flaky;
  private ManualClock latencyClock;
  private Duration latency = Duration.ZERO;
  private long generatedIds;
  private long pendingSequence;
  private int requests;

  private volatile ProviderContext context;
  private volatile ManualClock timelineClock;
  private volatile boolean closed;

  private final ManualClock.Timeline timeline = new ManualClock.Timeline() {
    @Override
    public Instant nextDue() {
      synchronized (FakeProvider.this) {
        Pending first = earliestPending();
        return first == null ? null : first.due;
      }
    }

    @Override
    public boolean runNext(Instant now) {
      DeliveryEvent e;
      synchronized (FakeProvider.this) {
        Pending first = earliestPending();
        if (first == null || first.due.isAfter(now)) {
          return false;
        }
        pendingEvents.remove(first);
        e = record(first.entry, first.followUp.status(), first.followUp.rawStatus(), first.followUp.errorCode().orElse(null), null);
      }
      publish(e);
      return true;
    }
  };

  private static final class Entry {
    final int sequence;
    final OutboundMessage message;
    final Instant receivedAt;
    final SendResult result;
    final String providerMessageId;
    DeliveryStatus status;
    final List<DeliveryEvent> events = new ArrayList<>();

    Entry(int sequence, OutboundMessage message, Instant receivedAt, SendResult result) {
      this.sequence = sequence;
      this.message = message;
      this.receivedAt = receivedAt;
      this.result = result;
      this.providerMessageId = result instanceof SendResult.Accepted
          ? ((SendResult.Accepted) result).providerMessageId().orElse(null) : null;
      this.status = result.isAccepted() ? initialStatus(((SendResult.Accepted) result).providerStatus().orElse("queued")) : null;
    }

    RecordedMessage snapshot() {
      return new RecordedMessage(sequence, message, receivedAt, result, Optional.ofNullable(status), events);
    }
  }

  private static final class Pending {
    final Entry entry;
    final FakeResponse.FollowUp followUp;
    final Instant due;
    final long sequence;

    Pending(Entry entry, FakeResponse.FollowUp followUp, Instant due, long sequence) {
      this.entry = entry;
      this.followUp = followUp;
      this.due = due;
      this.sequence = sequence;
    }
  }

  private static final class Flaky {
    final double rate;
    final long seed;
    final Failure failure;
    final Random random;

    Flaky(double rate, long seed, Failure failure) {
      this.rate = rate;
      this.seed = seed;
      this.failure = failure;
      this.random = new Random(seed);
    }
  }

  private FakeProvider(String name, Set<Channel> channels, int maxBatchSize) {
    this.name = name;
    this.channels = channels;
    this.maxBatchSize = maxBatchSize;
  }

  /**
   * A fake serving some channels.
   *
   * @param name the provider name, e.g. {@code "fake-sms"}; unique within one client
   * @param channels the channels
   * @return the fake
   * @throws NullPointerException when name is null
   * @throws IllegalArgumentException when name is blank or no channel is given
   */
  public static FakeProvider of(String name, Channel... channels) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a FakeProvider needs a name");
    }
    if (channels.length == 0) {
      throw new IllegalArgumentException("a FakeProvider serves at least one channel");
    }
    Set<Channel> set = EnumSet.noneOf(Channel.class);
    set.addAll(List.of(channels));
    return new FakeProvider(name, Set.copyOf(set), 1);
  }

  /** @return a fake named {@code fake-sms} serving {@link Channel#SMS} */
  public static FakeProvider sms() {
    return of("fake-sms", Channel.SMS);
  }

  /** @return a fake named {@code fake-voice} serving {@link Channel#VOICE} */
  public static FakeProvider voice() {
    return of("fake-voice", Channel.VOICE);
  }

  /** @return a fake named {@code fake-whatsapp} serving {@link Channel#WHATSAPP} */
  public static FakeProvider whatsapp() {
    return of("fake-whatsapp", Channel.WHATSAPP);
  }

  /** @return a fake named {@code fake-email} serving {@link Channel#EMAIL} */
  public static FakeProvider email() {
    return of("fake-email", Channel.EMAIL);
  }

  /**
   * The fake that {@link #sms()}, {@link #voice()}, {@link #whatsapp()} or {@link #email()} returns.
   *
   * @param channel the channel
   * @return a new fake named {@code fake-<channel>}
   */
  public static FakeProvider forChannel(Channel channel) {
    return of("fake-" + channel.name().toLowerCase(Locale.ROOT), channel);
  }

  /**
   * A fake that takes batches (like SendGrid's 1,000 personalizations per request).
   *
   * @param size the batch size, at least 1
   * @return a new fake with the same name and channels, and that batch size (scripting is not copied)
   * @throws IllegalArgumentException when size is below 1
   */
  public FakeProvider withBatchSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be at least 1");
    }
    return new FakeProvider(name, channels, size);
  }

  // ------------------------------------------------------------------------------------------------ scripting

  /**
   * Queues answers for the next messages, one response per message, first in first out.
   *
   * @param responses the responses
   * @return this fake
   * @throws NullPointerException when a response is null
   */
  public synchronized FakeProvider enqueue(FakeResponse... responses) {
    for (FakeResponse r : responses) {
      queue.add(Objects.requireNonNull(r, "response"));
    }
    return this;
  }

  /**
   * Fails the next {@code n} messages with a failure; same as enqueueing {@code FakeResponse.fail(failure)} n times.
   *
   * @param n how many, zero or more
   * @param failure the failure
   * @return this fake
   * @throws IllegalArgumentException when n is negative
   * @throws NullPointerException when failure is null
   */
  public synchronized FakeProvider failNext(int n, Failure failure) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative (was " + n + ")");
    }
    FakeResponse r = FakeResponse.fail(failure);
    for (int i = 0; i < n; i++) {
      queue.add(r);
    }
    return this;
  }

  /**
   * Answers every message a predicate matches (when no queued response is left) with a response. Rules are tried
   * in the order added.
   *
   * @param when the predicate
   * @param response the response; its provider message id, if given, is reused for every match
   * @return this fake
   * @throws NullPointerException when an argument is null
   */
  public synchronized FakeProvider respondWhen(Predicate<OutboundMessage> when, FakeResponse response) {
    rules.add(Map.entry(Objects.requireNonNull(when, "when"), Objects.requireNonNull(response, "response")));
    return this;
  }

  /**
   * Fails every message a predicate matches (when no queued response is left).
   *
   * @param when the predicate
   * @param failure the failure
   * @return this fake
   * @throws NullPointerException when an argument is null
   */
  public FakeProvider failWhen(Predicate<OutboundMessage> when, Failure failure) {
    return respondWhen(when, FakeResponse.fail(failure));
  }

  /**
   * Answers messages with custom code, like OkHttp's {@code MockWebServer} dispatcher: called for every message
   * that no queued response or rule answered; returning null falls through to flakiness and the default. It runs
   * on the client's sending thread, outside the fake's lock, and must not block.
   *
   * <pre>{@code
   * sms.dispatcher(m -> m.text().length() > 1600
   *     ? SendResult.rejected(Failure.permanent(Failure.Fault.CONTENT, "too long").providerCode("21617").build())
   *     : null);
   * }</pre>
   *
   * @param dispatcher the dispatcher, or null to remove it
   * @return this fake
   */
  public synchronized FakeProvider dispatcher(Function<OutboundMessage, SendResult> dispatcher) {
    this.dispatcher = dispatcher;
    return this;
  }

  /**
   * Makes the fake fail at random, reproducibly: each message that reaches this step fails with {@code failure}
   * with probability {@code failureRate}, drawn from {@code new Random(seed)}. The seed shows in
   * {@link #toString()}, {@link #describeTraffic()} and the extension's failure report.
   *
   * @param failureRate 0.0 (never) to 1.0 (always)
   * @param seed the random seed
   * @param failure the failure to answer with
   * @return this fake
   * @throws IllegalArgumentException when failureRate is outside 0..1
   * @throws NullPointerException when failure is null
   */
  public synchronized FakeProvider flaky(double failureRate, long seed, Failure failure) {
    if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
      throw new IllegalArgumentException("failureRate must be between 0.0 and 1.0 (was " + failureRate + ")");
    }
    this.flaky = new Flaky(failureRate, seed, Objects.requireNonNull(failure, "failure"));
    return this;
  }

  /** @return the seed given to {@link #flaky}, when the fake is flaky */
  public synchronized OptionalLong flakySeed() {
    return flaky == null ? OptionalLong.empty() : OptionalLong.of(flaky.seed);
  }

  /**
   * Makes every request take time on a manual clock: the clock is advanced before the fake answers (running
   * whatever falls due on the way); nothing sleeps.
   *
   * @param clock the clock the client uses
   * @param latency how long each request takes, zero or positive
   * @return this fake
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when latency is negative
   */
  public synchronized FakeProvider latency(ManualClock clock, Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative (was " + latency + ")");
    }
    this.latencyClock = Objects.requireNonNull(clock, "clock");
    this.latency = latency;
    return this;
  }

  /**
   * Forgets recorded messages, scripting (queue, rules, dispatcher, flakiness, latency), pending follow-up events
   * and counters; generated ids start again at 1. Stays attached to its client.
   */
  public synchronized void reset() {
    entries.clear();
    byId.clear();
    queue.clear();
    rules.clear();
    pendingEvents.clear();
    dispatcher = null;
    flaky = null;
    latency = Duration.ZERO;
    latencyClock = null;
    generatedIds = 0;
    requests = 0;
  }

  // ------------------------------------------------------------------------------------------------ provider

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

  /**
   * Remembers the client's context so that delivery events reach it; called by the client when it is built. When
   * the client's clock is a {@link ManualClock}, scripted follow-up events fall due on it. Attaching to a second
   * client moves the fake to that client.
   *
   * @param context the client's context
   */
  @Override
  public void attach(ProviderContext context) {
    this.context = Objects.requireNonNull(context, "context");
    ManualClock previous = timelineClock;
    if (previous != null) {
      previous.unregister(timeline);
    }
    if (context.clock() instanceof ManualClock) {
      ManualClock c = (ManualClock) context.clock();
      c.register(timeline);
      timelineClock = c;
    } else {
      timelineClock = null;
    }
  }

  /** @return whether a client attached this fake (see {@link #attach}) */
  public boolean isAttached() {
    return context != null;
  }

  @Override
  public SendResult send(OutboundMessage message) {
    return send(message, AbortSignal.never());
  }

  @Override
  public List<SendResult> sendBatch(List<OutboundMessage> messages) {
    return sendBatch(messages, AbortSignal.never());
  }

  /**
   * Sends one message; while the fake {@link #hang hangs}, the request blocks until {@link #recover} or until the
   * client aborts it (then it answers {@code AMBIGUOUS}, "aborted by the client", like an HTTP client whose request
   * was cancelled).
   *
   * @param message the message
   * @param abort the client's abort signal
   * @return the scripted result
   */
  @Override
  public SendResult send(OutboundMessage message, AbortSignal abort) {
    Objects.requireNonNull(message, "message");
    beginRequest();
    if (hangHere(abort)) {
      return SendResult.rejected(Failure.ambiguous(Failure.Fault.PROVIDER, "aborted by the client while in flight").build());
    }
    return handle(message);
  }

  /**
   * Sends a batch in one request; hangs like {@link #send(OutboundMessage, AbortSignal)}.
   *
   * @param messages the messages
   * @param abort the client's abort signal
   * @return one result per message
   */
  @Override
  public List<SendResult> sendBatch(List<OutboundMessage> messages, AbortSignal abort) {
    beginRequest();
    if (hangHere(abort)) {
      List<SendResult> out = new ArrayList<>(messages.size());
      messages.forEach(m -> out.add(SendResult.rejected(Failure.ambiguous(Failure.Fault.PROVIDER, "aborted by the client while in flight").build())));
      return out;
    }
    List<SendResult> out = new ArrayList<>(messages.size());
    messages.forEach(m -> out.add(handle(m)));
    return out;
  }

  /**
   * Makes every request from now on hang (after it is counted in {@link #requestCount()}) until {@link #recover()}
   * or until the client aborts it: a stalled provider. A hung request waits at most 5 minutes.
   *
   * @return this fake
   */
  public synchronized FakeProvider hang() {
    hanging = true;
    return this;
  }

  /**
   * Ends {@link #hang()}: hung requests answer as scripted, later ones do not hang.
   *
   * @return this fake
   */
  public FakeProvider recover() {
    List<java.util.concurrent.CountDownLatch> release;
    synchronized (this) {
      hanging = false;
      release = new ArrayList<>(hung);
      hung.clear();
    }
    release.forEach(java.util.concurrent.CountDownLatch::countDown);
    return this;
  }

  /**
   * Answers the requests hanging now (as scripted); requests made later still hang until {@link #recover()}.
   *
   * @return this fake
   */
  public FakeProvider releaseHung() {
    List<java.util.concurrent.CountDownLatch> release;
    synchronized (this) {
      release = new ArrayList<>(hung);
      hung.clear();
    }
    release.forEach(java.util.concurrent.CountDownLatch::countDown);
    return this;
  }

  /**
   * Waits until exactly {@code n} requests hang (bounded).
   *
   * @param n the count
   * @param timeout the longest wait
   * @return whether the count was reached in time
   * @throws InterruptedException when interrupted
   */
  public synchronized boolean awaitHanging(int n, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (hung.size() != n) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** @return how many requests are hanging now */
  public synchronized int hangingCount() {
    return hung.size();
  }

  /** @return how many hung requests the client aborted */
  public synchronized int abortedCount() {
    return aborted;
  }

  /**
   * Sets the concurrency this fake declares ({@link #maxConcurrency()}), i.e. the size of its bulkhead in a client.
   *
   * @param max at least 1
   * @return this fake
   * @throws IllegalArgumentException when max is below 1
   */
  public synchronized FakeProvider withConcurrency(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1 (was " + max + ")");
    }
    this.concurrency = max;
    return this;
  }

  @Override
  public synchronized int maxConcurrency() {
    return concurrency;
  }

  /**
   * Waits until at least {@code n} requests were made (bounded).
   *
   * @param n the count
   * @param timeout the longest wait
   * @return whether the count was reached in time
   * @throws InterruptedException when interrupted
   */
  public synchronized boolean awaitRequests(int n, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (requests < n) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private boolean hangHere(AbortSignal abort) {
    java.util.concurrent.CountDownLatch mine;
    synchronized (this) {
      if (!hanging) {
        return false;
      }
      mine = new java.util.concurrent.CountDownLatch(1);
      hung.add(mine);
      notifyAll();
    }
    abort.onAbort(mine::countDown);
    try {
      mine.await(5, java.util.concurrent.TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      hung.remove(mine);
      if (abort.isAborted()) {
        aborted++;
        return true;
      }
      return false;
    }
  }

  private void beginRequest() {
    ManualClock c;
    Duration d;
    synchronized (this) {
      requests++;
      notifyAll();
      c = latencyClock;
      d = latency;
    }
    // Outside the lock: advancing runs due work, which may call back into this fake from the same thread only.
    if (c != null && !d.isZero()) {
      c.advance(d);
    }
  }

  private SendResult handle(OutboundMessage message) {
    FakeResponse scripted;
    Function<OutboundMessage, SendResult> custom;
    synchronized (this) {
      scripted = queue.poll();
      if (scripted == null) {
        for (Map.Entry<Predicate<OutboundMessage>, FakeResponse> r : rules) {
          if (r.getKey().test(message)) {
            scripted = r.getValue();
            break;
          }
        }
      }
      custom = dispatcher;
    }
    SendResult fromDispatcher = scripted == null && custom != null ? custom.apply(message) : null;
    synchronized (this) {
      SendResult result;
      if (scripted != null) {
        result = scripted.failure().isPresent()
            ? SendResult.rejected(scripted.failure().get())
            : new SendResult.Accepted(Optional.of(scripted.providerMessageId().orElseGet(this::nextId)),
                Optional.of(scripted.providerStatus()), scripted.details());
      } else if (fromDispatcher != null) {
        result = fromDispatcher;
      } else if (flaky != null && flaky.random.nextDouble() < flaky.rate) {
        result = SendResult.rejected(flaky.failure);
      } else {
        result = SendResult.accepted(nextId(), "queued");
      }
      Entry e = new Entry(entries.size() + 1, message, clock().instant(), result);
      entries.add(e);
      if (e.providerMessageId != null) {
        byId.put(e.providerMessageId, e);
      }
      if (scripted != null && result.isAccepted()) {
        for (FakeResponse.FollowUp f : scripted.followUps()) {
          pendingEvents.add(new Pending(e, f, e.receivedAt.plus(f.after()), ++pendingSequence));
        }
      }
      return result;
    }
  }

  private String nextId() {
    return name + "-" + (++generatedIds);
  }

  private Clock clock() {
    ProviderContext c = context;
    if (c != null) {
      return c.clock();
    }
    return latencyClock != null ? latencyClock : Clock.systemUTC();
  }

  // ------------------------------------------------------------------------------------------------ events

  /**
   * Reports a message delivered ({@link DeliveryStatus#DELIVERED}, raw status {@code delivered}).
   *
   * @param providerMessageId the id the fake answered with
   * @return the event handed to the client
   * @throws NoSuchElementException when the fake never answered with that id
   * @throws IllegalStateException when no client attached the fake
   */
  public DeliveryEvent deliver(String providerMessageId) {
    return report(providerMessageId, DeliveryStatus.DELIVERED, "delivered", null, null);
  }

  /**
   * Reports a message failed after acceptance ({@link DeliveryStatus#FAILED}, raw status {@code failed}), as a
   * carrier rejection would arrive by webhook.
   *
   * @param providerMessageId the id the fake answered with
   * @param errorCode the provider error code, e.g. Twilio {@code "30003"}
   * @return the event handed to the client
   * @throws NoSuchElementException when the fake never answered with that id
   * @throws IllegalStateException when no client attached the fake
   */
  public DeliveryEvent fail(String providerMessageId, String errorCode) {
    Objects.requireNonNull(errorCode, "errorCode");
    return report(providerMessageId, DeliveryStatus.FAILED, "failed", errorCode, "provider error " + errorCode);
  }

  /**
   * Reports that the person acknowledged the alert ({@link DeliveryStatus#ACKNOWLEDGED}).
   *
   * @param providerMessageId the id the fake answered with
   * @return the event handed to the client
   * @throws NoSuchElementException when the fake never answered with that id
   * @throws IllegalStateException when no client attached the fake
   */
  public DeliveryEvent acknowledge(String providerMessageId) {
    return report(providerMessageId, DeliveryStatus.ACKNOWLEDGED, "acknowledged", null, null);
  }

  /**
   * Reports any status for a message; the raw status is the lower-case enum name.
   *
   * @param providerMessageId the id the fake answered with
   * @param status the status
   * @return the event handed to the client
   * @throws NoSuchElementException when the fake never answered with that id
   * @throws IllegalStateException when no client attached the fake
   */
  public DeliveryEvent report(String providerMessageId, DeliveryStatus status) {
    return report(providerMessageId, Objects.requireNonNull(status, "status"), rawStatus(status), null, null);
  }

  /**
   * Reports {@link DeliveryStatus#DELIVERED} for every accepted message whose recorded status can still move to
   * it (not final, not already delivered, read or acknowledged), in the order received.
   *
   * @return the events handed to the client
   * @throws IllegalStateException when no client attached the fake
   */
  public List<DeliveryEvent> deliverAll() {
    requireAttached();
    List<DeliveryEvent> events = new ArrayList<>();
    synchronized (this) {
      for (Entry e : entries) {
        if (e.providerMessageId != null && e.status != null && e.status.canMoveTo(DeliveryStatus.DELIVERED)) {
          events.add(record(e, DeliveryStatus.DELIVERED, "delivered", null, null));
        }
      }
    }
    events.forEach(this::publish);
    return events;
  }

  /**
   * Releases every scripted follow-up event now ({@link FakeResponse#thenDeliver()} and friends), whatever its due
   * time, in due-time order.
   *
   * @return the events handed to the client
   * @throws IllegalStateException when no client attached the fake
   */
  public List<DeliveryEvent> flushEvents() {
    requireAttached();
    List<DeliveryEvent> events = new ArrayList<>();
    synchronized (this) {
      Pending p;
      while ((p = earliestPending()) != null) {
        pendingEvents.remove(p);
        events.add(record(p.entry, p.followUp.status(), p.followUp.rawStatus(), p.followUp.errorCode().orElse(null), null));
      }
    }
    events.forEach(this::publish);
    return events;
  }

  /** @return how many scripted follow-up events are waiting */
  public synchronized int pendingEventCount() {
    return pendingEvents.size();
  }

  /**
   * Hands any event to the client as it is, e.g. one for a message the client never sent (uncorrelated), to test
   * how the application copes. The fake does not record it.
   *
   * @param event the event
   * @throws IllegalStateException when no client attached the fake
   */
  public void emit(DeliveryEvent event) {
    Objects.requireNonNull(event, "event");
    requireAttached();
    publish(event);
  }

  private DeliveryEvent report(String providerMessageId, DeliveryStatus status, String raw, String code, String reason) {
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    requireAttached();
    DeliveryEvent e;
    synchronized (this) {
      Entry entry = byId.get(providerMessageId);
      if (entry == null) {
        throw new NoSuchElementException(name + " never answered with provider message id '" + providerMessageId
            + "'; ids it gave: " + byId.keySet().stream().sorted().toList());
      }
      e = record(entry, status, raw, code, reason);
    }
    publish(e);
    return e;
  }

  private DeliveryEvent record(Entry entry, DeliveryStatus status, String raw, String code, String reason) {
    OutboundMessage m = entry.message;
    String why = reason != null ? reason : code != null ? "provider error " + code : null;
    DeliveryEvent e = new DeliveryEvent(Optional.of(m.alert().id()), Optional.of(m.recipient().id()), Optional.of(m.attemptId()),
        Optional.of(m.channel()), name, entry.providerMessageId, status, raw, Optional.ofNullable(code), Optional.ofNullable(why),
        clock().instant());
    entry.events.add(e);
    if (entry.status == null || entry.status.canMoveTo(status)) {
      entry.status = status;
    }
    return e;
  }

  private void publish(DeliveryEvent e) {
    ProviderContext c = context;
    if (c != null) {
      c.deliveryEvent(e);
    }
  }

  private void requireAttached() {
    if (context == null) {
      throw new IllegalStateException(name + " is not attached to an AlertClient: add it with "
          + "AlertClient.builder().provider(fake) and build the client before reporting delivery events");
    }
  }

  private Pending earliestPending() {
    Pending best = null;
    for (Pending p : pendingEvents) {
      if (best == null || p.due.isBefore(best.due) || (p.due.equals(best.due) && p.sequence < best.sequence)) {
        best = p;
      }
    }
    return best;
  }

  static String rawStatus(DeliveryStatus status) {
    return status.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static DeliveryStatus initialStatus(String providerStatus) {
    switch (providerStatus.toLowerCase(Locale.ROOT)) {
      case "sent":
        return DeliveryStatus.SENT;
      case "delivered":
        return DeliveryStatus.DELIVERED;
      case "ringing":
        return DeliveryStatus.RINGING;
      default:
        return DeliveryStatus.QUEUED;
    }
  }

  // ------------------------------------------------------------------------------------------------ inspection

  /** @return every message received (accepted or failed), in order */
  public synchronized List<OutboundMessage> messages() {
    List<OutboundMessage> out = new ArrayList<>(entries.size());
    entries.forEach(e -> out.add(e.message));
    return List.copyOf(out);
  }

  /** @return a snapshot of every message received with its answer and delivery events, in order */
  public synchronized List<RecordedMessage> recorded() {
    List<RecordedMessage> out = new ArrayList<>(entries.size());
    entries.forEach(e -> out.add(e.snapshot()));
    return List.copyOf(out);
  }

  /**
   * The recorded message the fake answered with a provider message id.
   *
   * @param providerMessageId the id
   * @return the snapshot, if the fake gave that id
   */
  public synchronized Optional<RecordedMessage> recorded(String providerMessageId) {
    Entry e = byId.get(providerMessageId);
    return e == null ? Optional.empty() : Optional.of(e.snapshot());
  }

  /**
   * Messages to one recipient.
   *
   * @param recipientId the recipient's id
   * @return those messages, in order
   */
  public synchronized List<OutboundMessage> messagesTo(String recipientId) {
    List<OutboundMessage> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.message.recipient().id().equals(recipientId)) {
        out.add(e.message);
      }
    }
    return out;
  }

  /** @return the last message received, if any */
  public synchronized Optional<OutboundMessage> lastMessage() {
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1).message);
  }

  /** @return the provider message ids the fake answered with, in order */
  public synchronized List<String> providerMessageIds() {
    List<String> out = new ArrayList<>();
    entries.forEach(e -> {
      if (e.providerMessageId != null) {
        out.add(e.providerMessageId);
      }
    });
    return out;
  }

  /**
   * The id the fake answered the last accepted message to a recipient with, handy for {@link #deliver} and
   * {@link #acknowledge}.
   *
   * @param recipientId the recipient's id
   * @return the provider message id
   * @throws NoSuchElementException when no message to that recipient was accepted with an id
   */
  public synchronized String providerMessageIdFor(String recipientId) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      Entry e = entries.get(i);
      if (e.providerMessageId != null && e.message.recipient().id().equals(recipientId)) {
        return e.providerMessageId;
      }
    }
    throw new NoSuchElementException(name + " accepted no message to '" + recipientId + "'");
  }

  /** @return how many provider requests were made (a batch counts once) */
  public synchronized int requestCount() {
    return requests;
  }

  /** @return whether {@link #close()} was called */
  public boolean isClosed() {
    return closed;
  }

  /** Marks the fake closed (the client closes its providers when it closes); the fake still answers. */
  @Override
  public void close() {
    closed = true;
  }

  /**
   * Everything the fake saw and holds, one message per line: for failure reports.
   *
   * @return a multi-line description
   */
  public synchronized String describeTraffic() {
    StringBuilder s = new StringBuilder(name).append(' ').append(channels).append(": ").append(entries.size())
        .append(entries.size() == 1 ? " message" : " messages");
    if (flaky != null) {
      s.append(", flaky rate=").append(flaky.rate).append(" seed=").append(flaky.seed);
    }
    if (!queue.isEmpty()) {
      s.append(", ").append(queue.size()).append(" queued responses unused");
    }
    if (!pendingEvents.isEmpty()) {
      s.append(", ").append(pendingEvents.size()).append(" follow-up events pending");
    }
    for (Entry e : entries) {
      s.append(System.lineSeparator()).append("  ").append(e.snapshot().describe());
      for (DeliveryEvent ev : e.events) {
        s.append(System.lineSeparator()).append("      event ").append(ev.status()).append(ev.errorCode().map(c -> " code=" + c).orElse(""))
            .append(" at ").append(ev.occurredAt());
      }
    }
    return s.toString();
  }

  @Override
  public String toString() {
    synchronized (this) {
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("messages", entries.size());
      if (flaky != null) {
        facts.put("flakySeed", flaky.seed);
      }
      return "FakeProvider{" + name + " " + channels + ", " + facts.toString().replace("{", "").replace("}", "") + "}";
    }
  }
}
