package dev.alertkit.incident;

import dev.alertkit.Channel;
import dev.alertkit.Rule;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of an {@link EscalationPolicy}: whom to page, how (a {@link Rule}'s tiers: channels of a tier in
 * parallel, the next tier for a person when every channel of the tier failed for them), and how long to wait for an
 * acknowledgement before the next step.
 *
 * <pre>{@code
 * EscalationStep.builder()
 *     .target(EscalationTarget.onCall(primary))
 *     .via(Rule.deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL))
 *     .waitForAck(Duration.ofMinutes(5))
 *     .build();
 * }</pre>
 */
public final class EscalationStep {
  private final List<EscalationTarget> targets;
  private final Rule via;
  private final Duration waitForAck;

  private EscalationStep(Builder b) {
    this.targets = List.copyOf(b.targets);
    this.via = b.via;
    this.waitForAck = b.waitForAck;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return whom to page */
  public List<EscalationTarget> targets() {
    return targets;
  }

  /** @return how to reach them: the rule's tiers (its match is not used) */
  public Rule via() {
    return via;
  }

  /** @return how long to wait for an acknowledgement before the next step */
  public Duration waitForAck() {
    return waitForAck;
  }

  @Override
  public String toString() {
    return "EscalationStep{" + targets + " via " + via.tiers() + ", wait " + waitForAck + "}";
  }

  /** Builds an {@link EscalationStep}. Not thread-safe. */
  public static final class Builder {
    private final List<EscalationTarget> targets = new ArrayList<>();
    private Rule via = Rule.deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL);
    private Duration waitForAck;

    private Builder() {}

    /**
     * Adds targets.
     *
     * @param targets whom to page
     * @return this builder
     * @throws ValidationException when a target is null
     */
    public Builder target(EscalationTarget... targets) {
      for (EscalationTarget t : targets) {
        this.targets.add(Checks.notNull("targets", t));
      }
      return this;
    }

    /**
     * Sets how to reach the targets (default: SMS and voice together, then email).
     *
     * @param rule a rule; only its tiers are used
     * @return this builder
     * @throws ValidationException when rule is null
     */
    public Builder via(Rule rule) {
      this.via = Checks.notNull("via", rule);
      return this;
    }

    /**
     * Sets how long to wait for an acknowledgement before the next step (required).
     *
     * @param wait at least one second, at most 7 days
     * @return this builder
     */
    public Builder waitForAck(Duration wait) {
      this.waitForAck = wait;
      return this;
    }

    /**
     * Validates and builds; {@link EscalationPolicy.Builder#step} names the step in the message.
     *
     * @return the step
     * @throws ValidationException when there are no targets, or the wait is missing or outside 1 s..7 days
     */
    public EscalationStep build() {
      if (targets.isEmpty()) {
        throw new ValidationException("targets", "at least one target (recipient, group or on-call schedule) is required");
      }
      if (waitForAck == null) {
        throw new ValidationException("waitForAck", "is required (how long to wait for an acknowledgement before the next step)");
      }
      if (waitForAck.compareTo(Duration.ofSeconds(1)) < 0 || waitForAck.compareTo(Duration.ofDays(7)) > 0) {
        throw new ValidationException("waitForAck", "must be between 1 second and 7 days (was " + waitForAck + ")");
      }
      return new EscalationStep(this);
    }
  }
}
