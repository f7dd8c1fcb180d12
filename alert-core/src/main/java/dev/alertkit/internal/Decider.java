package dev.alertkit.internal;

import dev.alertkit.Attempt;
import dev.alertkit.Failure;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The decider stage: what happens after an attempt, as pure functions of what happened. Retrying on the same
 * provider is decided by the Failsafe {@code RetryPolicy} in {@link FailsafeProviderCaller} (safe kinds only, within
 * attempts, duration, deadline, budget); this class decides the rest: fail over to the channel's next provider, and,
 * when a recipient's tier is over, move to the next tier or end with which outcome.
 */
public final class Decider {
  private Decider() {}

  /** What a recipient does when a tier is over. */
  public enum AfterTier {
    /** A channel of the tier was accepted. */
    ACCEPTED,
    /** Every channel failed and another tier follows. */
    NEXT_TIER,
    /** Nothing was sent and time ran out: the deadline passed, or a retry would have started after it. */
    NOT_SENT_BY_DEADLINE,
    /** No provider was tried because policies (guards, quiet-hours skips) blocked every channel. */
    SUPPRESSED_BY_POLICY,
    /** Every planned channel failed. */
    FAILED
  }

  /**
   * Whether the channel's next provider takes over after a failed attempt: only for provider-side failures (the
   * recipient or the content would fail there too), and after an ambiguous one only when the user opted in.
   *
   * @param failure the failure
   * @param hasNext whether another provider serves the channel
   * @param failoverOnAmbiguous the user's choice
   * @return whether to fail over
   */
  public static boolean failOver(Failure failure, boolean hasNext, boolean failoverOnAmbiguous) {
    return hasNext && failure.fault() == Failure.Fault.PROVIDER
        && (failure.kind() != Failure.Kind.AMBIGUOUS || failoverOnAmbiguous);
  }

  /**
   * What a recipient does when tier {@code tier} is over.
   *
   * @param attempts every attempt of the recipient so far
   * @param tier the tier that ended, from 0
   * @param tiers how many tiers the recipient has
   * @param providerTried whether any request reached a provider
   * @param policyBlocked whether a policy blocked a channel
   * @param deadline the alert's deadline, if any
   * @param now the time
   * @return the decision
   */
  public static AfterTier afterTier(List<Attempt> attempts, int tier, int tiers, boolean providerTried, boolean policyBlocked,
      Optional<Instant> deadline, Instant now) {
    for (Attempt a : attempts) {
      if (a.accepted() && a.tier() == tier) {
        return AfterTier.ACCEPTED;
      }
    }
    if (tier + 1 < tiers) {
      return AfterTier.NEXT_TIER;
    }
    if (cutByDeadline(attempts, deadline, now)) {
      return AfterTier.NOT_SENT_BY_DEADLINE;
    }
    if (!providerTried && policyBlocked) {
      return AfterTier.SUPPRESSED_BY_POLICY;
    }
    return AfterTier.FAILED;
  }

  /**
   * Whether the recipient ran out of time rather than out of channels: the deadline has passed (a queued request
   * was withdrawn at it) or a retry was not made because it would start after it, and no request may have been sent.
   */
  private static boolean cutByDeadline(List<Attempt> attempts, Optional<Instant> deadline, Instant now) {
    if (deadline.isEmpty()) {
      return false;
    }
    boolean mayHaveLeft = false;
    boolean retryCut = false;
    for (Attempt a : attempts) {
      if (a.failure().isPresent()) {
        mayHaveLeft |= a.failure().get().kind() == Failure.Kind.AMBIGUOUS;
        retryCut |= a.failure().get().reason().contains(FailsafeProviderCaller.AFTER_DEADLINE);
      }
    }
    return !mayHaveLeft && (retryCut || !now.isBefore(deadline.get()));
  }
}
