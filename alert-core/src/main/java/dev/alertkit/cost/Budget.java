package dev.alertkit.cost;

import dev.alertkit.Channel;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A spend limit per day or per calendar month (in {@link CostControl.Builder#zone}), over some channels (e.g. the
 * channels one provider serves: a Twilio budget covers SMS, voice and WhatsApp), optionally one per tenant (the
 * value of an alert label). A hard cap also stops CRITICAL alerts; a soft one lets the severity's
 * {@link BudgetPolicy} decide. Immutable.
 *
 * <pre>{@code
 * Budget.daily("sms-per-day", new BigDecimal("25")).channels(Channel.SMS).perLabel("tenant").build();
 * Budget.monthly("twilio", new BigDecimal("1000")).channels(Channel.SMS, Channel.VOICE, Channel.WHATSAPP).hardCap().build();
 * }</pre>
 */
public final class Budget {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** How long a budget's period is. */
  public enum Period {
    /** A calendar day in the configured zone. */
    DAY,
    /** A calendar month in the configured zone. */
    MONTH
  }

  private final String name;
  private final Period period;
  private final BigDecimal limit;
  private final Set<Channel> channels;
  private final String label;
  private final boolean hard;

  private Budget(Builder b) {
    this.name = b.name;
    this.period = b.period;
    this.limit = b.limit;
    this.channels = b.channels.isEmpty() ? Set.copyOf(EnumSet.allOf(Channel.class)) : Set.copyOf(b.channels);
    this.label = b.label;
    this.hard = b.hard;
  }

  /**
   * Starts a budget per calendar day.
   *
   * @param name a short name shown in reasons, letters, digits, {@code . _ -}
   * @param limit the most to spend per day, in the price table's currency
   * @return a builder
   */
  public static Builder daily(String name, BigDecimal limit) {
    return new Builder(name, Period.DAY, limit);
  }

  /**
   * Starts a budget per calendar month.
   *
   * @param name a short name shown in reasons
   * @param limit the most to spend per month
   * @return a builder
   */
  public static Builder monthly(String name, BigDecimal limit) {
    return new Builder(name, Period.MONTH, limit);
  }

  /** @return the name */
  public String name() {
    return name;
  }

  /** @return the period */
  public Period period() {
    return period;
  }

  /** @return the limit per period */
  public BigDecimal limit() {
    return limit;
  }

  /** @return the channels whose spend it counts */
  public Set<Channel> channels() {
    return channels;
  }

  /** @return the alert label whose value gives each tenant its own budget, if any */
  public Optional<String> perLabel() {
    return Optional.ofNullable(label);
  }

  /** @return whether it stops CRITICAL alerts too */
  public boolean hard() {
    return hard;
  }

  @Override
  public String toString() {
    return "Budget{" + name + ", " + limit.toPlainString() + " per " + period.name().toLowerCase(java.util.Locale.ROOT) + ", " + channels
        + (label == null ? "" : ", per " + label) + (hard ? ", hard" : "") + "}";
  }

  /** Builds a {@link Budget}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Period period;
    private final BigDecimal limit;
    private final Set<Channel> channels = EnumSet.noneOf(Channel.class);
    private String label;
    private boolean hard;

    private Builder(String name, Period period, BigDecimal limit) {
      this.name = name;
      this.period = period;
      this.limit = limit;
    }

    /**
     * Limits the budget to some channels (default: every channel).
     *
     * @param channels the channels
     * @return this builder
     * @throws ValidationException when a channel is null
     */
    public Builder channels(Channel... channels) {
      for (Channel c : Objects.requireNonNull(channels, "channels")) {
        this.channels.add(Checks.notNull("budget.channels", c));
      }
      return this;
    }

    /**
     * Gives every value of an alert label its own budget of the same limit (alerts without the label share one).
     *
     * @param labelKey e.g. {@code "tenant"}
     * @return this builder
     */
    public Builder perLabel(String labelKey) {
      this.label = labelKey;
      return this;
    }

    /**
     * Makes it a hard cap: when it would be exceeded, even CRITICAL alerts are downgraded.
     *
     * @return this builder
     */
    public Builder hardCap() {
      this.hard = true;
      return this;
    }

    /**
     * Builds the budget.
     *
     * @return the budget
     * @throws ValidationException when the name or limit is missing or invalid
     */
    public Budget build() {
      Checks.notNull("budget.name", name);
      if (!NAME.matcher(name).matches()) {
        throw new ValidationException("budget.name", "must be 1 to 64 letters, digits, '.', '_' or '-' (was '" + name + "')");
      }
      if (limit == null || limit.signum() < 0) {
        throw new ValidationException("budget[" + name + "].limit", "must be zero or more (was " + limit + ")");
      }
      if (label != null) {
        Checks.singleLine("budget[" + name + "].perLabel", label, 100);
      }
      return new Budget(this);
    }

    @Override
    public String toString() {
      return "Budget.Builder{" + name + ", " + Arrays.asList(period, limit) + "}";
    }
  }
}
