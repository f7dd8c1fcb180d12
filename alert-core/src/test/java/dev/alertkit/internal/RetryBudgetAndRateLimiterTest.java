package dev.alertkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.RateLimit;
import dev.alertkit.Resilience;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryBudgetAndRateLimiterTest {
  private final Instant t0 = Instant.parse("2026-11-28T09:00:00Z");

  @Test
  void budgetAllowsTheMinimumThenTheRatioOfFirstRequests() {
    RetryBudget budget = new RetryBudget(Resilience.RetryBudget.of(0.2, 2, Duration.ofSeconds(10)));
    assertThat(budget.tryRetry(t0)).isTrue();
    assertThat(budget.tryRetry(t0)).isTrue();
    assertThat(budget.tryRetry(t0)).isFalse();
    for (int i = 0; i < 20; i++) {
      budget.recordFirst(t0);
    }
    // 20% of 20 first requests = 4 retries in the window
    assertThat(budget.tryRetry(t0)).isTrue();
    assertThat(budget.tryRetry(t0)).isTrue();
    assertThat(budget.tryRetry(t0)).isFalse();
    assertThat(budget.describe(t0)).isEqualTo("4 retries for 20 first requests in the last PT10S (allowed: 4)");
  }

  @Test
  void budgetForgetsWhatLeftTheWindow() {
    RetryBudget budget = new RetryBudget(Resilience.RetryBudget.of(0.0, 1, Duration.ofSeconds(10)));
    assertThat(budget.tryRetry(t0)).isTrue();
    assertThat(budget.tryRetry(t0.plusSeconds(9))).isFalse();
    assertThat(budget.tryRetry(t0.plusSeconds(10))).isTrue();
  }

  @Test
  void limiterSpacesSendsPerKeyAndRefusesBeyondMaxWait() {
    SenderRateLimiter limiter = new SenderRateLimiter();
    RateLimit limit = RateLimit.of(2, Duration.ofSeconds(1)).withMaxWait(Duration.ofSeconds(1));
    assertThat(limiter.reserve("p|a", limit, t0)).contains(Duration.ZERO);
    assertThat(limiter.reserve("p|a", limit, t0)).contains(Duration.ofMillis(500));
    assertThat(limiter.reserve("p|a", limit, t0)).contains(Duration.ofSeconds(1));
    assertThat(limiter.reserve("p|a", limit, t0)).isEmpty();
    assertThat(limiter.nextFree("p|a")).contains(t0.plusMillis(1500)); // the refusal reserved nothing
    assertThat(limiter.reserve("p|b", limit, t0)).contains(Duration.ZERO);
    assertThat(limiter.reserve("p|a", limit, t0.plusSeconds(5))).contains(Duration.ZERO);
  }
}
