package dev.alertkit.cost;

import dev.alertkit.Channel;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.spi.support.PhoneNumbers;
import dev.alertkit.spi.support.SmsSegments;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.SmsEncoding;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Estimates what an outbound message costs before it is sent, from a {@link PriceTable}:
 *
 * <ul>
 *   <li>SMS: billable segments (GSM-7 160/153, UCS-2 70/67, as {@link OutboundMessage#smsEncoding()} or the same
 *       analysis of the text says) × the destination country's price per segment;
 *   <li>WhatsApp: one message × the country's price per message;
 *   <li>voice: minutes, rounded up, of ring timeout + the spoken text (words at {@link Builder#wordsPerMinute})
 *       played {@link Builder#plays} times + the keypress wait, × the country's price per minute. Twilio bills from
 *       answer, so counting the ring time makes the estimate an upper bound, which is what a budget needs;
 *   <li>email: one message × the email price.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class CostEstimator {
  private final PriceTable prices;
  private final Duration ringTimeout;
  private final int wordsPerMinute;
  private final int plays;
  private final Duration keypressWait;

  private CostEstimator(Builder b) {
    this.prices = b.prices;
    this.ringTimeout = b.ringTimeout;
    this.wordsPerMinute = b.wordsPerMinute;
    this.plays = b.plays;
    this.keypressWait = b.keypressWait;
  }

  /**
   * An estimator with the defaults: 30 s ring, 150 words per minute, text played twice, 10 s keypress wait.
   *
   * @param prices the prices
   * @return the estimator
   * @throws dev.alertkit.ValidationException when prices is null
   */
  public static CostEstimator of(PriceTable prices) {
    return builder(prices).build();
  }

  /**
   * Starts an estimator.
   *
   * @param prices the prices
   * @return a builder
   * @throws dev.alertkit.ValidationException when prices is null
   */
  public static Builder builder(PriceTable prices) {
    return new Builder(Checks.notNull("estimator.prices", prices));
  }

  /** @return the price table */
  public PriceTable prices() {
    return prices;
  }

  /**
   * Estimates one message.
   *
   * @param message the message as it will be sent
   * @return the estimate
   * @throws NullPointerException when message is null
   */
  public CostEstimate estimate(OutboundMessage message) {
    Objects.requireNonNull(message, "message");
    return estimate(message.channel(), message.to(), message.text(), message.smsEncoding());
  }

  /**
   * Estimates one message from its parts.
   *
   * @param channel the channel
   * @param to the address (E.164 for phone channels; an email address for email)
   * @param text the text to send or speak
   * @param encoding the SMS encoding when known (else the text is analysed)
   * @return the estimate
   * @throws NullPointerException when an argument is null
   */
  public CostEstimate estimate(Channel channel, String to, String text, Optional<SmsEncoding> encoding) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(text, "text");
    Optional<String> country = channel == Channel.EMAIL ? Optional.empty() : PhoneNumbers.region(to);
    Optional<BigDecimal> unit = prices.unitPrice(channel, country);
    int units;
    String unitName;
    String what;
    switch (channel) {
      case SMS: {
        SmsEncoding e = encoding.orElseGet(() -> SmsSegments.analyze(text));
        units = e.segments();
        unitName = "segment";
        what = units + " " + (e.charset() == SmsEncoding.Charset.GSM_7 ? "GSM-7" : "UCS-2") + (units == 1 ? " segment" : " segments");
        break;
      }
      case VOICE: {
        long seconds = voiceSeconds(text);
        units = (int) Math.max(1, (seconds + 59) / 60);
        unitName = "minute";
        what = units + (units == 1 ? " minute" : " minutes") + " (" + seconds + " s: " + ringTimeout.toSeconds() + " s ring + " + plays
            + " × " + spokenSeconds(text) + " s spoken + " + keypressWait.toSeconds() + " s keypress wait)";
        break;
      }
      case WHATSAPP:
        units = 1;
        unitName = "message";
        what = "1 WhatsApp message";
        break;
      default:
        units = 1;
        unitName = "email";
        what = "1 email";
    }
    Money total = new Money(unit.map(p -> p.multiply(BigDecimal.valueOf(units))).orElse(BigDecimal.ZERO), prices.currency());
    String basis = unit.map(p -> what + " × " + p.toPlainString() + " " + prices.currency() + country.map(c -> " (" + c + ")").orElse(""))
        .orElse(what + ", no price for " + channel + country.map(c -> " to " + c).orElse("") + " in the price table");
    return new CostEstimate(channel, country, units, unitName, unit, total, basis);
  }

  /**
   * Seconds a call with this text lasts at most: ring + plays × spoken + keypress wait.
   *
   * @param text the spoken text
   * @return seconds
   */
  public long voiceSeconds(String text) {
    return ringTimeout.toSeconds() + (long) plays * spokenSeconds(text) + keypressWait.toSeconds();
  }

  private long spokenSeconds(String text) {
    String t = text.strip();
    long words = t.isEmpty() ? 0 : t.split("\\s+").length;
    return (words * 60 + wordsPerMinute - 1) / wordsPerMinute;
  }

  @Override
  public String toString() {
    return "CostEstimator{ring=" + ringTimeout + ", wpm=" + wordsPerMinute + ", plays=" + plays + ", keypressWait=" + keypressWait + "}";
  }

  /** Builds a {@link CostEstimator}. Not thread-safe. */
  public static final class Builder {
    private final PriceTable prices;
    private Duration ringTimeout = Duration.ofSeconds(30);
    private int wordsPerMinute = 150;
    private int plays = 2;
    private Duration keypressWait = Duration.ofSeconds(10);

    private Builder(PriceTable prices) {
      this.prices = prices;
    }

    /**
     * @param ringTimeout how long a call rings before it is given up (the provider's ring timeout), 0..600 s
     * @return this builder
     * @throws dev.alertkit.ValidationException when null or outside 0..600 s
     */
    public Builder ringTimeout(Duration ringTimeout) {
      Checks.notNull("estimator.ringTimeout", ringTimeout);
      Checks.range("estimator.ringTimeout (seconds)", (int) Math.min(Integer.MAX_VALUE, Math.max(-1, ringTimeout.toSeconds())), 0, 600);
      this.ringTimeout = ringTimeout;
      return this;
    }

    /**
     * @param wordsPerMinute speaking rate of the text-to-speech voice, 60..400
     * @return this builder
     * @throws dev.alertkit.ValidationException when outside 60..400
     */
    public Builder wordsPerMinute(int wordsPerMinute) {
      this.wordsPerMinute = Checks.range("estimator.wordsPerMinute", wordsPerMinute, 60, 400);
      return this;
    }

    /**
     * @param plays how many times the text is spoken (the {@code <Say loop>} of the voice provider), 1..10
     * @return this builder
     * @throws dev.alertkit.ValidationException when outside 1..10
     */
    public Builder plays(int plays) {
      this.plays = Checks.range("estimator.plays", plays, 1, 10);
      return this;
    }

    /**
     * @param wait how long the call waits for a keypress after speaking, 0..600 s
     * @return this builder
     * @throws dev.alertkit.ValidationException when null or outside 0..600 s
     */
    public Builder keypressWait(Duration wait) {
      Checks.notNull("estimator.keypressWait", wait);
      Checks.range("estimator.keypressWait (seconds)", (int) Math.min(Integer.MAX_VALUE, Math.max(-1, wait.toSeconds())), 0, 600);
      this.keypressWait = wait;
      return this;
    }

    /** @return the estimator */
    public CostEstimator build() {
      return new CostEstimator(this);
    }
  }
}
