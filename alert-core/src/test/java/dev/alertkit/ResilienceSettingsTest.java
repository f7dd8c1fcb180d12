package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The read side of {@link Resilience}: one small value per concern, per provider. */
class ResilienceSettingsTest {
  private static final Duration S1 = Duration.ofSeconds(1);

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of((Runnable) () -> Resilience.Backoff.of(null, S1, 2, 0), "backoff.base: must be at least 1 ms (was null)"),
        Arguments.of((Runnable) () -> Resilience.Backoff.of(Duration.ZERO, S1, 2, 0), "backoff.base: must be at least 1 ms (was PT0S)"),
        Arguments.of((Runnable) () -> Resilience.Backoff.of(S1, Duration.ofMillis(999), 2, 0), "backoff.max: must be between base (PT1S) and 1 hour"),
        Arguments.of((Runnable) () -> Resilience.Backoff.of(S1, Duration.ofHours(2), 2, 0), "backoff.max: must be between base (PT1S) and 1 hour"),
        Arguments.of((Runnable) () -> Resilience.Backoff.of(S1, null, 2, 0), "backoff.max: must be between base (PT1S) and 1 hour (was null)"),
        Arguments.of((Runnable) () -> Resilience.Backoff.of(S1, S1, 0.5, 0), "backoff.factor: must be between 1 and 10 (was 0.5)"),
        Arguments.of((Runnable) () -> Resilience.Backoff.of(S1, S1, Double.NaN, 0), "backoff.factor: must be between 1 and 10 (was NaN)"),
        Arguments.of((Runnable) () -> Resilience.Backoff.of(S1, S1, 2, -0.1), "backoff.jitter: must be between 0 and 1 (was -0.1)"),
        Arguments.of((Runnable) () -> Resilience.Backoff.of(S1, S1, 2, 1.5), "backoff.jitter: must be between 0 and 1 (was 1.5)"),
        Arguments.of((Runnable) () -> Resilience.CircuitBreaker.of(0, 250, S1), "circuitBreaker.failureRatePercent: must be between 1 and 100 (was 0)"),
        Arguments.of((Runnable) () -> Resilience.CircuitBreaker.of(101, 250, S1), "circuitBreaker.failureRatePercent: must be between 1 and 100 (was 101)"),
        Arguments.of((Runnable) () -> Resilience.CircuitBreaker.of(50, 0, S1), "circuitBreaker.window: must be between 1 and 1000 (was 0)"),
        Arguments.of((Runnable) () -> Resilience.CircuitBreaker.of(50, 1001, S1), "circuitBreaker.window: must be between 1 and 1000 (was 1001)"),
        Arguments.of((Runnable) () -> Resilience.CircuitBreaker.of(50, 250, null), "circuitBreaker.openFor: must be between PT0.001S and PT24H (was null)"),
        Arguments.of((Runnable) () -> Resilience.CircuitBreaker.of(50, 250, Duration.ofDays(2)), "circuitBreaker.openFor: must be between PT0.001S and PT24H (was PT48H)"),
        Arguments.of((Runnable) () -> Resilience.RetryBudget.of(-0.1, 10, S1), "retryBudget.ratio: must be between 0 and 10 (was -0.1)"),
        Arguments.of((Runnable) () -> Resilience.RetryBudget.of(10.5, 10, S1), "retryBudget.ratio: must be between 0 and 10 (was 10.5)"),
        Arguments.of((Runnable) () -> Resilience.RetryBudget.of(0.2, -1, S1), "retryBudget.minRetries: must be between 0 and 1000000 (was -1)"),
        Arguments.of((Runnable) () -> Resilience.RetryBudget.of(0.2, 10, Duration.ofMillis(999)), "retryBudget.window: must be between PT1S and PT1H (was PT0.999S)"),
        Arguments.of((Runnable) () -> Resilience.RetryBudget.of(0.2, 10, null), "retryBudget.window: must be between PT1S and PT1H (was null)"));
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void eachSettingValidatesAndNamesTheField(Runnable create, String message) {
    assertThatThrownBy(create::run).isInstanceOf(ValidationException.class).hasMessageStartingWith(message);
  }

  @Test
  void wholeSettingsGivenToTheBuilderAreReadBackAsGiven() {
    // Given whole settings instead of their parts
    Resilience.Backoff backoff = Resilience.Backoff.of(Duration.ofMillis(500), Duration.ofSeconds(10), 3.0, 0.1);
    Resilience.CircuitBreaker breaker = Resilience.CircuitBreaker.of(80, 40, Duration.ofMinutes(1));
    Resilience.RetryBudget budget = Resilience.RetryBudget.of(0.5, 3, Duration.ofMinutes(5));

    // When they are built
    Resilience r = Resilience.builder().backoff(backoff).circuitBreaker(breaker).retryBudget(budget).build();

    // Then they are read back unchanged, and equal to the same settings given in parts
    assertThat(r.retry().backoff()).isEqualTo(backoff);
    assertThat(r.circuitBreaker()).contains(breaker);
    assertThat(r.retryBudget()).contains(budget);
    Resilience inParts = Resilience.builder()
        .backoff(Duration.ofMillis(500), Duration.ofSeconds(10)).backoffFactor(3.0).jitter(0.1)
        .circuitBreaker(80, 40, Duration.ofMinutes(1))
        .retryBudget(0.5, 3, Duration.ofMinutes(5))
        .build();
    assertThat(inParts.retry()).isEqualTo(r.retry()).hasSameHashCodeAs(r.retry());
    assertThat(inParts.circuitBreaker()).isEqualTo(r.circuitBreaker());
    assertThat(inParts.retryBudget()).isEqualTo(r.retryBudget());
  }

  @Test
  void missingWholeSettingsNameTheFieldWithItsProvider() {
    assertThatThrownBy(() -> Resilience.builder().backoff((Resilience.Backoff) null)).isInstanceOf(ValidationException.class)
        .hasMessage("resilience.backoff: is required");
    assertThatThrownBy(() -> Resilience.builder().circuitBreaker(null)).isInstanceOf(ValidationException.class)
        .hasMessage("resilience.circuitBreaker: is required");
    assertThatThrownBy(() -> Resilience.builder().forProvider("sendgrid", p -> p.retryBudget(null)).build())
        .isInstanceOf(ValidationException.class).hasMessage("resilience.forProvider[sendgrid].retryBudget: is required");
  }

  @Test
  void aProviderOverrideReplacesOnlyWhatItSets() {
    // Given settings that differ from the defaults in every part, and one override per part
    Resilience r = Resilience.builder()
        .maxAttempts(4).backoff(Duration.ofMillis(200), Duration.ofSeconds(5)).jitter(0).retryAmbiguous(true)
        .timeout(Duration.ofSeconds(8))
        .circuitBreaker(60, 100, Duration.ofSeconds(20))
        .rateLimit(RateLimit.perSecond(10))
        .retryBudget(0.3, 5, Duration.ofSeconds(30))
        .forProvider("attempts", p -> p.maxAttempts(6))
        .forProvider("timeout", p -> p.timeout(Duration.ofSeconds(2)))
        .forProvider("breaker", p -> p.circuitBreaker(90, 10, Duration.ofSeconds(5)))
        .forProvider("sender", p -> p.rateLimit("+14155550100", RateLimit.perSecond(1)))
        .forProvider("budget", p -> p.retryBudget(1.0, 0, Duration.ofSeconds(10)))
        .build();
    Resilience other = r.forProvider("not-overridden");

    // Then each override differs from the shared settings in the part it set, and only there
    Resilience attempts = r.forProvider("attempts");
    assertThat(attempts.retry().maxAttempts()).isEqualTo(6);
    assertThat(attempts.retry().backoff()).isEqualTo(other.retry().backoff());
    assertThat(attempts.retry().retryAmbiguous()).isTrue();
    assertSameExcept(attempts, other, "retry");

    assertThat(r.forProvider("timeout").timeout()).contains(Duration.ofSeconds(2));
    assertSameExcept(r.forProvider("timeout"), other, "timeout");

    assertThat(r.forProvider("breaker").circuitBreaker()).contains(Resilience.CircuitBreaker.of(90, 10, Duration.ofSeconds(5)));
    assertSameExcept(r.forProvider("breaker"), other, "circuitBreaker");

    Resilience.RateLimits limits = r.forProvider("sender").rateLimits();
    assertThat(limits.defaultLimit()).contains(RateLimit.perSecond(10));
    assertThat(limits.forSender("+14155550100")).contains(RateLimit.perSecond(1));
    assertThat(limits.forSender("+14155550199")).contains(RateLimit.perSecond(10));
    assertSameExcept(r.forProvider("sender"), other, "rateLimits");

    assertThat(r.forProvider("budget").retryBudget()).contains(Resilience.RetryBudget.of(1.0, 0, Duration.ofSeconds(10)));
    assertSameExcept(r.forProvider("budget"), other, "retryBudget");
  }

  @Test
  void switchedOffPartsAreEmptyAndAnOverrideCanSwitchThemOnForOneProvider() {
    // Given no timeout, breaker or budget, except for one provider
    Resilience r = Resilience.builder().noTimeout().noCircuitBreaker().noRetryBudget()
        .forProvider("twilio-sms", p -> p.timeout(Duration.ofSeconds(5)).circuitBreaker(50, 20, Duration.ofSeconds(30))
            .retryBudget(0.2, 10, Duration.ofSeconds(60)))
        .forProvider("sendgrid", p -> p.maxAttempts(2))
        .build();

    // Then the parts are empty everywhere but there
    assertThat(r.timeout()).isEmpty();
    assertThat(r.circuitBreaker()).isEmpty();
    assertThat(r.retryBudget()).isEmpty();
    assertThat(r.forProvider("sendgrid").circuitBreaker()).isEmpty();
    assertThat(r.forProvider("sendgrid").timeout()).isEmpty();
    assertThat(r.forProvider("sendgrid").retryBudget()).isEmpty();
    Resilience sms = r.forProvider("twilio-sms");
    assertThat(sms.timeout()).contains(Duration.ofSeconds(5));
    assertThat(sms.circuitBreaker()).contains(Resilience.CircuitBreaker.of(50, 20, Duration.ofSeconds(30)));
    assertThat(sms.retryBudget()).contains(Resilience.RetryBudget.of(0.2, 10, Duration.ofSeconds(60)));

    // And an override can switch a part off for its provider only
    Resilience quiet = Resilience.builder().forProvider("sendgrid", p -> p.noCircuitBreaker().noRateLimit()).build();
    assertThat(quiet.forProvider("sendgrid").circuitBreaker()).isEmpty();
    assertThat(quiet.forProvider("twilio-sms").circuitBreaker()).isPresent();
  }

  @Test
  void aSendersOwnLimitReplacesTheDefaultForThatSenderOnly() {
    // Given a default limit and one sender's own
    Resilience.RateLimits limits = Resilience.builder()
        .rateLimit("+18005550100", RateLimit.perSecond(3))
        .rateLimit(RateLimit.perSecond(1))
        .build()
        .rateLimits();

    // Then
    assertThat(limits.forSender("+18005550100")).contains(RateLimit.perSecond(3));
    assertThat(limits.forSender("+14155550100")).contains(RateLimit.perSecond(1));
    assertThat(limits.bySender()).containsExactly(java.util.Map.entry("+18005550100", RateLimit.perSecond(3)));
    assertThat(limits.isEmpty()).isFalse();
    assertThatThrownBy(() -> limits.bySender().put("x", RateLimit.perSecond(1))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> limits.forSender(null)).isInstanceOf(NullPointerException.class).hasMessage("sender");
    assertThat(Resilience.defaults().rateLimits().forSender("+18005550100")).isEmpty();
  }

  @Test
  void theCircuitOpensAtTheFailureRateRoundedUp() {
    assertThat(Resilience.CircuitBreaker.of(50, 250, S1).failureThreshold()).isEqualTo(125);
    assertThat(Resilience.CircuitBreaker.of(15, 10, S1).failureThreshold()).isEqualTo(2);
    assertThat(Resilience.CircuitBreaker.of(1, 1, S1).failureThreshold()).isEqualTo(1);
    assertThat(Resilience.CircuitBreaker.of(100, 1000, S1).failureThreshold()).isEqualTo(1000);
  }

  @Test
  void theTextShowsEveryPartByTheNameItIsReadWith() {
    assertThat(Resilience.defaults().toString()).isEqualTo("Resilience{retry=Retry{maxAttempts=3, "
        + "backoff=Backoff[base=PT1S, max=PT30S, factor=2.0, jitter=0.25], maxDuration=PT2M, maxRetryAfter=PT1M, "
        + "retryAmbiguous=false}, timeout=PT30S, circuitBreaker=CircuitBreaker[failureRatePercent=50, window=250, "
        + "openFor=PT30S], rateLimits=none, retryBudget=RetryBudget[ratio=0.2, minRetries=10, window=PT1M]}");
    assertThat(Resilience.builder().jitterSeed(7).noCircuitBreaker().noTimeout().noRetryBudget()
        .rateLimit(RateLimit.perSecond(1)).forProvider("sendgrid", p -> p.maxAttempts(1)).build().toString())
        .contains("retryAmbiguous=false, jitterSeed=7}")
        .contains("timeout=none, circuitBreaker=none, rateLimits=RateLimits{defaultLimit=1 per PT1S (max wait PT10S)}, "
            + "retryBudget=none, overrides=[sendgrid]}");
  }

  private static void assertSameExcept(Resilience actual, Resilience expected, String part) {
    if (!part.equals("retry")) {
      assertThat(actual.retry()).as("retry").isEqualTo(expected.retry());
    }
    if (!part.equals("timeout")) {
      assertThat(actual.timeout()).as("timeout").isEqualTo(expected.timeout());
    }
    if (!part.equals("circuitBreaker")) {
      assertThat(actual.circuitBreaker()).as("circuitBreaker").isEqualTo(expected.circuitBreaker());
    }
    if (!part.equals("rateLimits")) {
      assertThat(actual.rateLimits()).as("rateLimits").isEqualTo(expected.rateLimits());
    }
    if (!part.equals("retryBudget")) {
      assertThat(actual.retryBudget()).as("retryBudget").isEqualTo(expected.retryBudget());
    }
  }
}
