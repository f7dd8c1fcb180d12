package dev.alertkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpSettingsBuilderTest {

  @Test
  void defaultsAreBoundedTimeoutsAndAPoolForBursts() {
    HttpSettings d = HttpSettings.defaults();
    assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.readTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.poolSize()).isEqualTo(20);
    assertThat(d.poolLeaseTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(HttpSettings.builder().build()).isEqualTo(d).hasSameHashCodeAs(d);
  }

  @Test
  void toBuilderChangesOneValueAndKeepsTheRest() {
    // Given settings that differ from the defaults everywhere
    HttpSettings base = HttpSettings.builder().connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2))
        .poolSize(3).poolLeaseTimeout(Duration.ofSeconds(4)).build();
    // When one value changes
    HttpSettings changed = base.toBuilder().readTimeout(Duration.ofMillis(500)).build();
    // Then only that value differs, and the original is untouched
    assertThat(changed.readTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(changed.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(changed.poolSize()).isEqualTo(3);
    assertThat(changed.poolLeaseTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(base.readTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(changed).isNotEqualTo(base);
    assertThat(changed.toString()).isEqualTo("HttpSettings{connectTimeout=PT1S, readTimeout=PT0.5S, poolSize=3, poolLeaseTimeout=PT4S}");
  }

  @Test
  void acceptsTheBoundsOfEveryRange() {
    HttpSettings low = HttpSettings.builder().connectTimeout(Duration.ofMillis(1)).readTimeout(Duration.ofMillis(1))
        .poolLeaseTimeout(Duration.ofMillis(1)).poolSize(1).build();
    HttpSettings high = HttpSettings.builder().connectTimeout(Duration.ofMinutes(10)).readTimeout(Duration.ofMinutes(10))
        .poolLeaseTimeout(Duration.ofMinutes(10)).poolSize(1000).build();
    assertThat(low.poolSize()).isEqualTo(1);
    assertThat(high.readTimeout()).isEqualTo(HttpSettings.MAX_TIMEOUT);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of((UnaryOperator<HttpSettings.Builder>) b -> b.connectTimeout(null), "http.connectTimeout", "is required"),
        Arguments.of((UnaryOperator<HttpSettings.Builder>) b -> b.connectTimeout(Duration.ZERO), "http.connectTimeout", "between 1 ms and 10 minutes (was PT0S)"),
        Arguments.of((UnaryOperator<HttpSettings.Builder>) b -> b.readTimeout(Duration.ofNanos(999_999)), "http.readTimeout", "between 1 ms"),
        Arguments.of((UnaryOperator<HttpSettings.Builder>) b -> b.readTimeout(Duration.ofMinutes(10).plusMillis(1)), "http.readTimeout", "10 minutes"),
        Arguments.of((UnaryOperator<HttpSettings.Builder>) b -> b.poolLeaseTimeout(Duration.ofSeconds(-1)), "http.poolLeaseTimeout", "between"),
        Arguments.of((UnaryOperator<HttpSettings.Builder>) b -> b.poolSize(0), "http.poolSize", "between 1 and 1000 (was 0)"),
        Arguments.of((UnaryOperator<HttpSettings.Builder>) b -> b.poolSize(1001), "http.poolSize", "between 1 and 1000 (was 1001)"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("invalid")
  void buildNamesTheFieldAndTheRule(UnaryOperator<HttpSettings.Builder> change, String field, String rule) {
    assertThatThrownBy(() -> change.apply(HttpSettings.builder()).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageStartingWith(field + ": ")
        .hasMessageContaining(rule);
  }
}
