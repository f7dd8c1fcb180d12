package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
  private final int maxAttempts;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final double backoffFactor;
  private final double jitter;
  private final Duration maxDuration;
  private final Duration maxRetryAfter;
  private final boolean retryAmbiguous;
  private final Duration timeout;
  private final boolean circuitBreaker;
  private final int circuitFailureRatePercent;
  private final int circuitWindow;
  private final Duration circuitOpenFor;
  private final RateLimit rateLimit;
  private final Map<String, RateLimit> senderRateLimits;
  private final boolean retryBudget;
  private final double retryBudgetRatio;
  private final int retryBudgetMinRetries;
  private final Duration retryBudgetWindow;
  private final Long jitterSeed;
  private final Map<String, Resilience> overrides;

  private Resilience(Builder b, Map<String, Resilience> overrides) {
    this.maxAttempts = b.maxAttempts;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.backoffFactor = b.backoffFactor;
    this.jitter = b.jitter;
    this.maxDuration = b.maxDuration;
    this.maxRetryAfter = b.maxRetryAfter;
    this.retryAmbiguous = b.retryAmbiguous;
    this.timeout = b.timeout;
    this.circuitBreaker = b.circuitBreaker;
    this.circuitFailureRatePercent = b.circuitFailureRatePercent;
    this.circuitWindow = b.circuitWindow;
    this.circuitOpenFor = b.circuitOpenFor;
    this.rateLimit = b.rateLimit;
    this.senderRateLimits = Collections.unmodifiableMap(new LinkedHashMap<>(b.senderRateLimits));
    this.retryBudget = b.retryBudget;
    this.retryBudgetRatio = b.retryBudgetRatio;
    this.retryBudgetMinRetries = b.retryBudgetMinRetries;
    this.retryBudgetWindow = b.retryBudgetWindow;
    this.jitterSeed = b.jitterSeed;
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
  public java.util.Set<String> overriddenProviders() {
    return overrides.keySet();
  }

  /** @return how many requests a message may get from one provider, first request included (1 = no retries) */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** @return the wait before the first retry */
  public Duration backoffBase() {
    return backoffBase;
  }

  /** @return the longest wait between two requests computed by backoff */
  public Duration backoffMax() {
    return backoffMax;
  }

  /** @return by how much the wait grows after each retry */
  public double backoffFactor() {
    return backoffFactor;
  }

  /** @return the jitter as a fraction of the computed wait: 0.25 means ±25% */
  public double jitter() {
    return jitter;
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

  /** @return the timeout per request, if any; a timed-out request is an ambiguous failure */
  public Optional<Duration> timeout() {
    return timeout.isZero() ? Optional.empty() : Optional.of(timeout);
  }

  /** @return whether each provider has a circuit breaker */
  public boolean circuitBreakerEnabled() {
    return circuitBreaker;
  }

  /** @return the percentage of provider-side failures among the last {@link #circuitWindow()} requests that opens the circuit */
  public int circuitFailureRatePercent() {
    return circuitFailureRatePercent;
  }

  /** @return how many recent requests the circuit breaker looks at */
  public int circuitWindow() {
    return circuitWindow;
  }

  /** @return how long an open circuit stays open before one trial request is let through */
  public Duration circuitOpenFor() {
    return circuitOpenFor;
  }

  /**
   * The rate limit for one sender of this provider.
   *
   * @param sender the sender (or the provider name when a message has no sender)
   * @return the sender's own limit, else the provider-wide per-sender limit, if any
   * @throws NullPointerException when sender is null
   */
  public Optional<RateLimit> rateLimitFor(String sender) {
    RateLimit own = senderRateLimits.get(Objects.requireNonNull(sender, "sender"));
    return Optional.ofNullable(own != null ? own : rateLimit);
  }

  /** @return the limit applied to each sender that has no limit of its own, if any */
  public Optional<RateLimit> rateLimit() {
    return Optional.ofNullable(rateLimit);
  }

  /** @return limits for specific senders */
  public Map<String, RateLimit> senderRateLimits() {
    return senderRateLimits;
  }

  /** @return whether retries are limited to a share of recent first requests */
  public boolean retryBudgetEnabled() {
    return retryBudget;
  }

  /** @return retries allowed per first request within the window, e.g. 0.2 */
  public double retryBudgetRatio() {
    return retryBudgetRatio;
  }

  /** @return retries always allowed within the window, whatever the ratio says */
  public int retryBudgetMinRetries() {
    return retryBudgetMinRetries;
  }

  /** @return the sliding window of the retry budget */
  public Duration retryBudgetWindow() {
    return retryBudgetWindow;
  }

  /** @return the seed of the jitter's random numbers, when fixed (tests); otherwise each client seeds its own */
  public OptionalLong jitterSeed() {
    return jitterSeed == null ? OptionalLong.empty() : OptionalLong.of(jitterSeed);
  }

  private Builder toBuilder(String prefix, boolean top) {
    Builder b = new Builder(prefix, top);
    b.maxAttempts = maxAttempts;
    b.backoffBase = backoffBase;
    b.backoffMax = backoffMax;
    b.backoffFactor = backoffFactor;
    b.jitter = jitter;
    b.maxDuration = maxDuration;
    b.maxRetryAfter = maxRetryAfter;
    b.retryAmbiguous = retryAmbiguous;
    b.timeout = timeout;
    b.circuitBreaker = circuitBreaker;
    b.circuitFailureRatePercent = circuitFailureRatePercent;
    b.circuitWindow = circuitWindow;
    b.circuitOpenFor = circuitOpenFor;
    b.rateLimit = rateLimit;
    b.senderRateLimits.putAll(senderRateLimits);
    b.retryBudget = retryBudget;
    b.retryBudgetRatio = retryBudgetRatio;
    b.retryBudgetMinRetries = retryBudgetMinRetries;
    b.retryBudgetWindow = retryBudgetWindow;
    b.jitterSeed = jitterSeed;
    return b;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Resilience{maxAttempts=").append(maxAttempts)
        .append(", backoff=").append(backoffBase).append("x").append(backoffFactor).append(" up to ").append(backoffMax)
        .append(" ±").append(Math.round(jitter * 100)).append("%, maxDuration=").append(maxDuration)
        .append(", maxRetryAfter=").append(maxRetryAfter).append(", retryAmbiguous=").append(retryAmbiguous)
        .append(", timeout=").append(timeout.isZero() ? "none" : timeout.toString())
        .append(", circuitBreaker=").append(circuitBreaker ? circuitFailureRatePercent + "% of " + circuitWindow + ", open " + circuitOpenFor : "none")
        .append(", rateLimit=").append(rateLimit == null ? "none" : rateLimit.toString());
    if (!senderRateLimits.isEmpty()) {
      s.append(", senderRateLimits=").append(senderRateLimits);
    }
    s.append(", retryBudget=").append(retryBudget ? Math.round(retryBudgetRatio * 100) + "% (min " + retryBudgetMinRetries + ") per " + retryBudgetWindow : "none");
    if (!overrides.isEmpty()) {
      s.append(", overrides=").append(overrides.keySet());
    }
    return s.append('}').toString();
  }

  /**
   * Builds {@link Resilience}, starting from the defaults. Setters validate at once; the exception names the field,
   * e.g. {@code resilience.forProvider[twilio-sms].maxAttempts}. Not thread-safe.
   */
  public static final class Builder {
    private final String prefix;
    private final boolean top;
    private int maxAttempts = 3;
    private Duration backoffBase = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofSeconds(30);
    private double backoffFactor = 2.0;
    private double jitter = 0.25;
    private Duration maxDuration = Duration.ofMinutes(2);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private boolean retryAmbiguous;
    private Duration timeout = Duration.ofSeconds(30);
    private boolean circuitBreaker = true;
    private int circuitFailureRatePercent = 50;
    private int circuitWindow = 250;
    private Duration circuitOpenFor = Duration.ofSeconds(30);
    private RateLimit rateLimit;
    private final Map<String, RateLimit> senderRateLimits = new LinkedHashMap<>();
    private boolean retryBudget = true;
    private double retryBudgetRatio = 0.2;
    private int retryBudgetMinRetries = 10;
    private Duration retryBudgetWindow = Duration.ofSeconds(60);
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
      if (base == null || base.compareTo(Duration.ofMillis(1)) < 0) {
        throw new ValidationException(prefix + "backoff.base", "must be at least 1 ms (was " + base + ")");
      }
      if (max == null || max.compareTo(base) < 0 || max.compareTo(Duration.ofHours(1)) > 0) {
        throw new ValidationException(prefix + "backoff.max", "must be between base (" + base + ") and 1 hour (was " + max + ")");
      }
      this.backoffBase = base;
      this.backoffMax = max;
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
      if (!(factor >= 1.0 && factor <= 10.0)) {
        throw new ValidationException(prefix + "backoffFactor", "must be between 1 and 10 (was " + factor + ")");
      }
      this.backoffFactor = factor;
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
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new ValidationException(prefix + "jitter", "must be between 0 and 1 (was " + jitter + ")");
      }
      this.jitter = jitter;
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
      this.timeout = Duration.ZERO;
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
      Checks.range(prefix + "circuitBreaker.failureRatePercent", failureRatePercent, 1, 100);
      Checks.range(prefix + "circuitBreaker.window", window, 1, 1000);
      this.circuitOpenFor = between("circuitBreaker.openFor", openFor, Duration.ofMillis(1), Duration.ofDays(1));
      this.circuitFailureRatePercent = failureRatePercent;
      this.circuitWindow = window;
      this.circuitBreaker = true;
      return this;
    }

    /**
     * Removes the circuit breaker.
     *
     * @return this builder
     */
    public Builder noCircuitBreaker() {
      this.circuitBreaker = false;
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
      if (!(ratio >= 0.0 && ratio <= 10.0)) {
        throw new ValidationException(prefix + "retryBudget.ratio", "must be between 0 and 10 (was " + ratio + ")");
      }
      Checks.range(prefix + "retryBudget.minRetries", minRetries, 0, 1_000_000);
      this.retryBudgetWindow = between("retryBudget.window", window, Duration.ofSeconds(1), Duration.ofHours(1));
      this.retryBudgetRatio = ratio;
      this.retryBudgetMinRetries = minRetries;
      this.retryBudget = true;
      return this;
    }

    /**
     * Removes the retry budget (retries are then limited only by {@link #maxAttempts}).
     *
     * @return this builder
     */
    public Builder noRetryBudget() {
      this.retryBudget = false;
      return this;
    }

    /**
     * Overrides settings for one provider. The override starts from this builder's settings as they are when
     * {@link #build()} runs, whatever the order of calls.
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
