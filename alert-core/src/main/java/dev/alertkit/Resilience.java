package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How the client protects each provider request: retries with backoff (only when a resend is safe), a circuit
 * breaker per provider, a rate limit per sender, a timeout per request and a retry budget per provider. Built on
 * Failsafe; immutable and thread-safe. Every setting can be overridden per provider name.
 *
 * <pre>{@code
 * Resilience resilience = Resilience.builder()
 *     .maxAttempts(4)
 *     .backoff(Duration.ofSeconds(1), Duration.ofSeconds(30))
 *     .circuitBreaker(50, 20, Duration.ofSeconds(30))
 *     .forProvider("twilio-sms", p -> p.rateLimit(RateLimit.perSecond(1)))   // US long code: 1 message/s
 *     .forProvider("sendgrid", p -> p.timeout(Duration.ofSeconds(10)))
 *     .build();
 * AlertClient client = AlertClient.builder().provider(sms).provider(email).resilience(resilience).build();
 * }</pre>
 *
 * <p>The settings are read as one small immutable value per concern: {@link #retry()} ({@link Retry}, with its
 * {@link Backoff}), {@link #timeout()}, {@link #circuitBreaker()} ({@link CircuitBreaker}), {@link #rateLimits()}
 * ({@link RateLimits}) and {@link #retryBudget()} ({@link RetryBudget}). A concern that is switched off is
 * {@code Optional.empty()}; {@link #forProvider(String)} gives the values in force for one provider.
 *
 * <pre>{@code
 * Resilience sms = resilience.forProvider("twilio-sms");
 * int attempts = sms.retry().maxAttempts();
 * Optional<Duration> openFor = sms.circuitBreaker().map(Resilience.CircuitBreaker::openFor);
 * }</pre>
 *
 * <p>What is retried: only failures of kind {@link dev.alertkit.Failure.Kind#RETRYABLE} (the request was
 * certainly not processed: HTTP 429, connection refused); {@code AMBIGUOUS} failures (5xx, read timeout, our own
 * timeout) only after {@link Builder#retryAmbiguous(boolean) retryAmbiguous(true)}, and each such resend is flagged
 * in {@link Attempt#ambiguousResend()}; {@code PERMANENT} failures never.
 *
 * <p>Defaults ({@link #defaults()}): 3 attempts; backoff 1 s doubling up to 30 s with ±25% jitter; at most 2 minutes
 * from the first request to the last retry; Retry-After honoured up to 60 s (longer: not retried); ambiguous
 * failures not retried; circuit breaker per provider opens as soon as 125 of its last 250 requests (50%) failed for a
 * provider-side reason other than HTTP 429, stays open 30 s, then lets one trial request through; no rate limit; 30 s timeout per request; retry budget 20% of
 * first requests over the last 60 s, at least 10 retries.
 */
public final class Resilience {
  private final Retry retry;
  private final Duration timeout;
  private final CircuitBreaker circuitBreaker;
  private final RateLimits rateLimits;
  private final RetryBudget retryBudget;
  private final Map<String, Resilience> overrides;

  private Resilience(Builder b, Map<String, Resilience> overrides) {
    this.retry = new Retry(b.maxAttempts, b.backoff, b.maxDuration, b.maxRetryAfter, b.retryAmbiguous, b.jitterSeed);
    this.timeout = b.timeout;
    this.circuitBreaker = b.circuitBreaker;
    this.rateLimits = new RateLimits(b.rateLimit, b.senderRateLimits);
    this.retryBudget = b.retryBudget;
    this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
  }

  /**
   * The defaults described in the class comment; what a client uses when no resilience is configured.
   *
   * @return the defaults
   */
  public static Resilience defaults() {
    return builder().build();
  }

  /**
   * No protection at all: one request per message, no circuit breaker, no rate limit, no timeout, no budget.
   * Useful in tests that are about routing rather than resilience.
   *
   * @return the settings
   */
  public static Resilience none() {
    return builder().maxAttempts(1).noCircuitBreaker().noTimeout().noRetryBudget().build();
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder("resilience.", true);
  }

  /**
   * The settings in force for one provider: its override, or these settings.
   *
   * @param providerName the provider's name
   * @return the effective settings (without per-provider overrides of their own)
   * @throws NullPointerException when providerName is null
   */
  public Resilience forProvider(String providerName) {
    Resilience r = overrides.get(Objects.requireNonNull(providerName, "providerName"));
    return r != null ? r : overrides.isEmpty() ? this : withoutOverrides();
  }

  private Resilience withoutOverrides() {
    return new Resilience(toBuilder("resilience.", false), Map.of());
  }

  /** @return the provider names that have overrides, in the order given */
  public Set<String> overriddenProviders() {
    return overrides.keySet();
  }

  /** @return how the requests of one message are retried: attempts, backoff and the bounds on waiting */
  public Retry retry() {
    return retry;
  }

  /** @return the timeout per request, if any; a timed-out request is an ambiguous failure */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** @return the circuit breaker each provider gets, if any */
  public Optional<CircuitBreaker> circuitBreaker() {
    return Optional.ofNullable(circuitBreaker);
  }

  /** @return the rate limits per sender (none by default) */
  public RateLimits rateLimits() {
    return rateLimits;
  }

  /** @return the limit on retries as a share of recent first requests, if any */
  public Optional<RetryBudget> retryBudget() {
    return Optional.ofNullable(retryBudget);
  }

  private Builder toBuilder(String prefix, boolean top) {
    Builder b = new Builder(prefix, top);
    b.maxAttempts = retry.maxAttempts;
    b.backoff = retry.backoff;
    b.maxDuration = retry.maxDuration;
    b.maxRetryAfter = retry.maxRetryAfter;
    b.retryAmbiguous = retry.retryAmbiguous;
    b.jitterSeed = retry.jitterSeed;
    b.timeout = timeout;
    b.circuitBreaker = circuitBreaker;
    b.rateLimit = rateLimits.defaultLimit;
    b.senderRateLimits.putAll(rateLimits.bySender);
    b.retryBudget = retryBudget;
    return b;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Resilience{retry=").append(retry)
        .append(", timeout=").append(timeout == null ? "none" : timeout.toString())
        .append(", circuitBreaker=").append(circuitBreaker == null ? "none" : circuitBreaker.toString())
        .append(", rateLimits=").append(rateLimits.isEmpty() ? "none" : rateLimits.toString())
        .append(", retryBudget=").append(retryBudget == null ? "none" : retryBudget.toString());
    if (!overrides.isEmpty()) {
      s.append(", overrides=").append(overrides.keySet());
    }
    return s.append('}').toString();
  }

  private static void checkBackoff(String baseField, String maxField, Duration base, Duration max) {
    if (base == null || base.compareTo(Duration.ofMillis(1)) < 0) {
      throw new ValidationException(baseField, "must be at least 1 ms (was " + base + ")");
    }
    if (max == null || max.compareTo(base) < 0 || max.compareTo(Duration.ofHours(1)) > 0) {
      throw new ValidationException(maxField, "must be between base (" + base + ") and 1 hour (was " + max + ")");
    }
  }

  private static void checkFactor(String field, double factor) {
    if (!(factor >= 1.0 && factor <= 10.0)) {
      throw new ValidationException(field, "must be between 1 and 10 (was " + factor + ")");
    }
  }

  private static void checkJitter(String field, double jitter) {
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new ValidationException(field, "must be between 0 and 1 (was " + jitter + ")");
    }
  }

  private static void checkCircuitBreaker(String prefix, int failureRatePercent, int window, Duration openFor) {
    Checks.range(prefix + "failureRatePercent", failureRatePercent, 1, 100);
    Checks.range(prefix + "window", window, 1, 1000);
    Checks.range(prefix + "openFor", openFor, Duration.ofMillis(1), Duration.ofDays(1));
  }

  private static void checkRetryBudget(String prefix, double ratio, int minRetries, Duration window) {
    if (!(ratio >= 0.0 && ratio <= 10.0)) {
      throw new ValidationException(prefix + "ratio", "must be between 0 and 10 (was " + ratio + ")");
    }
    Checks.range(prefix + "minRetries", minRetries, 0, 1_000_000);
    Checks.range(prefix + "window", window, Duration.ofSeconds(1), Duration.ofHours(1));
  }

  /**
   * How the requests of one message to one provider are retried: how many, how far apart, and for how long.
   * Immutable; read from {@link Resilience#retry()} and set through {@link Resilience.Builder} ({@code maxAttempts},
   * {@code backoff}, {@code maxDuration}, {@code maxRetryAfter}, {@code retryAmbiguous}, {@code jitterSeed}).
   */
  public static final class Retry {
    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration maxDuration;
    private final Duration maxRetryAfter;
    private final boolean retryAmbiguous;
    private final Long jitterSeed;

    private Retry(int maxAttempts, Backoff backoff, Duration maxDuration, Duration maxRetryAfter, boolean retryAmbiguous,
        Long jitterSeed) {
      this.maxAttempts = maxAttempts;
      this.backoff = backoff;
      this.maxDuration = maxDuration;
      this.maxRetryAfter = maxRetryAfter;
      this.retryAmbiguous = retryAmbiguous;
      this.jitterSeed = jitterSeed;
    }

    /** @return how many requests a message may get from one provider, first request included (1 = no retries) */
    public int maxAttempts() {
      return maxAttempts;
    }

    /** @return how long to wait between two requests (before the provider's Retry-After, which wins when longer) */
    public Backoff backoff() {
      return backoff;
    }

    /** @return the longest time from a message's first request to the start of its last retry */
    public Duration maxDuration() {
      return maxDuration;
    }

    /** @return the longest Retry-After the client honours; a provider asking for longer is not retried */
    public Duration maxRetryAfter() {
      return maxRetryAfter;
    }

    /** @return whether ambiguous failures (the provider may have sent) are retried, risking a duplicate */
    public boolean retryAmbiguous() {
      return retryAmbiguous;
    }

    /**
     * The seed of the jitter's random numbers. One seed serves the whole client: a provider override always has the
     * seed of the settings it overrides.
     *
     * @return the seed when fixed (tests); otherwise empty, and each client seeds its own
     */
    public OptionalLong jitterSeed() {
      return jitterSeed == null ? OptionalLong.empty() : OptionalLong.of(jitterSeed);
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof Retry)) {
        return false;
      }
      Retry other = (Retry) o;
      return maxAttempts == other.maxAttempts && retryAmbiguous == other.retryAmbiguous && backoff.equals(other.backoff)
          && maxDuration.equals(other.maxDuration) && maxRetryAfter.equals(other.maxRetryAfter)
          && Objects.equals(jitterSeed, other.jitterSeed);
    }

    @Override
    public int hashCode() {
      return Objects.hash(maxAttempts, backoff, maxDuration, maxRetryAfter, retryAmbiguous, jitterSeed);
    }

    @Override
    public String toString() {
      return "Retry{maxAttempts=" + maxAttempts + ", backoff=" + backoff + ", maxDuration=" + maxDuration
          + ", maxRetryAfter=" + maxRetryAfter + ", retryAmbiguous=" + retryAmbiguous
          + (jitterSeed == null ? "" : ", jitterSeed=" + jitterSeed) + "}";
    }
  }

  /**
   * Exponential backoff between the requests of one message: the first retry waits {@code base}, each later one
   * {@code factor} times longer, never more than {@code max}; then each wait is multiplied by a random factor in
   * {@code [1 - jitter, 1 + jitter]}, so that many clients retrying after one outage do not retry in step.
   *
   * <pre>{@code
   * Resilience.Backoff backoff = Resilience.Backoff.of(Duration.ofMillis(500), Duration.ofSeconds(10), 3.0, 0.1);
   * Resilience resilience = Resilience.builder().backoff(backoff).build();
   * }</pre>
   *
   * @param base the wait before the first retry: at least 1 ms
   * @param max the longest computed wait: at least base, at most 1 hour
   * @param factor by how much the wait grows after each retry: 1 (constant wait) to 10
   * @param jitter the random spread of each wait as a fraction of it: 0 (none) to 1; 0.25 means ±25%
   */
  public record Backoff(Duration base, Duration max, double factor, double jitter) {

    /**
     * Validates the backoff.
     *
     * @param base the wait before the first retry: at least 1 ms
     * @param max the longest computed wait: at least base, at most 1 hour
     * @param factor by how much the wait grows after each retry: 1 to 10
     * @param jitter the random spread of each wait: 0 to 1
     * @throws ValidationException naming the field ({@code backoff.base}, {@code backoff.max}, {@code backoff.factor}
     *     or {@code backoff.jitter}) when a value is missing or out of range
     */
    public Backoff {
      checkBackoff("backoff.base", "backoff.max", base, max);
      checkFactor("backoff.factor", factor);
      checkJitter("backoff.jitter", jitter);
    }

    /**
     * Creates a backoff.
     *
     * @param base the wait before the first retry: at least 1 ms
     * @param max the longest computed wait: at least base, at most 1 hour
     * @param factor by how much the wait grows after each retry: 1 to 10
     * @param jitter the random spread of each wait: 0 to 1
     * @return the backoff
     * @throws ValidationException naming the field when a value is missing or out of range
     */
    public static Backoff of(Duration base, Duration max, double factor, double jitter) {
      return new Backoff(base, max, factor, jitter);
    }
  }

  /**
   * The circuit breaker each provider gets. The rule, exactly: the breaker remembers the last {@code window} requests
   * to the provider and opens as soon as {@link #failureThreshold()} of them failed for a provider-side reason other
   * than HTTP 429; an open circuit stays open for {@code openFor}, then lets one trial request through (see
   * {@link Resilience.Builder#circuitBreaker(int, int, Duration)}).
   *
   * @param failureRatePercent the percentage of the window's requests that must have failed: 1 to 100
   * @param window how many recent requests the breaker looks at: 1 to 1,000
   * @param openFor how long an open circuit stays open before one trial request: 1 ms to 1 day
   */
  public record CircuitBreaker(int failureRatePercent, int window, Duration openFor) {

    /**
     * Validates the circuit breaker.
     *
     * @param failureRatePercent 1 to 100
     * @param window 1 to 1,000 requests
     * @param openFor at least 1 ms, at most 1 day
     * @throws ValidationException naming the field ({@code circuitBreaker.failureRatePercent},
     *     {@code circuitBreaker.window} or {@code circuitBreaker.openFor}) when a value is missing or out of range
     */
    public CircuitBreaker {
      checkCircuitBreaker("circuitBreaker.", failureRatePercent, window, openFor);
    }

    /**
     * Creates a circuit breaker setting.
     *
     * @param failureRatePercent 1 to 100
     * @param window 1 to 1,000 requests
     * @param openFor at least 1 ms, at most 1 day
     * @return the setting
     * @throws ValidationException naming the field when a value is missing or out of range
     */
    public static CircuitBreaker of(int failureRatePercent, int window, Duration openFor) {
      return new CircuitBreaker(failureRatePercent, window, openFor);
    }

    /** @return how many provider-side failures among the last {@link #window()} requests open the circuit: {@code ceil(failureRatePercent × window / 100)} */
    public int failureThreshold() {
      return (int) Math.ceil(failureRatePercent * window / 100.0);
    }
  }

  /**
   * The rate limits of a provider's senders: a default limit for every sender, and limits of specific senders that
   * replace it for them. Immutable; read from {@link Resilience#rateLimits()} and set through
   * {@link Resilience.Builder#rateLimit(RateLimit)} and {@link Resilience.Builder#rateLimit(String, RateLimit)}.
   */
  public static final class RateLimits {
    private final RateLimit defaultLimit;
    private final Map<String, RateLimit> bySender;

    private RateLimits(RateLimit defaultLimit, Map<String, RateLimit> bySender) {
      this.defaultLimit = defaultLimit;
      this.bySender = Collections.unmodifiableMap(new LinkedHashMap<>(bySender));
    }

    /** @return the limit of each sender that has no limit of its own, if any */
    public Optional<RateLimit> defaultLimit() {
      return Optional.ofNullable(defaultLimit);
    }

    /** @return the limits of specific senders, in the order given; each replaces the default limit for its sender */
    public Map<String, RateLimit> bySender() {
      return bySender;
    }

    /**
     * The limit in force for one sender of the provider.
     *
     * @param sender the sender (or the provider name when a message has no sender)
     * @return the sender's own limit, else the default limit, if any
     * @throws NullPointerException when sender is null
     */
    public Optional<RateLimit> forSender(String sender) {
      RateLimit own = bySender.get(Objects.requireNonNull(sender, "sender"));
      return Optional.ofNullable(own != null ? own : defaultLimit);
    }

    /** @return whether no sender is limited */
    public boolean isEmpty() {
      return defaultLimit == null && bySender.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RateLimits && Objects.equals(((RateLimits) o).defaultLimit, defaultLimit)
          && ((RateLimits) o).bySender.equals(bySender);
    }

    @Override
    public int hashCode() {
      return Objects.hash(defaultLimit, bySender);
    }

    @Override
    public String toString() {
      return "RateLimits{defaultLimit=" + (defaultLimit == null ? "none" : defaultLimit.toString())
          + (bySender.isEmpty() ? "" : ", bySender=" + bySender) + "}";
    }
  }

  /**
   * Limits retries per provider to a share of its recent first requests, so that an outage does not multiply
   * traffic: within the sliding {@code window}, retries may number at most {@code max(minRetries, ratio × first
   * requests)}.
   *
   * @param ratio retries allowed per first request within the window: 0 to 10 (0.2 = 20% extra traffic at most)
   * @param minRetries retries always allowed within the window, whatever the ratio says: 0 to 1,000,000
   * @param window the sliding window: 1 s to 1 hour
   */
  public record RetryBudget(double ratio, int minRetries, Duration window) {

    /**
     * Validates the retry budget.
     *
     * @param ratio 0 to 10
     * @param minRetries 0 to 1,000,000
     * @param window at least 1 s, at most 1 hour
     * @throws ValidationException naming the field ({@code retryBudget.ratio}, {@code retryBudget.minRetries} or
     *     {@code retryBudget.window}) when a value is missing or out of range
     */
    public RetryBudget {
      checkRetryBudget("retryBudget.", ratio, minRetries, window);
    }

    /**
     * Creates a retry budget setting.
     *
     * @param ratio 0 to 10
     * @param minRetries 0 to 1,000,000
     * @param window at least 1 s, at most 1 hour
     * @return the setting
     * @throws ValidationException naming the field when a value is missing or out of range
     */
    public static RetryBudget of(double ratio, int minRetries, Duration window) {
      return new RetryBudget(ratio, minRetries, window);
    }
  }

  /**
   * Builds {@link Resilience}, starting from the defaults. Setters validate at once; the exception names the field,
   * e.g. {@code resilience.forProvider[twilio-sms].maxAttempts}. Not thread-safe.
   */
  public static final class Builder {
    private final String prefix;
    private final boolean top;
    private int maxAttempts = 3;
    private Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.25);
    private Duration maxDuration = Duration.ofMinutes(2);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private boolean retryAmbiguous;
    private Duration timeout = Duration.ofSeconds(30);
    private CircuitBreaker circuitBreaker = new CircuitBreaker(50, 250, Duration.ofSeconds(30));
    private RateLimit rateLimit;
    private final Map<String, RateLimit> senderRateLimits = new LinkedHashMap<>();
    private RetryBudget retryBudget = new RetryBudget(0.2, 10, Duration.ofSeconds(60));
    private Long jitterSeed;
    private final Map<String, Consumer<Builder>> overrides = new LinkedHashMap<>();

    private Builder(String prefix, boolean top) {
      this.prefix = prefix;
      this.top = top;
    }

    /**
     * Sets how many requests one message may get from one provider, the first included.
     *
     * @param attempts 1 (no retries) to 20
     * @return this builder
     * @throws ValidationException when outside 1..20
     */
    public Builder maxAttempts(int attempts) {
      Checks.range(prefix + "maxAttempts", attempts, 1, 20);
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Sets exponential backoff: the first retry waits {@code base}, each later one {@link #backoffFactor} times
     * longer, never more than {@code max} (before jitter).
     *
     * @param base at least 1 ms
     * @param max at least base, at most 1 hour
     * @return this builder
     * @throws ValidationException when base is below 1 ms, max is below base or above 1 hour
     */
    public Builder backoff(Duration base, Duration max) {
      checkBackoff(prefix + "backoff.base", prefix + "backoff.max", base, max);
      this.backoff = new Backoff(base, max, backoff.factor(), backoff.jitter());
      return this;
    }

    /**
     * Sets the whole backoff at once: base, max, factor and jitter.
     *
     * @param backoff the backoff (validated when created)
     * @return this builder
     * @throws ValidationException when backoff is null
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = notNull("backoff", backoff);
      return this;
    }

    /**
     * Sets by how much the wait grows after each retry (default 2).
     *
     * @param factor 1 (constant wait) to 10
     * @return this builder
     * @throws ValidationException when outside 1..10
     */
    public Builder backoffFactor(double factor) {
      checkFactor(prefix + "backoffFactor", factor);
      this.backoff = new Backoff(backoff.base(), backoff.max(), factor, backoff.jitter());
      return this;
    }

    /**
     * Sets the jitter: each computed wait is multiplied by a random factor in {@code [1 - jitter, 1 + jitter]}, so
     * that many clients retrying after one outage do not retry in step.
     *
     * @param jitter 0 (none) to 1
     * @return this builder
     * @throws ValidationException when outside 0..1
     */
    public Builder jitter(double jitter) {
      checkJitter(prefix + "jitter", jitter);
      this.backoff = new Backoff(backoff.base(), backoff.max(), backoff.factor(), jitter);
      return this;
    }

    /**
     * Fixes the seed of the jitter's random numbers (tests, reproducing a run). Applies to every provider; a seed
     * set in {@link #forProvider} is ignored.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder jitterSeed(long seed) {
      this.jitterSeed = seed;
      return this;
    }

    /**
     * Sets the longest time from a message's first request to the start of its last retry; a retry that would
     * start later is not made.
     *
     * @param max at least 1 ms, at most 1 day
     * @return this builder
     * @throws ValidationException when null or outside 1 ms..1 day
     */
    public Builder maxDuration(Duration max) {
      this.maxDuration = between("maxDuration", max, Duration.ofMillis(1), Duration.ofDays(1));
      return this;
    }

    /**
     * Sets the longest Retry-After the client honours. A failure asking to wait longer is not retried (the provider
     * said it will not take the request sooner), so routing falls back instead.
     *
     * @param max zero to 1 hour
     * @return this builder
     * @throws ValidationException when null or outside 0..1 hour
     */
    public Builder maxRetryAfter(Duration max) {
      this.maxRetryAfter = between("maxRetryAfter", max, Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /**
     * Lets ambiguous failures (5xx, read timeout, our timeout: the provider may have sent the message) be retried.
     * Off by default, because Twilio and SendGrid have no idempotency key and a resend can reach the person twice;
     * every such resend is flagged in {@link Attempt#ambiguousResend()}.
     *
     * @param retry whether to retry ambiguous failures
     * @return this builder
     */
    public Builder retryAmbiguous(boolean retry) {
      this.retryAmbiguous = retry;
      return this;
    }

    /**
     * Sets the timeout per request. When it passes, the request counts as an ambiguous failure (it may still be in
     * flight and reach the person); a late answer is logged and otherwise ignored. The provider's own HTTP timeouts
     * should be shorter.
     *
     * @param timeout at least 1 ms, at most 10 minutes
     * @return this builder
     * @throws ValidationException when null or outside 1 ms..10 minutes
     */
    public Builder timeout(Duration timeout) {
      this.timeout = between("timeout", timeout, Duration.ofMillis(1), Duration.ofMinutes(10));
      return this;
    }

    /**
     * Removes the timeout per request (the provider's own timeouts still apply).
     *
     * @return this builder
     */
    public Builder noTimeout() {
      this.timeout = null;
      return this;
    }

    /**
     * Sets the circuit breaker per provider. The rule, exactly: the breaker remembers the last {@code window}
     * requests to the provider and opens as soon as {@code ceil(failureRatePercent% × window)} of them failed for a
     * provider-side reason; it can open before {@code window} requests were made, but never before that many
     * failures were seen. Recipient and content failures do not count, and neither does HTTP 429: a provider that
     * says "slow down" is up, and Retry-After and the rate limiter already handle it. Keep
     * {@code failureRatePercent% × window} above the provider's concurrency (its bulkhead, 100 by default), so that
     * one burst of requests in flight cannot open the circuit by itself (the default, 50% of 250 = 125 failures, does).
     * An open circuit stays open for {@code openFor} (requests then fail at once as retryable, without reaching the
     * provider, so routing falls back or fails over), then lets one trial request through: success closes it, failure
     * opens it again.
     *
     * @param failureRatePercent 1 to 100
     * @param window 1 to 1,000 requests
     * @param openFor at least 1 ms, at most 1 day
     * @return this builder
     * @throws ValidationException when a value is out of range
     */
    public Builder circuitBreaker(int failureRatePercent, int window, Duration openFor) {
      checkCircuitBreaker(prefix + "circuitBreaker.", failureRatePercent, window, openFor);
      this.circuitBreaker = new CircuitBreaker(failureRatePercent, window, openFor);
      return this;
    }

    /**
     * Sets the circuit breaker per provider from a whole setting (see {@link #circuitBreaker(int, int, Duration)}).
     *
     * @param circuitBreaker the setting (validated when created)
     * @return this builder
     * @throws ValidationException when circuitBreaker is null
     */
    public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
      this.circuitBreaker = notNull("circuitBreaker", circuitBreaker);
      return this;
    }

    /**
     * Removes the circuit breaker.
     *
     * @return this builder
     */
    public Builder noCircuitBreaker() {
      this.circuitBreaker = null;
      return this;
    }

    /**
     * Limits each sender of the provider (the message's sender, or the provider name when it has none) to a rate.
     *
     * @param limit the limit per sender
     * @return this builder
     * @throws ValidationException when limit is null
     */
    public Builder rateLimit(RateLimit limit) {
      this.rateLimit = notNull("rateLimit", limit);
      return this;
    }

    /**
     * Limits one sender (e.g. one US long code, {@code "+14155550100"}) to a rate, overriding {@link #rateLimit(RateLimit)}.
     *
     * @param sender the sender as it appears in {@link dev.alertkit.spi.OutboundMessage#sender()}, or the provider name
     * @param limit the limit
     * @return this builder
     * @throws ValidationException when sender is blank or limit is null
     */
    public Builder rateLimit(String sender, RateLimit limit) {
      if (sender == null || sender.isBlank()) {
        throw new ValidationException(prefix + "rateLimit.sender", "must not be blank");
      }
      senderRateLimits.put(sender, notNull("rateLimit[" + sender + "]", limit));
      return this;
    }

    /**
     * Removes every rate limit.
     *
     * @return this builder
     */
    public Builder noRateLimit() {
      this.rateLimit = null;
      senderRateLimits.clear();
      return this;
    }

    /**
     * Limits retries per provider to a share of its recent first requests, so that an outage does not multiply
     * traffic: within the sliding {@code window}, retries may number at most {@code max(minRetries, ratio × first
     * requests)}. When the budget is spent, failures are not retried and the report says so.
     *
     * @param ratio 0 to 10 (0.2 = 20% extra traffic at most)
     * @param minRetries 0 to 1,000,000
     * @param window at least 1 s, at most 1 hour
     * @return this builder
     * @throws ValidationException when a value is out of range
     */
    public Builder retryBudget(double ratio, int minRetries, Duration window) {
      checkRetryBudget(prefix + "retryBudget.", ratio, minRetries, window);
      this.retryBudget = new RetryBudget(ratio, minRetries, window);
      return this;
    }

    /**
     * Sets the retry budget per provider from a whole setting (see {@link #retryBudget(double, int, Duration)}).
     *
     * @param retryBudget the setting (validated when created)
     * @return this builder
     * @throws ValidationException when retryBudget is null
     */
    public Builder retryBudget(RetryBudget retryBudget) {
      this.retryBudget = notNull("retryBudget", retryBudget);
      return this;
    }

    /**
     * Removes the retry budget (retries are then limited only by {@link #maxAttempts}).
     *
     * @return this builder
     */
    public Builder noRetryBudget() {
      this.retryBudget = null;
      return this;
    }

    /**
     * Overrides settings for one provider. The override starts from this builder's settings as they are when
     * {@link #build()} runs, whatever the order of calls, and replaces only what it sets.
     *
     * <pre>{@code
     * .forProvider("twilio-sms", p -> p.rateLimit(RateLimit.perSecond(1)).maxAttempts(5))
     * }</pre>
     *
     * @param providerName the provider's {@link dev.alertkit.spi.ChannelProvider#name() name}
     * @param override changes to apply
     * @return this builder
     * @throws ValidationException when the name is blank, the override is null, or called inside an override
     */
    public Builder forProvider(String providerName, Consumer<Builder> override) {
      if (!top) {
        throw new ValidationException(prefix + "forProvider", "cannot be called inside a provider override");
      }
      if (providerName == null || providerName.isBlank()) {
        throw new ValidationException(prefix + "forProvider", "the provider name must not be blank");
      }
      overrides.put(providerName, notNull("forProvider[" + providerName + "]", override));
      return this;
    }

    /**
     * Builds the settings, applying each provider override to a copy of these settings.
     *
     * @return the settings
     * @throws ValidationException when an override sets an invalid value (the message names the provider and field)
     */
    public Resilience build() {
      Resilience base = new Resilience(this, Map.of());
      Map<String, Resilience> built = new LinkedHashMap<>();
      for (Map.Entry<String, Consumer<Builder>> e : overrides.entrySet()) {
        Builder b = base.toBuilder(prefix + "forProvider[" + e.getKey() + "].", false);
        e.getValue().accept(b);
        b.jitterSeed = jitterSeed;
        built.put(e.getKey(), new Resilience(b, Map.of()));
      }
      return new Resilience(this, built);
    }

    private <T> T notNull(String field, T value) {
      if (value == null) {
        throw new ValidationException(prefix + field, "is required");
      }
      return value;
    }

    private Duration between(String field, Duration d, Duration min, Duration max) {
      return Checks.range(prefix + field, d, min, max);
    }
  }
}
