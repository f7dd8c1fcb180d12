package dev.alertkit.storm;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.SmsContent;
import dev.alertkit.ValidationException;
import dev.alertkit.VoiceContent;
import dev.alertkit.WhatsAppContent;
import dev.alertkit.internal.InMemoryTimerService;
import dev.alertkit.spi.TimerEntry;
import dev.alertkit.spi.TimerService;
import dev.alertkit.spi.support.Checks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protects people and the bill from alert storms. Built around an {@link AlertClient}; the application calls
 * {@link #submit(Alert)} instead of {@code client.send}.
 *
 * <ul>
 *   <li><b>Per-person caps</b> ({@link Builder#cap}): at most N notifications per person per channel in a sliding
 *       window, counted across alerts, on the channels the client's routing would use first for that person. An
 *       alert that would pass a cap is <em>held</em> for that person; when the window allows the next notification,
 *       everything held goes out as one {@link Digest} (the newest alert's title plus "+12 more alerts since 02:10",
 *       the list in the body of the email; SMS, WhatsApp and voice get the one-line summary). Defaults (from GoAlert): 5 SMS per 15 min and 11 per hour, 3 calls per 15 min and
 *       7 per hour, the same for WhatsApp as SMS; email is not capped. CRITICAL alerts wait too, unless
 *       {@link Builder#criticalBypassesCaps(boolean)}.
 *   <li><b>Grouping</b> ({@link Builder#groupBy}): alerts with the same values of the given labels are collected
 *       for {@link Builder#groupWait} after the first one, then sent as one digest per person; later alerts of the
 *       group go out at most every {@link Builder#groupInterval}. CRITICAL alerts are never grouped unless
 *       {@link Builder#criticalWaits(boolean)}. Group digests pass the caps too.
 * </ul>
 *
 * <p>Nothing is dropped: every alert ends, for every recipient, {@link Disposition#SENT} or
 * {@link Disposition#FOLDED} into a digest that was sent ({@link #fate(String)}); while it waits it is
 * {@link Disposition#HELD} or {@link Disposition#GROUPED} with the time it is due. Waiting alerts live in this
 * process's memory and their timers in the {@link TimerService}; {@link #drain()} sends whatever waits (call it
 * before closing the client); alerts still waiting at {@link #close()} are logged at WARN.
 *
 * <p><b>India DLT.</b> A digest's text is not a registered template, so for recipients with a +91 number give
 * {@link Builder#digestSmsTemplate} a registered template and its variables (e.g. the count and the time), else the
 * DLT guard rejects the digest SMS and routing falls back as configured.
 *
 * <p>Thread-safe. Digests are sent on the timer service's executor.
 */
public final class StormControl implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StormControl.class);
  /** Timer kind of a person's release. */
  public static final String CAP_TIMER = "alertkit-storm-cap";
  /** Timer kind of a group's flush. */
  public static final String GROUP_TIMER = "alertkit-storm-group";
  private static final int MAX_FATES = 100_000;
  private static final int MAX_DIGEST_LINES = 30;
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  /** What happened to an alert for one recipient. */
  public enum Disposition {
    /** Sent as itself (the dispatch is in {@link Fate#sentAs()}). */
    SENT,
    /** Sent inside a digest with other alerts ({@link Fate#sentAs()} is the digest's alert id). */
    FOLDED,
    /** Waiting: the person reached a cap; it goes out in the next allowed notification. */
    HELD,
    /** Waiting: collected into its label group until the group is sent. */
    GROUPED
  }

  /**
   * An alert's fate for one recipient.
   *
   * @param disposition what happened
   * @param sentAs the id of the alert that was dispatched (the alert itself, or a digest), once sent
   * @param due when a waiting alert is due to go out
   * @param reason why it waits, or how it was sent
   */
  public record Fate(Disposition disposition, Optional<String> sentAs, Optional<Instant> due, String reason) {
    /**
     * Validates.
     *
     * @param disposition what happened
     * @param sentAs the dispatched alert's id
     * @param due when due
     * @param reason why
     * @throws NullPointerException when a value is null
     */
    public Fate {
      Objects.requireNonNull(disposition, "disposition");
      Objects.requireNonNull(sentAs, "sentAs");
      Objects.requireNonNull(due, "due");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * What {@link #submit} did with an alert.
   *
   * @param alertId the alert
   * @param recipients the fate per recipient id, in the alert's order
   * @param report the client's report, when the alert was sent to some recipients now
   */
  public record Receipt(String alertId, Map<String, Fate> recipients, Optional<DispatchReport> report) {
    /**
     * Validates and copies.
     *
     * @param alertId the alert
     * @param recipients the fates
     * @param report the report
     * @throws NullPointerException when a value is null
     */
    public Receipt {
      Objects.requireNonNull(alertId, "alertId");
      recipients = Collections.unmodifiableMap(new LinkedHashMap<>(recipients));
      Objects.requireNonNull(report, "report");
    }
  }

  /**
   * One dispatch storm control made: an alert as submitted (to the recipients that were not held) or a digest.
   *
   * @param sent the alert handed to the client
   * @param covers the ids of the submitted alerts it carries (one for a plain send)
   * @param digest the digest, when it was one
   * @param report the client's report
   */
  public record Dispatched(Alert sent, List<String> covers, Optional<Digest> digest, DispatchReport report) {
    /**
     * Validates and copies.
     *
     * @param sent the alert
     * @param covers the covered ids
     * @param digest the digest
     * @param report the report
     * @throws NullPointerException when a value is null
     */
    public Dispatched {
      Objects.requireNonNull(sent, "sent");
      covers = List.copyOf(covers);
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(report, "report");
    }
  }

  private static final class Person {
    final Map<Channel, Deque<Instant>> history = new EnumMap<>(Channel.class);
    final List<Alert> backlog = new ArrayList<>();
    Recipient recipient;
    Optional<String> group = Optional.empty();
    Instant timerDue;
  }

  private static final class Group {
    final String name;
    final List<Alert> pending = new ArrayList<>();
    Instant lastFlush;
    Instant timerDue;

    Group(String name) {
      this.name = name;
    }
  }

  private final AlertClient client;
  private final Clock clock;
  private final List<NotificationCap> caps;
  private final Duration longestWindow;
  private final boolean criticalBypassesCaps;
  private final List<String> groupBy;
  private final Duration groupWait;
  private final Duration groupInterval;
  private final boolean criticalWaits;
  private final String digestTemplateId;
  private final Function<Digest, Map<String, String>> digestVariables;
  private final TimerService timers;
  private final boolean ownsTimers;
  private final java.util.function.Consumer<Dispatched> onDispatched;
  private final Map<String, Person> people = new HashMap<>();
  private final Map<String, Group> groups = new HashMap<>();
  private final Map<String, Map<String, Fate>> fates = new LinkedHashMap<>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Map<String, Fate>> eldest) {
      return size() > MAX_FATES;
    }
  };
  private long seq;
  private volatile boolean closed;

  private StormControl(Builder b) {
    this.client = b.client;
    this.clock = b.clock;
    this.caps = List.copyOf(b.caps == null ? defaultCaps() : b.caps);
    this.longestWindow = caps.stream().map(NotificationCap::window).max(Duration::compareTo).orElse(Duration.ZERO);
    this.criticalBypassesCaps = b.criticalBypassesCaps;
    this.groupBy = List.copyOf(b.groupBy);
    this.groupWait = b.groupWait;
    this.groupInterval = b.groupInterval;
    this.criticalWaits = b.criticalWaits;
    this.digestTemplateId = b.digestTemplateId;
    this.digestVariables = b.digestVariables;
    this.onDispatched = b.onDispatched;
    if (b.timers != null) {
      this.timers = b.timers;
      this.ownsTimers = false;
    } else {
      this.timers = new InMemoryTimerService(clock, b.scheduler, b.executor);
      this.ownsTimers = true;
    }
    timers.register(CAP_TIMER, t -> release(t.key()));
    timers.register(GROUP_TIMER, t -> flushGroup(t.key()));
    if (ownsTimers) {
      timers.start();
    }
  }

  /**
   * The default caps, inspired by GoAlert: SMS and WhatsApp 5 per 15 minutes and 11 per hour; voice 3 per 15
   * minutes and 7 per hour; email not capped.
   *
   * @return the caps
   */
  public static List<NotificationCap> defaultCaps() {
    return List.of(NotificationCap.of(Channel.SMS, 5, Duration.ofMinutes(15)), NotificationCap.of(Channel.SMS, 11, Duration.ofHours(1)),
        NotificationCap.of(Channel.WHATSAPP, 5, Duration.ofMinutes(15)), NotificationCap.of(Channel.WHATSAPP, 11, Duration.ofHours(1)),
        NotificationCap.of(Channel.VOICE, 3, Duration.ofMinutes(15)), NotificationCap.of(Channel.VOICE, 7, Duration.ofHours(1)));
  }

  /**
   * Starts storm control around a client.
   *
   * @param client the client that sends (storm control does not close it)
   * @return a builder
   * @throws ValidationException when client is null
   */
  public static Builder builder(AlertClient client) {
    return new Builder(Checks.notNull("storm.client", client));
  }

  /**
   * Sends an alert now, or holds it per recipient (cap reached) or for its group.
   *
   * @param alert the alert
   * @return what happened to it for every recipient
   * @throws NullPointerException when alert is null
   * @throws IllegalStateException when closed
   */
  public Receipt submit(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    if (closed) {
      throw new IllegalStateException("storm control is closed");
    }
    Instant now = clock.instant();
    if (!groupBy.isEmpty() && (alert.severity() != Severity.CRITICAL || criticalWaits)) {
      return group(alert, now);
    }
    return deliver(alert, now);
  }

  private Receipt group(Alert alert, Instant now) {
    String name = groupName(alert);
    String key = sha256(name);
    Map<String, Fate> out = new LinkedHashMap<>();
    synchronized (this) {
      Group g = groups.computeIfAbsent(key, k -> new Group(name));
      g.pending.add(alert);
      if (g.timerDue == null) {
        g.timerDue = g.lastFlush == null ? now.plus(groupWait) : later(now, g.lastFlush.plus(groupInterval));
        timers.schedule(new TimerEntry(GROUP_TIMER, key, g.timerDue, ""));
      }
      for (Recipient r : alert.recipients()) {
        out.put(r.id(), new Fate(Disposition.GROUPED, Optional.empty(), Optional.of(g.timerDue), "grouped by " + name));
      }
      fates.put(alert.id(), new LinkedHashMap<>(out));
    }
    return new Receipt(alert.id(), out, Optional.empty());
  }

  private Receipt deliver(Alert alert, Instant now) {
    List<Recipient> now1 = new ArrayList<>();
    List<String> releaseNow = new ArrayList<>();
    Map<String, Fate> out = new LinkedHashMap<>();
    synchronized (this) {
      for (Recipient r : alert.recipients()) {
        Person p = person(r);
        Set<Channel> channels = pagingChannels(alert, r, now);
        boolean bypass = alert.severity() == Severity.CRITICAL && criticalBypassesCaps;
        Optional<Instant> next = nextAllowed(p, channels, now);
        if (bypass || (p.backlog.isEmpty() && next.isEmpty())) {
          now1.add(r);
          record(p, channels, now);
          continue;
        }
        p.backlog.add(alert);
        if (next.isEmpty()) {
          releaseNow.add(r.id());
          out.put(r.id(), new Fate(Disposition.HELD, Optional.empty(), Optional.of(now), "folded into the notification going out now"));
        } else {
          schedulePerson(r.id(), p, next.get());
          out.put(r.id(), new Fate(Disposition.HELD, Optional.empty(), Optional.of(p.timerDue), "cap reached: " + capText(p, channels, now)));
        }
      }
      fates.put(alert.id(), new LinkedHashMap<>(out));
    }
    Optional<DispatchReport> report = Optional.empty();
    if (!now1.isEmpty()) {
      Alert sent = now1.size() == alert.recipients().size() ? alert : copy(alert, now1);
      DispatchReport rep = client.send(sent);
      report = Optional.of(rep);
      synchronized (this) {
        Map<String, Fate> f = fates.computeIfAbsent(alert.id(), k -> new LinkedHashMap<>());
        for (Recipient r : now1) {
          Fate fate = new Fate(Disposition.SENT, Optional.of(alert.id()), Optional.empty(), "sent");
          f.put(r.id(), fate);
          out.put(r.id(), fate);
        }
      }
      dispatched(new Dispatched(sent, List.of(alert.id()), Optional.empty(), rep));
    }
    for (String id : releaseNow) {
      release(id);
    }
    synchronized (this) {
      Map<String, Fate> current = fates.get(alert.id());
      if (current != null) {
        for (Recipient r : alert.recipients()) {
          Fate f = current.get(r.id());
          if (f != null) {
            out.put(r.id(), f);
          }
        }
      }
    }
    Map<String, Fate> ordered = new LinkedHashMap<>();
    alert.recipients().forEach(r -> ordered.put(r.id(), out.get(r.id())));
    return new Receipt(alert.id(), ordered, report);
  }

  private void flushGroup(String key, boolean drain) {
    List<Alert> pending;
    String name;
    Instant now = clock.instant();
    synchronized (this) {
      Group g = groups.get(key);
      if (g == null) {
        return;
      }
      pending = new ArrayList<>(g.pending);
      g.pending.clear();
      g.timerDue = null;
      g.lastFlush = now;
      name = g.name;
      groups.values().removeIf(x -> x.pending.isEmpty() && x.timerDue == null && !now.isBefore(x.lastFlush.plus(groupInterval)) && x != g);
    }
    Map<String, Recipient> who = new LinkedHashMap<>();
    Map<String, List<Alert>> bundles = new LinkedHashMap<>();
    for (Alert a : pending) {
      for (Recipient r : a.recipients()) {
        who.putIfAbsent(r.id(), r);
        bundles.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(a);
      }
    }
    for (Map.Entry<String, List<Alert>> e : bundles.entrySet()) {
      synchronized (this) {
        Person p = person(who.get(e.getKey()));
        p.backlog.addAll(e.getValue());
        p.group = Optional.of(name);
        for (Alert a : e.getValue()) {
          fates.computeIfAbsent(a.id(), k -> new LinkedHashMap<>())
              .put(e.getKey(), new Fate(Disposition.HELD, Optional.empty(), Optional.of(now), "group " + name + " is due"));
        }
      }
      if (!drain) {
        release(e.getKey());
      }
    }
  }

  /**
   * Sends everything that waits now, one notification per person, ignoring caps and group waits: call it before
   * closing the client so that nothing waiting is left unsent.
   *
   * @return how many people got a notification
   */
  public int drain() {
    List<String> groupKeys;
    synchronized (this) {
      groupKeys = new ArrayList<>(groups.keySet());
    }
    for (String k : groupKeys) {
      timers.cancel(GROUP_TIMER, k);
      flushGroup(k, true);
    }
    List<String> waiting;
    synchronized (this) {
      waiting = new ArrayList<>();
      people.forEach((id, p) -> {
        if (!p.backlog.isEmpty()) {
          waiting.add(id);
        }
      });
    }
    waiting.forEach(id -> release(id, true));
    return waiting.size();
  }

  private void release(String personId) {
    release(personId, false);
  }

  private void flushGroup(String key) {
    flushGroup(key, false);
  }

  /** Sends everything held for a person as one notification, when the caps allow; else waits for the next slot. */
  private void release(String personId, boolean force) {
    Instant now = clock.instant();
    Digest digest;
    Alert sent;
    synchronized (this) {
      Person p = people.get(personId);
      if (p == null || p.backlog.isEmpty()) {
        return;
      }
      digest = new Digest(p.recipient, p.backlog, p.group);
      sent = digestAlert(digest, now);
      Set<Channel> channels = pagingChannels(sent, p.recipient, now);
      Optional<Instant> next = nextAllowed(p, channels, now);
      if (!force && next.isPresent() && !(sent.severity() == Severity.CRITICAL && criticalBypassesCaps)) {
        schedulePerson(personId, p, next.get());
        for (Alert a : p.backlog) {
          fates.computeIfAbsent(a.id(), k -> new LinkedHashMap<>()).put(personId,
              new Fate(Disposition.HELD, Optional.empty(), Optional.of(next.get()), "cap reached: " + capText(p, channels, now)));
        }
        return;
      }
      p.backlog.clear();
      p.group = Optional.empty();
      if (p.timerDue != null) {
        timers.cancel(CAP_TIMER, personId);
        p.timerDue = null;
      }
      record(p, channels, now);
    }
    DispatchReport report;
    try {
      report = client.send(sent);
    } catch (RuntimeException e) {
      LOG.error("storm control: the digest for recipient {} ({} alerts) could not be sent; they stay held", personId, digest.alerts().size(), e);
      synchronized (this) {
        people.get(personId).backlog.addAll(0, digest.alerts());
      }
      return;
    }
    List<String> covers = new ArrayList<>();
    synchronized (this) {
      for (Alert a : digest.alerts()) {
        covers.add(a.id());
        fates.computeIfAbsent(a.id(), k -> new LinkedHashMap<>()).put(personId, new Fate(digest.alerts().size() == 1 ? Disposition.SENT
            : Disposition.FOLDED, Optional.of(sent.id()), Optional.empty(), digest.alerts().size() == 1 ? "sent after waiting"
            : "folded into " + sent.id() + " with " + digest.more() + " other alerts"));
      }
    }
    dispatched(new Dispatched(sent, covers, Optional.of(digest), report));
  }

  private void dispatched(Dispatched d) {
    try {
      onDispatched.accept(d);
    } catch (RuntimeException e) {
      LOG.warn("storm control: onDispatched callback failed", e);
    }
  }

  private Person person(Recipient r) {
    Person p = people.computeIfAbsent(r.id(), k -> new Person());
    p.recipient = r;
    return p;
  }

  private void schedulePerson(String personId, Person p, Instant due) {
    if (p.timerDue == null || due.isAfter(p.timerDue)) {
      p.timerDue = due;
      timers.schedule(new TimerEntry(CAP_TIMER, personId, due, ""));
    }
  }

  private Set<Channel> pagingChannels(Alert alert, Recipient r, Instant now) {
    List<List<Channel>> tiers = client.routing().route(alert, r, now).plan().tiers();
    Set<Channel> out = java.util.EnumSet.noneOf(Channel.class);
    if (!tiers.isEmpty()) {
      for (Channel c : tiers.get(0)) {
        if (r.canReceive(c)) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private Optional<Instant> nextAllowed(Person p, Set<Channel> channels, Instant now) {
    Instant next = null;
    for (NotificationCap cap : caps) {
      if (!channels.contains(cap.channel())) {
        continue;
      }
      Deque<Instant> h = p.history.getOrDefault(cap.channel(), new ArrayDeque<>());
      List<Instant> inWindow = new ArrayList<>();
      for (Instant t : h) {
        if (t.isAfter(now.minus(cap.window()))) {
          inWindow.add(t);
        }
      }
      if (inWindow.size() >= cap.max()) {
        Instant free = inWindow.get(inWindow.size() - cap.max()).plus(cap.window());
        if (next == null || free.isAfter(next)) {
          next = free;
        }
      }
    }
    return Optional.ofNullable(next);
  }

  private String capText(Person p, Set<Channel> channels, Instant now) {
    StringBuilder s = new StringBuilder();
    for (NotificationCap cap : caps) {
      if (channels.contains(cap.channel())) {
        long n = p.history.getOrDefault(cap.channel(), new ArrayDeque<>()).stream().filter(t -> t.isAfter(now.minus(cap.window()))).count();
        if (n >= cap.max()) {
          s.append(s.length() == 0 ? "" : ", ").append(n).append(" of ").append(cap);
        }
      }
    }
    return s.length() == 0 ? "earlier alerts are waiting" : s.toString();
  }

  private void record(Person p, Set<Channel> channels, Instant now) {
    for (Channel c : channels) {
      Deque<Instant> h = p.history.computeIfAbsent(c, k -> new ArrayDeque<>());
      h.addLast(now);
      while (!h.isEmpty() && !h.peekFirst().isAfter(now.minus(longestWindow))) {
        h.removeFirst();
      }
    }
  }

  private Alert digestAlert(Digest d, Instant now) {
    Alert newest = d.newest();
    Severity severity = d.alerts().stream().map(Alert::severity).max(Enum::compareTo).orElseThrow();
    Recipient r = d.recipient();
    String id = "storm-" + now.toEpochMilli() + "-" + (++seq);
    Alert.Builder b = Alert.builder().id(id).severity(severity).labels(newest.labels()).recipient(r).createdAt(now);
    if (!newest.requestedChannels().isEmpty()) {
      b.channels(newest.requestedChannels().toArray(new Channel[0]));
    }
    if (d.more() == 0) {
      b.title(newest.title());
      newest.body().ifPresent(b::body);
      newest.contents().values().forEach(b::content);
      return b.build();
    }
    String suffix = " (+" + d.more() + (d.more() == 1 ? " more alert" : " more alerts") + " since " + d.sinceText(r.timeZone()) + ")";
    String title = newest.title();
    if (title.length() + suffix.length() > Alert.MAX_TITLE_LENGTH) {
      title = title.substring(0, Alert.MAX_TITLE_LENGTH - suffix.length() - 1) + "…";
    }
    b.title(title + suffix);
    StringBuilder body = new StringBuilder();
    d.group().ifPresent(g -> body.append("Group ").append(g).append('\n'));
    body.append(d.alerts().size()).append(" alerts since ").append(d.sinceText(r.timeZone())).append(" (").append(r.timeZone()).append("):\n");
    List<Alert> list = new ArrayList<>(d.alerts());
    Collections.reverse(list);
    int shown = 0;
    for (Alert a : list) {
      if (shown == MAX_DIGEST_LINES || body.length() > Alert.MAX_BODY_LENGTH - 600) {
        break;
      }
      body.append(HH_MM.format(a.createdAt().atZone(r.timeZone()))).append(" [").append(a.severity()).append("] ").append(a.title()).append('\n');
      shown++;
    }
    if (shown < list.size()) {
      body.append("… and ").append(list.size() - shown).append(" more\n");
    }
    newest.body().ifPresent(x -> body.append("\nNewest: ").append(x.length() > 400 ? x.substring(0, 400) + "…" : x));
    b.body(body.toString().strip());
    // phones get the one-line summary (one or two SMS segments, a short call); email gets the list
    String line = "[" + severity + "] " + title + suffix;
    if (digestTemplateId != null && r.phoneRegion().filter("IN"::equals).isPresent()) {
      b.sms(SmsContent.dlt(digestTemplateId, digestVariables.apply(d)));
    } else {
      b.sms(SmsContent.text(line));
    }
    b.voice(VoiceContent.say(severity + " alert. " + title + ". And " + d.more() + (d.more() == 1 ? " more alert" : " more alerts")
        + " since " + d.sinceText(r.timeZone()) + "."));
    b.whatsapp(WhatsAppContent.text(line));
    return b.build();
  }

  private static Alert copy(Alert a, List<Recipient> recipients) {
    Alert.Builder b = Alert.builder().id(a.id()).severity(a.severity()).title(a.title()).labels(a.labels()).recipients(recipients)
        .createdAt(a.createdAt());
    a.body().ifPresent(b::body);
    a.dedupKey().ifPresent(b::dedupKey);
    a.deadline().ifPresent(b::deadline);
    if (!a.requestedChannels().isEmpty()) {
      b.channels(a.requestedChannels().toArray(new Channel[0]));
    }
    a.contents().values().forEach(b::content);
    return b.build();
  }

  private String groupName(Alert a) {
    StringBuilder s = new StringBuilder();
    for (String l : groupBy) {
      s.append(s.length() == 0 ? "" : ",").append(l).append('=').append(a.labels().getOrDefault(l, ""));
    }
    return s.toString();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * What happened to an alert, per recipient.
   *
   * @param alertId the alert id
   * @return the fates, when storm control saw the alert (it remembers the newest 100,000)
   */
  public synchronized Optional<Map<String, Fate>> fate(String alertId) {
    Map<String, Fate> f = fates.get(alertId);
    return f == null ? Optional.empty() : Optional.of(Collections.unmodifiableMap(new LinkedHashMap<>(f)));
  }

  /** @return alerts (per recipient) waiting for a cap or a group */
  public synchronized int waiting() {
    int n = 0;
    for (Person p : people.values()) {
      n += p.backlog.size();
    }
    for (Group g : groups.values()) {
      for (Alert a : g.pending) {
        n += a.recipients().size();
      }
    }
    return n;
  }

  /**
   * Stops accepting alerts and closes the timer service it created. Alerts still waiting are logged at WARN: call
   * {@link #drain()} first to send them.
   */
  @Override
  public void close() {
    closed = true;
    int waiting = waiting();
    if (waiting > 0) {
      LOG.warn("storm control closed with {} alert notifications still waiting (see fate(alertId): HELD or GROUPED)", waiting);
    }
    if (ownsTimers) {
      timers.close();
    }
  }

  @Override
  public String toString() {
    return "StormControl{caps=" + caps + (groupBy.isEmpty() ? "" : ", groupBy=" + groupBy + ", wait=" + groupWait + ", interval=" + groupInterval)
        + "}";
  }

  /** Builds a {@link StormControl}. Not thread-safe. */
  public static final class Builder {
    private final AlertClient client;
    private Clock clock = Clock.systemUTC();
    private List<NotificationCap> caps;
    private boolean criticalBypassesCaps;
    private final List<String> groupBy = new ArrayList<>();
    private Duration groupWait = Duration.ofSeconds(30);
    private Duration groupInterval = Duration.ofMinutes(5);
    private boolean criticalWaits;
    private String digestTemplateId;
    private Function<Digest, Map<String, String>> digestVariables;
    private TimerService timers;
    private ScheduledExecutorService scheduler;
    private Executor executor = Runnable::run;
    private java.util.function.Consumer<Dispatched> onDispatched = d -> { };

    private Builder(AlertClient client) {
      this.client = client;
    }

    /**
     * @param clock the client's clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Adds a cap; the first call replaces the defaults ({@link StormControl#defaultCaps()}).
     *
     * @param channel the channel
     * @param max the most notifications per person in the window
     * @param window the window
     * @return this builder
     * @throws ValidationException when out of range
     */
    public Builder cap(Channel channel, int max, Duration window) {
      if (caps == null) {
        caps = new ArrayList<>();
      }
      caps.add(NotificationCap.of(Checks.notNull("storm.cap.channel", channel), max, window));
      return this;
    }

    /**
     * Switches caps off (grouping only).
     *
     * @return this builder
     */
    public Builder noCaps() {
      caps = new ArrayList<>();
      return this;
    }

    /**
     * @param bypass whether CRITICAL alerts go out even when a person reached a cap (default false); they still count
     * @return this builder
     */
    public Builder criticalBypassesCaps(boolean bypass) {
      this.criticalBypassesCaps = bypass;
      return this;
    }

    /**
     * Groups alerts by the values of labels (Alertmanager's {@code group_by}).
     *
     * @param labels label keys
     * @return this builder
     * @throws ValidationException when a label is blank
     */
    public Builder groupBy(String... labels) {
      for (String l : Objects.requireNonNull(labels, "labels")) {
        groupBy.add(Checks.singleLine("storm.groupBy", l, 100));
      }
      return this;
    }

    /**
     * @param wait how long a new group collects alerts before its first notification (default 30 s), 0..1 h
     * @return this builder
     * @throws ValidationException when out of range
     */
    public Builder groupWait(Duration wait) {
      this.groupWait = Checks.range("storm.groupWait", wait, Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /**
     * @param interval the least time between two notifications of one group (default 5 min), 1 s..1 day
     * @return this builder
     * @throws ValidationException when out of range
     */
    public Builder groupInterval(Duration interval) {
      this.groupInterval = Checks.range("storm.groupInterval", interval, Duration.ofSeconds(1), Duration.ofDays(1));
      return this;
    }

    /**
     * @param waits whether CRITICAL alerts are grouped (and wait) too (default false: they go out at once)
     * @return this builder
     */
    public Builder criticalWaits(boolean waits) {
      this.criticalWaits = waits;
      return this;
    }

    /**
     * The registered DLT template for digest SMS to +91 numbers, and its variables.
     *
     * @param templateId the DLT template id
     * @param variables the template's variables for a digest, e.g. {@code d -> Map.of("var1", "" + d.more(), "var2", d.sinceText(zone))}
     * @return this builder
     * @throws ValidationException when an argument is null
     */
    public Builder digestSmsTemplate(String templateId, Function<Digest, Map<String, String>> variables) {
      this.digestTemplateId = Checks.singleLine("storm.digestSmsTemplate", templateId, 64);
      this.digestVariables = Checks.notNull("storm.digestSmsTemplate.variables", variables);
      return this;
    }

    /**
     * @param timers a timer service with its own lifecycle (storm control registers its kinds; you start and close it)
     * @return this builder
     */
    public Builder timers(TimerService timers) {
      this.timers = timers;
      return this;
    }

    /**
     * @param scheduler fires the in-memory timers storm control creates when no {@link #timers} is given
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /**
     * @param executor runs due digests (default: the scheduler's thread)
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * @param callback hears every dispatch storm control makes, with the client's report
     * @return this builder
     */
    public Builder onDispatched(java.util.function.Consumer<Dispatched> callback) {
      this.onDispatched = Checks.notNull("storm.onDispatched", callback);
      return this;
    }

    /**
     * @return storm control
     * @throws ValidationException when neither timers nor a scheduler is given, or a value is null
     */
    public StormControl build() {
      Checks.notNull("storm.clock", clock);
      Checks.notNull("storm.executor", executor);
      if (timers == null && scheduler == null) {
        throw new ValidationException("storm.scheduler", "is required when no timer service is given (timers(...) or scheduler(...))");
      }
      return new StormControl(this);
    }

  }
}
