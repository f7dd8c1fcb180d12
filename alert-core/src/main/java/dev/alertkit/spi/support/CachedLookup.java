package dev.alertkit.spi.support;

import dev.alertkit.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A bounded cache of answers from a remote service, for a {@link dev.alertkit.spi.ContactCheck} or any lookup on the
 * paging path that must stay cheap and must never block a page for long:
 *
 * <ul>
 *   <li><b>Expiry on the caller's clock.</b> Every call passes {@code now}, the reading of the client's clock (the
 *       {@code now} a {@code ContactCheck} is given); an answer is served while {@code now} is before the time it
 *       was stored plus {@link Builder#cacheFor cacheFor} (or the time the answer itself names,
 *       {@link Answer#of(Object, Duration)}).
 *   <li><b>Single flight.</b> Concurrent calls for one key make one remote call: lookups are serialised per stripe
 *       (64 stripes by the key's hash), and a call that waited finds the answer of the one before it. Keys that
 *       share a stripe wait for each other too, so a loader must use short timeouts.
 *   <li><b>Pause after a failure.</b> When a loader answers {@link Answer#failed()}, nothing is cached and no key
 *       is loaded until {@link Builder#pauseAfterFailure pauseAfterFailure} has passed on the caller's clock; calls
 *       meanwhile get an empty answer at once. Answers already cached are still served.
 *   <li><b>Bounded size.</b> At most {@link Builder#maxEntries maxEntries} answers are kept; storing one more forgets
 *       the answer stored longest ago (a refreshed answer counts as new). Expired answers are replaced when their key
 *       is loaded again, or forgotten in that order.
 * </ul>
 *
 * <pre>{@code
 * CachedLookup<String, LineType> lineTypes = CachedLookup.<String, LineType>builder()
 *     .cacheFor(Duration.ofDays(30)).pauseAfterFailure(Duration.ofMinutes(1)).maxEntries(100_000).build();
 * Optional<LineType> type = lineTypes.get(number, now, n -> lookUp(n));   // lookUp returns an Answer
 * }</pre>
 *
 * <p>Thread-safe. The configuration is fixed when it is built.
 *
 * @param <K> the key, e.g. a phone number; compared with {@code equals}, so normalise it first (e.g. lower-case an
 *     e-mail address)
 * @param <V> the answer
 */
public final class CachedLookup<K, V> {
  private static final int STRIPES = 64;
  /** The longest time anything is cached or paused: about ten years (no overflow of the clock's instants). */
  private static final Duration LONGEST = Duration.ofDays(3650);

  private final Duration cacheFor;
  private final Duration pauseAfterFailure;
  private final int maxEntries;
  /** Insertion order: the first entry is the answer stored longest ago. Guarded by itself. */
  private final Map<K, Stored<V>> answers = new LinkedHashMap<>();
  private final Object[] stripes = new Object[STRIPES];
  private volatile Instant pausedUntil = Instant.MIN;
  private volatile boolean closed;

  private record Stored<V>(V value, Instant expires) {}

  private CachedLookup(Builder<K, V> b) {
    this.cacheFor = b.cacheFor;
    this.pauseAfterFailure = b.pauseAfterFailure;
    this.maxEntries = b.maxEntries;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  /**
   * Starts a builder with the defaults: answers cached for 1 hour, a pause of 1 minute after a failure, at most
   * 100,000 answers.
   *
   * @param <K> the key type
   * @param <V> the answer type
   * @return a new builder
   */
  public static <K, V> Builder<K, V> builder() {
    return new Builder<>();
  }

  /**
   * The answer for a key: the cached one while it is fresh, otherwise the loader's, made once for concurrent calls
   * (see the class description). Nothing is loaded while lookups are paused after a failure, or after
   * {@link #close()}.
   *
   * @param key the key, not null
   * @param now the caller's clock reading (for a {@code ContactCheck}: the {@code now} it was given)
   * @param loader asks the remote service for the key; runs on the calling thread, under the key's stripe, and
   *     should answer within a short, bounded time. It is not called when a fresh answer is cached.
   * @return the answer, or empty when the loader failed just now, lookups are paused or this lookup is closed
   * @throws NullPointerException when an argument is null, or the loader returned null
   * @throws RuntimeException whatever the loader threw: then nothing is cached and no pause starts
   */
  public Optional<V> get(K key, Instant now, Function<? super K, Answer<V>> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(loader, "loader");
    Stored<V> fresh = fresh(key, now);
    if (fresh != null) {
      return Optional.of(fresh.value());
    }
    synchronized (stripes[Math.floorMod(key.hashCode(), STRIPES)]) {
      fresh = fresh(key, now);
      if (fresh != null) {
        return Optional.of(fresh.value());
      }
      if (closed || now.isBefore(pausedUntil)) {
        return Optional.empty();
      }
      Answer<V> answer = Objects.requireNonNull(loader.apply(key), "the loader's answer");
      if (answer.value == null) {
        pausedUntil = now.plus(pauseAfterFailure);
        return Optional.empty();
      }
      store(key, new Stored<>(answer.value, now.plus(answer.cacheFor != null ? answer.cacheFor : cacheFor)));
      return Optional.of(answer.value);
    }
  }

  /**
   * Forgets every answer; from now on {@link #get} answers empty without loading. For the {@code close()} of the
   * check that owns it. Idempotent.
   */
  public void close() {
    synchronized (answers) {
      closed = true;
      answers.clear();
    }
  }

  @Override
  public String toString() {
    return "CachedLookup{cacheFor=" + cacheFor + ", pauseAfterFailure=" + pauseAfterFailure + ", maxEntries=" + maxEntries
        + (closed ? ", closed" : "") + "}";
  }

  private Stored<V> fresh(K key, Instant now) {
    synchronized (answers) {
      Stored<V> s = answers.get(key);
      return s != null && now.isBefore(s.expires()) ? s : null;
    }
  }

  private void store(K key, Stored<V> s) {
    synchronized (answers) {
      if (closed) {
        return;
      }
      answers.remove(key); // a refreshed answer moves to the end: eviction forgets the answer stored longest ago
      answers.put(key, s);
      if (answers.size() > maxEntries) {
        K eldest = answers.keySet().iterator().next();
        answers.remove(eldest);
      }
    }
  }

  /**
   * What a loader found out: an answer to cache, or a failure that pauses lookups.
   *
   * @param <V> the answer type
   */
  public static final class Answer<V> {
    private static final Answer<?> FAILED = new Answer<>(null, null);

    private final V value;
    private final Duration cacheFor;

    private Answer(V value, Duration cacheFor) {
      this.value = value;
      this.cacheFor = cacheFor;
    }

    /**
     * An answer, cached for the lookup's {@link Builder#cacheFor cacheFor}.
     *
     * @param <V> the answer type
     * @param value the answer, not null
     * @return the answer
     * @throws NullPointerException when value is null
     */
    public static <V> Answer<V> of(V value) {
      return new Answer<>(Objects.requireNonNull(value, "value"), null);
    }

    /**
     * An answer cached for a time of its own, e.g. "the service could not tell for this key: ask again after a
     * short pause" while other keys keep their answers for days.
     *
     * @param <V> the answer type
     * @param value the answer, not null
     * @param cacheFor how long to serve it, positive and at most 3,650 days
     * @return the answer
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when cacheFor is zero, negative or longer than 3,650 days
     */
    public static <V> Answer<V> of(V value, Duration cacheFor) {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(cacheFor, "cacheFor");
      if (cacheFor.isNegative() || cacheFor.isZero() || cacheFor.compareTo(LONGEST) > 0) {
        throw new IllegalArgumentException("cacheFor must be positive and at most " + LONGEST + " (was " + cacheFor + ")");
      }
      return new Answer<>(value, cacheFor);
    }

    /**
     * The lookup failed (timeout, 5xx, 429, refused connection, bad credentials): nothing is cached, the caller
     * gets an empty answer, and no key is loaded for the lookup's {@link Builder#pauseAfterFailure
     * pauseAfterFailure}.
     *
     * @param <V> the answer type
     * @return the failure
     */
    @SuppressWarnings("unchecked")
    public static <V> Answer<V> failed() {
      return (Answer<V>) FAILED;
    }

    @Override
    public String toString() {
      return value == null ? "failed" : "answer" + (cacheFor == null ? "" : " for " + cacheFor);
    }
  }

  /**
   * Builds a {@link CachedLookup}; start with {@link CachedLookup#builder()}. Not thread-safe.
   *
   * @param <K> the key type
   * @param <V> the answer type
   */
  public static final class Builder<K, V> {
    private Duration cacheFor = Duration.ofHours(1);
    private Duration pauseAfterFailure = Duration.ofMinutes(1);
    private int maxEntries = 100_000;

    private Builder() {}

    /**
     * Sets how long an answer is served (default 1 hour), unless the answer names its own time.
     *
     * @param d positive, at most 3,650 days
     * @return this builder
     * @throws ValidationException when null, zero, negative or longer
     */
    public Builder<K, V> cacheFor(Duration d) {
      this.cacheFor = positive("cachedLookup.cacheFor", d);
      return this;
    }

    /**
     * Sets how long nothing is loaded after a failed lookup (default 1 minute): the bound on what an outage of the
     * remote service costs the paging path.
     *
     * @param d positive, at most 3,650 days
     * @return this builder
     * @throws ValidationException when null, zero, negative or longer
     */
    public Builder<K, V> pauseAfterFailure(Duration d) {
      this.pauseAfterFailure = positive("cachedLookup.pauseAfterFailure", d);
      return this;
    }

    /**
     * Sets how many answers are kept at most (default 100,000); one more forgets the answer stored longest ago.
     *
     * @param max 1 to 10,000,000
     * @return this builder
     * @throws ValidationException when outside the range
     */
    public Builder<K, V> maxEntries(int max) {
      this.maxEntries = Checks.range("cachedLookup.maxEntries", max, 1, 10_000_000);
      return this;
    }

    /**
     * Builds the lookup, empty.
     *
     * @return the lookup
     */
    public CachedLookup<K, V> build() {
      return new CachedLookup<>(this);
    }

    private static Duration positive(String field, Duration d) {
      Checks.notNull(field, d);
      if (d.isNegative() || d.isZero() || d.compareTo(LONGEST) > 0) {
        throw new ValidationException(field, "must be positive and at most " + LONGEST + " (was " + d + ")");
      }
      return d;
    }
  }
}
