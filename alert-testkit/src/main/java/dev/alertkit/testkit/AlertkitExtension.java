package dev.alertkit.testkit;

import dev.alertkit.AlertClient;
import dev.alertkit.Resilience;
import dev.alertkit.Channel;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit 5 glue for the testkit: before each test it creates fresh {@link FakeProvider}s (one per channel, named
 * {@code fake-sms}, {@code fake-voice}, {@code fake-whatsapp}, {@code fake-email}), a {@link ManualClock} with a
 * {@link ManualScheduler}, a {@link RecordingListener}, and on first use an {@link AlertClient} wired to all of
 * them that sends on the test's thread ({@code executor(Runnable::run)}); after each test it closes the client.
 * When a test fails, it prints every fake's traffic and the listener's events to standard error.
 *
 * <p>With defaults, through parameters:
 * <pre>{@code
 * @ExtendWith(AlertkitExtension.class)
 * class DiskMonitorTest {
 *   @Test
 *   void pagesOnCallOverSms(AlertClient client, @Fake(Channel.SMS) FakeProvider sms, ManualClock clock) {
 *     new DiskMonitor(client, onCall).check("db-1", "/var", 97);
 *     assertThat(sms).sentTo("alice").containing("97%");
 *   }
 * }
 * }</pre>
 *
 * <p>Configured, through a field (instance or static) and its accessors:
 * <pre>{@code
 * @RegisterExtension
 * final AlertkitExtension alertkit = AlertkitExtension.builder()
 *     .channels(Channel.SMS, Channel.EMAIL)
 *     .startingAt("2026-11-28T09:00:00Z")
 *     .configure(client -> client.routing(routing).dedup(Dedup.window(Duration.ofMinutes(10))))
 *     .build();
 *
 * @Test
 * void fallsBackToEmail() {
 *   alertkit.sms().failNext(1, Failure.permanent(Failure.Fault.RECIPIENT, "invalid number").build());
 *   DispatchReport report = alertkit.client().send(alert);
 *   assertThat(report).recipient("alice").fellBackTo(Channel.EMAIL);
 * }
 * }</pre>
 *
 * <p>Resolvable parameters of test and lifecycle methods: {@link FakeProvider} (chosen by {@link Fake @Fake}, by
 * a parameter name containing the channel's name when compiled with {@code -parameters}, or the only fake),
 * {@link ManualClock}, {@link ManualScheduler}, {@link RecordingListener} and {@link AlertClient}. A test may
 * also build its own client from the injected fakes and clock (it then closes that client itself); the
 * extension's client is only built when asked for. State lives in the JUnit {@link ExtensionContext.Store} of
 * each test, so tests may run in parallel; the accessors ({@link #sms()}, {@link #client()}...) read the state of
 * the test running on the calling thread.
 */
public final class AlertkitExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver, TestExecutionExceptionHandler {
  private static final String STATE = "state";

  private final Set<Channel> channels;
  private final Instant start;
  private final Consumer<AlertClient.Builder> configurer;
  private final boolean printOnFailure;
  private final ThreadLocal<State> current = new ThreadLocal<>();

  /** An extension with the defaults: all four channels, clock at 2026-01-01T00:00:00Z, default routing. */
  public AlertkitExtension() {
    this(builder());
  }

  private AlertkitExtension(Builder b) {
    this.channels = Set.copyOf(b.channels);
    this.start = b.start;
    this.configurer = b.configurer;
    this.printOnFailure = b.printOnFailure;
  }

  /** @return a builder, for {@code @RegisterExtension} fields */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link AlertkitExtension}. Not thread-safe. */
  public static final class Builder {
    private final Set<Channel> channels = EnumSet.allOf(Channel.class);
    private Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private Consumer<AlertClient.Builder> configurer = b -> {};
    private boolean printOnFailure = true;

    private Builder() {}

    /**
     * Which fakes to create (default: all four channels). The extension's client routes over them in channel
     * order (SMS, VOICE, WHATSAPP, EMAIL) unless {@link #configure} sets a routing policy.
     *
     * @param channels at least one channel
     * @return this builder
     * @throws IllegalArgumentException when no channel is given
     */
    public Builder channels(Channel... channels) {
      if (channels.length == 0) {
        throw new IllegalArgumentException("at least one channel is required");
      }
      this.channels.clear();
      this.channels.addAll(List.of(channels));
      return this;
    }

    /**
     * Where each test's {@link ManualClock} starts (default {@code 2026-01-01T00:00:00Z}).
     *
     * @param instant the start
     * @return this builder
     * @throws NullPointerException when instant is null
     */
    public Builder startingAt(Instant instant) {
      this.start = Objects.requireNonNull(instant, "instant");
      return this;
    }

    /**
     * Where each test's {@link ManualClock} starts, as an ISO-8601 instant.
     *
     * @param isoInstant e.g. {@code "2026-11-28T09:00:00Z"}
     * @return this builder
     * @throws java.time.format.DateTimeParseException when the text is not an instant
     */
    public Builder startingAt(String isoInstant) {
      return startingAt(Instant.parse(isoInstant));
    }

    /**
     * Customises the extension's client before it is built (routing, dedup, compliance, more listeners...). The
     * fakes, clock, scheduler, same-thread executor and recording listener are already set; overriding them is
     * allowed but makes the injected ones unrelated to the client. Resilience is {@link Resilience#none()} (one
     * request per send, no retries) unless set here: retries wait on the manual clock, so a test of retry behaviour
     * sets {@code .resilience(...)}, sends with {@code sendAsync} and advances the clock.
     *
     * @param configurer called with the client builder of each test
     * @return this builder
     * @throws NullPointerException when configurer is null
     */
    public Builder configure(Consumer<AlertClient.Builder> configurer) {
      this.configurer = Objects.requireNonNull(configurer, "configurer");
      return this;
    }

    /**
     * Whether to print each fake's traffic and the listener's events to standard error when a test fails
     * (default true).
     *
     * @param print whether to print
     * @return this builder
     */
    public Builder printTrafficOnFailure(boolean print) {
      this.printOnFailure = print;
      return this;
    }

    /** @return the extension */
    public AlertkitExtension build() {
      return new AlertkitExtension(this);
    }
  }

  /** One test's fakes, clock and client. */
  private static final class State {
    final Map<Channel, FakeProvider> fakes = new EnumMap<>(Channel.class);
    final ManualClock clock;
    final ManualScheduler scheduler;
    final RecordingListener listener = new RecordingListener();
    final Consumer<AlertClient.Builder> configurer;
    private AlertClient client;

    State(Set<Channel> channels, Instant start, Consumer<AlertClient.Builder> configurer) {
      for (Channel c : Channel.values()) {
        if (channels.contains(c)) {
          fakes.put(c, FakeProvider.forChannel(c));
        }
      }
      this.clock = ManualClock.at(start);
      this.scheduler = ManualScheduler.on(clock);
      this.configurer = configurer;
    }

    synchronized AlertClient client() {
      if (client == null) {
        AlertClient.Builder b = AlertClient.builder();
        fakes.values().forEach(b::provider);
        // No automatic retries by default: a retry waits on the manual clock, and a blocking send() on the test's
        // thread would wait for a clock nobody advances. Tests of retry behaviour set .resilience(...) in configure().
        b.clock(clock).scheduler(scheduler).executor(Runnable::run).listener(listener).resilience(Resilience.none());
        configurer.accept(b);
        client = b.build();
      }
      return client;
    }

    synchronized void close() {
      if (client != null) {
        client.close();
      }
      scheduler.shutdownNow();
    }

    String report(String testName) {
      String nl = System.lineSeparator();
      StringBuilder s = new StringBuilder("==== alertkit: traffic of failed test ").append(testName).append(" (clock at ")
          .append(clock.instant()).append(", ").append(scheduler.pendingCount()).append(" scheduled tasks pending) ====");
      for (FakeProvider f : fakes.values()) {
        s.append(nl).append(f.describeTraffic());
      }
      s.append(nl).append("listener events:").append(nl).append(listener.describe());
      return s.append(nl).append("==== end of alertkit traffic ====").toString();
    }
  }

  private ExtensionContext.Namespace namespace() {
    return ExtensionContext.Namespace.create(AlertkitExtension.class, this);
  }

  /**
   * Creates the test's fakes, clock, scheduler and listener.
   *
   * @param context the test's context
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    State s = new State(channels, start, configurer);
    context.getStore(namespace()).put(STATE, s);
    current.set(s);
  }

  /**
   * Closes the test's client, if one was built, and cancels scheduled tasks.
   *
   * @param context the test's context
   */
  @Override
  public void afterEach(ExtensionContext context) {
    current.remove();
    State s = context.getStore(namespace()).remove(STATE, State.class);
    if (s != null) {
      s.close();
    }
  }

  /**
   * Prints the test's traffic to standard error (unless switched off), then rethrows.
   *
   * @param context the test's context
   * @param throwable what the test threw
   * @throws Throwable always, the same throwable
   */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    State s = context.getStore(namespace()).get(STATE, State.class);
    if (s != null && printOnFailure) {
      PrintStream err = System.err;
      err.println(s.report(context.getDisplayName()));
      err.flush();
    }
    throw throwable;
  }

  /**
   * Resolves {@link FakeProvider}, {@link ManualClock}, {@link ManualScheduler}, {@link RecordingListener} and
   * {@link AlertClient} parameters of test and lifecycle methods.
   *
   * @param parameterContext the parameter
   * @param extensionContext the test's context
   * @return whether this extension resolves it
   */
  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    if (!(parameterContext.getDeclaringExecutable() instanceof Method)) {
      return false;
    }
    Class<?> type = parameterContext.getParameter().getType();
    return type == FakeProvider.class || type == ManualClock.class || type == ManualScheduler.class || type == RecordingListener.class
        || type == AlertClient.class;
  }

  /**
   * Supplies this test's fake, clock, scheduler, listener or client.
   *
   * @param parameterContext the parameter
   * @param extensionContext the test's context
   * @return the value
   * @throws ParameterResolutionException when the parameter cannot be resolved (e.g. several fakes and no
   *     {@link Fake} annotation)
   */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    State s = extensionContext.getStore(namespace()).get(STATE, State.class);
    if (s == null) {
      throw new ParameterResolutionException("AlertkitExtension resolves parameters of test methods and @BeforeEach/@AfterEach "
          + "methods only; " + parameterContext.getParameter() + " is not one");
    }
    Class<?> type = parameterContext.getParameter().getType();
    if (type == ManualClock.class) {
      return s.clock;
    }
    if (type == ManualScheduler.class) {
      return s.scheduler;
    }
    if (type == RecordingListener.class) {
      return s.listener;
    }
    if (type == AlertClient.class) {
      return s.client();
    }
    return fakeFor(s, parameterContext.getParameter());
  }

  private static FakeProvider fakeFor(State s, Parameter p) {
    Fake annotation = p.getAnnotation(Fake.class);
    if (annotation != null) {
      FakeProvider f = s.fakes.get(annotation.value());
      if (f == null) {
        throw new ParameterResolutionException("@Fake(" + annotation.value() + ") on " + p + ": the extension has no fake for "
            + annotation.value() + "; its channels are " + s.fakes.keySet() + " (see AlertkitExtension.builder().channels(...))");
      }
      return f;
    }
    if (p.isNamePresent()) {
      String name = p.getName().toLowerCase(Locale.ROOT);
      List<Channel> named = new ArrayList<>();
      for (Channel c : s.fakes.keySet()) {
        if (name.contains(c.name().toLowerCase(Locale.ROOT))) {
          named.add(c);
        }
      }
      if (named.size() == 1) {
        return s.fakes.get(named.get(0));
      }
    }
    if (s.fakes.size() == 1) {
      return s.fakes.values().iterator().next();
    }
    throw new ParameterResolutionException("cannot tell which fake to inject into " + p + " of " + p.getDeclaringExecutable().getName()
        + "(): annotate it, e.g. @Fake(Channel.SMS), or compile with -parameters and name it after its channel; fakes: "
        + s.fakes.keySet());
  }

  private State state(String accessor) {
    State s = current.get();
    if (s == null) {
      throw new IllegalStateException("AlertkitExtension." + accessor + "() works only while a test runs, on the test's thread; "
          + "register the extension with @RegisterExtension, or declare a parameter instead");
    }
    return s;
  }

  /**
   * The current test's fake for a channel.
   *
   * @param channel the channel
   * @return the fake
   * @throws IllegalStateException when no test is running on this thread
   * @throws IllegalArgumentException when the extension has no fake for the channel
   */
  public FakeProvider fake(Channel channel) {
    FakeProvider f = state("fake").fakes.get(channel);
    if (f == null) {
      throw new IllegalArgumentException("no fake for " + channel + "; the extension's channels are " + channels);
    }
    return f;
  }

  /**
   * @return the current test's {@code fake-sms}
   * @throws IllegalStateException when no test is running on this thread
   * @throws IllegalArgumentException when SMS is not among the extension's channels
   */
  public FakeProvider sms() {
    return fake(Channel.SMS);
  }

  /**
   * @return the current test's {@code fake-voice}
   * @throws IllegalStateException when no test is running on this thread
   * @throws IllegalArgumentException when VOICE is not among the extension's channels
   */
  public FakeProvider voice() {
    return fake(Channel.VOICE);
  }

  /**
   * @return the current test's {@code fake-whatsapp}
   * @throws IllegalStateException when no test is running on this thread
   * @throws IllegalArgumentException when WHATSAPP is not among the extension's channels
   */
  public FakeProvider whatsapp() {
    return fake(Channel.WHATSAPP);
  }

  /**
   * @return the current test's {@code fake-email}
   * @throws IllegalStateException when no test is running on this thread
   * @throws IllegalArgumentException when EMAIL is not among the extension's channels
   */
  public FakeProvider email() {
    return fake(Channel.EMAIL);
  }

  /**
   * @return the current test's manual clock
   * @throws IllegalStateException when no test is running on this thread
   */
  public ManualClock clock() {
    return state("clock").clock;
  }

  /**
   * @return the current test's manual scheduler (on {@link #clock()})
   * @throws IllegalStateException when no test is running on this thread
   */
  public ManualScheduler scheduler() {
    return state("scheduler").scheduler;
  }

  /**
   * @return the current test's recording listener (already added to {@link #client()})
   * @throws IllegalStateException when no test is running on this thread
   */
  public RecordingListener listener() {
    return state("listener").listener;
  }

  /**
   * The current test's client, built on first call with every fake, the clock, the scheduler, a same-thread
   * executor, the recording listener and the {@link Builder#configure} customisation; closed after the test.
   *
   * @return the client
   * @throws IllegalStateException when no test is running on this thread
   * @throws dev.alertkit.ValidationException when the customised configuration is invalid
   */
  public AlertClient client() {
    return state("client").client();
  }

  /**
   * What {@link Builder#printTrafficOnFailure} prints: every fake's traffic and the listener's events.
   *
   * @return the report of the current test
   * @throws IllegalStateException when no test is running on this thread
   */
  public String trafficReport() {
    return state("trafficReport").report("(current test)");
  }
}
