package dev.alertkit.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Client;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.ValidationException;
import dev.alertkit.sendgrid.internal.HttpClientFactory;
import dev.alertkit.spi.ContactCheck;
import dev.alertkit.spi.support.CachedLookup;
import dev.alertkit.spi.support.CachedLookup.Answer;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.Redaction;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ContactCheck} for email that asks SendGrid whether an address is on a suppression list (bounces, spam
 * reports, invalid emails, global unsubscribes; blocks on request) and skips it with the reason before any send:
 * SendGrid would accept the mail and then drop it, and the page would be lost silently.
 *
 * <pre>{@code
 * AlertClient client = AlertClient.builder()
 *     .provider(SendGridProviders.email(config))
 *     .contactCheck(SendGridProviders.suppressionCheck(config).bypassForCritical(true).build())
 *     ...
 * }</pre>
 *
 * <p><b>Emergency bypass (opt-in).</b> With {@link Builder#bypassForCritical(boolean) bypassForCritical(true)}, a
 * {@link Severity#CRITICAL} alert to a suppressed address is sent anyway with the {@code mail_settings} that
 * bypass exactly the lists it is on ({@code bypass_bounce_management}, {@code bypass_spam_management},
 * {@code bypass_unsubscribe_management}; SendGrid keeps these for emergencies), and the recipient's report says
 * so. An address on {@code invalid_emails} is never bypassed. Other severities are always skipped.
 *
 * <p><b>Cost and failures.</b> A new address costs one GET per list; answers are cached per address for
 * {@link Builder#cacheFor} (default 1 hour) on the client's clock. Requests use their own small pool and a short
 * {@link Builder#timeout} (default 3 s). When SendGrid cannot answer (timeout, 5xx, 429, 401), the mail is sent as
 * usual and no request is made for {@link Builder#pauseAfterFailure} (default 1 minute). Thread-safe; close it (the
 * client closes the checks it is given) to release its pool.
 */
public final class SuppressionCheck implements ContactCheck {
  /** The check's name in skip reasons. */
  public static final String NAME = "sendgrid-suppressions";
  /** The {@link dev.alertkit.spi.OutboundMessage#attributes() attribute} carrying the bypass mail settings. */
  public static final String BYPASS_ATTRIBUTE = "sendgrid.bypass";
  /** Lists consulted by default (every list SendGrid suppresses on). */
  public static final Set<SuppressionList> DEFAULT_LISTS = Set.copyOf(EnumSet.of(
      SuppressionList.BOUNCES, SuppressionList.SPAM_REPORTS, SuppressionList.INVALID_EMAILS, SuppressionList.UNSUBSCRIBES));

  private static final Logger log = LoggerFactory.getLogger(SuppressionCheck.class);

  private final SendGrid sendGrid;
  private final Client client;
  private final ObjectMapper mapper = new ObjectMapper();
  private final List<SuppressionList> lists;
  private final boolean bypassForCritical;
  private final Duration cacheFor;
  private final Duration pauseAfterFailure;
  /** Answers by lower-cased address. */
  private final CachedLookup<String, Entry> answers;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The lists an address is on (with SendGrid's reason for the first). */
  private record Entry(Set<SuppressionList> on, String detail) {}

  private SuppressionCheck(Builder b) {
    this.lists = List.copyOf(b.lists);
    this.bypassForCritical = b.bypassForCritical;
    this.cacheFor = b.cacheFor;
    this.pauseAfterFailure = b.pauseAfterFailure;
    this.answers = CachedLookup.<String, Entry>builder()
        .cacheFor(b.cacheFor).pauseAfterFailure(b.pauseAfterFailure).maxEntries(b.maxEntries).build();
    SendGridConfig config = b.config;
    // Its own small pool with short timeouts: this runs while a page is being planned. Only the synchronous api()
    // path is used, never attempt().
    this.client = new Client(HttpClientFactory.create(Math.min(config.http().poolSize(), 8), b.timeout, b.timeout, b.timeout), config.plainHttp());
    this.sendGrid = new SendGrid(config.apiKey(), client);
    this.sendGrid.setHost(config.hostAndPort());
  }

  static Builder builder(SendGridConfig config) {
    return new Builder(config);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.EMAIL);
  }

  /**
   * Skips an address on a consulted suppression list, or, for a CRITICAL alert with the bypass opted in, lets it
   * go with the bypass settings and a note; otherwise ok.
   *
   * @param alert the alert (its severity decides the bypass)
   * @param recipient the recipient
   * @param channel EMAIL
   * @param address the email address
   * @param now the client's clock reading; caching is timed on it
   * @return the verdict
   */
  @Override
  public Verdict check(Alert alert, Recipient recipient, Channel channel, String address, Instant now) {
    if (channel != Channel.EMAIL) {
      return Verdict.ok();
    }
    Entry e = answers.get(address.toLowerCase(Locale.ROOT), now, key -> lookup(address, now)).orElse(null);
    if (e == null || e.on().isEmpty()) {
      return Verdict.ok();
    }
    String where = names(e.on());
    boolean critical = alert.severity() == Severity.CRITICAL;
    if (critical && bypassForCritical && !e.on().contains(SuppressionList.INVALID_EMAILS)) {
      Set<String> settings = new java.util.TreeSet<>();
      for (SuppressionList l : e.on()) {
        if (l.bypassSetting() != null) {
          settings.add(l.bypassSetting());
        }
      }
      String joined = String.join(",", settings);
      log.warn("{} is on SendGrid's {} list(s); sending the CRITICAL alert {} with the emergency bypass {}", Redaction.email(address), where,
          alert.id(), joined.isEmpty() ? "(none needed)" : joined);
      return Verdict.proceed(settings.isEmpty() ? Map.of() : Map.of(BYPASS_ATTRIBUTE, joined),
          "the address is on SendGrid's " + where + " list" + (e.on().size() > 1 ? "s" : "") + "; the CRITICAL alert was sent with the"
              + " emergency bypass " + (settings.isEmpty() ? "(no mail setting needed)" : "mail_settings " + joined) + " (bypassForCritical)");
    }
    // The reason names no address: it reaches logs (addresses are masked there) and the report names the recipient.
    return Verdict.skip("the email address is on SendGrid's " + where + " list" + (e.on().size() > 1 ? "s" : "") + e.detail()
        + ": SendGrid would drop the mail; fix the address or remove it from the list"
        + (critical && !e.on().contains(SuppressionList.INVALID_EMAILS) ? " (or opt in to bypassForCritical)" : ""));
  }

  /** @return how many suppression requests were made */
  public long requestCount() {
    return requests.get();
  }

  /** Asks SendGrid about the address, one GET per consulted list (the cache makes it once per address). */
  private Answer<Entry> lookup(String address, Instant now) {
    Set<SuppressionList> on = EnumSet.noneOf(SuppressionList.class);
    String detail = "";
    for (SuppressionList l : lists) {
      Request r = new Request();
      r.setMethod(Method.GET);
      r.setEndpoint(l.endpoint() + address);
      int status;
      String body;
      requests.incrementAndGet();
      try {
        Response resp = sendGrid.api(r);
        status = resp.getStatusCode();
        body = resp.getBody();
      } catch (IOException | RuntimeException ex) {
        return fail(address, now, ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
      }
      if (status == 404) {
        continue; // not on the list
      }
      if (status != 200) {
        return fail(address, now, "HTTP " + status + " from " + l.wireName());
      }
      String found = listed(l, body);
      if (found == null) {
        return fail(address, now, "unreadable answer from " + l.wireName());
      }
      if (!found.equals("-")) {
        if (on.isEmpty()) {
          detail = found;
        }
        on.add(l);
      }
    }
    return Answer.of(new Entry(on, detail));
  }

  /** @return "-" when not listed, " (reason, since ...)" when listed, null when unreadable */
  private String listed(SuppressionList l, String body) {
    JsonNode n;
    try {
      n = mapper.readTree(body == null ? "" : body);
    } catch (IOException e) {
      return null;
    }
    if (l == SuppressionList.UNSUBSCRIBES) {
      if (n == null || !n.isObject()) {
        return null;
      }
      return n.hasNonNull("recipient_email") ? "" : "-";
    }
    if (n == null || !n.isArray()) {
      return null;
    }
    if (n.isEmpty()) {
      return "-";
    }
    JsonNode first = n.get(0);
    StringJoiner j = new StringJoiner(", ", " (", ")");
    j.setEmptyValue("");
    if (first.hasNonNull("reason")) {
      j.add(clean(first.get("reason").asText()));
    }
    if (first.hasNonNull("created") && first.get("created").canConvertToLong()) {
      j.add("since " + Instant.ofEpochSecond(first.get("created").asLong()));
    }
    return j.toString();
  }

  private Answer<Entry> fail(String address, Instant now, String why) {
    log.warn("SendGrid suppression lookup failed for {} ({}); sending as usual, no lookups until {}", Redaction.email(address), clean(why),
        now.plus(pauseAfterFailure));
    return Answer.failed();
  }

  private static String names(Set<SuppressionList> on) {
    List<String> out = new ArrayList<>();
    on.forEach(l -> out.add(l.wireName()));
    return String.join(" and ", out);
  }

  /** One line with addresses masked (masked before it is shortened, so that no address is cut out of the mask). */
  private static String clean(String s) {
    String one = Redaction.oneLine(s).strip();
    return one.length() > 200 ? one.substring(0, 200) + "…" : one;
  }

  /** Releases the HTTP pool and forgets the cache. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      answers.close();
      try {
        client.close();
      } catch (IOException e) {
        log.debug("Closing the SendGrid suppression client failed: {}", e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "SuppressionCheck{lists=" + lists + ", bypassForCritical=" + bypassForCritical + ", cacheFor=" + cacheFor
        + (closed.get() ? ", closed" : "") + "}";
  }

  /** Builds a {@link SuppressionCheck}; start with {@link SendGridProviders#suppressionCheck}. Not thread-safe. */
  public static final class Builder {
    private final SendGridConfig config;
    private Set<SuppressionList> lists = DEFAULT_LISTS;
    private boolean bypassForCritical;
    private Duration cacheFor = Duration.ofHours(1);
    private Duration pauseAfterFailure = Duration.ofMinutes(1);
    private Duration timeout = Duration.ofSeconds(3);
    private int maxEntries = 100_000;

    private Builder(SendGridConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Chooses the lists consulted (default {@link #DEFAULT_LISTS}: bounces, spam reports, invalid emails, global
     * unsubscribes). Add {@link SuppressionList#BLOCKS} only if a block should also stop alerts (SendGrid itself
     * keeps sending to blocked addresses).
     *
     * @param lists one or more lists
     * @return this builder
     * @throws ValidationException when none is given or one is null
     */
    public Builder lists(SuppressionList... lists) {
      if (lists == null || lists.length == 0) {
        throw new ValidationException("suppressionCheck.lists", "at least one list is required");
      }
      EnumSet<SuppressionList> set = EnumSet.noneOf(SuppressionList.class);
      for (SuppressionList l : lists) {
        set.add(Checks.notNull("suppressionCheck.lists", l));
      }
      this.lists = set;
      return this;
    }

    /**
     * Sends CRITICAL alerts to a suppressed address anyway, with SendGrid's emergency bypass mail settings for the
     * lists it is on, stating it in the report (default off). Never for invalid emails, never below CRITICAL.
     *
     * @param bypass whether to bypass
     * @return this builder
     */
    public Builder bypassForCritical(boolean bypass) {
      this.bypassForCritical = bypass;
      return this;
    }

    /**
     * Sets how long an answer is trusted per address (default 1 hour).
     *
     * @param d 1 second to 30 days
     * @return this builder
     * @throws ValidationException when null or outside the range
     */
    public Builder cacheFor(Duration d) {
      this.cacheFor = Checks.range("suppressionCheck.cacheFor", d, Duration.ofSeconds(1), Duration.ofDays(30));
      return this;
    }

    /**
     * Sets how long no request is made after a failed one (default 1 minute).
     *
     * @param d 1 second to 1 day
     * @return this builder
     * @throws ValidationException when null or outside the range
     */
    public Builder pauseAfterFailure(Duration d) {
      this.pauseAfterFailure = Checks.range("suppressionCheck.pauseAfterFailure", d, Duration.ofSeconds(1), Duration.ofDays(1));
      return this;
    }

    /**
     * Sets the connect, read and pool-lease timeout of each request (default 3 s).
     *
     * @param d 10 ms to 30 s
     * @return this builder
     * @throws ValidationException when null or outside the range
     */
    public Builder timeout(Duration d) {
      this.timeout = Checks.range("suppressionCheck.timeout", d, Duration.ofMillis(10), Duration.ofSeconds(30));
      return this;
    }

    /**
     * Sets how many addresses are cached at most (default 100,000; oldest forgotten first).
     *
     * @param max 1 to 10,000,000
     * @return this builder
     * @throws ValidationException when outside the range
     */
    public Builder maxEntries(int max) {
      this.maxEntries = Checks.range("suppressionCheck.maxEntries", max, 1, 10_000_000);
      return this;
    }

    /** @return the check, with its own HTTP pool */
    public SuppressionCheck build() {
      return new SuppressionCheck(this);
    }

  }
}
