package dev.alertkit.twilio;

import com.twilio.rest.lookups.v2.PhoneNumber;
import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.ContactCheck;
import dev.alertkit.spi.support.CachedLookup;
import dev.alertkit.spi.support.CachedLookup.Answer;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.Redaction;
import dev.alertkit.Failure;
import dev.alertkit.twilio.internal.Captured;
import dev.alertkit.twilio.internal.TwilioErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ContactCheck} that asks Twilio Lookup v2 for a number's line type
 * ({@code GET /v2/PhoneNumbers/{Number}?Fields=line_type_intelligence}) and skips SMS and WhatsApp to a number
 * known to be a {@code landline}, with the reason, before any send. Voice is never skipped (a landline answers
 * calls).
 *
 * <pre>{@code
 * AlertClient client = AlertClient.builder()
 *     .provider(twilio.sms()).provider(twilio.voice())
 *     .contactCheck(twilio.lineTypeCheck().cacheFor(Duration.ofDays(30)).build())
 *     ...
 * }</pre>
 *
 * <p><b>Cost.</b> Twilio bills every line-type lookup, so answers are cached per number for {@link Builder#cacheFor}
 * (default 30 days), timed on the client's clock, at most {@link Builder#maxEntries} numbers (oldest forgotten
 * first). Concurrent checks of one number make one lookup.
 *
 * <p><b>Failures never block a page: the fallback is "try as usual".</b> When Lookup fails (timeout, 5xx, 429,
 * refused connection, bad credentials) the message is sent as if no check existed, and no lookup is made for
 * {@link Builder#pauseAfterFailure} (default 1 minute), so an outage of Lookup costs at most one connect and read
 * timeout of the {@link TwilioConfig} per pause. A number Lookup cannot type (4xx for that number, an
 * {@code error_code} in the answer, type {@code unknown}) is also sent as usual, and asked again after the pause.
 * Thread-safe. Closing it releases its share of the account's connection pool.
 */
public final class LineTypeCheck implements ContactCheck {
  /** The check's name in skip reasons. */
  public static final String NAME = "twilio-lookup";
  /** Default time an answer is trusted. */
  public static final Duration DEFAULT_CACHE_FOR = Duration.ofDays(30);
  /** Default pause after a failed lookup. */
  public static final Duration DEFAULT_PAUSE_AFTER_FAILURE = Duration.ofMinutes(1);
  /** Default most numbers cached. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private static final Logger log = LoggerFactory.getLogger(LineTypeCheck.class);

  private final TwilioAccount account;
  private final Duration cacheFor;
  private final Duration pauseAfterFailure;
  private final int maxEntries;
  /** Answers by E.164 number. */
  private final CachedLookup<String, Entry> answers;
  private final AtomicLong lookups = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** One answer: the type (null when unknown) and the carrier, when Lookup names one. */
  private record Entry(String type, String carrier) {}

  /** Lookup could not tell this number's type: sent as usual, asked again after the pause. */
  private static final Entry UNKNOWN = new Entry(null, null);

  private LineTypeCheck(Builder b) {
    this.account = b.account;
    this.cacheFor = b.cacheFor;
    this.pauseAfterFailure = b.pauseAfterFailure;
    this.maxEntries = b.maxEntries;
    this.answers = CachedLookup.<String, Entry>builder()
        .cacheFor(cacheFor).pauseAfterFailure(pauseAfterFailure).maxEntries(maxEntries).build();
    account.acquire();
  }

  static Builder builder(TwilioAccount account) {
    return new Builder(account);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** @return SMS and WhatsApp: the channels a landline cannot receive */
  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.SMS, Channel.WHATSAPP);
  }

  /**
   * Skips SMS and WhatsApp to a number Twilio Lookup knows to be a landline; otherwise (mobile, VoIP, unknown, Lookup
   * failed or paused) lets the send go as usual.
   *
   * @param alert the alert
   * @param recipient the recipient
   * @param channel SMS or WhatsApp
   * @param address the E.164 number
   * @param now the client's clock reading; caching is timed on it
   * @return skip with the reason for a landline, otherwise ok
   */
  @Override
  public Verdict check(Alert alert, Recipient recipient, Channel channel, String address, Instant now) {
    if (channel != Channel.SMS && channel != Channel.WHATSAPP) {
      return Verdict.ok();
    }
    Entry e = answers.get(address, now, number -> lineType(number, now)).orElse(null);
    if (e != null && "landline".equals(e.type())) {
      // The reason names no number: it reaches logs (numbers are masked there) and the report names the recipient.
      return Verdict.skip("the phone number is a landline according to Twilio Lookup" + (e.carrier() == null ? "" : " (carrier " + e.carrier() + ")")
          + ": it cannot receive " + (channel == Channel.SMS ? "SMS" : "WhatsApp") + "; voice calls still go");
    }
    return Verdict.ok();
  }

  /** @return how many lookups were made (each one is billed by Twilio) */
  public long lookupCount() {
    return lookups.get();
  }

  /** Asks Lookup for the number's line type (the cache makes it once per number and pauses after a failure). */
  private Answer<Entry> lineType(String number, Instant now) {
    if (account.isReleased()) {
      return Answer.failed(); // no lookup is possible any more: try as usual
    }
    lookups.incrementAndGet();
    Captured<PhoneNumber> c = account.http.capture(() ->
        PhoneNumber.fetcher(number).setFields("line_type_intelligence").fetch(account.rest));
    int status = c.exchange().status();
    if (c.error().isEmpty() && c.value().isPresent() && status >= 200 && status < 300) {
      PhoneNumber.LineTypeIntelligenceInfo info = c.value().get().getLineTypeIntelligence();
      String type = info == null || info.getErrorCode() != null ? null : info.getType();
      if (type == null || "unknown".equals(type)) {
        log.info("Twilio Lookup could not tell the line type of {}; sending as usual", Redaction.phone(number));
        return Answer.of(UNKNOWN, pauseAfterFailure);
      }
      log.debug("Twilio Lookup: {} is {}", Redaction.phone(number), type);
      return Answer.of(new Entry(type, info.getCarrierName()));
    }
    Failure f = TwilioErrors.classify(c.exchange(), c.error(), account.mapper, account.clock);
    boolean thisNumber = status == 400 || status == 404;
    log.warn("Twilio Lookup failed for {} ({}); sending as usual, no lookups until {}", Redaction.phone(number), f.reason(),
        thisNumber ? "this number's pause ends" : now.plus(pauseAfterFailure));
    return thisNumber ? Answer.of(UNKNOWN, pauseAfterFailure) : Answer.failed();
  }

  /** Releases this check's share of the account's pool and forgets the cache. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      answers.close();
      account.release();
    }
  }

  @Override
  public String toString() {
    return "LineTypeCheck{cacheFor=" + cacheFor + ", pauseAfterFailure=" + pauseAfterFailure + ", maxEntries=" + maxEntries
        + (closed.get() ? ", closed" : "") + "}";
  }

  /** Builds a {@link LineTypeCheck}; get one from {@link TwilioProviders#lineTypeCheck()}. Not thread-safe. */
  public static final class Builder {
    private final TwilioAccount account;
    private Duration cacheFor = DEFAULT_CACHE_FOR;
    private Duration pauseAfterFailure = DEFAULT_PAUSE_AFTER_FAILURE;
    private int maxEntries = DEFAULT_MAX_ENTRIES;

    private Builder(TwilioAccount account) {
      this.account = account;
    }

    /**
     * Sets how long a number's line type is trusted (default 30 days).
     *
     * @param d 1 minute to 365 days
     * @return this builder
     * @throws ValidationException when null or outside the range
     */
    public Builder cacheFor(Duration d) {
      this.cacheFor = Checks.range("lineTypeCheck.cacheFor", d, Duration.ofMinutes(1), Duration.ofDays(365));
      return this;
    }

    /**
     * Sets how long no lookup is made after a failed one (default 1 minute): the bound on what an outage of Lookup
     * costs the paging path.
     *
     * @param d 1 second to 1 day
     * @return this builder
     * @throws ValidationException when null or outside the range
     */
    public Builder pauseAfterFailure(Duration d) {
      this.pauseAfterFailure = Checks.range("lineTypeCheck.pauseAfterFailure", d, Duration.ofSeconds(1), Duration.ofDays(1));
      return this;
    }

    /**
     * Sets how many numbers are cached at most (default 100,000; the oldest answer is forgotten first).
     *
     * @param max 1 to 10,000,000
     * @return this builder
     * @throws ValidationException when outside the range
     */
    public Builder maxEntries(int max) {
      this.maxEntries = Checks.range("lineTypeCheck.maxEntries", max, 1, 10_000_000);
      return this;
    }

    /**
     * Builds the check; it shares the account's connection pool until closed (the client closes the checks it is
     * given).
     *
     * @return the check
     * @throws IllegalStateException when the account's pool was already released
     */
    public LineTypeCheck build() {
      return new LineTypeCheck(this);
    }

  }
}
