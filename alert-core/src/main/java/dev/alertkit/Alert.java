package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Something that happened and the people who must hear about it. Immutable and validated when built: an
 * invalid alert never reaches a provider.
 *
 * <pre>{@code
 * Alert alert = Alert.builder()
 *     .severity(Severity.CRITICAL)
 *     .title("db-1 disk 97% full")
 *     .body("db-1 /var is at 97%. Runbook: https://runbooks.example.com/disk")
 *     .label("service", "db")
 *     .dedupKey("disk:db-1")
 *     .recipient(alice)
 *     .build();
 * }</pre>
 */
public final class Alert {
  /** Longest id. */
  public static final int MAX_ID_LENGTH = 128;
  /** Longest title (one line). */
  public static final int MAX_TITLE_LENGTH = 200;
  /** Longest body. */
  public static final int MAX_BODY_LENGTH = 10_000;
  /** Most labels on one alert. */
  public static final int MAX_LABELS = 64;
  /** Longest label key. */
  public static final int MAX_LABEL_KEY_LENGTH = 100;
  /** Longest label value. */
  public static final int MAX_LABEL_VALUE_LENGTH = 500;
  /** Longest dedup key. */
  public static final int MAX_DEDUP_KEY_LENGTH = 256;
  /** Most recipients of one alert. */
  public static final int MAX_RECIPIENTS = 100_000;

  private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private final String id;
  private final Severity severity;
  private final String title;
  private final String body;
  private final Map<String, String> labels;
  private final String dedupKey;
  private final List<Recipient> recipients;
  private final List<Channel> requestedChannels;
  private final Map<Channel, ChannelContent> contents;
  private final Instant createdAt;
  private final Instant deadline;

  private Alert(Builder b, Instant createdAt) {
    this.id = b.id != null ? b.id : UUID.randomUUID().toString();
    this.severity = b.severity;
    this.title = b.title;
    this.body = b.body;
    this.labels = Collections.unmodifiableMap(new TreeMap<>(b.labels));
    this.dedupKey = b.dedupKey;
    this.recipients = List.copyOf(b.recipients);
    this.requestedChannels = List.copyOf(b.requestedChannels);
    this.contents = b.contents.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(b.contents));
    this.createdAt = createdAt;
    this.deadline = b.deadline;
  }

  /**
   * Starts an alert.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the alert id (given, or a random UUID) */
  public String id() {
    return id;
  }

  /** @return how urgent the alert is */
  public Severity severity() {
    return severity;
  }

  /** @return the one-line title */
  public String title() {
    return title;
  }

  /** @return the body, if any */
  public Optional<String> body() {
    return Optional.ofNullable(body);
  }

  /** @return labels sorted by key */
  public Map<String, String> labels() {
    return labels;
  }

  /** @return the dedup key: repeats within the dedup window are suppressed */
  public Optional<String> dedupKey() {
    return Optional.ofNullable(dedupKey);
  }

  /** @return the recipients, in the order given */
  public List<Recipient> recipients() {
    return recipients;
  }

  /** @return channels the caller asked for, in order; empty means the routing policy decides */
  public List<Channel> requestedChannels() {
    return requestedChannels;
  }

  /**
   * The content override for a channel.
   *
   * @param channel the channel
   * @return the override, if the alert has one for that channel
   */
  public Optional<ChannelContent> content(Channel channel) {
    return Optional.ofNullable(contents.get(channel));
  }

  /** @return every content override, by channel */
  public Map<Channel, ChannelContent> contents() {
    return contents;
  }

  /** @return when the alert was raised */
  public Instant createdAt() {
    return createdAt;
  }

  /** @return the instant after which nothing more is sent; unsent work is then reported {@code NOT_SENT} */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Alert)) {
      return false;
    }
    Alert a = (Alert) o;
    return id.equals(a.id) && severity == a.severity && title.equals(a.title) && Objects.equals(body, a.body)
        && labels.equals(a.labels) && Objects.equals(dedupKey, a.dedupKey) && recipients.equals(a.recipients)
        && requestedChannels.equals(a.requestedChannels) && contents.equals(a.contents)
        && createdAt.equals(a.createdAt) && Objects.equals(deadline, a.deadline);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Alert{" + id + ", " + severity + ", '" + title + "', recipients=" + recipients.size()
        + (dedupKey == null ? "" : ", dedupKey=" + dedupKey) + "}";
  }

  /** Builds an {@link Alert}; validates everything in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private Severity severity;
    private String title;
    private String body;
    private final Map<String, String> labels = new TreeMap<>();
    private String dedupKey;
    private final List<Recipient> recipients = new ArrayList<>();
    private final List<Channel> requestedChannels = new ArrayList<>();
    private final Map<Channel, ChannelContent> contents = new EnumMap<>(Channel.class);
    private Instant createdAt;
    private Instant deadline;

    private Builder() {}

    /**
     * Sets the id (default: a random UUID). Use your own incident id to correlate.
     *
     * @param id a single line of at most {@value Alert#MAX_ID_LENGTH} characters
     * @return this builder
     * @throws ValidationException when the id is blank, multi-line or too long
     */
    public Builder id(String id) {
      this.id = Checks.singleLine("id", id, MAX_ID_LENGTH);
      return this;
    }

    /**
     * Sets the severity (required).
     *
     * @param severity the severity
     * @return this builder
     */
    public Builder severity(Severity severity) {
      this.severity = severity;
      return this;
    }

    /**
     * Sets the title (required): one line, at most {@value Alert#MAX_TITLE_LENGTH} characters.
     *
     * @param title the title
     * @return this builder
     */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /**
     * Sets the body: line breaks allowed, at most {@value Alert#MAX_BODY_LENGTH} characters.
     *
     * @param body the body
     * @return this builder
     */
    public Builder body(String body) {
      this.body = body;
      return this;
    }

    /**
     * Adds a label that routing rules can match on.
     *
     * @param key letters, digits, {@code _ . -}, starting with a letter or {@code _}
     * @param value one line, at most {@value Alert#MAX_LABEL_VALUE_LENGTH} characters
     * @return this builder
     * @throws ValidationException when the key or value breaks a rule, or more than {@value Alert#MAX_LABELS}
     *     labels are added
     */
    public Builder label(String key, String value) {
      Checks.notNull("labels", key);
      Checks.maxLength("labels[" + key + "]", key, MAX_LABEL_KEY_LENGTH);
      if (!LABEL_KEY.matcher(key).matches()) {
        throw new ValidationException("labels[" + key + "]", "key must match " + LABEL_KEY.pattern());
      }
      Checks.singleLine("labels[" + key + "]", value, MAX_LABEL_VALUE_LENGTH);
      if (!labels.containsKey(key) && labels.size() >= MAX_LABELS) {
        throw new ValidationException("labels", "at most " + MAX_LABELS + " labels are allowed");
      }
      labels.put(key, value);
      return this;
    }

    /**
     * Adds every label of a map.
     *
     * @param labels the labels
     * @return this builder
     * @throws ValidationException when a key or value breaks a rule
     */
    public Builder labels(Map<String, String> labels) {
      Checks.notNull("labels", labels).forEach(this::label);
      return this;
    }

    /**
     * Sets the dedup key: another alert with the same key inside the client's dedup window is suppressed.
     *
     * @param dedupKey one line, at most {@value Alert#MAX_DEDUP_KEY_LENGTH} characters
     * @return this builder
     * @throws ValidationException when the key is blank, multi-line or too long
     */
    public Builder dedupKey(String dedupKey) {
      this.dedupKey = Checks.singleLine("dedupKey", dedupKey, MAX_DEDUP_KEY_LENGTH);
      return this;
    }

    /**
     * Adds a recipient.
     *
     * @param recipient the recipient
     * @return this builder
     * @throws ValidationException when recipient is null
     */
    public Builder recipient(Recipient recipient) {
      recipients.add(Checks.notNull("recipients", recipient));
      return this;
    }

    /**
     * Adds recipients.
     *
     * @param recipients the recipients
     * @return this builder
     * @throws ValidationException when a recipient is null
     */
    public Builder recipients(Iterable<Recipient> recipients) {
      Checks.notNull("recipients", recipients).forEach(this::recipient);
      return this;
    }

    /**
     * Asks for specific channels, tried in order with fallback; the routing policy then uses them instead of
     * its own plan. Every recipient must have an address for each requested channel.
     *
     * @param channels channels in order
     * @return this builder
     * @throws ValidationException when a channel is null or repeated
     */
    public Builder channels(Channel... channels) {
      requestedChannels.clear();
      for (Channel c : channels) {
        Checks.notNull("channels", c);
        if (requestedChannels.contains(c)) {
          throw new ValidationException("channels", c + " is requested twice");
        }
        requestedChannels.add(c);
      }
      return this;
    }

    /**
     * Overrides what the SMS says.
     *
     * @param content the SMS content
     * @return this builder
     */
    public Builder sms(SmsContent content) {
      return content(content);
    }

    /**
     * Overrides what the voice call says.
     *
     * @param content the voice content
     * @return this builder
     */
    public Builder voice(VoiceContent content) {
      return content(content);
    }

    /**
     * Overrides what the WhatsApp message says.
     *
     * @param content the WhatsApp content
     * @return this builder
     */
    public Builder whatsapp(WhatsAppContent content) {
      return content(content);
    }

    /**
     * Overrides what the email says.
     *
     * @param content the email content
     * @return this builder
     */
    public Builder email(EmailContent content) {
      return content(content);
    }

    /**
     * Sets a per-channel content override.
     *
     * @param content the content; its channel decides which override it is
     * @return this builder
     * @throws ValidationException when content is null
     */
    public Builder content(ChannelContent content) {
      Checks.notNull("content", content);
      contents.put(content.channel(), content);
      return this;
    }

    /**
     * Sets when the alert was raised (default: now, by the system clock).
     *
     * @param createdAt the instant
     * @return this builder
     */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = Checks.notNull("createdAt", createdAt);
      return this;
    }

    /**
     * Sets when the alert was raised from a clock (tests pass a manual clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder createdAt(Clock clock) {
      return createdAt(Checks.notNull("createdAt", clock).instant());
    }

    /**
     * Sets a deadline: whatever is not sent by then is reported {@link Outcome#NOT_SENT}.
     *
     * @param deadline the instant
     * @return this builder
     */
    public Builder deadline(Instant deadline) {
      this.deadline = Checks.notNull("deadline", deadline);
      return this;
    }

    /**
     * Validates and builds the alert.
     *
     * @return the alert
     * @throws ValidationException naming the field and the rule, when: severity or title is missing; title or
     *     body breaks its size or character rule; there are no recipients, too many, or two with the same id; a
     *     requested channel has no address for some recipient; the deadline is before creation
     */
    public Alert build() {
      Checks.notNull("severity", severity);
      Checks.singleLine("title", title, MAX_TITLE_LENGTH);
      if (body != null) {
        Checks.multiLine("body", body, MAX_BODY_LENGTH);
      }
      if (recipients.isEmpty()) {
        throw new ValidationException("recipients", "at least one recipient is required");
      }
      if (recipients.size() > MAX_RECIPIENTS) {
        throw new ValidationException("recipients", "at most " + MAX_RECIPIENTS + " recipients are allowed (was " + recipients.size() + ")");
      }
      Set<String> ids = new HashSet<>();
      for (Recipient r : recipients) {
        if (!ids.add(r.id())) {
          throw new ValidationException("recipients", "recipient id '" + r.id() + "' appears more than once");
        }
        for (Channel c : requestedChannels) {
          if (r.address(c).isEmpty()) {
            throw new ValidationException(
                "recipients[" + r.id() + "]", "the alert requests " + c + " but the recipient has no " + addressName(c));
          }
        }
      }
      Instant created = createdAt != null ? createdAt : Clock.systemUTC().instant();
      if (deadline != null && deadline.isBefore(created)) {
        throw new ValidationException("deadline", deadline + " is before the alert's creation time " + created);
      }
      return new Alert(this, created);
    }

    private static String addressName(Channel c) {
      switch (c) {
        case EMAIL:
          return "email address";
        case WHATSAPP:
          return "WhatsApp or phone number";
        default:
          return "phone number";
      }
    }
  }
}
