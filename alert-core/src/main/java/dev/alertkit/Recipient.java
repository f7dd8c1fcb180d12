package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.Redaction;
import dev.alertkit.spi.support.PhoneNumbers;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A person (or team mailbox) an alert can reach, with one address per channel, time zone, quiet hours and
 * preferences. Immutable; build with {@link #builder(String)}.
 *
 * <pre>{@code
 * Recipient alice = Recipient.builder("alice")
 *     .name("Alice")
 *     .phone("+91 98123 45678")          // stored as E.164: +919812345678
 *     .email("alice@example.com")
 *     .timeZone(ZoneId.of("Asia/Kolkata"))
 *     .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))
 *     .build();
 * }</pre>
 */
public final class Recipient {
  /** Longest accepted recipient id. */
  public static final int MAX_ID_LENGTH = 128;
  /** Longest accepted display name. */
  public static final int MAX_NAME_LENGTH = 200;

  private final String id;
  private final String name;
  private final String phone;
  private final String email;
  private final String whatsapp;
  private final ZoneId timeZone;
  private final Locale locale;
  private final List<QuietHours> quietHours;
  private final Set<Channel> optedOut;
  private final List<Channel> preferredOrder;
  private final Map<String, String> attributes;
  private final Instant phoneVerifiedAt;
  private final Instant emailVerifiedAt;
  private final Instant whatsappVerifiedAt;

  private Recipient(Builder b) {
    this.id = b.id;
    this.name = b.name;
    this.phone = b.phone;
    this.email = b.email;
    this.whatsapp = b.whatsapp;
    this.timeZone = b.timeZone;
    this.locale = b.locale;
    this.quietHours = List.copyOf(b.quietHours);
    this.optedOut = Collections.unmodifiableSet(b.optedOut.isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(b.optedOut));
    this.preferredOrder = List.copyOf(b.preferredOrder);
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
    this.phoneVerifiedAt = b.phoneVerifiedAt;
    this.emailVerifiedAt = b.emailVerifiedAt;
    this.whatsappVerifiedAt = b.whatsappVerifiedAt;
  }

  /**
   * Starts a recipient.
   *
   * @param id a stable id, unique within an alert (a user id, a rota name)
   * @return a builder
   * @throws ValidationException when the id is null, blank, multi-line or longer than {@value #MAX_ID_LENGTH}
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * The recipient's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The display name.
   *
   * @return the name, if set
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * The phone number for SMS and voice, in E.164.
   *
   * @return the number, if set
   */
  public Optional<String> phone() {
    return Optional.ofNullable(phone);
  }

  /**
   * The email address.
   *
   * @return the address, if set
   */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /**
   * The WhatsApp number in E.164 (without the {@code whatsapp:} prefix).
   *
   * @return the number, if set
   */
  public Optional<String> whatsapp() {
    return Optional.ofNullable(whatsapp);
  }

  /**
   * The recipient's time zone, used for quiet hours. Defaults to UTC.
   *
   * @return the zone
   */
  public ZoneId timeZone() {
    return timeZone;
  }

  /**
   * The recipient's locale, used by providers to choose a voice language.
   *
   * @return the locale, if set
   */
  public Optional<Locale> locale() {
    return Optional.ofNullable(locale);
  }

  /**
   * The recipient's quiet hours in their own time zone.
   *
   * @return the windows, possibly empty
   */
  public List<QuietHours> quietHours() {
    return quietHours;
  }

  /**
   * Whether an instant falls in one of the recipient's quiet windows, in the recipient's time zone.
   *
   * @param instant the instant
   * @return true when quiet
   */
  public boolean isQuietAt(Instant instant) {
    for (QuietHours q : quietHours) {
      if (q.contains(instant, timeZone)) {
        return true;
      }
    }
    return false;
  }

  /**
   * When the quiet time that contains an instant ends (following adjacent windows).
   *
   * @param instant the instant
   * @return the first instant that is not quiet; {@code instant} itself when it is not quiet
   */
  public Instant quietUntil(Instant instant) {
    Instant t = instant;
    for (int i = 0; i <= quietHours.size(); i++) {
      Instant next = t;
      for (QuietHours q : quietHours) {
        if (q.contains(next, timeZone)) {
          next = q.endAfter(next, timeZone);
        }
      }
      if (next.equals(t)) {
        return t;
      }
      t = next;
    }
    return t;
  }

  /**
   * Channels this person opted out of; routing skips them with a recorded reason.
   *
   * @return the channels
   */
  public Set<Channel> optedOut() {
    return optedOut;
  }

  /**
   * The person's preferred channel order; where a routing rule allows it, this reorders the channels within
   * a tier.
   *
   * @return the order, possibly empty
   */
  public List<Channel> preferredOrder() {
    return preferredOrder;
  }

  /**
   * Free-form attributes (team, role) that routing rules may match on.
   *
   * @return the attributes
   */
  public Map<String, String> attributes() {
    return attributes;
  }

  /**
   * The address this recipient has for a channel: phone for SMS and voice, email for email, WhatsApp number
   * (falling back to the phone number) for WhatsApp.
   *
   * @param channel the channel
   * @return the address, if the recipient has one
   * @throws NullPointerException when channel is null
   */
  public Optional<String> address(Channel channel) {
    switch (Objects.requireNonNull(channel, "channel")) {
      case SMS:
      case VOICE:
        return phone();
      case EMAIL:
        return email();
      case WHATSAPP:
        return whatsapp().or(this::phone);
      default:
        throw new AssertionError(channel);
    }
  }

  /**
   * When the address used for a channel was last verified (e.g. the person typed back a code that
   * {@code ContactVerifier} sent), as the application stored it. SMS and voice use the phone's; WhatsApp uses the
   * WhatsApp number's, or the phone's when WhatsApp falls back to the phone number; email uses the email's.
   * Routing rules that {@link Rule#requireVerifiedAddresses() require verified addresses} skip channels without.
   *
   * @param channel the channel
   * @return the instant, when the address is known to be verified
   * @throws NullPointerException when channel is null
   */
  public Optional<Instant> verifiedAt(Channel channel) {
    switch (Objects.requireNonNull(channel, "channel")) {
      case SMS:
      case VOICE:
        return Optional.ofNullable(phoneVerifiedAt);
      case EMAIL:
        return Optional.ofNullable(emailVerifiedAt);
      case WHATSAPP:
        return whatsapp != null ? Optional.ofNullable(whatsappVerifiedAt) : Optional.ofNullable(phoneVerifiedAt);
      default:
        throw new AssertionError(channel);
    }
  }

  /**
   * Whether the recipient can be reached on a channel: has an address and has not opted out.
   *
   * @param channel the channel
   * @return true when reachable
   */
  public boolean canReceive(Channel channel) {
    return address(channel).isPresent() && !optedOut.contains(channel);
  }

  /**
   * The ISO 3166 region of the phone number, e.g. {@code "IN"} for an Indian mobile.
   *
   * @return the region, if the recipient has a phone number whose region is known
   */
  public Optional<String> phoneRegion() {
    return phone().flatMap(PhoneNumbers::region);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Recipient)) {
      return false;
    }
    Recipient r = (Recipient) o;
    return id.equals(r.id)
        && Objects.equals(name, r.name)
        && Objects.equals(phone, r.phone)
        && Objects.equals(email, r.email)
        && Objects.equals(whatsapp, r.whatsapp)
        && timeZone.equals(r.timeZone)
        && Objects.equals(locale, r.locale)
        && Objects.equals(quietHours, r.quietHours)
        && optedOut.equals(r.optedOut)
        && preferredOrder.equals(r.preferredOrder)
        && attributes.equals(r.attributes)
        && Objects.equals(phoneVerifiedAt, r.phoneVerifiedAt)
        && Objects.equals(emailVerifiedAt, r.emailVerifiedAt)
        && Objects.equals(whatsappVerifiedAt, r.whatsappVerifiedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, phone, email, whatsapp);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Recipient{").append(id);
    phone().ifPresent(p -> s.append(", phone=").append(Redaction.phone(p)));
    email().ifPresent(e -> s.append(", email=").append(Redaction.email(e)));
    whatsapp().ifPresent(w -> s.append(", whatsapp=").append(Redaction.phone(w)));
    s.append(", tz=").append(timeZone);
    if (!quietHours.isEmpty()) {
      s.append(", quiet=").append(quietHours);
    }
    if (!optedOut.isEmpty()) {
      s.append(", optedOut=").append(optedOut);
    }
    return s.append('}').toString();
  }

  /** Builds a {@link Recipient}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private String name;
    private String phone;
    private String rawPhone;
    private String email;
    private String whatsapp;
    private String rawWhatsapp;
    private String defaultRegion;
    private ZoneId timeZone = ZoneOffset.UTC;
    private Locale locale;
    private final List<QuietHours> quietHours = new ArrayList<>();
    private final Set<Channel> optedOut = EnumSet.noneOf(Channel.class);
    private final List<Channel> preferredOrder = new ArrayList<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private Instant phoneVerifiedAt;
    private Instant emailVerifiedAt;
    private Instant whatsappVerifiedAt;

    private Builder(String id) {
      this.id = Checks.singleLine("recipient.id", id, MAX_ID_LENGTH);
    }

    private String field(String name) {
      return "recipient[" + id + "]." + name;
    }

    /**
     * Sets the display name.
     *
     * @param name a single line of at most {@value Recipient#MAX_NAME_LENGTH} characters
     * @return this builder
     * @throws ValidationException when the name is blank, multi-line or too long
     */
    public Builder name(String name) {
      this.name = Checks.singleLine(field("name"), name, MAX_NAME_LENGTH);
      return this;
    }

    /**
     * Sets the phone number used for SMS and voice. It is parsed with libphonenumber and stored as E.164; a
     * number without a {@code +} country code needs {@link #defaultRegion(String)}. Parsing happens in
     * {@link #build()}.
     *
     * @param phone the number as a person writes it, e.g. {@code "+91 98123 45678"}
     * @return this builder
     */
    public Builder phone(String phone) {
      this.rawPhone = phone;
      return this;
    }

    /**
     * Sets the WhatsApp number (E.164, with or without the {@code whatsapp:} prefix). When absent, WhatsApp
     * uses the phone number.
     *
     * @param whatsapp the number
     * @return this builder
     */
    public Builder whatsapp(String whatsapp) {
      this.rawWhatsapp = whatsapp;
      return this;
    }

    /**
     * Sets the region used to read numbers written without a country code, e.g. {@code "IN"}.
     *
     * @param region an ISO 3166 two-letter region code
     * @return this builder
     * @throws ValidationException when the region is not one libphonenumber knows
     */
    public Builder defaultRegion(String region) {
      if (!PhoneNumbers.isKnownRegion(region)) {
        throw new ValidationException(field("defaultRegion"), "'" + region + "' is not a known ISO 3166 region code");
      }
      this.defaultRegion = region;
      return this;
    }

    /**
     * Sets the email address.
     *
     * @param email an address such as {@code alice@example.com}
     * @return this builder
     * @throws ValidationException when the address is not syntactically valid
     */
    public Builder email(String email) {
      this.email = Checks.email(field("email"), email);
      return this;
    }

    /**
     * Sets the time zone in which quiet hours are meant (default UTC).
     *
     * @param zone the zone
     * @return this builder
     * @throws ValidationException when zone is null
     */
    public Builder timeZone(ZoneId zone) {
      this.timeZone = Checks.notNull(field("timeZone"), zone);
      return this;
    }

    /**
     * Sets the locale (voice language, email rendering).
     *
     * @param locale the locale
     * @return this builder
     * @throws ValidationException when locale is null
     */
    public Builder locale(Locale locale) {
      this.locale = Checks.notNull(field("locale"), locale);
      return this;
    }

    /**
     * Adds daily quiet hours in the recipient's time zone; a window may cross midnight. Several windows may be
     * added (e.g. nights and a lunch break) but they must not overlap.
     *
     * @param start first quiet local time
     * @param end first local time that is no longer quiet
     * @return this builder
     * @throws ValidationException when start equals end (an empty window), either is null, or the window
     *     overlaps one added before
     */
    public Builder quietHours(LocalTime start, LocalTime end) {
      QuietHours window;
      try {
        window = QuietHours.of(start, end);
      } catch (ValidationException e) {
        throw new ValidationException(field("quietHours"), e.getMessage());
      }
      for (QuietHours q : quietHours) {
        if (q.overlaps(window)) {
          throw new ValidationException(field("quietHours"), "window " + window + " overlaps window " + q);
        }
      }
      quietHours.add(window);
      return this;
    }

    /**
     * Records that the person opted out of a channel.
     *
     * @param channel the channel
     * @return this builder
     * @throws ValidationException when channel is null
     */
    public Builder optOut(Channel channel) {
      optedOut.add(Checks.notNull(field("optOut"), channel));
      return this;
    }

    /**
     * Sets the person's preferred channel order.
     *
     * @param channels channels, most preferred first, without repeats
     * @return this builder
     * @throws ValidationException when a channel is null or repeated
     */
    public Builder preferredOrder(Channel... channels) {
      preferredOrder.clear();
      for (Channel c : channels) {
        Checks.notNull(field("preferredOrder"), c);
        if (preferredOrder.contains(c)) {
          throw new ValidationException(field("preferredOrder"), c + " is listed twice");
        }
        preferredOrder.add(c);
      }
      return this;
    }

    /**
     * Adds a free-form attribute that routing rules may match on.
     *
     * @param key a single-line key
     * @param value a single-line value
     * @return this builder
     * @throws ValidationException when key or value is blank, multi-line or longer than 200 characters
     */
    public Builder attribute(String key, String value) {
      attributes.put(
          Checks.singleLine(field("attribute"), key, 200),
          Checks.singleLine(field("attribute[" + key + "]"), value, 200));
      return this;
    }

    /**
     * Records when the phone number was verified (used for SMS and voice, and for WhatsApp when no separate
     * WhatsApp number is set), e.g. {@code VerificationResult.verifiedAt()} of the Twilio module's
     * {@code ContactVerifier}.
     *
     * @param at the instant of verification
     * @return this builder
     * @throws ValidationException when at is null
     */
    public Builder phoneVerifiedAt(Instant at) {
      this.phoneVerifiedAt = Checks.notNull(field("phoneVerifiedAt"), at);
      return this;
    }

    /**
     * Records when the email address was verified.
     *
     * @param at the instant of verification
     * @return this builder
     * @throws ValidationException when at is null
     */
    public Builder emailVerifiedAt(Instant at) {
      this.emailVerifiedAt = Checks.notNull(field("emailVerifiedAt"), at);
      return this;
    }

    /**
     * Records when the separate WhatsApp number was verified.
     *
     * @param at the instant of verification
     * @return this builder
     * @throws ValidationException when at is null
     */
    public Builder whatsappVerifiedAt(Instant at) {
      this.whatsappVerifiedAt = Checks.notNull(field("whatsappVerifiedAt"), at);
      return this;
    }

    /**
     * Builds the recipient, parsing phone numbers.
     *
     * @return the recipient
     * @throws ValidationException when a phone number lacks a country code and no default region is set, or is
     *     not a possible number; or when a "verified at" is set for an address the recipient does not have
     */
    public Recipient build() {
      phone = rawPhone == null ? null : PhoneNumbers.toE164(field("phone"), rawPhone, defaultRegion);
      whatsapp = rawWhatsapp == null ? null : PhoneNumbers.toE164(field("whatsapp"), rawWhatsapp, defaultRegion);
      if (phoneVerifiedAt != null && phone == null) {
        throw new ValidationException(field("phoneVerifiedAt"), "is set but the recipient has no phone number");
      }
      if (emailVerifiedAt != null && email == null) {
        throw new ValidationException(field("emailVerifiedAt"), "is set but the recipient has no email address");
      }
      if (whatsappVerifiedAt != null && whatsapp == null) {
        throw new ValidationException(field("whatsappVerifiedAt"), "is set but the recipient has no separate WhatsApp number");
      }
      return new Recipient(this);
    }
  }
}
