package dev.alertkit.incident;

import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Rule;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whom to page, in which order, until somebody acknowledges: ordered {@link EscalationStep steps}, the whole list
 * repeated {@code repeat} more times, then the incident is {@link IncidentState#EXHAUSTED} (and, optionally, a team
 * list is told so). Immutable and thread-safe.
 *
 * <pre>{@code
 * EscalationPolicy policy = EscalationPolicy.builder("db")
 *     .step(s -> s.target(EscalationTarget.onCall(primary)).waitForAck(Duration.ofMinutes(5)))
 *     .step(s -> s.target(EscalationTarget.recipient(bob)).via(Rule.deliver(Channel.VOICE)).waitForAck(Duration.ofMinutes(10)))
 *     .repeat(1)
 *     .onExhausted(Rule.deliver(Channel.EMAIL), teamList)
 *     .build();
 * }</pre>
 */
public final class EscalationPolicy {
  private final String name;
  private final List<EscalationStep> steps;
  private final int repeat;
  private final List<Recipient> exhaustedNotify;
  private final Rule exhaustedVia;

  private EscalationPolicy(Builder b) {
    this.name = b.name;
    this.steps = List.copyOf(b.steps);
    this.repeat = b.repeat;
    this.exhaustedNotify = List.copyOf(b.exhaustedNotify);
    this.exhaustedVia = b.exhaustedVia;
  }

  /**
   * @param name the policy's name (shown in timelines; unique per client)
   * @return a builder
   * @throws ValidationException when the name is blank or longer than 100 characters
   */
  public static Builder builder(String name) {
    return new Builder(Checks.singleLine("policy.name", name, 100));
  }

  /** @return the name */
  public String name() {
    return name;
  }

  /** @return the steps in order */
  public List<EscalationStep> steps() {
    return steps;
  }

  /** @return how many times the whole list is repeated after the first round */
  public int repeat() {
    return repeat;
  }

  /** @return who is told when the incident is exhausted (empty: nobody) */
  public List<Recipient> exhaustedNotify() {
    return exhaustedNotify;
  }

  /** @return how they are told, when anyone is */
  public Optional<Rule> exhaustedVia() {
    return Optional.ofNullable(exhaustedVia);
  }

  /**
   * Checks that some provider serves every channel the policy uses.
   *
   * @param served the channels the client's providers serve
   * @throws ValidationException naming the step and the channel when one is not served
   */
  public void checkChannels(Set<Channel> served) {
    for (int i = 0; i < steps.size(); i++) {
      for (List<Channel> tier : steps.get(i).via().tiers()) {
        for (Channel c : tier) {
          if (!served.contains(c)) {
            throw new ValidationException("policy[" + name + "].steps[" + (i + 1) + "].via",
                "uses " + c + " but no provider of the client serves " + c);
          }
        }
      }
    }
    if (exhaustedVia != null) {
      for (List<Channel> tier : exhaustedVia.tiers()) {
        for (Channel c : tier) {
          if (!served.contains(c)) {
            throw new ValidationException("policy[" + name + "].onExhausted", "uses " + c + " but no provider of the client serves " + c);
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return "EscalationPolicy{" + name + ", " + steps.size() + " steps, repeat " + repeat + "}";
  }

  /** Configures one step inside {@link Builder#step}. */
  @FunctionalInterface
  public interface StepSpec {
    /**
     * @param step the step's builder
     */
    void configure(EscalationStep.Builder step);
  }

  /** Builds an {@link EscalationPolicy}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final List<EscalationStep> steps = new ArrayList<>();
    private int repeat;
    private final List<Recipient> exhaustedNotify = new ArrayList<>();
    private Rule exhaustedVia;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Adds a step, configured in place; the step is validated here and the message names it
     * ({@code policy[db].steps[2].waitForAck}).
     *
     * @param spec configures the step
     * @return this builder
     * @throws ValidationException when the step is invalid
     */
    public Builder step(StepSpec spec) {
      Checks.notNull("policy[" + name + "].steps", spec);
      EscalationStep.Builder b = EscalationStep.builder();
      int number = steps.size() + 1;
      try {
        spec.configure(b);
        steps.add(b.build());
      } catch (ValidationException e) {
        throw new ValidationException("policy[" + name + "].steps[" + number + "]." + e.field(), rule(e));
      }
      return this;
    }

    /**
     * Adds a built step.
     *
     * @param step the step
     * @return this builder
     * @throws ValidationException when step is null
     */
    public Builder step(EscalationStep step) {
      steps.add(Checks.notNull("policy[" + name + "].steps[" + (steps.size() + 1) + "]", step));
      return this;
    }

    /**
     * Repeats the whole list of steps this many more times before the incident is exhausted (default 0).
     *
     * @param times 0 to 100
     * @return this builder
     * @throws ValidationException when outside 0..100
     */
    public Builder repeat(int times) {
      this.repeat = Checks.range("policy[" + name + "].repeat", times, 0, 100);
      return this;
    }

    /**
     * Tells people (e.g. a team mailing list) when the incident is exhausted.
     *
     * @param via how (the rule's tiers)
     * @param recipients whom
     * @return this builder
     * @throws ValidationException when via is null or there are no recipients
     */
    public Builder onExhausted(Rule via, Recipient... recipients) {
      this.exhaustedVia = Checks.notNull("policy[" + name + "].onExhausted.via", via);
      exhaustedNotify.clear();
      for (Recipient r : recipients) {
        exhaustedNotify.add(Checks.notNull("policy[" + name + "].onExhausted.recipients", r));
      }
      if (exhaustedNotify.isEmpty()) {
        throw new ValidationException("policy[" + name + "].onExhausted.recipients", "at least one recipient is required");
      }
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the policy
     * @throws ValidationException when there are no steps
     */
    public EscalationPolicy build() {
      if (steps.isEmpty()) {
        throw new ValidationException("policy[" + name + "].steps", "at least one step is required");
      }
      return new EscalationPolicy(this);
    }

    private static String rule(ValidationException e) {
      String m = e.getMessage();
      String prefix = e.field() + ": ";
      return m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : String.valueOf(m);
    }
  }
}
