package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResilienceBuilderTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    Resilience d = Resilience.defaults();
    assertThat(d.retry().maxAttempts()).isEqualTo(3);
    assertThat(d.retry().backoff().base()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.retry().backoff().factor()).isEqualTo(2.0);
    assertThat(d.retry().backoff().max()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.retry().backoff().jitter()).isEqualTo(0.25);
    assertThat(d.retry().maxDuration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.retry().maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.retry().retryAmbiguous()).isFalse();
    assertThat(d.timeout()).contains(Duration.ofSeconds(30));
    assertThat(d.circuitBreaker()).contains(Resilience.CircuitBreaker.of(50, 250, Duration.ofSeconds(30)));
    assertThat(d.circuitBreaker().orElseThrow().failureThreshold()).isEqualTo(125);
    assertThat(d.rateLimits().defaultLimit()).isEmpty();
    assertThat(d.rateLimits().bySender()).isEmpty();
    assertThat(d.retryBudget()).contains(Resilience.RetryBudget.of(0.2, 10, Duration.ofSeconds(60)));
    assertThat(d.retry().jitterSeed()).isEmpty();
  }

  @Test
  void noneMakesOneRequestWithoutPolicies() {
    Resilience n = Resilience.none();
    assertThat(n.retry().maxAttempts()).isEqualTo(1);
    assertThat(n.circuitBreaker()).isEmpty();
    assertThat(n.timeout()).isEmpty();
    assertThat(n.retryBudget()).isEmpty();
    assertThat(n.rateLimits().isEmpty()).isTrue();
  }

  @Test
  void providerOverridesStartFromTheFinalDefaultsWhateverTheOrder() {
    // Given an override declared before the default it should inherit
    Resilience r = Resilience.builder()
        .forProvider("twilio-sms", p -> p.rateLimit(RateLimit.perSecond(1)).rateLimit("+14155550100", RateLimit.perSecond(3)))
        .maxAttempts(5)
        .jitterSeed(42)
        .build();

    Resilience sms = r.forProvider("twilio-sms");
    assertThat(sms.retry().maxAttempts()).isEqualTo(5);
    assertThat(sms.rateLimits().forSender("other")).contains(RateLimit.perSecond(1));
    assertThat(sms.rateLimits().forSender("+14155550100")).contains(RateLimit.perSecond(3));
    assertThat(sms.retry().jitterSeed()).hasValue(42);
    assertThat(r.forProvider("sendgrid").rateLimits().defaultLimit()).isEmpty();
    assertThat(r.forProvider("sendgrid").retry().maxAttempts()).isEqualTo(5);
    assertThat(r.overriddenProviders()).containsExactly("twilio-sms");
    assertThat(r.toString()).contains("maxAttempts=5").contains("overrides=[twilio-sms]");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of((Consumer<Resilience.Builder>) b -> b.maxAttempts(0), "resilience.maxAttempts: must be between 1 and 20 (was 0)"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.backoff(Duration.ZERO, Duration.ofSeconds(1)), "resilience.backoff.base: must be at least 1 ms"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)), "resilience.backoff.max: must be between base"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.backoffFactor(0.5), "resilience.backoffFactor: must be between 1 and 10"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.jitter(1.5), "resilience.jitter: must be between 0 and 1"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.maxDuration(null), "resilience.maxDuration: must be between"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.maxRetryAfter(Duration.ofSeconds(-1)), "resilience.maxRetryAfter: must be between"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.timeout(Duration.ZERO), "resilience.timeout: must be between PT0.001S"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.circuitBreaker(0, 20, Duration.ofSeconds(1)), "resilience.circuitBreaker.failureRatePercent"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.circuitBreaker(50, 0, Duration.ofSeconds(1)), "resilience.circuitBreaker.window"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.circuitBreaker(50, 20, null), "resilience.circuitBreaker.openFor"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.rateLimit(null), "resilience.rateLimit: is required"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.rateLimit(" ", RateLimit.perSecond(1)), "resilience.rateLimit.sender: must not be blank"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.retryBudget(-0.1, 1, Duration.ofSeconds(10)), "resilience.retryBudget.ratio"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.retryBudget(0.2, -1, Duration.ofSeconds(10)), "resilience.retryBudget.minRetries"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.retryBudget(0.2, 1, Duration.ofMillis(10)), "resilience.retryBudget.window"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.forProvider("", p -> {}), "resilience.forProvider: the provider name must not be blank"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.forProvider("x", null), "resilience.forProvider[x]: is required"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.forProvider("x", p -> p.maxAttempts(99)).build(),
            "resilience.forProvider[x].maxAttempts: must be between 1 and 20 (was 99)"),
        Arguments.of((Consumer<Resilience.Builder>) b -> b.forProvider("x", p -> p.forProvider("y", q -> {})).build(),
            "resilience.forProvider[x].forProvider: cannot be called inside a provider override"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidSettingsNameTheFieldAndTheRule(Consumer<Resilience.Builder> change, String message) {
    assertThatThrownBy(() -> change.accept(Resilience.builder())).isInstanceOf(ValidationException.class).hasMessageStartingWith(message);
  }

  @Test
  void rateLimitValidatesAndSpacesEvenly() {
    assertThat(RateLimit.of(3, Duration.ofSeconds(1)).interval()).isEqualTo(Duration.ofNanos(333_333_333));
    assertThat(RateLimit.perSecond(1).maxWait()).isEqualTo(RateLimit.DEFAULT_MAX_WAIT);
    assertThatThrownBy(() -> RateLimit.perSecond(0)).isInstanceOf(ValidationException.class).hasMessageStartingWith("rateLimit.permits:");
    assertThatThrownBy(() -> RateLimit.of(1, Duration.ZERO)).isInstanceOf(ValidationException.class).hasMessageStartingWith("rateLimit.period:");
    assertThatThrownBy(() -> RateLimit.perSecond(1).withMaxWait(Duration.ofHours(2))).isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("rateLimit.maxWait:");
  }
}
