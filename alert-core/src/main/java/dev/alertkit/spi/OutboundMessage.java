package dev.alertkit.spi;

import dev.alertkit.SmsEncoding;
import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.ChannelContent;
import dev.alertkit.Recipient;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.Redaction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message for one recipient over one channel, as the client hands it to a {@link ChannelProvider}.
 * Immutable; guards amend it with {@link #toBuilder()}.
 *
 * <p>{@link #text()} is what the person reads or hears (the channel's content override, or the alert rendered
 * for the channel); {@link #content()} carries the override itself so a provider can use templates.
 * {@link #attemptId()} is unique per attempt and is the correlation a provider puts into status callback URLs.
 */
public final class OutboundMessage {
  private final String attemptId;
  private final Alert alert;
  private final Recipient recipient;
  private final Channel channel;
  private final String to;
  private final String text;
  private final String sender;
  private final DltParameters dlt;
  private final SmsEncoding smsEncoding;
  private final Map<String, String> attributes;

  private OutboundMessage(Builder b) {
    this.attemptId = Checks.singleLine("message.attemptId", b.attemptId, 128);
    this.alert = Checks.notNull("message.alert", b.alert);
    this.recipient = Checks.notNull("message.recipient", b.recipient);
    this.channel = Checks.notNull("message.channel", b.channel);
    this.to = Checks.singleLine("message.to", b.to, 320);
    this.text = Checks.notNull("message.text", b.text);
    this.sender = b.sender;
    this.dlt = b.dlt;
    this.smsEncoding = b.smsEncoding;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
  }

  /**
   * Starts a message.
   *
   * @param alert the alert
   * @param recipient the recipient
   * @param channel the channel
   * @return a builder; {@code attemptId}, {@code to} and {@code text} are required too
   */
  public static Builder builder(Alert alert, Recipient recipient, Channel channel) {
    return new Builder(alert, recipient, channel);
  }

  /** @return a builder holding this message's values */
  public Builder toBuilder() {
    Builder b = new Builder(alert, recipient, channel);
    b.attemptId = attemptId;
    b.to = to;
    b.text = text;
    b.sender = sender;
    b.dlt = dlt;
    b.smsEncoding = smsEncoding;
    b.attributes.putAll(attributes);
    return b;
  }

  /** @return the unique id of this attempt; use it to correlate status callbacks */
  public String attemptId() {
    return attemptId;
  }

  /** @return the alert */
  public Alert alert() {
    return alert;
  }

  /** @return the recipient */
  public Recipient recipient() {
    return recipient;
  }

  /** @return the channel */
  public Channel channel() {
    return channel;
  }

  /** @return the address: E.164 for SMS, voice and WhatsApp (no {@code whatsapp:} prefix), or an email address */
  public String to() {
    return to;
  }

  /** @return the text to send or speak (for email, the plain-text body) */
  public String text() {
    return text;
  }

  /** @return the email subject line: the content override's subject or the alert's title */
  public String subject() {
    return content()
        .filter(c -> c instanceof dev.alertkit.EmailContent)
        .flatMap(c -> ((dev.alertkit.EmailContent) c).subject())
        .orElse("[" + alert.severity() + "] " + alert.title());
  }

  /** @return the alert's content override for this channel, if it has one */
  public Optional<ChannelContent> content() {
    return alert.content(channel);
  }

  /** @return a sender chosen for this message (e.g. the DLT header), overriding the provider's default */
  public Optional<String> sender() {
    return Optional.ofNullable(sender);
  }

  /** @return DLT identifiers, for SMS to India that passed the DLT guard */
  public Optional<DltParameters> dlt() {
    return Optional.ofNullable(dlt);
  }

  /** @return the SMS encoding and segment count, for SMS */
  public Optional<SmsEncoding> smsEncoding() {
    return Optional.ofNullable(smsEncoding);
  }

  /** @return extra values guards or routing attached for providers */
  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OutboundMessage)) {
      return false;
    }
    OutboundMessage m = (OutboundMessage) o;
    return attemptId.equals(m.attemptId) && alert.equals(m.alert) && recipient.equals(m.recipient) && channel == m.channel
        && to.equals(m.to) && text.equals(m.text) && Objects.equals(sender, m.sender) && Objects.equals(dlt, m.dlt)
        && Objects.equals(smsEncoding, m.smsEncoding) && attributes.equals(m.attributes);
  }

  @Override
  public int hashCode() {
    return attemptId.hashCode();
  }

  @Override
  public String toString() {
    return "OutboundMessage{" + channel + " to " + Redaction.address(to) + ", alert=" + alert.id() + ", attempt=" + attemptId
        + (sender == null ? "" : ", sender=" + sender) + "}";
  }

  /** Builds an {@link OutboundMessage}. Not thread-safe. */
  public static final class Builder {
    private final Alert alert;
    private final Recipient recipient;
    private final Channel channel;
    private String attemptId;
    private String to;
    private String text;
    private String sender;
    private DltParameters dlt;
    private SmsEncoding smsEncoding;
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder(Alert alert, Recipient recipient, Channel channel) {
      this.alert = alert;
      this.recipient = recipient;
      this.channel = channel;
    }

    /**
     * @param attemptId unique id of this attempt
     * @return this builder
     */
    public Builder attemptId(String attemptId) {
      this.attemptId = attemptId;
      return this;
    }

    /**
     * @param to the address
     * @return this builder
     */
    public Builder to(String to) {
      this.to = to;
      return this;
    }

    /**
     * @param text the text
     * @return this builder
     */
    public Builder text(String text) {
      this.text = text;
      return this;
    }

    /**
     * @param sender the sender to use instead of the provider's default
     * @return this builder
     */
    public Builder sender(String sender) {
      this.sender = sender;
      return this;
    }

    /**
     * @param dlt DLT identifiers
     * @return this builder
     */
    public Builder dlt(DltParameters dlt) {
      this.dlt = dlt;
      return this;
    }

    /**
     * @param encoding SMS encoding facts
     * @return this builder
     */
    public Builder smsEncoding(SmsEncoding encoding) {
      this.smsEncoding = encoding;
      return this;
    }

    /**
     * @param key attribute key
     * @param value attribute value
     * @return this builder
     */
    public Builder attribute(String key, String value) {
      attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the message.
     *
     * @return the message
     * @throws dev.alertkit.ValidationException when attemptId, to or text is missing
     */
    public OutboundMessage build() {
      return new OutboundMessage(this);
    }
  }
}
