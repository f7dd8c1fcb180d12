package dev.alertkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Attempt;
import dev.alertkit.Channel;
import dev.alertkit.Failure;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decider's pure functions: what happens after an attempt, from what happened. */
class DeciderTest {
  private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");

  private static Attempt failed(int tier, Failure f, int requests) {
    return new Attempt("at", Channel.SMS, tier, "p", "+14155550100", false, Optional.empty(), Optional.empty(), Optional.of(f),
        requests, false, Optional.empty(), T0, T0);
  }

  private static Attempt accepted(int tier) {
    return new Attempt("at", Channel.SMS, tier, "p", "+14155550100", true, Optional.of("SM1"), Optional.of("queued"), Optional.empty(),
        1, false, Optional.empty(), T0, T0);
  }

  @Test
  void failsOverOnlyForProviderFaultsAndAfterAnAmbiguousOneOnlyWhenOptedIn() {
    Failure outage = Failure.retryable(Failure.Fault.PROVIDER, "HTTP 429").build();
    Failure ambiguous = Failure.ambiguous(Failure.Fault.PROVIDER, "HTTP 503").build();
    Failure badNumber = Failure.permanent(Failure.Fault.RECIPIENT, "invalid number").build();

    assertThat(Decider.failOver(outage, true, false)).isTrue();
    assertThat(Decider.failOver(outage, false, false)).isFalse();
    assertThat(Decider.failOver(ambiguous, true, false)).isFalse();
    assertThat(Decider.failOver(ambiguous, true, true)).isTrue();
    assertThat(Decider.failOver(badNumber, true, true)).isFalse();
  }

  @Test
  void afterATierTheRecipientIsAcceptedMovesOnOrEndsWithTheTrueOutcome() {
    Failure refused = Failure.retryable(Failure.Fault.PROVIDER, "HTTP 429; not retried: a retry at x "
        + FailsafeProviderCaller.AFTER_DEADLINE + " y").build();
    Failure ambiguous = Failure.ambiguous(Failure.Fault.PROVIDER, "HTTP 503").build();
    Optional<Instant> deadline = Optional.of(T0.plusSeconds(60));

    assertThat(Decider.afterTier(List.of(accepted(0)), 0, 2, true, false, Optional.empty(), T0)).isEqualTo(Decider.AfterTier.ACCEPTED);
    assertThat(Decider.afterTier(List.of(failed(0, ambiguous, 1)), 0, 2, true, false, Optional.empty(), T0))
        .isEqualTo(Decider.AfterTier.NEXT_TIER);
    assertThat(Decider.afterTier(List.of(failed(0, refused, 1)), 0, 1, true, false, deadline, T0))
        .isEqualTo(Decider.AfterTier.NOT_SENT_BY_DEADLINE);
    assertThat(Decider.afterTier(List.of(failed(0, ambiguous, 1)), 0, 1, true, false, deadline, T0.plusSeconds(61)))
        .as("a request that may have left is never reported not sent").isEqualTo(Decider.AfterTier.FAILED);
    assertThat(Decider.afterTier(List.of(), 0, 1, false, true, Optional.empty(), T0)).isEqualTo(Decider.AfterTier.SUPPRESSED_BY_POLICY);
    assertThat(Decider.afterTier(List.of(failed(0, ambiguous, 1)), 0, 1, true, false, Optional.empty(), T0))
        .isEqualTo(Decider.AfterTier.FAILED);
  }
}
